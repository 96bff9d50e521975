/**
 * Every step of an order's life (DESIGN §3). Each step is one IMMEDIATE transaction that checks
 * the rule (order-machine.ts), moves the status with a conditional update, writes an order event,
 * moves the money through the ledger and queues the messages — all or nothing.
 */
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { listings, orderEvents, orderItems, orders, pickupPoints } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { statusAfterStockChange } from "../catalog/listing-rules";
import { recordCashAtPickup, refundCashAtPoint, refundEscrow, releaseEscrow, resolveEscrow } from "../escrow/ledger-posting.server";
import { orderHeldTiyn } from "../escrow/ledger-reads.server";
import { refundAfterRelease } from "../escrow/ledger-returns.server";
import { getEnv } from "../../env.server";
import { recordOrderEventRollups } from "../insights/rollups.server";
import { deadlineSettings } from "./deadline-settings.server";
import { DAY_MS, DEADLINE_TABLE, MAX_READY_DAYS, deadlineEvent, deadlineFor, readyDay, type Deadlines } from "./deadlines";
import { machineOrder, nextStatus, type EventSource, type OrderEvent, type TransitionRefusal } from "./order-machine";
import { notifyAfter, notifyReturnOverdue } from "./order-notices.server";
import type { OrderStatus } from "./order-status";
import type { OrderRow } from "./order-views.server";
import { newPickupSalt, pickupCode, pickupCodeHash, pickupSecret } from "./pickup-code.server";
import { recordReputationEvent } from "../trust/reputation.server";
import type { ReturnRefusal } from "./returns";
import { orderReturnRefusal, pickedUpAt, storageExtended } from "./returns.server";

export interface EventInput {
  orderId: number;
  event: OrderEvent;
  by: EventSource;
  actorUserId: number | null;
  reason?: string | null;
  /** resolve_partial: how much goes back to the buyer. */
  refundTiyn?: number;
  /** accept, propose_date, ask_more_time: the ready date the seller names (made to order). */
  readyAt?: Date;
}

export type EventRefusal =
  | TransitionRefusal
  | ReturnRefusal
  | "orders.not_found"
  | "orders.refund_invalid"
  | "orders.changed_meanwhile"
  | "orders.ready_date_invalid"
  | "orders.ready_date_not_later"
  | "orders.already_extended";
export type EventResult = { ok: true; order: OrderRow; from: OrderStatus; to: OrderStatus } | { ok: false; reason: EventRefusal };

/** Applies one event to one order in its own transaction. */
export function applyOrderEvent(db: Db, input: EventInput, now: Date, deadlines: Deadlines = deadlineSettings()): EventResult {
  return writeTransaction(db, (tx) => applyOrderEventIn(tx, input, now, deadlines));
}

/** The same, inside a caller's transaction (payment webhooks move several orders at once). */
export function applyOrderEventIn(tx: Tx, input: EventInput, now: Date, deadlines: Deadlines = deadlineSettings()): EventResult {
  const order = tx.select().from(orders).where(eq(orders.id, input.orderId)).get();
  if (!order) return { ok: false, reason: "orders.not_found" };
  // The clock fires only the deadline the order is waiting on, and only once it has passed:
  // a scheduler run with a stale list, or a clock running early, must not cancel a live order.
  if (input.by === "clock" && !deadlinePassed(order, input.event, now)) return { ok: false, reason: "orders.not_allowed_now" };
  const step = nextStatus(machineOrder(order), input.event, input.by);
  if (!step.ok) return step;
  if (input.event === "resolve_partial") {
    const held = orderHeldTiyn(tx, order.id, order.paymentMethod);
    if (input.refundTiyn === undefined || !Number.isSafeInteger(input.refundTiyn) || input.refundTiyn <= 0 || input.refundTiyn >= held) {
      return { ok: false, reason: "orders.refund_invalid" };
    }
  }
  const refusal = useCaseRefusal(tx, order, input.event, now);
  if (refusal) return { ok: false, reason: refusal };
  const dates = readyDates(order, input, now);
  if (!dates.ok) return dates;
  const point = tx.select({ storageDays: pickupPoints.storageDays }).from(pickupPoints).where(eq(pickupPoints.id, order.pickupPointId)).get();
  const patch: Partial<OrderRow> = { status: step.to, updatedAt: now, ...dates.patch };
  // A new state, or a new date inside the same one, starts its one deadline afresh; a step
  // that stays put (the hub's receipt) keeps the deadline it had; an extension moves storage's end on.
  const restarts = step.to !== order.status || Object.keys(dates.patch).length > 0;
  const deadline =
    input.event === "extend_storage" && order.deadlineAt
      ? { kind: order.deadlineKind, at: new Date(order.deadlineAt.getTime() + getEnv().STORAGE_EXTENSION_DAYS * DAY_MS) }
      : restarts
        ? deadlineFor({ status: step.to, promisedReadyAt: patch.promisedReadyAt ?? order.promisedReadyAt, proposedReadyAt: patch.proposedReadyAt === undefined ? order.proposedReadyAt : patch.proposedReadyAt }, now, point?.storageDays ?? 7, deadlines)
        : { kind: order.deadlineKind, at: order.deadlineAt };
  patch.deadlineKind = deadline?.kind ?? null;
  patch.deadlineAt = deadline?.at ?? null;
  // A flag is about the state that was late; moving on takes the order off the queue.
  if (step.to !== order.status) patch.flaggedAt = null;
  if (input.event === "receive" || (input.event === "drop" && input.by === "hub")) patch.receivedAtHubAt = order.receivedAtHubAt ?? now;
  // A new code on arrival at the point, and for an approved return (the buyer shows it to hand the item back).
  if ((step.to === "ready_for_pickup" || step.to === "return_approved") && step.to !== order.status) {
    const salt = newPickupSalt();
    patch.pickupCodeSalt = salt;
    patch.pickupCodeHash = pickupCodeHash(pickupSecret(tx), order.id, pickupCode(pickupSecret(tx), order.id, salt));
    patch.pickupAttempts = 0;
    patch.pickupLockedAt = null;
  }
  // A return refused or never brought leaves the order completed as it was: its first completion stands.
  if (step.to === "completed" || step.to === "refunded" || step.to === "cancelled" || step.to === "returned") patch.completedAt = step.to === "completed" ? (order.completedAt ?? now) : now;
  // The conditional update makes overlapping runs (two deadline jobs, a double click) apply an event once.
  const updated = tx
    .update(orders)
    .set(patch)
    .where(and(eq(orders.id, order.id), eq(orders.status, order.status), eq(orders.updatedAt, order.updatedAt)))
    .run();
  if (updated.changes !== 1) return { ok: false, reason: "orders.changed_meanwhile" };
  tx.insert(orderEvents)
    .values({
      orderId: order.id,
      at: now,
      actorUserId: input.actorUserId,
      event: input.event,
      fromStatus: order.status,
      toStatus: step.to,
      reason: input.reason ?? null,
    })
    .run();
  moveMoney(tx, order, input, step.to, now);
  // Insights (issue 6): sales of a completed or refunded order, and the pickups, disputes, handovers
  // and repeat buyers of its village's month, in this same transaction after the ledger moved.
  recordOrderEventRollups(tx, order, { event: input.event, fromStatus: order.status, toStatus: step.to }, now);
  // Reputation (issue 16): completed orders, drop-offs, disputes lost, in this same transaction.
  recordReputationEvent(tx, order, { event: input.event, from: order.status, to: step.to }, now);
  if (step.to === "cancelled" || step.to === "returned") restock(tx, order.id, now);
  notifyAfter(tx, order, input.event, step.to, now);
  const after = tx.select().from(orders).where(eq(orders.id, order.id)).get();
  return { ok: true, order: after ?? order, from: order.status, to: step.to };
}

/** What the rule alone cannot see: storage extended once and before it ends; a return inside the law's window and goods. */
function useCaseRefusal(tx: Tx, order: OrderRow, event: OrderEvent, now: Date): EventRefusal | null {
  if (event === "extend_storage") {
    if (order.deadlineKind !== "storage" || !order.deadlineAt || order.deadlineAt.getTime() <= now.getTime()) return "orders.not_allowed_now";
    return storageExtended(tx, order.id) ? "orders.already_extended" : null;
  }
  if (event === "return_request") return orderReturnRefusal(tx, order.id, now);
  return null;
}

function deadlinePassed(order: OrderRow, event: OrderEvent, now: Date): boolean {
  return order.deadlineKind !== null && order.deadlineAt !== null && deadlineEvent(order.deadlineKind) === event && order.deadlineAt.getTime() <= now.getTime();
}

/**
 * The made-to-order dates an event changes (issue 14 §1): accepting confirms or brings forward
 * the promised date; proposing a later one, or asking once for more time, waits for the buyer;
 * the buyer's yes makes it the promise; dropping the parcel ends any question.
 */
function readyDates(order: OrderRow, input: EventInput, now: Date): { ok: true; patch: Partial<OrderRow> } | { ok: false; reason: EventRefusal } {
  const named = input.readyAt;
  if (named !== undefined && (Number.isNaN(named.getTime()) || readyDay(named) < readyDay(now) || readyDay(named) > readyDay(now) + MAX_READY_DAYS)) {
    return { ok: false, reason: "orders.ready_date_invalid" };
  }
  switch (input.event) {
    case "accept":
      if (!order.promisedReadyAt || !named) return { ok: true, patch: {} };
      // A later date is a proposal (propose_date, as acceptOrder sends it), never an acceptance.
      if (readyDay(named) > readyDay(order.promisedReadyAt)) return { ok: false, reason: "orders.ready_date_invalid" };
      return { ok: true, patch: { promisedReadyAt: named } };
    case "propose_date":
    case "ask_more_time":
      if (!named || !order.promisedReadyAt || readyDay(named) <= readyDay(order.promisedReadyAt)) return { ok: false, reason: "orders.ready_date_not_later" };
      return { ok: true, patch: input.event === "ask_more_time" ? { proposedReadyAt: named, extensionAskedAt: now } : { proposedReadyAt: named } };
    case "agree_date":
      return { ok: true, patch: { promisedReadyAt: order.proposedReadyAt, proposedReadyAt: null } };
    case "refuse_date":
    case "agree_deadline":
    case "drop":
      return { ok: true, patch: order.proposedReadyAt ? { proposedReadyAt: null } : {} };
    default:
      return { ok: true, patch: {} };
  }
}

/** The ledger side of a transition (DESIGN §4): keys are per order and event, so a retry posts nothing twice. */
function moveMoney(tx: Tx, order: OrderRow, input: EventInput, to: OrderStatus, now: Date): void {
  const base = `order:${order.id}`;
  const split = {
    orderId: order.id,
    sellerId: order.sellerId,
    sellerVillageId: order.sellerVillageId,
    platformRateBp: order.platformRateBp,
    coopRateBp: order.coopRateBp,
    at: now,
    actorUserId: input.actorUserId,
  };
  const cash = order.paymentMethod === "cash";
  if (cash && input.event === "pickup") {
    // The hub keeps the cash until the inspection window has passed (issue 14 §7).
    recordCashAtPickup(tx, { key: `${base}:cash`, orderId: order.id, pickupPointId: order.pickupPointId, amountTiyn: order.totalTiyn, at: now, actorUserId: input.actorUserId });
    return;
  }
  const held = orderHeldTiyn(tx, order.id, order.paymentMethod);
  if ((input.event === "return_arrive" || input.event === "return_lost") && held === 0) {
    // A return after the money was released: the release is undone (decision 0024). A parcel
    // never collected was refunded when it became "to return": nothing was released, nothing moves.
    if (pickedUpAt(tx, order.id)) refundAfterRelease(tx, { ...split, key: `${base}:return_refund`, buyerUserId: order.buyerUserId });
    return;
  }
  if (held === 0) return;
  let refundKey: string | null = null;
  let refundTiyn = 0;
  if (to === "completed" && input.event === "resolve_partial") {
    refundKey = `${base}:resolve`;
    refundTiyn = input.refundTiyn ?? 0;
    resolveEscrow(tx, { ...split, key: refundKey, buyerUserId: order.buyerUserId, refundTiyn, cash });
  } else if (to === "completed") {
    releaseEscrow(tx, { ...split, key: `${base}:release`, cash });
  } else if (to === "cancelled" || to === "returned" || to === "refunded" || input.event === "storage_deadline") {
    // An uncollected parcel is refunded as soon as it is "to return" (decision 0023): the buyer
    // waits for nothing, and the goods themselves travel back to the seller.
    refundKey = `${base}:refund`;
    refundTiyn = held;
    refundEscrow(tx, { key: refundKey, orderId: order.id, buyerUserId: order.buyerUserId, amountTiyn: held, at: now, actorUserId: input.actorUserId, cash });
  }
  // A cash buyer's refund comes back out of the cash the point kept for it.
  if (cash && refundKey && refundTiyn > 0) {
    refundCashAtPoint(tx, { refundKey, orderId: order.id, buyerUserId: order.buyerUserId, pickupPointId: order.pickupPointId, amountTiyn: refundTiyn, at: now, actorUserId: input.actorUserId });
  }
}

/** Cancelled and returned orders give their units back to the shop. */
function restock(tx: Tx, orderId: number, now: Date): void {
  const items = tx.select({ listingId: orderItems.listingId, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, orderId)).all();
  for (const item of items) {
    const listing = tx
      .select({ status: listings.status, stock: listings.stock, madeToOrder: listings.madeToOrder })
      .from(listings)
      .where(eq(listings.id, item.listingId))
      .get();
    if (!listing || listing.madeToOrder) continue;
    const stock = listing.stock + item.quantity;
    tx.update(listings)
      .set({ stock, status: statusAfterStockChange(listing.status, stock, false), updatedAt: now })
      .where(eq(listings.id, item.listingId))
      .run();
  }
}

/**
 * Applies every deadline that has passed (DESIGN §3, the table in deadlines.ts), each in its own
 * transaction: an event moves the order on; a flag hands it to a person. Two runs at once apply
 * each deadline once: the second finds the status already moved (the conditional update in
 * applyOrderEventIn) or the deadline already re-armed (flagOrder's conditional update).
 */
export function runDueDeadlines(db: Db, now: Date, deadlines: Deadlines = deadlineSettings()): { applied: number; flagged: number } {
  const due = db
    .select({ id: orders.id, kind: orders.deadlineKind })
    .from(orders)
    .where(lte(orders.deadlineAt, now))
    .orderBy(asc(orders.deadlineAt))
    .limit(500)
    .all();
  let applied = 0;
  let flagged = 0;
  for (const row of due) {
    if (!row.kind) continue;
    const event = deadlineEvent(row.kind);
    try {
      if (event === null) {
        if (flagOrder(db, row.id, now, deadlines)) flagged++;
        continue;
      }
      const result = applyOrderEvent(db, { orderId: row.id, event, by: "clock", actorUserId: null }, now, deadlines);
      if (result.ok) applied++;
    } catch (error) {
      // One order the ledger refuses (its transaction rolled back) must not hold up every
      // later deadline: it is first in the list, so without this no deadline would ever run again.
      console.warn(`Deadline ${row.kind} of order ${row.id} failed`, error);
    }
  }
  return { applied, flagged };
}

/**
 * A deadline only a person can act on has passed (the hub did not send, the parcel did not
 * arrive, the dispute was not decided): no money moves. The order is flagged for the admins'
 * queue (/admin/held) once, with an event on its timeline, and its deadline is re-armed a
 * follow-up later, so it keeps exactly one future deadline while it waits for the person.
 */
export function flagOrder(db: Db, orderId: number, now: Date, deadlines: Deadlines = deadlineSettings()): boolean {
  return writeTransaction(db, (tx) => {
    const order = tx.select().from(orders).where(eq(orders.id, orderId)).get();
    if (!order?.deadlineKind || !order.deadlineAt || order.deadlineAt.getTime() > now.getTime()) return false;
    const outcome = DEADLINE_TABLE[order.deadlineKind].outcome;
    if (!("flag" in outcome)) return false;
    const updated = tx
      .update(orders)
      .set({ flaggedAt: order.flaggedAt ?? now, deadlineAt: new Date(now.getTime() + deadlines.followUpMs) })
      .where(and(eq(orders.id, order.id), eq(orders.status, order.status), eq(orders.deadlineAt, order.deadlineAt)))
      .run();
    if (updated.changes !== 1) return false;
    if (!order.flaggedAt) {
      tx.insert(orderEvents)
        .values({ orderId: order.id, at: now, actorUserId: null, event: `flagged_${outcome.flag}`, fromStatus: order.status, toStatus: order.status, reason: order.deadlineKind })
        .run();
      // A late step of the way back: its coordinators (and, for an unanswered request, the seller) are texted.
      notifyReturnOverdue(tx, order, now);
    }
    return true;
  });
}

/**
 * For /metrics: deadlines that passed and are not yet applied, and how late the
 * oldest is. The scheduler runs every minute, so a lag beyond a few minutes
 * means it stopped or an order keeps failing.
 */
export function overdueDeadlines(db: Db, now: Date): { count: number; oldestLateSeconds: number } {
  const row = db
    .select({ count: sql<number>`count(*)`, oldest: sql<number | null>`min(${orders.deadlineAt})` })
    .from(orders)
    .where(lte(orders.deadlineAt, now))
    .get();
  const oldest = row?.oldest ?? null;
  return { count: row?.count ?? 0, oldestLateSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000) };
}
