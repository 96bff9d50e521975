/**
 * The analysts' figures of an area — the country, a region, a district or one
 * village — for a period (docs/metrics.md "Areas"). Everything comes from the
 * rollups in a handful of grouped queries over their primary keys, whatever
 * the number of villages: no per-village query loop.
 *
 * - Sales (GMV, orders, refunds, items) and seller counts come from
 *   insights_seller_months (village × month × seller), which holds the same
 *   sums as insights_village_days without the category split (the rollup test
 *   checks both against the orders). Categories come from
 *   insights_village_days.
 * - An area adds up its villages: a seller belongs to one village, so distinct
 *   sellers of an area are the sum of its villages' distinct sellers.
 * - Every figure leaves here suppressed (app/domain/insights/suppression.ts):
 *   a cell built from 1–4 sellers is "<5".
 *
 * This is the shape the screens, the CSV export and the JSON API (/api/v1)
 * share: plain JSON values, numbers or "<5".
 */
import { eq, sql } from "drizzle-orm";
import { districts, regions, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import { addMonths } from "./calendar";
import { periods, topLevelCategories, type CategoryRow, type Period } from "./insights.server";
import type { PeriodMonths } from "./period";
import { serviceMetricsPair, type ServiceMetrics } from "./service.server";
import { prepared } from "../catalog/search.server";
import { ACTIVE_SHOP_MIN_ORDERS, approvedCutoffMs, type VillageSet } from "./shops.server";
import { districtStatus, villageStatus, type DistrictStatus, type StatusThresholds, type VillageTier } from "./status";
import { cell, mustSuppress, SUPPRESSED, suppressRows, type Cell } from "./suppression";
import { getThresholds, statusThresholds, type Thresholds } from "./thresholds.server";

/** Which area a report is about. */
export type Area = { kind: "country" } | { kind: "region"; regionId: number } | { kind: "district"; districtId: number } | { kind: "village"; villageId: number };
export type AreaKind = Area["kind"];

export interface Names {
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

/** The area itself, with what a page needs for its title, breadcrumbs and links. */
export interface AreaInfo extends Names {
  kind: AreaKind;
  /** Null for the country. */
  id: number | null;
  /** ISO 3166-2 code for a region ("KZ-19"), KATO code for a district or village when known. */
  code: string | null;
  /** URL part: lower-case ISO code for a region ("kz-19"), the slug for a district or village. */
  slug: string | null;
  /** The region the area lies in (the one the `insights.area` permission is checked against); null for the country. */
  regionId: number | null;
  region: (Names & { id: number; isoCode: string }) | null;
  district: (Names & { id: number; slug: string }) | null;
  /** Villages on the hub in the area, and their households. */
  villageCount: number;
  households: number;
}

/** The figures of an area (or a row of a table) over a period or one month, unsuppressed. */
export interface Figures {
  /** docs/metrics.md "GMV": completed orders net of refunds, tiyn. */
  gmvTiyn: number;
  ordersCompleted: number;
  refundedTiyn: number;
  ordersRefunded: number;
  items: number;
  /** Distinct sellers with a completed order. */
  activeSellers: number;
  /** Active shops of the last month of the period (or of the month). */
  activeShops: number;
  /** Selling households ÷ households, 0–1; null when the area has no households recorded. */
  householdsShare: number | null;
}

/** The same figures as an analyst may see them: each a number or "<5". */
export type FigureCells = { [K in keyof Figures]: Cell<Figures[K]> };

export interface MonthCells extends FigureCells {
  month: string;
}

/** Service figures (service.server.ts serviceMetrics), suppressed like the rest. */
export interface ServiceCells {
  buyers: Cell<number>;
  /** Share of buyers with two or more completed orders, 0–1 (null without buyers). */
  repeatBuyersShare: Cell<number | null>;
  medianPickupDays: Cell<number | null>;
  /** On-time handovers ÷ handovers due, 0–1 (null when none were due). */
  onTimeHandoverShare: Cell<number | null>;
  /** Disputes ÷ online pickups, 0–1 (null without online pickups). */
  disputeRate: Cell<number | null>;
}

/** A village's standing in the e-commerce village test; "<5" when its year stands on fewer than 5 sellers. */
export interface VillageStatusCells {
  tier: Cell<VillageTier>;
  /** GMV of the 12 months ending with the period's last month. */
  yearlyGmvTiyn: Cell<number>;
  /** Progress towards each threshold (1 = reached). */
  progress: Cell<{ gmv: number; activeShops: number; householdsShare: number | null }>;
}

export interface ChildRow extends Names {
  kind: "region" | "district" | "village";
  id: number;
  /** URL part: lower-case ISO code of a region, slug of a district or village. */
  slug: string;
  /** For a village or a district: the region's lower-case ISO code and the district's slug, for links. */
  regionSlug: string;
  districtSlug: string | null;
  /** For a village listed in a region: its district's names. */
  district: Names | null;
  villageCount: number;
  households: number;
  current: FigureCells;
  previous: FigureCells;
  /** Villages only. */
  status: VillageStatusCells | null;
  /** Districts only. */
  districtStatus: DistrictStatus | null;
  /** Regions and the country: e-commerce villages and districts inside. */
  ecommerceVillages: number;
  emergingVillages: number;
  ecommerceDistricts: number;
}

export interface CategoryCells extends Names {
  categoryId: number;
  slug: string;
  gmvTiyn: Cell<number>;
  ordersCompleted: Cell<number>;
  items: Cell<number>;
}

export interface AreaReport {
  area: AreaInfo;
  length: PeriodMonths;
  current: Period;
  previous: Period;
  /** The 12 months ending with the period's last month: the window of the e-commerce village test. */
  year: Period;
  thresholds: Thresholds;
  totals: FigureCells;
  previousTotals: FigureCells;
  /** One row per month of the current period, oldest first. */
  months: MonthCells[];
  /** The area's own status: a village's tier, a district's e-commerce district status. */
  villageStatus: VillageStatusCells | null;
  districtStatus: DistrictStatus | null;
  /** E-commerce and emerging villages, e-commerce districts in the area. */
  ecommerceVillages: number;
  emergingVillages: number;
  ecommerceDistricts: number;
  /**
   * The rows of the area ranked by GMV of the period (suppressed rows last, by
   * name): regions of the country, districts of a region, villages of a district.
   */
  children: ChildRow[];
  /** A region's villages too (ranked the same way); empty for other areas. */
  villages: ChildRow[];
  /** Top-level categories by GMV; empty with `categoriesSuppressed` when the area's period stands on fewer than 5 sellers. */
  topCategories: CategoryCells[];
  categoriesSuppressed: boolean;
  /** Service figures of the period and the one before (docs/metrics.md), hidden like the totals. */
  service: ServiceCells;
  previousService: ServiceCells;
}

// ---------------------------------------------------------------------------
// Geography of an area

interface VillageGeo extends Names {
  id: number;
  slug: string;
  households: number;
  districtId: number;
  districtSlug: string;
  district: Names;
  regionId: number;
  regionIso: string;
  region: Names;
}

function villagesOf(db: Db, area: Area): VillageGeo[] {
  const where =
    area.kind === "country"
      ? undefined
      : area.kind === "region"
        ? eq(regions.id, area.regionId)
        : area.kind === "district"
          ? eq(districts.id, area.districtId)
          : eq(villages.id, area.villageId);
  return db
    .select({
      id: villages.id,
      slug: villages.slug,
      nameKk: villages.nameKk,
      nameRu: villages.nameRu,
      nameEn: villages.nameEn,
      households: villages.households,
      districtId: districts.id,
      districtSlug: districts.slug,
      district: { nameKk: districts.nameKk, nameRu: districts.nameRu, nameEn: districts.nameEn },
      regionId: regions.id,
      regionIso: regions.isoCode,
      region: { nameKk: regions.nameKk, nameRu: regions.nameRu, nameEn: regions.nameEn },
    })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(where)
    .all();
}

const COUNTRY_NAMES: Names = { nameKk: "Қазақстан", nameRu: "Казахстан", nameEn: "Kazakhstan" };

/** The area's own description, or undefined when it does not exist. */
export function getAreaInfo(db: Db, area: Area): Omit<AreaInfo, "villageCount" | "households"> | undefined {
  if (area.kind === "country") return { kind: "country", id: null, code: null, slug: null, regionId: null, region: null, district: null, ...COUNTRY_NAMES };
  if (area.kind === "region") {
    const r = db.select().from(regions).where(eq(regions.id, area.regionId)).get();
    if (!r) return undefined;
    const names = { nameKk: r.nameKk, nameRu: r.nameRu, nameEn: r.nameEn };
    return { kind: "region", id: r.id, code: r.isoCode, slug: r.isoCode.toLowerCase(), regionId: r.id, region: { id: r.id, isoCode: r.isoCode, ...names }, district: null, ...names };
  }
  if (area.kind === "district") {
    const row = db
      .select({ d: districts, r: regions })
      .from(districts)
      .innerJoin(regions, eq(regions.id, districts.regionId))
      .where(eq(districts.id, area.districtId))
      .get();
    if (!row) return undefined;
    const { d, r } = row;
    return {
      kind: "district",
      id: d.id,
      code: d.katoCode,
      slug: d.slug,
      regionId: r.id,
      region: { id: r.id, isoCode: r.isoCode, nameKk: r.nameKk, nameRu: r.nameRu, nameEn: r.nameEn },
      district: { id: d.id, slug: d.slug, nameKk: d.nameKk, nameRu: d.nameRu, nameEn: d.nameEn },
      nameKk: d.nameKk,
      nameRu: d.nameRu,
      nameEn: d.nameEn,
    };
  }
  const row = db
    .select({ v: villages, d: districts, r: regions })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(eq(villages.id, area.villageId))
    .get();
  if (!row) return undefined;
  const { v, d, r } = row;
  return {
    kind: "village",
    id: v.id,
    code: v.katoCode,
    slug: v.slug,
    regionId: r.id,
    region: { id: r.id, isoCode: r.isoCode, nameKk: r.nameKk, nameRu: r.nameRu, nameEn: r.nameEn },
    district: { id: d.id, slug: d.slug, nameKk: d.nameKk, nameRu: d.nameRu, nameEn: d.nameEn },
    nameKk: v.nameKk,
    nameRu: v.nameRu,
    nameEn: v.nameEn,
  };
}

/** Region by ISO code (any case), as an area with its region id for the permission check. */
export function findRegionArea(db: Db, isoCode: string): { area: Area; regionId: number } | undefined {
  const r = db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, isoCode.toUpperCase())).get();
  return r ? { area: { kind: "region", regionId: r.id }, regionId: r.id } : undefined;
}

/** District by its region's ISO code and its slug. */
export function findDistrictArea(db: Db, isoCode: string, slug: string): { area: Area; regionId: number } | undefined {
  const row = db
    .select({ id: districts.id, regionId: districts.regionId })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(sql`${regions.isoCode} = ${isoCode.toUpperCase()} AND ${districts.slug} = ${slug}`)
    .get();
  return row ? { area: { kind: "district", districtId: row.id }, regionId: row.regionId } : undefined;
}

/** Village by slug. */
export function findVillageArea(db: Db, slug: string): { area: Area; regionId: number } | undefined {
  const row = db
    .select({ id: villages.id, regionId: districts.regionId })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .where(eq(villages.slug, slug))
    .get();
  return row ? { area: { kind: "village", villageId: row.id }, regionId: row.regionId } : undefined;
}

/** The regions an actor's analyst grants cover (null = the whole country), for /insights. */
export function listRegionsForInsights(db: Db) {
  return db.select({ id: regions.id, isoCode: regions.isoCode, nameKk: regions.nameKk, nameRu: regions.nameRu, nameEn: regions.nameEn }).from(regions).orderBy(regions.isoCode).all();
}

// ---------------------------------------------------------------------------
// Reads over the rollups

interface MonthSums {
  gmvTiyn: number;
  ordersCompleted: number;
  refundedTiyn: number;
  ordersRefunded: number;
  items: number;
  /** Sellers with a completed order that month. */
  activeSellers: number;
  /** Sellers with any sales data that month (a completion or a refund): what a cell is "built from". */
  contributors: number;
}

interface WindowCounts {
  active: number;
  contributors: number;
}

/** What one pass over an area's seller months gives: every figure built from sellers. */
interface SellerMonthFigures {
  /** Per village and month, the sums of its sellers' rows. */
  monthSums: Map<number, Map<string, MonthSums>>;
  /** Per village, distinct active and contributing sellers in each window asked for. */
  windows: Map<number, WindowCounts[]>;
  /** Per village and month (of those asked for), active shops. */
  shops: Map<number, Map<string, number>>;
}

/**
 * The area's seller-month rows in one grouped read of the covering index
 * insights_seller_months_sums (the primary key's order with every measure, so
 * SQLite never reads the table): one row per village and month with its sums
 * and, as text, the sellers with sales data that month, each as
 * `seller_id * 4 + min(orders completed, 3)`. Distinct sellers per window and
 * active shops are then counted per seller in memory (bit masks over the
 * months), with one small object per seller instead of one per row.
 */
const SELLER_MONTHS_SELECT = `
  SELECT m.village_id, m.month, SUM(m.gmv_tiyn), SUM(m.orders_completed), SUM(m.refunded_tiyn), SUM(m.orders_refunded), SUM(m.items),
    SUM(m.orders_completed > 0), SUM(m.orders_completed > 0 OR m.orders_refunded > 0 OR m.refunded_tiyn > 0),
    group_concat(CASE WHEN m.orders_completed > 0 OR m.orders_refunded > 0 OR m.refunded_tiyn > 0 THEN m.seller_id * 4 + min(m.orders_completed, 3) END)
  FROM insights_seller_months m INDEXED BY insights_seller_months_sums`;
const SELLER_MONTHS_ALL = `${SELLER_MONTHS_SELECT} WHERE m.village_id IN (SELECT id FROM villages) AND m.month BETWEEN ? AND ? GROUP BY m.village_id, m.month`;
const SELLER_MONTHS_OF = `${SELLER_MONTHS_SELECT} WHERE m.village_id IN (SELECT value FROM json_each(?)) AND m.month BETWEEN ? AND ? GROUP BY m.village_id, m.month`;
const APPROVED_ALL = "SELECT s.id, s.approved_at FROM sellers s WHERE s.village_id IN (SELECT id FROM villages)";
const APPROVED_OF = "SELECT s.id, s.approved_at FROM sellers s WHERE s.village_id IN (SELECT value FROM json_each(?))";

type SellerMonthRow = [villageId: number, month: string, gmvTiyn: number, ordersCompleted: number, refundedTiyn: number, ordersRefunded: number, items: number, active: number, contributors: number, sellers: string | null];

/** What is known of one seller over the months read: bit i is the i-th month. */
interface SellerBits {
  active: number;
  contributes: number;
  /** Completed orders per month, capped at 3 (enough for the active-shop test). */
  orders: Uint8Array;
}

/** Area ids as one JSON parameter: the SQL text stays the same whatever the villages, so it is prepared once. */
function idsParam(ids: number[]): string {
  return JSON.stringify(ids.filter((id) => Number.isSafeInteger(id)));
}

function sellerMonthFigures(db: Db, ids: VillageSet, windows: readonly Period[], shopMonths: readonly string[]): SellerMonthFigures {
  const first = [...windows.map((w) => w.first), ...shopMonths.map((m) => addMonths(m, -2))].sort()[0]!;
  const last = [...windows.map((w) => w.last), ...shopMonths].sort().at(-1)!;
  const monthIndex = new Map<string, number>();
  for (let m = first, i = 0; m <= last && i < 1200; m = addMonths(m, 1), i++) monthIndex.set(m, i);
  // Masks are 32-bit: the longest read (12 months and the 12 before) spans 24 months.
  if (monthIndex.size > 31) throw new Error(`sellerMonthFigures: ${monthIndex.size} months is more than a mask holds`);
  const rows = (
    ids === "all" ? prepared(db, SELLER_MONTHS_ALL).raw().all(first, last) : prepared(db, SELLER_MONTHS_OF).raw().all(idsParam(ids), first, last)
  ) as SellerMonthRow[];
  const approvedRows = (ids === "all" ? prepared(db, APPROVED_ALL).raw().all() : prepared(db, APPROVED_OF).raw().all(idsParam(ids))) as [number, number][];
  const approved = new Map(approvedRows);

  const monthSums = new Map<number, Map<string, MonthSums>>();
  const sellersOf = new Map<number, Map<number, SellerBits>>();
  for (const [villageId, month, gmvTiyn, ordersCompleted, refundedTiyn, ordersRefunded, items, active, contributors, list] of rows) {
    let byMonth = monthSums.get(villageId);
    if (!byMonth) monthSums.set(villageId, (byMonth = new Map()));
    byMonth.set(month, { gmvTiyn, ordersCompleted, refundedTiyn, ordersRefunded, items, activeSellers: active, contributors });
    if (list === null) continue;
    const i = monthIndex.get(month)!;
    const bit = 1 << i;
    let sellers = sellersOf.get(villageId);
    if (!sellers) sellersOf.set(villageId, (sellers = new Map()));
    // Parse "code,code,…" without making a string per code.
    let code = 0;
    for (let p = 0; p <= list.length; p++) {
      const c = p < list.length ? list.charCodeAt(p) : 44;
      if (c !== 44) {
        code = code * 10 + (c - 48);
        continue;
      }
      const orders = code % 4;
      const sellerId = (code - orders) / 4;
      code = 0;
      let s = sellers.get(sellerId);
      if (!s) sellers.set(sellerId, (s = { active: 0, contributes: 0, orders: new Uint8Array(monthIndex.size) }));
      s.contributes |= bit;
      if (orders > 0) {
        s.active |= bit;
        s.orders[i] = orders;
      }
    }
  }

  const masks = windows.map((w) => {
    let mask = 0;
    for (const [month, i] of monthIndex) if (month >= w.first && month <= w.last) mask |= 1 << i;
    return mask;
  });
  const cutoffs = shopMonths.map((m) => ({ month: m, i: monthIndex.get(m)!, cutoff: approvedCutoffMs(m) }));
  const windowCounts = new Map<number, WindowCounts[]>();
  const shops = new Map<number, Map<string, number>>();
  for (const [villageId, sellers] of sellersOf) {
    const counts = masks.map(() => ({ active: 0, contributors: 0 }));
    const shopCounts = cutoffs.map(() => 0);
    let anyActive = false;
    for (const [sellerId, s] of sellers) {
      masks.forEach((mask, w) => {
        if (s.active & mask) counts[w]!.active += 1;
        if (s.contributes & mask) counts[w]!.contributors += 1;
      });
      if (s.active === 0) continue;
      anyActive = true;
      const approvedAt = approved.get(sellerId);
      if (approvedAt === undefined) continue;
      cutoffs.forEach(({ i, cutoff }, k) => {
        if (approvedAt > cutoff) return;
        if (s.orders[i]! + (i >= 1 ? s.orders[i - 1]! : 0) + (i >= 2 ? s.orders[i - 2]! : 0) >= ACTIVE_SHOP_MIN_ORDERS) shopCounts[k]! += 1;
      });
    }
    windowCounts.set(villageId, counts);
    if (anyActive) shops.set(villageId, new Map(cutoffs.map(({ month }, k) => [month, shopCounts[k]!])));
  }
  return { monthSums, windows: windowCounts, shops };
}


/** The country through the category-first covering index (no sort, no table read); an area through the primary key. */
const CATEGORIES_ALL = `
  SELECT d.category_id AS categoryId, SUM(d.gmv_tiyn) AS gmvTiyn, SUM(d.orders_completed) AS ordersCompleted, SUM(d.items) AS items
  FROM insights_village_days d INDEXED BY insights_village_days_category
  WHERE d.category_id IN (SELECT id FROM categories) AND d.day >= ? AND d.day < ?
  GROUP BY d.category_id`;
const CATEGORIES_OF = `
  SELECT d.category_id AS categoryId, SUM(d.gmv_tiyn) AS gmvTiyn, SUM(d.orders_completed) AS ordersCompleted, SUM(d.items) AS items
  FROM insights_village_days d
  WHERE d.village_id IN (SELECT value FROM json_each(?)) AND d.day >= ? AND d.day < ?
  GROUP BY d.category_id`;

function categorySums(db: Db, ids: VillageSet, period: Period): CategoryRow[] {
  const from = `${period.first}-01`;
  const to = `${addMonths(period.last, 1)}-01`;
  return (ids === "all" ? prepared(db, CATEGORIES_ALL).all(from, to) : prepared(db, CATEGORIES_OF).all(idsParam(ids), from, to)) as CategoryRow[];
}

// ---------------------------------------------------------------------------
// Adding villages up

interface Bucket {
  sums: Omit<MonthSums, "activeSellers" | "contributors">;
  activeSellers: number;
  contributors: number;
  activeShops: number;
  /** Σ min(selling households, households) over villages, and Σ households. */
  selling: number;
  households: number;
}

const emptyBucket = (): Bucket => ({ sums: { gmvTiyn: 0, ordersCompleted: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0 }, activeSellers: 0, contributors: 0, activeShops: 0, selling: 0, households: 0 });

function addInto(target: Bucket, source: Bucket): void {
  for (const key of Object.keys(target.sums) as (keyof Bucket["sums"])[]) target.sums[key] += source.sums[key];
  target.activeSellers += source.activeSellers;
  target.contributors += source.contributors;
  target.activeShops += source.activeShops;
  target.selling += source.selling;
  target.households += source.households;
}

function figures(bucket: Bucket): Figures {
  return {
    ...bucket.sums,
    activeSellers: bucket.activeSellers,
    activeShops: bucket.activeShops,
    householdsShare: bucket.households > 0 ? Math.min(1, bucket.selling / bucket.households) : null,
  };
}

function cellsOf(f: Figures, hide: boolean): FigureCells {
  const out = {} as Record<keyof Figures, Cell<number | null>>;
  for (const key of Object.keys(f) as (keyof Figures)[]) out[key] = hide ? SUPPRESSED : f[key];
  return out as FigureCells;
}

const lowerIso = (iso: string) => iso.toLowerCase();

/**
 * The report of an area for the `length` months ending with `now`'s month,
 * compared with the same number of months before. Undefined when the area
 * does not exist.
 */
export function areaReport(db: Db, area: Area, length: PeriodMonths, now: Date): AreaReport | undefined {
  const info = getAreaInfo(db, area);
  if (!info) return undefined;
  const thresholds = getThresholds(db);
  const limits = statusThresholds(thresholds);
  const { current, previous } = periods(length, now);
  const year = periods(12, now).current;
  const geo = villagesOf(db, area);
  const ids: VillageSet = area.kind === "country" ? "all" : geo.map((v) => v.id);

  const { monthSums, windows, shops } = sellerMonthFigures(db, ids, [current, previous, year], [...current.months, previous.last]);
  const shopsIn = (villageId: number, month: string) => shops.get(villageId)?.get(month) ?? 0;

  /** A village's bucket over a window: sums of its months, its distinct sellers, its shops. */
  const villageBucket = (v: VillageGeo, period: Period, counts: WindowCounts | undefined, shops: number): Bucket => {
    const bucket = emptyBucket();
    const byMonth = monthSums.get(v.id);
    if (byMonth) {
      for (const month of period.months) {
        const s = byMonth.get(month);
        if (!s) continue;
        bucket.sums.gmvTiyn += s.gmvTiyn;
        bucket.sums.ordersCompleted += s.ordersCompleted;
        bucket.sums.refundedTiyn += s.refundedTiyn;
        bucket.sums.ordersRefunded += s.ordersRefunded;
        bucket.sums.items += s.items;
      }
    }
    bucket.activeSellers = counts?.active ?? 0;
    bucket.contributors = counts?.contributors ?? 0;
    bucket.activeShops = shops;
    bucket.households = v.households;
    bucket.selling = Math.min(bucket.activeSellers, v.households);
    return bucket;
  };

  interface VillageCalc {
    geo: VillageGeo;
    current: Bucket;
    previous: Bucket;
    yearContributors: number;
    tier: VillageTier;
    status: VillageStatusCells;
  }
  const perVillage: VillageCalc[] = geo.map((v) => {
    const counts = windows.get(v.id);
    const cur = villageBucket(v, current, counts?.[0], shopsIn(v.id, current.last));
    const prev = villageBucket(v, previous, counts?.[1], shopsIn(v.id, previous.last));
    const yearBucket = villageBucket(v, year, counts?.[2], shopsIn(v.id, current.last));
    const status = villageStatus(
      { yearlyGmvTiyn: yearBucket.sums.gmvTiyn, activeShops: yearBucket.activeShops, sellingHouseholds: yearBucket.activeSellers, households: v.households },
      limits,
    );
    const hide = mustSuppress(yearBucket.contributors);
    return {
      geo: v,
      current: cur,
      previous: prev,
      yearContributors: yearBucket.contributors,
      tier: status.tier,
      status: {
        tier: hide ? SUPPRESSED : status.tier,
        yearlyGmvTiyn: hide ? SUPPRESSED : yearBucket.sums.gmvTiyn,
        progress: hide ? SUPPRESSED : status.progress,
      },
    };
  });

  // E-commerce districts: every district of the area has all its villages here (areas are whole districts).
  const tiersByDistrict = new Map<number, VillageTier[]>();
  for (const v of perVillage) {
    const list = tiersByDistrict.get(v.geo.districtId) ?? [];
    list.push(v.tier);
    tiersByDistrict.set(v.geo.districtId, list);
  }
  const districtStatuses = new Map([...tiersByDistrict].map(([id, tiers]) => [id, districtStatus(tiers, limits)]));
  const countIn = (list: readonly VillageCalc[]) => {
    const districtIds = new Set(list.map((v) => v.geo.districtId));
    return {
      ecommerceVillages: list.filter((v) => v.tier === "ecommerce").length,
      emergingVillages: list.filter((v) => v.tier === "emerging").length,
      ecommerceDistricts: [...districtIds].filter((id) => districtStatuses.get(id)?.isEcommerceDistrict).length,
    };
  };

  // Rows of a table: group villages, add them up, suppress (primary and secondary), rank.
  const rowsBy = (kind: ChildRow["kind"], keyOf: (v: VillageCalc) => number): ChildRow[] => {
    const groups = new Map<number, VillageCalc[]>();
    for (const v of perVillage) {
      const key = keyOf(v);
      const list = groups.get(key) ?? [];
      list.push(v);
      groups.set(key, list);
    }
    const built = [...groups.entries()].map(([id, list]) => {
      const cur = emptyBucket();
      const prev = emptyBucket();
      for (const v of list) {
        addInto(cur, v.current);
        addInto(prev, v.previous);
      }
      const head = list[0]!.geo;
      const names: Names = kind === "region" ? head.region : kind === "district" ? head.district : head;
      const counts = countIn(list);
      const row: ChildRow = {
        kind,
        id,
        slug: kind === "region" ? lowerIso(head.regionIso) : kind === "district" ? head.districtSlug : head.slug,
        regionSlug: lowerIso(head.regionIso),
        districtSlug: kind === "region" ? null : head.districtSlug,
        district: kind === "village" ? head.district : null,
        nameKk: names.nameKk,
        nameRu: names.nameRu,
        nameEn: names.nameEn,
        villageCount: list.length,
        households: cur.households,
        current: cellsOf(figures(cur), false),
        previous: cellsOf(figures(prev), false),
        status: kind === "village" ? list[0]!.status : null,
        districtStatus: kind === "district" ? (districtStatuses.get(id) ?? null) : null,
        ...counts,
      };
      return { row, cur, prev };
    });
    const hideNow = suppressRows(built.map((b) => b.cur.contributors));
    const hideBefore = suppressRows(built.map((b) => b.prev.contributors));
    built.forEach((b, i) => {
      b.row.current = cellsOf(figures(b.cur), hideNow[i]!);
      b.row.previous = cellsOf(figures(b.prev), hideBefore[i]!);
    });
    return built
      .map((b, i) => ({ ...b, hidden: hideNow[i]! }))
      .sort((a, b) => Number(a.hidden) - Number(b.hidden) || (a.hidden ? 0 : b.cur.sums.gmvTiyn - a.cur.sums.gmvTiyn) || a.row.nameEn.localeCompare(b.row.nameEn) || a.row.id - b.row.id)
      .map((b) => b.row);
  };

  const childKind: ChildRow["kind"] | null = area.kind === "country" ? "region" : area.kind === "region" ? "district" : area.kind === "district" ? "village" : null;
  const children = childKind === null ? [] : rowsBy(childKind, (v) => (childKind === "region" ? v.geo.regionId : childKind === "district" ? v.geo.districtId : v.geo.id));
  // Regions and districts with no village on the hub yet are listed too, after the others.
  if (childKind === "region" || childKind === "district") {
    const seen = new Set(children.map((c) => c.id));
    const empty = emptyBucket();
    const zero = cellsOf(figures(empty), false);
    const rest =
      childKind === "region"
        ? db.select({ id: regions.id, iso: regions.isoCode, nameKk: regions.nameKk, nameRu: regions.nameRu, nameEn: regions.nameEn }).from(regions).all()
        : db
            .select({ id: districts.id, iso: regions.isoCode, slug: districts.slug, nameKk: districts.nameKk, nameRu: districts.nameRu, nameEn: districts.nameEn })
            .from(districts)
            .innerJoin(regions, eq(regions.id, districts.regionId))
            .where(eq(districts.regionId, info.regionId ?? -1))
            .all();
    const missing = rest
      .filter((r) => !seen.has(r.id))
      .sort((a, b) => a.nameEn.localeCompare(b.nameEn))
      .map(
        (r): ChildRow => ({
          kind: childKind,
          id: r.id,
          slug: "slug" in r ? String(r.slug) : lowerIso(r.iso),
          regionSlug: lowerIso(r.iso),
          districtSlug: "slug" in r ? String(r.slug) : null,
          district: null,
          nameKk: r.nameKk,
          nameRu: r.nameRu,
          nameEn: r.nameEn,
          villageCount: 0,
          households: 0,
          current: zero,
          previous: zero,
          status: null,
          districtStatus: childKind === "district" ? districtStatus([], limits) : null,
          ecommerceVillages: 0,
          emergingVillages: 0,
          ecommerceDistricts: 0,
        }),
      );
    children.push(...missing);
  }
  const villageRows = area.kind === "region" ? rowsBy("village", (v) => v.geo.id) : [];

  // The area's totals.
  const total = emptyBucket();
  const totalBefore = emptyBucket();
  for (const v of perVillage) {
    addInto(total, v.current);
    addInto(totalBefore, v.previous);
  }

  // The area's months: sums over villages; shops month by month in one pass.
  const monthBuckets = current.months.map((month) => {
    const bucket = emptyBucket();
    for (const v of perVillage) {
      const s = monthSums.get(v.geo.id)?.get(month);
      bucket.households += v.geo.households;
      if (!s) continue;
      bucket.sums.gmvTiyn += s.gmvTiyn;
      bucket.sums.ordersCompleted += s.ordersCompleted;
      bucket.sums.refundedTiyn += s.refundedTiyn;
      bucket.sums.ordersRefunded += s.ordersRefunded;
      bucket.sums.items += s.items;
      bucket.activeSellers += s.activeSellers;
      bucket.contributors += s.contributors;
      bucket.selling += Math.min(s.activeSellers, v.geo.households);
    }
    for (const v of perVillage) bucket.activeShops += shopsIn(v.geo.id, month);
    return { month, bucket };
  });
  const hideMonths = mustSuppress(total.contributors) ? monthBuckets.map((m) => m.bucket.contributors > 0) : suppressRows(monthBuckets.map((m) => m.bucket.contributors));
  const months: MonthCells[] = monthBuckets.map(({ month, bucket }, i) => ({ month, ...cellsOf(figures(bucket), hideMonths[i]!) }));

  // Categories: the rollup has no seller per category, so they are shown only when the whole area's period stands on ≥ 5 sellers.
  const categoriesSuppressed = mustSuppress(total.contributors);
  const topCategories: CategoryCells[] = categoriesSuppressed
    ? []
    : topLevelCategories(db, categorySums(db, ids, current), 10).map((c) => ({
        categoryId: c.categoryId,
        slug: c.slug,
        nameKk: c.nameKk,
        nameRu: c.nameRu,
        nameEn: c.nameEn,
        gmvTiyn: c.gmvTiyn,
        ordersCompleted: c.ordersCompleted,
        items: c.items,
      }));

  const [service, previousService] = serviceMetricsPair(db, ids, current.months, previous.months);
  const own = area.kind === "village" ? perVillage[0] : undefined;
  const counts = countIn(perVillage);
  return {
    area: { ...info, villageCount: geo.length, households: geo.reduce((s, v) => s + v.households, 0) },
    length,
    current,
    previous,
    year,
    thresholds,
    totals: cellsOf(figures(total), mustSuppress(total.contributors)),
    previousTotals: cellsOf(figures(totalBefore), mustSuppress(totalBefore.contributors)),
    months,
    villageStatus: own ? own.status : null,
    districtStatus: area.kind === "district" ? (districtStatuses.get(area.districtId) ?? districtStatus([], limits)) : null,
    ...counts,
    children,
    villages: villageRows,
    topCategories,
    categoriesSuppressed,
    service: serviceCells(service, mustSuppress(total.contributors)),
    previousService: serviceCells(previousService, mustSuppress(totalBefore.contributors)),
  };
}

/** Shares of the service figures, or "<5" when the area's period stands on 1–4 sellers. */
export function serviceCells(m: ServiceMetrics, hide: boolean): ServiceCells {
  if (hide) return { buyers: SUPPRESSED, repeatBuyersShare: SUPPRESSED, medianPickupDays: SUPPRESSED, onTimeHandoverShare: SUPPRESSED, disputeRate: SUPPRESSED };
  return {
    buyers: m.buyers,
    repeatBuyersShare: m.buyers > 0 ? m.repeatBuyers / m.buyers : null,
    medianPickupDays: m.medianPickupDays,
    onTimeHandoverShare: m.handoversDue > 0 ? m.handoversOnTime / m.handoversDue : null,
    disputeRate: m.onlinePickups > 0 ? m.disputes / m.onlinePickups : null,
  };
}

/** For tests and the API: whether a cell is a number an analyst may see. */
export function shownNumber(value: Cell<number | null>): number | null {
  return value === SUPPRESSED ? null : value;
}

export { cell, SUPPRESSED };
export type { Cell, StatusThresholds };
