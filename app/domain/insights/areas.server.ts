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
 *
 * This module reads; the arithmetic is area-report.ts (pure) and the shapes
 * area-types.ts.
 */
import { and, eq, exists, sql } from "drizzle-orm";
import { districts, regions, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import { prepared } from "../catalog/search.server";
import { getVillage, villageBasics } from "../geo/geo.server";
import { buildAreaReport, categoriesShown, type MonthSums, type PlaceRow, type SellerMonthFigures, type VillageGeo, type WindowCounts } from "./area-report";
import type { Area, AreaInfo, AreaReport, Names } from "./area-types";
import { addMonths } from "./calendar";
import { periods, topLevelCategories, type CategoryRow, type Period } from "./insights.server";
import type { PeriodMonths } from "./period";
import { serviceMetricsPair } from "./service.server";
import { logisticsMetrics } from "./logistics-rollups.server";
import { ACTIVE_SHOP_MIN_ORDERS, approvedCutoffMs, type VillageSet } from "./shops.server";
import type { StatusThresholds } from "./status";
import { cell, SUPPRESSED, type Cell } from "./suppression";
import { getThresholds, statusThresholds } from "./thresholds.server";
import { names } from "../../i18n/localized";

// The report's shapes and pure helpers, for the modules that import them from here.
export type { Area, AreaInfo, AreaKind, AreaReport, CategoryCells, ChildRow, FigureCells, Figures, MonthCells, Names, ServiceCells, VillageStatusCells } from "./area-types";
export { serviceCells, shownNumber } from "./area-report";

// ---------------------------------------------------------------------------
// Geography of an area

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
      ...villageBasics,
      districtId: districts.id,
      districtSlug: districts.slug,
      district: { ...names(districts) },
      regionId: regions.id,
      regionIso: regions.isoCode,
      region: { ...names(regions) },
    })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(where)
    .all();
}

/**
 * Every region (the country's rows), with or without villages on the hub, or
 * the districts of a region that have a village hub (a region's rows: the
 * classifier's other districts have nothing to count).
 */
function placesUnder(db: Db, area: Area, regionId: number | null): PlaceRow[] {
  if (area.kind === "country") return db.select({ id: regions.id, iso: regions.isoCode, ...names(regions) }).from(regions).all();
  if (area.kind !== "region") return [];
  return db
    .select({ id: districts.id, iso: regions.isoCode, slug: districts.slug, ...names(districts) })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(and(eq(districts.regionId, regionId ?? -1), exists(db.select({ id: villages.id }).from(villages).where(eq(villages.districtId, districts.id)))))
    .all();
}

const COUNTRY_NAMES: Names = { nameKk: "Қазақстан", nameRu: "Казахстан", nameEn: "Kazakhstan" };

const namesOf = (row: Names): Names => ({ ...names(row) });

/** The region and district a district or a village lies in, as AreaInfo carries them. */
function placeOf(d: typeof districts.$inferSelect, r: typeof regions.$inferSelect) {
  return {
    regionId: r.id,
    region: { id: r.id, isoCode: r.isoCode, ...namesOf(r) },
    district: { id: d.id, slug: d.slug, ...namesOf(d) },
  };
}

/** The area's own description, or undefined when it does not exist. */
export function getAreaInfo(db: Db, area: Area): Omit<AreaInfo, "villageCount" | "households"> | undefined {
  if (area.kind === "country") return { kind: "country", id: null, code: null, slug: null, regionId: null, region: null, district: null, ...COUNTRY_NAMES };
  if (area.kind === "region") {
    const r = db.select().from(regions).where(eq(regions.id, area.regionId)).get();
    if (!r) return undefined;
    const names = namesOf(r);
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
    return { kind: "district", id: d.id, code: d.katoCode, slug: d.slug, ...placeOf(d, r), ...namesOf(d) };
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
  return { kind: "village", id: v.id, code: v.katoCode, slug: v.slug, ...placeOf(d, r), ...namesOf(v) };
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
  const village = getVillage(db, slug);
  return village ? { area: { kind: "village", villageId: village.id }, regionId: village.region.id } : undefined;
}

/** The regions an actor's analyst grants cover (null = the whole country), for /insights. */
export function listRegionsForInsights(db: Db) {
  return db.select({ id: regions.id, isoCode: regions.isoCode, ...names(regions) }).from(regions).orderBy(regions.isoCode).all();
}

// ---------------------------------------------------------------------------
// Reads over the rollups

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
  return JSON.stringify([...new Set(ids.filter((id) => Number.isSafeInteger(id)))]);
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

/**
 * The country through the category-first covering index (no sort, no table read); an area through the primary key,
 * its villages driving the loop (with `village_id IN (…)` SQLite skip-scanned the category index instead: 142 → 16 ms
 * for a region on the bench's million orders). The ids must be distinct.
 */
const CATEGORIES_ALL = `
  SELECT d.category_id AS categoryId, SUM(d.gmv_tiyn) AS gmvTiyn, SUM(d.orders_completed) AS ordersCompleted, SUM(d.items) AS items
  FROM insights_village_days d INDEXED BY insights_village_days_category
  WHERE d.category_id IN (SELECT id FROM categories) AND d.day >= ? AND d.day < ?
  GROUP BY d.category_id`;
const CATEGORIES_OF = `
  SELECT d.category_id AS categoryId, SUM(d.gmv_tiyn) AS gmvTiyn, SUM(d.orders_completed) AS ordersCompleted, SUM(d.items) AS items
  FROM json_each(?) AS area CROSS JOIN insights_village_days d ON d.village_id = area.value
  WHERE d.day >= ? AND d.day < ?
  GROUP BY d.category_id`;

function categorySums(db: Db, ids: VillageSet, period: Period): CategoryRow[] {
  const from = `${period.first}-01`;
  const to = `${addMonths(period.last, 1)}-01`;
  return (ids === "all" ? prepared(db, CATEGORIES_ALL).all(from, to) : prepared(db, CATEGORIES_OF).all(idsParam(ids), from, to)) as CategoryRow[];
}

// ---------------------------------------------------------------------------
// The report

/**
 * The report of an area for the `length` months ending with `now`'s month,
 * compared with the same number of months before. Undefined when the area
 * does not exist.
 */
export function areaReport(db: Db, area: Area, length: PeriodMonths, now: Date): AreaReport | undefined {
  const info = getAreaInfo(db, area);
  if (!info) return undefined;
  const thresholds = getThresholds(db);
  const { current, previous } = periods(length, now);
  const year = periods(12, now).current;
  const geo = villagesOf(db, area);
  const ids: VillageSet = area.kind === "country" ? "all" : geo.map((v) => v.id);
  // The windows' order is the one buildAreaReport reads: the period, the one before, the year.
  const sales = sellerMonthFigures(db, ids, [current, previous, year], [...current.months, previous.last]);
  const [service, previousService] = serviceMetricsPair(db, ids, current.months, previous.months);
  return buildAreaReport({
    area,
    info,
    length,
    current,
    previous,
    year,
    thresholds,
    limits: statusThresholds(thresholds),
    villages: geo,
    sales,
    places: placesUnder(db, area, info.regionId),
    categories: categoriesShown(geo, sales) ? topLevelCategories(db, categorySums(db, ids, current), 10) : [],
    service,
    previousService,
    logistics: logisticsMetrics(db, ids, current.months),
    previousLogistics: logisticsMetrics(db, ids, previous.months),
  });
}

export { cell, SUPPRESSED };
export type { Cell, StatusThresholds };
