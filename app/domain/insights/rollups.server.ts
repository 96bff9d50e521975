/**
 * The rollups (docs/metrics.md, db/schema/insights.ts): sales, written in the
 * transaction that completes or refunds an order, and the service figures
 * (pickups, disputes, handovers, repeat buyers), written in the transaction of
 * the order event that counts. Both are recomputable from orders, order events
 * and the ledger after downtime or a change of definition. The incremental
 * path and the rebuild use the same rules (outcome.ts), so they agree row for
 * row (tests/integration/rollups.test.ts).
 */
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import {
  insightsPickupHours,
  insightsSellerMonths,
  insightsVillageBuyers,
  insightsVillageDays,
  insightsVillageMonths,
  listings,
  orderEvents,
  orderItems,
  orders,
} from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { DEFAULT_DEADLINES, type Deadlines } from "../orders/deadlines";
import type { OrderStatus, PaymentMethod } from "../orders/order-status";
import { addMonths, almatyDay, almatyDayStart, almatyMonth, DAY_PATTERN, lastDayOfMonth, nextDay } from "./calendar";
import {
  addMeasures,
  categoryShares,
  isOutcomeStatus,
  orderMeasures,
  serviceCounts,
  type Measures,
  type OutcomeLine,
  type OutcomeStatus,
  type ServiceCounts,
  type ServiceEvent,
} from "./outcome";
import { rebuildLogisticsRollups } from "./logistics-rollups.server";

type Reader = Db | Tx;

/** Money returned to the buyer out of the order's escrow (partial or full refund), from the ledger. */
const refundsOf = (orderIds: number[]) => sql`
  SELECT t.order_id AS orderId, SUM(t.amount_tiyn) AS refundedTiyn
    FROM ledger_transfers t
    JOIN ledger_accounts d ON d.id = t.debit_account_id AND d.kind = 'escrow'
    JOIN ledger_accounts c ON c.id = t.credit_account_id AND c.kind = 'refund_payable'
   WHERE t.order_id IN (SELECT value FROM json_each(${JSON.stringify(orderIds)}))
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
      // One JSON parameter instead of thousands: building a statement with 5 000 bound values costs more than running it.
      .where(sql`${orderItems.orderId} IN (SELECT value FROM json_each(${JSON.stringify(orderIds.slice(i, i + 5000))}))`)
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

/** Takes a completed order's measures back out of the rows its completion added to (a sale undone by a return). */
function withdrawOrder(tx: Tx, order: { sellerId: number; sellerVillageId: number }, completedAt: Date, lines: OutcomeLine[], refundedTiyn: number): void {
  const day = almatyDay(completedAt);
  const minus = (table: typeof insightsVillageDays | typeof insightsSellerMonths, m: Measures) => ({
    ordersCompleted: sql`${table.ordersCompleted} - ${m.ordersCompleted}`,
    gmvTiyn: sql`${table.gmvTiyn} - ${m.gmvTiyn}`,
    refundedTiyn: sql`${table.refundedTiyn} - ${m.refundedTiyn}`,
    ordersRefunded: sql`${table.ordersRefunded} - ${m.ordersRefunded}`,
    items: sql`${table.items} - ${m.items}`,
  });
  for (const part of categoryShares("completed", lines, refundedTiyn)) {
    tx.update(insightsVillageDays)
      .set(minus(insightsVillageDays, part.measures))
      .where(and(eq(insightsVillageDays.villageId, order.sellerVillageId), eq(insightsVillageDays.day, day), eq(insightsVillageDays.categoryId, part.categoryId)))
      .run();
  }
  tx.update(insightsSellerMonths)
    .set(minus(insightsSellerMonths, orderMeasures("completed", lines, refundedTiyn)))
    .where(and(eq(insightsSellerMonths.villageId, order.sellerVillageId), eq(insightsSellerMonths.month, day.slice(0, 7)), eq(insightsSellerMonths.sellerId, order.sellerId)))
    .run();
}

/**
 * For every transition, after the ledger has moved (through
 * recordOrderEventRollups): an order that has just become completed or refunded is added
 * to its village's day and its seller's month. Terminal statuses are entered
 * once (the conditional update in applyOrderEventIn), so nothing counts twice.
 */
function recordOrderOutcome(tx: Tx, order: { id: number; sellerId: number; sellerVillageId: number; completedAt?: Date | null }, to: OrderStatus, now: Date): void {
  // An order that was completed once is counted once: a return refused or never brought leaves it
  // completed as before, and goods returned after completion take the sale back out of the day it
  // was counted on (issue 14 §6), as the rebuild, which counts only completed and refunded orders, does.
  const completedBefore = order.completedAt ?? null;
  if (completedBefore && to === "returned") {
    const lines = readLines(tx, [order.id]).get(order.id) ?? [];
    const refundedTiyn = readRefunds(tx, [order.id]).get(order.id) ?? 0;
    withdrawOrder(tx, order, completedBefore, lines, refundedTiyn);
    return;
  }
  if (!isOutcomeStatus(to) || (completedBefore && to === "completed")) return;
  const lines = readLines(tx, [order.id]).get(order.id) ?? [];
  const refundedTiyn = readRefunds(tx, [order.id]).get(order.id) ?? 0;
  addOrder(tx, order, to, now, lines, refundedTiyn);
}

// ---------------------------------------------------------------- service rollups

/** The events the service rule reads, either to count or to learn the order's past (payment, acceptance). */
const SERVICE_EVENTS = ["placed", "payment_captured", "accept", "drop", "receive", "drop_deadline", "pickup", "dispute"];

type MonthCounts = Pick<ServiceCounts, "pickups" | "onlinePickups" | "disputes" | "handoversDue" | "handoversOnTime">;

const monthCountsOf = (c: ServiceCounts): MonthCounts => ({
  pickups: c.pickups,
  onlinePickups: c.onlinePickups,
  disputes: c.disputes,
  handoversDue: c.handoversDue,
  handoversOnTime: c.handoversOnTime,
});

const addsToMonth = (c: MonthCounts) => c.pickups + c.disputes + c.handoversDue > 0;

/** When the order was paid: its `payment_captured` event (online) or its `placed` event (cash). */
function paidAtOf(tx: Tx, orderId: number, paymentMethod: PaymentMethod): Date | null {
  const row = tx
    .select({ at: orderEvents.at })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, paymentMethod === "online" ? "payment_captured" : "placed")))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id))
    .limit(1)
    .get();
  return row?.at ?? null;
}

/**
 * Called by applyOrderEventIn once per transition, after the ledger moved
 * (the pickup of handOver comes through it too): the sales of a completed or
 * refunded order, and what the event adds to its village's month. `order` is
 * the row as it was before the event (its drop deadline still on it).
 */
export function recordOrderEventRollups(
  tx: Tx,
  order: { id: number; sellerId: number; sellerVillageId: number; buyerUserId: number; paymentMethod: PaymentMethod; deadlineKind: string | null; deadlineAt: Date | null; completedAt?: Date | null },
  event: Omit<ServiceEvent, "at">,
  now: Date,
): void {
  recordOrderOutcome(tx, order, event.toStatus as OrderStatus, now);
  if (order.completedAt && event.toStatus === "returned") {
    // Goods returned after completion: the buyer's completed order leaves its month (the rebuild counts completed orders only).
    tx.update(insightsVillageBuyers)
      .set({ ordersCompleted: sql`${insightsVillageBuyers.ordersCompleted} - 1` })
      .where(and(eq(insightsVillageBuyers.villageId, order.sellerVillageId), eq(insightsVillageBuyers.month, almatyMonth(order.completedAt)), eq(insightsVillageBuyers.buyerId, order.buyerUserId)))
      .run();
  }
  const counts = serviceCounts(
    { ...event, at: now },
    {
      paymentMethod: order.paymentMethod,
      paidAt: event.event === "pickup" ? paidAtOf(tx, order.id, order.paymentMethod) : null,
      dropDeadlineAt: order.deadlineKind === "drop" ? order.deadlineAt : null,
    },
  );
  if (!counts) return;
  const villageId = order.sellerVillageId;
  const month = almatyMonth(now);
  const monthCounts = monthCountsOf(counts);
  if (addsToMonth(monthCounts)) {
    tx.insert(insightsVillageMonths)
      .values({ villageId, month, ...monthCounts })
      .onConflictDoUpdate({
        target: [insightsVillageMonths.villageId, insightsVillageMonths.month],
        set: {
          pickups: sql`${insightsVillageMonths.pickups} + excluded.pickups`,
          onlinePickups: sql`${insightsVillageMonths.onlinePickups} + excluded.online_pickups`,
          disputes: sql`${insightsVillageMonths.disputes} + excluded.disputes`,
          handoversDue: sql`${insightsVillageMonths.handoversDue} + excluded.handovers_due`,
          handoversOnTime: sql`${insightsVillageMonths.handoversOnTime} + excluded.handovers_on_time`,
        },
      })
      .run();
  }
  if (counts.pickupHours !== null) {
    tx.insert(insightsPickupHours)
      .values({ villageId, month, hours: counts.pickupHours, orders: 1 })
      .onConflictDoUpdate({ target: [insightsPickupHours.villageId, insightsPickupHours.month, insightsPickupHours.hours], set: { orders: sql`${insightsPickupHours.orders} + 1` } })
      .run();
  }
  if (counts.completed && !order.completedAt) {
    tx.insert(insightsVillageBuyers)
      .values({ villageId, month, buyerId: order.buyerUserId, ordersCompleted: 1 })
      .onConflictDoUpdate({
        target: [insightsVillageBuyers.villageId, insightsVillageBuyers.month, insightsVillageBuyers.buyerId],
        set: { ordersCompleted: sql`${insightsVillageBuyers.ordersCompleted} + 1` },
      })
      .run();
  }
}

/**
 * The orders that may have a counted event in [start, end): created before
 * the end, and not finished before the start. order_events has no index by
 * time, so the range is found on orders (orders_completed_at) and each
 * candidate's events are read by order (order_events_order).
 */
function candidateOrders(tx: Tx, start: Date | null, end: Date | null) {
  const where = sql`${start ? sql`(completed_at >= ${start.getTime()} OR completed_at IS NULL)` : sql`1`} AND ${end ? sql`created_at < ${end.getTime()}` : sql`1`}`;
  // The index pays when few orders finished after the start (recent months); for old months
  // most orders did, and one pass over the table is ten times faster than a lookup per order.
  // Counting on the index alone is cheap enough to decide.
  const useIndex =
    start !== null &&
    (tx.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM orders WHERE completed_at >= ${start.getTime()} OR completed_at IS NULL`)?.n ?? 0) * 10 <
      (tx.get<{ n: number }>(sql`SELECT COALESCE(MAX(id), 0) AS n FROM orders`)?.n ?? 0);
  return tx.all<{ id: number; villageId: number; paymentMethod: PaymentMethod }>(sql`
    SELECT id, seller_village_id AS villageId, payment_method AS paymentMethod
      FROM orders ${useIndex ? sql`` : sql`NOT INDEXED`} WHERE ${where}`);
}

/** Recomputes the three service rollups of [start, end) (whole months) from orders and their events. */
function rebuildServiceRollups(tx: Tx, start: Date | null, end: Date | null, firstMonth: string | null, lastMonth: string | null, deadlines: Deadlines): void {
  const inMonths = (table: typeof insightsVillageMonths | typeof insightsPickupHours | typeof insightsVillageBuyers) =>
    and(firstMonth ? gte(table.month, firstMonth) : undefined, lastMonth ? lt(table.month, addMonths(lastMonth, 1)) : undefined);
  tx.delete(insightsVillageMonths).where(inMonths(insightsVillageMonths)).run();
  tx.delete(insightsPickupHours).where(inMonths(insightsPickupHours)).run();
  tx.delete(insightsVillageBuyers).where(inMonths(insightsVillageBuyers)).run();

  const monthRows = new Map<string, { villageId: number; month: string } & MonthCounts>();
  const hourRows = new Map<string, { villageId: number; month: string; hours: number; orders: number }>();
  const inRange = (at: Date) => (!start || at.getTime() >= start.getTime()) && (!end || at.getTime() < end.getTime());

  const candidates = candidateOrders(tx, start, end);
  for (let i = 0; i < candidates.length; i += 5000) {
    const chunk = candidates.slice(i, i + 5000);
    // Raw rows (times as numbers): a month of a large village is hundreds of thousands of events.
    const events = tx.all<{ orderId: number; event: string; fromStatus: string | null; toStatus: string; atMs: number }>(sql`
      SELECT order_id AS orderId, event, from_status AS fromStatus, to_status AS toStatus, at AS atMs
        FROM order_events
       WHERE order_id IN (SELECT value FROM json_each(${JSON.stringify(chunk.map((o) => o.id))})) AND event IN (${sql.join(
         SERVICE_EVENTS.map((e) => sql`${e}`),
         sql`, `,
       )})
       ORDER BY order_id, at, id`);
    const byOrder = new Map<number, typeof events>();
    for (const e of events) {
      const list = byOrder.get(e.orderId) ?? [];
      list.push(e);
      byOrder.set(e.orderId, list);
    }
    for (const order of chunk) {
      let paidAt: Date | null = null;
      let dropDeadlineAt: Date | null = null;
      for (const row of byOrder.get(order.id) ?? []) {
        const e = { ...row, at: new Date(row.atMs) };
        if (inRange(e.at)) {
          const counts = serviceCounts(e, { paymentMethod: order.paymentMethod, paidAt, dropDeadlineAt });
          const month = counts ? almatyMonth(e.at) : "";
          if (counts && addsToMonth(counts)) {
            const key = `${order.villageId}|${month}`;
            const row = monthRows.get(key) ?? { villageId: order.villageId, month, pickups: 0, onlinePickups: 0, disputes: 0, handoversDue: 0, handoversOnTime: 0 };
            row.pickups += counts.pickups;
            row.onlinePickups += counts.onlinePickups;
            row.disputes += counts.disputes;
            row.handoversDue += counts.handoversDue;
            row.handoversOnTime += counts.handoversOnTime;
            monthRows.set(key, row);
          }
          if (counts && counts.pickupHours !== null) {
            const key = `${order.villageId}|${month}|${counts.pickupHours}`;
            const row = hourRows.get(key) ?? { villageId: order.villageId, month, hours: counts.pickupHours, orders: 0 };
            row.orders += 1;
            hourRows.set(key, row);
          }
        }
        // The order's past as the incremental path saw it: paid when captured (or placed, for cash);
        // the drop deadline set when it entered `accepted`.
        if (e.event === (order.paymentMethod === "online" ? "payment_captured" : "placed") && paidAt === null) paidAt = e.at;
        if (e.toStatus === "accepted") dropDeadlineAt = new Date(e.at.getTime() + deadlines.dropMs);
      }
    }
  }
  insertInBatches(tx, insightsVillageMonths, [...monthRows.values()]);
  insertInBatches(tx, insightsPickupHours, [...hourRows.values()]);

  // Repeat buyers: completed orders by completion time, on the orders_completed_at index.
  const completed = tx
    .select({ villageId: orders.sellerVillageId, buyerId: orders.buyerUserId, completedAt: orders.completedAt })
    .from(orders)
    .where(and(eq(orders.status, "completed"), start ? gte(orders.completedAt, start) : undefined, end ? lt(orders.completedAt, end) : undefined))
    .all();
  const buyerRows = new Map<string, { villageId: number; month: string; buyerId: number; ordersCompleted: number }>();
  for (const order of completed) {
    if (!order.completedAt) continue;
    const month = almatyMonth(order.completedAt);
    const key = `${order.villageId}|${month}|${order.buyerId}`;
    const row = buyerRows.get(key) ?? { villageId: order.villageId, month, buyerId: order.buyerId, ordersCompleted: 0 };
    row.ordersCompleted += 1;
    buyerRows.set(key, row);
  }
  insertInBatches(tx, insightsVillageBuyers, [...buyerRows.values()]);
}

/** Multi-row inserts (fewer statements for a month of a large area), under SQLite's limit on bound values. */
function insertInBatches<T extends typeof insightsVillageDays | typeof insightsSellerMonths | typeof insightsVillageMonths | typeof insightsPickupHours | typeof insightsVillageBuyers>(
  tx: Tx,
  table: T,
  rows: T["$inferInsert"][],
): void {
  for (let i = 0; i < rows.length; i += 500) tx.insert(table).values(rows.slice(i, i + 500)).run();
}

export interface RebuildRange {
  /** First day, 'YYYY-MM-DD' in Almaty; widened to the first of its month. Default: the first order ever. */
  from?: string;
  /** Last day, inclusive; widened to the end of its month. Default: everything after `from`. */
  to?: string;
  /** The drop deadline orders were given (on-time handovers); the configured default unless a test says otherwise. */
  deadlines?: Deadlines;
}

/**
 * Recomputes the rollups of whole months from the orders, their events and
 * the ledger, in one transaction: the months' rows are deleted and written again, so a run
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
    insertInBatches(
      tx,
      insightsVillageDays,
      [...days.values()].map((row) => ({ villageId: row.villageId, day: row.day, categoryId: row.categoryId, ...measureColumns(row.measures) })),
    );
    insertInBatches(
      tx,
      insightsSellerMonths,
      [...months.values()].map((row) => ({ villageId: row.villageId, sellerId: row.sellerId, month: row.month, ...measureColumns(row.measures) })),
    );
    rebuildServiceRollups(tx, start, end, fromDay?.slice(0, 7) ?? null, toDay?.slice(0, 7) ?? null, range.deadlines ?? DEFAULT_DEADLINES);
    // Shipments by month of arrival (docs/metrics.md "Logistics").
    rebuildLogisticsRollups(tx, start, end, fromDay?.slice(0, 7) ?? null, toDay?.slice(0, 7) ?? null);
    return { orders: finished.length, fromDay, toDay };
  });
}
