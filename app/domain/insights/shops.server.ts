/**
 * Active shops (docs/metrics.md "Active shops"): a seller is an active shop
 * in month M when, at the end of M, it was approved at least 30 days before
 * and it completed at least 3 orders over M and the two months before it
 * (AliResearch 2022: open ≥ 30 days, ≥ 1 order a month on average over 3 months).
 *
 * Read from insights_seller_months (three rows per seller at most) and
 * sellers.approved_at; never from the orders table. Villages are always
 * walked through the rollup's primary key (village_id, month, seller_id): "all"
 * becomes `village_id IN (SELECT id FROM villages)`, which SQLite answers with
 * one range per village instead of a scan of the whole table.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db.server";
import { addMonths, almatyDayStart } from "./calendar";

/** The villages a read covers: a list of ids, or every village. */
export type VillageSet = number[] | "all";

export const ACTIVE_SHOP_MIN_ORDERS = 3;
export const ACTIVE_SHOP_MIN_AGE_DAYS = 30;
const DAY_MS = 86_400_000;

/** `village_id IN (…)` for a set of villages (an empty list matches nothing). */
export function villageFilter(column: SQL, villageIds: VillageSet): SQL {
  if (villageIds === "all") return sql`${column} IN (SELECT id FROM villages)`;
  const ids = villageIds.filter((id) => Number.isSafeInteger(id));
  if (ids.length === 0) return sql`0`;
  return sql`${column} IN (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}

/** The latest approval instant (ms) that makes a shop old enough at the end of `month`. */
export function approvedCutoffMs(month: string): number {
  return almatyDayStart(`${addMonths(month, 1)}-01`).getTime() - ACTIVE_SHOP_MIN_AGE_DAYS * DAY_MS;
}

/** Active shops of month `month`, per village (villages without any are absent from the map). */
export function activeShopsByVillage(db: Db, villageIds: VillageSet, month: string): Map<number, number> {
  const rows = db.all<{ villageId: number; shops: number }>(sql`
    SELECT a.village_id AS villageId, COUNT(*) AS shops
    FROM (
      SELECT m.village_id, m.seller_id
      FROM insights_seller_months m
      WHERE ${villageFilter(sql`m.village_id`, villageIds)}
        AND m.month BETWEEN ${addMonths(month, -2)} AND ${month}
      GROUP BY m.village_id, m.seller_id
      HAVING SUM(m.orders_completed) >= ${ACTIVE_SHOP_MIN_ORDERS}
    ) a
    JOIN sellers s ON s.id = a.seller_id
    WHERE s.approved_at <= ${approvedCutoffMs(month)}
    GROUP BY a.village_id`);
  return new Map(rows.map((r) => [r.villageId, r.shops]));
}

/** Active shops of month `month` over a set of villages. */
export function activeShops(db: Db, villageIds: VillageSet, month: string): number {
  let total = 0;
  for (const shops of activeShopsByVillage(db, villageIds, month).values()) total += shops;
  return total;
}

/**
 * Active shops of each of `months` over a set of villages (a monthly series),
 * in one pass over the rollup rows of the months and the two before the first.
 */
export function activeShopsByMonth(db: Db, villageIds: VillageSet, months: readonly string[]): Map<string, number> {
  const out = new Map<string, number>(months.map((m) => [m, 0]));
  if (months.length === 0) return out;
  const sorted = [...months].sort();
  const first = addMonths(sorted[0]!, -2);
  const last = sorted[sorted.length - 1]!;
  const rows = db.all<{ sellerId: number; month: string; orders: number; approvedAt: number }>(
    sql`
    SELECT m.seller_id AS sellerId, m.month AS month, m.orders_completed AS orders, s.approved_at AS approvedAt
    FROM insights_seller_months m
    JOIN sellers s ON s.id = m.seller_id
    WHERE ${villageFilter(sql`m.village_id`, villageIds)}
      AND m.month BETWEEN ${first} AND ${last}
      AND m.orders_completed > 0`,
  );
  // Per seller and month index, the orders completed (a seller may show under two villages: summed).
  const index = new Map<string, number>();
  const all = monthsFrom(first, last);
  all.forEach((m, i) => index.set(m, i));
  const perSeller = new Map<number, { approvedAt: number; orders: number[] }>();
  for (const { sellerId, month, orders, approvedAt } of rows) {
    let entry = perSeller.get(sellerId);
    if (!entry) {
      entry = { approvedAt, orders: new Array<number>(all.length).fill(0) };
      perSeller.set(sellerId, entry);
    }
    const i = index.get(month);
    if (i !== undefined) entry.orders[i]! += orders;
  }
  for (const month of sorted) {
    const i = index.get(month)!;
    const cutoff = approvedCutoffMs(month);
    let count = 0;
    for (const { approvedAt, orders } of perSeller.values()) {
      if (approvedAt > cutoff) continue;
      if ((orders[i] ?? 0) + (orders[i - 1] ?? 0) + (orders[i - 2] ?? 0) >= ACTIVE_SHOP_MIN_ORDERS) count++;
    }
    out.set(month, count);
  }
  return out;
}

function monthsFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}
