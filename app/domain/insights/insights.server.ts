/**
 * Reads for the insights screens (docs/metrics.md). Every figure comes from
 * the rollups (db/schema/insights.ts), never from a scan of the orders.
 */
import { and, eq, gt, gte, lt, lte, sql } from "drizzle-orm";
import { categories, insightsSellerMonths, insightsVillageDays, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import { addMonths, almatyMonth, monthsBetween } from "./calendar";
import { measuresOf, type Measures } from "./outcome";
import type { PeriodMonths } from "./period";
import { serviceMetrics } from "./service.server";
import { logisticsMetrics } from "./logistics-rollups.server";
import { activeShops } from "./shops.server";
import { listShopsOf } from "../identity/sellers.server";
import { names } from "../../i18n/localized";

export interface Period {
  months: string[];
  first: string;
  last: string;
}

/** The `length` months ending with `now`'s month, and the same number before them. */
export function periods(length: number, now: Date): { current: Period; previous: Period } {
  const last = almatyMonth(now);
  const first = addMonths(last, -(length - 1));
  const previousLast = addMonths(first, -1);
  const previousFirst = addMonths(previousLast, -(length - 1));
  return {
    current: { months: monthsBetween(first, last), first, last },
    previous: { months: monthsBetween(previousFirst, previousLast), first: previousFirst, last: previousLast },
  };
}

export interface PeriodTotals extends Measures {
  /** Distinct sellers with a completed order in the period. */
  activeSellers: number;
}

/** One month's figures: the totals of a one-month period. */
export interface MonthFigures extends PeriodTotals {
  month: string;
}

const sums = {
  gmvTiyn: sql<number>`COALESCE(SUM(${insightsVillageDays.gmvTiyn}), 0)`,
  ordersCompleted: sql<number>`COALESCE(SUM(${insightsVillageDays.ordersCompleted}), 0)`,
  refundedTiyn: sql<number>`COALESCE(SUM(${insightsVillageDays.refundedTiyn}), 0)`,
  ordersRefunded: sql<number>`COALESCE(SUM(${insightsVillageDays.ordersRefunded}), 0)`,
  items: sql<number>`COALESCE(SUM(${insightsVillageDays.items}), 0)`,
};

/** Days from the first of `first` up to (not including) the month after `last`: a range on the primary key. */
const dayRange = (villageId: number, period: Period) =>
  and(eq(insightsVillageDays.villageId, villageId), gte(insightsVillageDays.day, `${period.first}-01`), lt(insightsVillageDays.day, `${addMonths(period.last, 1)}-01`));

const sellerRange = (villageId: number, period: Period) =>
  and(
    eq(insightsSellerMonths.villageId, villageId),
    gte(insightsSellerMonths.month, period.first),
    lte(insightsSellerMonths.month, period.last),
    gt(insightsSellerMonths.ordersCompleted, 0),
  );

function villageTotals(db: Db, villageId: number, period: Period): PeriodTotals {
  const money = db.select(sums).from(insightsVillageDays).where(dayRange(villageId, period)).get();
  const active = db
    .select({ sellers: sql<number>`COUNT(DISTINCT ${insightsSellerMonths.sellerId})` })
    .from(insightsSellerMonths)
    .where(sellerRange(villageId, period))
    .get();
  return { ...measuresOf(money), activeSellers: active?.sellers ?? 0 };
}

export interface CategoryFigures extends CategoryRow {
  slug: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

/** A village's figures for the last `length` months and the period before, for its dashboard. */
export function getVillageInsights(db: Db, villageId: number, length: PeriodMonths, now: Date) {
  const village = db.select({ households: villages.households }).from(villages).where(eq(villages.id, villageId)).get();
  const { current, previous } = periods(length, now);
  const byMonth = db
    .select({ month: sql<string>`substr(${insightsVillageDays.day}, 1, 7)`, ...sums })
    .from(insightsVillageDays)
    .where(dayRange(villageId, current))
    .groupBy(sql`substr(${insightsVillageDays.day}, 1, 7)`)
    .all();
  const activeByMonth = db
    .select({ month: insightsSellerMonths.month, sellers: sql<number>`COUNT(*)` })
    .from(insightsSellerMonths)
    .where(sellerRange(villageId, current))
    .groupBy(insightsSellerMonths.month)
    .all();
  const months: MonthFigures[] = current.months.map((month) => ({
    month,
    ...measuresOf(byMonth.find((r) => r.month === month)),
    activeSellers: activeByMonth.find((r) => r.month === month)?.sellers ?? 0,
  }));
  const totals = villageTotals(db, villageId, current);
  const previousTotals = villageTotals(db, villageId, previous);
  const households = village?.households ?? 0;
  return {
    current,
    previous,
    months,
    totals,
    previousTotals,
    households,
    /** docs/metrics.md: one selling seller counts as one household, capped at 100 %. */
    householdsSellingShare: households > 0 ? Math.min(1, totals.activeSellers / households) : null,
    topCategories: topCategories(db, villageId, current),
    /** Repeat buyers, days to pickup, handovers and disputes (docs/metrics.md), from the monthly rollups. */
    service: serviceMetrics(db, [villageId], current.months),
    previousService: serviceMetrics(db, [villageId], previous.months),
    /** Shipments from the hub by month of arrival (docs/metrics.md "Logistics"); the coordinator's own, not suppressed. */
    logistics: logisticsMetrics(db, [villageId], current.months),
    previousLogistics: logisticsMetrics(db, [villageId], previous.months),
    /** docs/metrics.md: a period's active shops are those of its last month. */
    activeShops: activeShops(db, [villageId], current.last),
    previousActiveShops: activeShops(db, [villageId], previous.last),
  };
}

/** The village's categories by GMV in the period, at the top of the category tree. */
function topCategories(db: Db, villageId: number, period: Period, limit = 5): CategoryFigures[] {
  const rows = db
    .select({
      categoryId: insightsVillageDays.categoryId,
      gmvTiyn: sums.gmvTiyn,
      ordersCompleted: sums.ordersCompleted,
      items: sums.items,
    })
    .from(insightsVillageDays)
    .where(dayRange(villageId, period))
    .groupBy(insightsVillageDays.categoryId)
    .all();
  return topLevelCategories(db, rows, limit);
}

/** A category's sales in a period (the measures the category split of the rollup keeps). */
export interface CategoryRow extends Pick<Measures, "gmvTiyn" | "ordersCompleted" | "items"> {
  categoryId: number;
}

/** Categories added up to the top of the tree (a subcategory's figures to its parent's), ranked by GMV. */
export function topLevelCategories(db: Db, rows: readonly CategoryRow[], limit: number): CategoryFigures[] {
  if (rows.length === 0) return [];
  const byId = new Map(db.select().from(categories).all().map((c) => [c.id, c]));
  const root = (id: number) => {
    let category = byId.get(id);
    for (let depth = 0; category?.parentId != null && depth < 10; depth++) category = byId.get(category.parentId) ?? category;
    return category;
  };
  const merged = new Map<number, CategoryFigures>();
  for (const row of rows) {
    const top = root(row.categoryId);
    if (!top) continue;
    const figures = merged.get(top.id) ?? { categoryId: top.id, slug: top.slug, ...names(top), gmvTiyn: 0, ordersCompleted: 0, items: 0 };
    figures.gmvTiyn += row.gmvTiyn;
    figures.ordersCompleted += row.ordersCompleted;
    figures.items += row.items;
    merged.set(top.id, figures);
  }
  return [...merged.values()]
    .filter((c) => c.gmvTiyn > 0 || c.ordersCompleted > 0)
    .sort((a, b) => b.gmvTiyn - a.gmvTiyn || a.categoryId - b.categoryId)
    .slice(0, limit);
}

/** A seller's own monthly sales, per shop (a person may sell in more than one village). */
export function getSellerSales(db: Db, userId: number, length: PeriodMonths, now: Date) {
  const { current, previous } = periods(length, now);
  const shops = listShopsOf(db, userId);
  return {
    current,
    previous,
    shops: shops.map((shop) => {
      const rows = db
        .select()
        .from(insightsSellerMonths)
        .where(and(eq(insightsSellerMonths.sellerId, shop.sellerId), gte(insightsSellerMonths.month, previous.first), lte(insightsSellerMonths.month, current.last)))
        .all();
      const monthFigures = (month: string) => {
        const inMonth = rows.filter((r) => r.month === month);
        return {
          month,
          gmvTiyn: inMonth.reduce((s, r) => s + r.gmvTiyn, 0),
          ordersCompleted: inMonth.reduce((s, r) => s + r.ordersCompleted, 0),
          refundedTiyn: inMonth.reduce((s, r) => s + r.refundedTiyn, 0),
          items: inMonth.reduce((s, r) => s + r.items, 0),
        };
      };
      const months = current.months.map(monthFigures);
      const total = (list: ReturnType<typeof monthFigures>[]) => ({
        gmvTiyn: list.reduce((s, m) => s + m.gmvTiyn, 0),
        ordersCompleted: list.reduce((s, m) => s + m.ordersCompleted, 0),
        refundedTiyn: list.reduce((s, m) => s + m.refundedTiyn, 0),
        items: list.reduce((s, m) => s + m.items, 0),
      });
      return { ...shop, months, totals: total(months), previousTotals: total(previous.months.map(monthFigures)) };
    }),
  };
}
