/**
 * The sales rollups (docs/metrics.md, db/schema/insights.ts): written in the
 * transaction that completes or refunds an order, and recomputable from the
 * orders and the ledger after downtime or a change of definition. Both paths
 * use the same rule (outcome.ts), so they agree row for row
 * (tests/integration/rollups.test.ts).
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { insightsSellerMonths, insightsVillageDays, listings, orderItems, orders } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { OrderStatus } from "../orders/order-status";
import { addMonths, almatyDay, almatyDayStart, DAY_PATTERN, lastDayOfMonth, nextDay } from "./calendar";
import { addMeasures, categoryShares, isOutcomeStatus, orderMeasures, type Measures, type OutcomeLine, type OutcomeStatus } from "./outcome";

type Reader = Db | Tx;

/** Money returned to the buyer out of the order's escrow (partial or full refund), from the ledger. */
const refundsOf = (orderIds: number[]) => sql`
  SELECT t.order_id AS orderId, SUM(t.amount_tiyn) AS refundedTiyn
    FROM ledger_transfers t
    JOIN ledger_accounts d ON d.id = t.debit_account_id AND d.kind = 'escrow'
    JOIN ledger_accounts c ON c.id = t.credit_account_id AND c.kind = 'refund_payable'
   WHERE t.order_id IN (${sql.join(
     orderIds.map((id) => sql`${id}`),
     sql`, `,
   )})
   GROUP BY t.order_id`;

function readRefunds(db: Reader, orderIds: number[]): Map<number, number> {
  const out = new Map<number, number>();
  // SQLite's default limit on bound parameters is 32 766; stay well under it.
  for (let i = 0; i < orderIds.length; i += 5000) {
    const rows = db.all<{ orderId: number; refundedTiyn: number }>(refundsOf(orderIds.slice(i, i + 5000)));
    for (const row of rows) out.set(row.orderId, row.refundedTiyn);
  }
  return out;
}

function readLines(db: Reader, orderIds: number[]): Map<number, OutcomeLine[]> {
  const out = new Map<number, OutcomeLine[]>();
  for (let i = 0; i < orderIds.length; i += 5000) {
    const rows = db
      .select({ orderId: orderItems.orderId, categoryId: listings.categoryId, lineTiyn: orderItems.lineTiyn, quantity: orderItems.quantity })
      .from(orderItems)
      .innerJoin(listings, eq(listings.id, orderItems.listingId))
      .where(inArray(orderItems.orderId, orderIds.slice(i, i + 5000)))
      .all();
    for (const { orderId, ...line } of rows) {
      const list = out.get(orderId) ?? [];
      list.push(line);
      out.set(orderId, list);
    }
  }
  return out;
}

const measureColumns = (m: Measures) => ({
  ordersCompleted: m.ordersCompleted,
  gmvTiyn: m.gmvTiyn,
  refundedTiyn: m.refundedTiyn,
  ordersRefunded: m.ordersRefunded,
  items: m.items,
});

/** Adds to the existing rows (the incremental path). */
const addOnConflict = (table: typeof insightsVillageDays | typeof insightsSellerMonths) => ({
  ordersCompleted: sql`${table.ordersCompleted} + excluded.orders_completed`,
  gmvTiyn: sql`${table.gmvTiyn} + excluded.gmv_tiyn`,
  refundedTiyn: sql`${table.refundedTiyn} + excluded.refunded_tiyn`,
  ordersRefunded: sql`${table.ordersRefunded} + excluded.orders_refunded`,
  items: sql`${table.items} + excluded.items`,
});

function addOrder(tx: Tx, order: { sellerId: number; sellerVillageId: number }, status: OutcomeStatus, at: Date, lines: OutcomeLine[], refundedTiyn: number): void {
  const day = almatyDay(at);
  for (const part of categoryShares(status, lines, refundedTiyn)) {
    tx.insert(insightsVillageDays)
      .values({ villageId: order.sellerVillageId, day, categoryId: part.categoryId, ...measureColumns(part.measures) })
      .onConflictDoUpdate({ target: [insightsVillageDays.villageId, insightsVillageDays.day, insightsVillageDays.categoryId], set: addOnConflict(insightsVillageDays) })
      .run();
  }
  tx.insert(insightsSellerMonths)
    .values({ villageId: order.sellerVillageId, sellerId: order.sellerId, month: day.slice(0, 7), ...measureColumns(orderMeasures(status, lines, refundedTiyn)) })
    .onConflictDoUpdate({ target: [insightsSellerMonths.villageId, insightsSellerMonths.month, insightsSellerMonths.sellerId], set: addOnConflict(insightsSellerMonths) })
    .run();
}

/**
 * Called by applyOrderEventIn, after the ledger has moved, for every
 * transition: an order that has just become completed or refunded is added
 * to its village's day and its seller's month. Terminal statuses are entered
 * once (the conditional update in applyOrderEventIn), so nothing counts twice.
 */
export function recordOrderOutcome(tx: Tx, order: { id: number; sellerId: number; sellerVillageId: number }, to: OrderStatus, now: Date): void {
  if (!isOutcomeStatus(to)) return;
  const lines = readLines(tx, [order.id]).get(order.id) ?? [];
  const refundedTiyn = readRefunds(tx, [order.id]).get(order.id) ?? 0;
  addOrder(tx, order, to, now, lines, refundedTiyn);
}

export interface RebuildRange {
  /** First day, 'YYYY-MM-DD' in Almaty; widened to the first of its month. Default: the first order ever. */
  from?: string;
  /** Last day, inclusive; widened to the end of its month. Default: everything after `from`. */
  to?: string;
}

/**
 * Recomputes the rollups of whole months from the orders and the ledger, in
 * one transaction: the months' rows are deleted and written again, so a run
 * is idempotent and catches up whatever was missed. The range is widened to
 * whole months so that the daily and the monthly table stay consistent.
 */
export function rebuildRollups(db: Db, range: RebuildRange = {}): { orders: number; fromDay: string | null; toDay: string | null } {
  for (const day of [range.from, range.to]) if (day !== undefined && !DAY_PATTERN.test(day)) throw new Error(`not a day: ${day}`);
  const fromDay = range.from ? `${range.from.slice(0, 7)}-01` : null;
  const toDay = range.to ? lastDayOfMonth(range.to.slice(0, 7)) : null;
  const start = fromDay ? almatyDayStart(fromDay) : null;
  const end = toDay ? almatyDayStart(nextDay(toDay)) : null;
  return writeTransaction(db, (tx) => {
    const finished = tx
      .select({ id: orders.id, sellerId: orders.sellerId, sellerVillageId: orders.sellerVillageId, status: orders.status, completedAt: orders.completedAt })
      .from(orders)
      .where(
        and(
          inArray(orders.status, ["completed", "refunded"]),
          start ? gte(orders.completedAt, start) : undefined,
          end ? lt(orders.completedAt, end) : undefined,
        ),
      )
      .all();
    const dayRows = and(fromDay ? gte(insightsVillageDays.day, fromDay) : undefined, toDay ? lt(insightsVillageDays.day, nextDay(toDay)) : undefined);
    const monthRows = and(
      fromDay ? gte(insightsSellerMonths.month, fromDay.slice(0, 7)) : undefined,
      toDay ? lt(insightsSellerMonths.month, addMonths(toDay.slice(0, 7), 1)) : undefined,
    );
    tx.delete(insightsVillageDays).where(dayRows).run();
    tx.delete(insightsSellerMonths).where(monthRows).run();
    // Summed in memory first, then written once per row.
    const ids = finished.map((o) => o.id);
    const lines = readLines(tx, ids);
    const refunds = readRefunds(tx, ids);
    const days = new Map<string, { villageId: number; day: string; categoryId: number; measures: Measures }>();
    const months = new Map<string, { villageId: number; sellerId: number; month: string; measures: Measures }>();
    for (const order of finished) {
      if (!order.completedAt || !isOutcomeStatus(order.status)) continue;
      const day = almatyDay(order.completedAt);
      const orderLines = lines.get(order.id) ?? [];
      const refundedTiyn = refunds.get(order.id) ?? 0;
      for (const part of categoryShares(order.status, orderLines, refundedTiyn)) {
        const key = `${order.sellerVillageId}|${day}|${part.categoryId}`;
        const row = days.get(key) ?? { villageId: order.sellerVillageId, day, categoryId: part.categoryId, measures: { ordersCompleted: 0, gmvTiyn: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0 } };
        row.measures = addMeasures(row.measures, part.measures);
        days.set(key, row);
      }
      const month = day.slice(0, 7);
      const key = `${order.sellerVillageId}|${month}|${order.sellerId}`;
      const row = months.get(key) ?? { villageId: order.sellerVillageId, sellerId: order.sellerId, month, measures: { ordersCompleted: 0, gmvTiyn: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0 } };
      row.measures = addMeasures(row.measures, orderMeasures(order.status, orderLines, refundedTiyn));
      months.set(key, row);
    }
    for (const row of days.values()) {
      tx.insert(insightsVillageDays).values({ villageId: row.villageId, day: row.day, categoryId: row.categoryId, ...measureColumns(row.measures) }).run();
    }
    for (const row of months.values()) {
      tx.insert(insightsSellerMonths).values({ villageId: row.villageId, sellerId: row.sellerId, month: row.month, ...measureColumns(row.measures) }).run();
    }
    return { orders: finished.length, fromDay, toDay };
  });
}
