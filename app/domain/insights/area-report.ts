/**
 * The arithmetic of an area's report (docs/metrics.md "Areas"), pure: the rows
 * areas.server.ts reads go in, the AreaReport comes out — months bucketed by
 * period, villages added up, village tiers, "<5" cells, rows ranked by GMV.
 */
import type { Area, AreaInfo, AreaReport, CategoryCells, ChildRow, FigureCells, Figures, MonthCells, Names, ServiceCells, VillageStatusCells } from "./area-types";
import type { CategoryFigures, Period } from "./insights.server";
import type { Measures } from "./outcome";
import type { PeriodMonths } from "./period";
import type { ServiceMetrics } from "./service.server";
import { hideLogistics, logisticsReport, type LogisticsMetrics } from "./logistics";
import { districtStatus, villageStatus, type StatusThresholds, type VillageTier } from "./status";
import { mustSuppress, SUPPRESSED, suppressRows, type Cell } from "./suppression";
import type { Thresholds } from "./thresholds.server";
import { names } from "../../i18n/localized";

// ---------------------------------------------------------------------------
// What goes in: rows as areas.server.ts reads them

/** A village of the area with its district and region. */
export interface VillageGeo extends Names {
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

export interface MonthSums extends Measures {
  /** Sellers with a completed order that month. */
  activeSellers: number;
  /** Sellers with any sales data that month (a completion or a refund): what a cell is "built from". */
  contributors: number;
}

export interface WindowCounts {
  active: number;
  contributors: number;
}

/** What one pass over an area's seller months gives: every figure built from sellers. */
export interface SellerMonthFigures {
  /** Per village and month, the sums of its sellers' rows. */
  monthSums: Map<number, Map<string, MonthSums>>;
  /** Per village, distinct active and contributing sellers in each window asked for: here the period, the one before and the year. */
  windows: Map<number, WindowCounts[]>;
  /** Per village and month (of those asked for: the period's months and the previous period's last), active shops. */
  shops: Map<number, Map<string, number>>;
}

/** A region of the country or a district of a region, listed even with no village on the hub. */
export interface PlaceRow extends Names {
  id: number;
  /** The region's ISO code. */
  iso: string;
  /** Districts only. */
  slug?: string;
}

export interface AreaRows {
  area: Area;
  info: Omit<AreaInfo, "villageCount" | "households">;
  length: PeriodMonths;
  current: Period;
  previous: Period;
  year: Period;
  thresholds: Thresholds;
  /** The thresholds in the units the status rule compares. */
  limits: StatusThresholds;
  villages: readonly VillageGeo[];
  sales: SellerMonthFigures;
  /** Every region (country) or every district of the region (region); empty for other areas. */
  places: readonly PlaceRow[];
  /** The period's top-level categories by GMV; only read when shown (categoriesShown). */
  categories: readonly CategoryFigures[];
  service: ServiceMetrics;
  previousService: ServiceMetrics;
  logistics: LogisticsMetrics;
  previousLogistics: LogisticsMetrics;
}

// ---------------------------------------------------------------------------
// Adding villages up

interface Bucket {
  sums: Measures;
  activeSellers: number;
  contributors: number;
  activeShops: number;
  /** Σ min(selling households, households) over villages, and Σ households. */
  selling: number;
  households: number;
}

const emptyBucket = (): Bucket => ({ sums: { gmvTiyn: 0, ordersCompleted: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0 }, activeSellers: 0, contributors: 0, activeShops: 0, selling: 0, households: 0 });

function addSums(target: Measures, source: Measures): void {
  for (const key of Object.keys(target) as (keyof Measures)[]) target[key] += source[key];
}

function addInto(target: Bucket, source: Bucket): void {
  addSums(target.sums, source.sums);
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

/** A village's bucket over a window: sums of its months, its distinct sellers, its shops. */
function villageBucket(v: VillageGeo, byMonth: Map<string, MonthSums> | undefined, period: Period, counts: WindowCounts | undefined, shops: number): Bucket {
  const bucket = emptyBucket();
  if (byMonth) {
    for (const month of period.months) {
      const s = byMonth.get(month);
      if (s) addSums(bucket.sums, s);
    }
  }
  bucket.activeSellers = counts?.active ?? 0;
  bucket.contributors = counts?.contributors ?? 0;
  bucket.activeShops = shops;
  bucket.households = v.households;
  bucket.selling = Math.min(bucket.activeSellers, v.households);
  return bucket;
}

interface VillageCalc {
  geo: VillageGeo;
  current: Bucket;
  previous: Bucket;
  tier: VillageTier;
  status: VillageStatusCells;
}

/**
 * Whether the area's period stands on enough sellers for its categories to be
 * shown (none or ≥ 5): buildAreaReport's test, so that areas.server.ts reads
 * the categories only when they will be shown.
 */
export function categoriesShown(villages: readonly VillageGeo[], sales: Pick<SellerMonthFigures, "windows">): boolean {
  return !mustSuppress(villages.reduce((sum, v) => sum + (sales.windows.get(v.id)?.[0]?.contributors ?? 0), 0));
}

/** The report of an area from its rows (areas.server.ts areaReport reads them). */
export function buildAreaReport(rows: AreaRows): AreaReport {
  const { area, info, length, current, previous, year, thresholds, limits, sales } = rows;
  const { monthSums, windows, shops } = sales;
  const shopsIn = (villageId: number, month: string) => shops.get(villageId)?.get(month) ?? 0;

  const perVillage: VillageCalc[] = rows.villages.map((v) => {
    const counts = windows.get(v.id);
    const byMonth = monthSums.get(v.id);
    const yearBucket = villageBucket(v, byMonth, year, counts?.[2], shopsIn(v.id, current.last));
    const status = villageStatus(
      { yearlyGmvTiyn: yearBucket.sums.gmvTiyn, activeShops: yearBucket.activeShops, sellingHouseholds: yearBucket.activeSellers, households: v.households },
      limits,
    );
    const hide = mustSuppress(yearBucket.contributors);
    return {
      geo: v,
      current: villageBucket(v, byMonth, current, counts?.[0], shopsIn(v.id, current.last)),
      previous: villageBucket(v, byMonth, previous, counts?.[1], shopsIn(v.id, previous.last)),
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
      const own: Names = kind === "region" ? head.region : kind === "district" ? head.district : head;
      const row: ChildRow = {
        kind,
        id,
        slug: kind === "region" ? lowerIso(head.regionIso) : kind === "district" ? head.districtSlug : head.slug,
        regionSlug: lowerIso(head.regionIso),
        districtSlug: kind === "region" ? null : head.districtSlug,
        district: kind === "village" ? head.district : null,
        ...names(own),
        villageCount: list.length,
        households: cur.households,
        current: cellsOf(figures(cur), false),
        previous: cellsOf(figures(prev), false),
        status: kind === "village" ? list[0]!.status : null,
        districtStatus: kind === "district" ? (districtStatuses.get(id) ?? null) : null,
        ...countIn(list),
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
    const zero = cellsOf(figures(emptyBucket()), false);
    const missing = rows.places
      .filter((r) => !seen.has(r.id))
      .sort((a, b) => a.nameEn.localeCompare(b.nameEn))
      .map(
        (r): ChildRow => ({
          kind: childKind,
          id: r.id,
          slug: r.slug !== undefined ? r.slug : lowerIso(r.iso),
          regionSlug: lowerIso(r.iso),
          districtSlug: r.slug !== undefined ? r.slug : null,
          district: null,
          ...names(r),
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
      addSums(bucket.sums, s);
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
  const categoriesSuppressed = !categoriesShown(rows.villages, sales);
  const topCategories: CategoryCells[] = categoriesSuppressed
    ? []
    : rows.categories.map((c) => ({
        categoryId: c.categoryId,
        slug: c.slug,
        ...names(c),
        gmvTiyn: c.gmvTiyn,
        ordersCompleted: c.ordersCompleted,
        items: c.items,
      }));

  const own = area.kind === "village" ? perVillage[0] : undefined;
  return {
    area: { ...info, villageCount: rows.villages.length, households: rows.villages.reduce((s, v) => s + v.households, 0) },
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
    ...countIn(perVillage),
    children,
    villages: villageRows,
    topCategories,
    categoriesSuppressed,
    service: serviceCells(rows.service, mustSuppress(total.contributors)),
    previousService: serviceCells(rows.previousService, mustSuppress(totalBefore.contributors)),
    logistics: logisticsReport(rows.logistics, rows.previousLogistics, {
      current: hideLogistics(total.contributors, rows.logistics.total),
      previous: hideLogistics(totalBefore.contributors, rows.previousLogistics.total),
    }),
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
