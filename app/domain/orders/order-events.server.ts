/**
 * Every step of an order's life (DESIGN §3). Each step is one IMMEDIATE transaction that checks
 * the rule (order-machine.ts), moves the status with a conditional update, writes an order event,
 * moves the money through the ledger and queues the messages — all or nothing.
 */
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { listings, orderEvents, orderItems, orders, pickupPoints } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { statusAfterStockChange } from "../catalog/listing-rules";
import { recordCashAtPickup, refundEscrow, releaseEscrow, resolveEscrow } from "../escrow/ledger-posting.server";
import { orderEscrowTiyn } from "../escrow/ledger-reads.server";
import { refundAfterRelease } from "../escrow/ledger-returns.server";
import { getEnv } from "../../env.server";
import { recordOrderEventRollups } from "../insights/rollups.server";
import {
  DEADLINE_EVENTS,
  DEFAULT_DEADLINES,
  deadlineFor,
  nextStatus,
  type Deadlines,
  type EventSource,
  type OrderEvent,
  type TransitionRefusal,
} from "./order-machine";
import { notifyAfter } from "./order-notices.server";
import type { OrderStatus } from "./order-status";
import type { OrderRow } from "./order-views.server";
import { newPickupSalt, pickupCode, pickupCodeHash, pickupSecret } from "./pickup-code.server";
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
}

export type EventRefusal =
  | TransitionRefusal
  | ReturnRefusal
  | "orders.not_found"
  | "orders.refund_invalid"
  | "orders.changed_meanwhile"
  | "orders.already_extended";
export type EventResult = { ok: true; order: OrderRow; from: OrderStatus; to: OrderStatus } | { ok: false; reason: EventRefusal };

/** Applies one event to one order in its own transaction. */
export function applyOrderEvent(db: Db, input: EventInput, now: Date, deadlines: Deadlines = DEFAULT_DEADLINES): EventResult {
  return writeTransaction(db, (tx) => applyOrderEventIn(tx, input, now, deadlines));
}

/** The same, inside a caller's transaction (payment webhooks move several orders at once). */
export function applyOrderEventIn(tx: Tx, input: EventInput, now: Date, deadlines: Deadlines = DEFAULT_DEADLINES): EventResult {
  const order = tx.select().from(orders).where(eq(orders.id, input.orderId)).get();
  if (!order) return { ok: false, reason: "orders.not_found" };
  // The clock fires only the deadline the order is waiting on, and only once it has passed:
  // a scheduler run with a stale list, or a clock running early, must not cancel a live order.
  if (input.by === "clock" && !deadlinePassed(order, input.event, now)) return { ok: false, reason: "orders.not_allowed_now" };
  const step = nextStatus(
    { status: order.status, paymentMethod: order.paymentMethod, sameVillage: order.sameVillage, receivedAtHub: order.receivedAtHubAt !== null },
    input.event,
    input.by,
  );
  if (!step.ok) return step;
  if (input.event === "resolve_partial") {
    const held = orderEscrowTiyn(tx, order.id);
    if (input.refundTiyn === undefined || !Number.isSafeInteger(input.refundTiyn) || input.refundTiyn <= 0 || input.refundTiyn >= held) {
      return { ok: false, reason: "orders.refund_invalid" };
    }
  }
  const refusal = useCaseRefusal(tx, order, input.event, now);
  if (refusal) return { ok: false, reason: refusal };
  const point = tx.select({ storageDays: pickupPoints.storageDays }).from(pickupPoints).where(eq(pickupPoints.id, order.pickupPointId)).get();
  const deadline = nextDeadline(order, input.event, step.to, now, point?.storageDays ?? 7, deadlines);
  const patch: Partial<OrderRow> = {
    status: step.to,
    updatedAt: now,
    deadlineKind: deadline?.kind ?? null,
    deadlineAt: deadline?.at ?? null,
  };
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

/**
 * The deadline after an event: a new one on entering a status; the same one when the status stays,
 * except that an extension moves storage's end on, and a late step of the way back starts its
 * deadline again (a person was told; issue 14: every state holding money or goods has one).
 */
function nextDeadline(order: OrderRow, event: OrderEvent, to: OrderStatus, now: Date, storageDays: number, deadlines: Deadlines) {
  if (event === "extend_storage" && order.deadlineAt) {
    return { kind: order.deadlineKind, at: new Date(order.deadlineAt.getTime() + getEnv().STORAGE_EXTENSION_DAYS * 86_400_000) };
  }
  if (to === order.status && event !== "return_overdue") return { kind: order.deadlineKind, at: order.deadlineAt };
  return deadlineFor(to, now, storageDays, deadlines);
}

function deadlinePassed(order: OrderRow, event: OrderEvent, now: Date): boolean {
  return order.deadlineKind !== null && order.deadlineAt !== null && DEADLINE_EVENTS[order.deadlineKind] === event && order.deadlineAt.getTime() <= now.getTime();
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
  if (order.paymentMethod === "cash") {
    if (input.event === "pickup") {
      recordCashAtPickup(tx, {
        ...split,
        key: `${base}:cash`,
        pickupPointId: order.pickupPointId,
        amountTiyn: order.totalTiyn,
      });
    }
    return;
  }
  const held = orderEscrowTiyn(tx, order.id);
  if (input.event === "return_arrive" && held === 0) {
    // A return after the money was released: the release is undone (decision 0021). A parcel
    // never collected was refunded when it became "to return": nothing was released, nothing moves.
    if (pickedUpAt(tx, order.id)) refundAfterRelease(tx, { ...split, key: `${base}:return_refund`, buyerUserId: order.buyerUserId });
    return;
  }
  if (held === 0) return;
  if (to === "completed" && input.event === "resolve_partial") {
    resolveEscrow(tx, { ...split, key: `${base}:resolve`, buyerUserId: order.buyerUserId, refundTiyn: input.refundTiyn ?? 0 });
  } else if (to === "completed") {
    releaseEscrow(tx, { ...split, key: `${base}:release` });
  } else if (to === "cancelled" || to === "returned" || to === "refunded" || input.event === "storage_deadline") {
    // An uncollected parcel is refunded as soon as it is "to return" (decision 0020): the buyer
    // waits for nothing, and the goods themselves travel back to the seller.
    refundEscrow(tx, {
      key: `${base}:refund`,
      orderId: order.id,
      buyerUserId: order.buyerUserId,
      amountTiyn: held,
      at: now,
      actorUserId: input.actorUserId,
    });
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
 * Applies every deadline that has passed (DESIGN §3), each in its own
 * transaction. Two runs at once apply each deadline once: the second finds
 * the status already moved (the conditional update in applyOrderEventIn).
 */
export function runDueDeadlines(db: Db, now: Date, deadlines: Deadlines = DEFAULT_DEADLINES): { applied: number } {
  const due = db
    .select({ id: orders.id, kind: orders.deadlineKind })
    .from(orders)
    .where(lte(orders.deadlineAt, now))
    .orderBy(asc(orders.deadlineAt))
    .limit(500)
    .all();
  let applied = 0;
  for (const row of due) {
    if (!row.kind) continue;
    try {
      const result = applyOrderEvent(db, { orderId: row.id, event: DEADLINE_EVENTS[row.kind], by: "clock", actorUserId: null }, now, deadlines);
      if (result.ok) applied++;
    } catch (error) {
      // One order the ledger refuses (its transaction rolled back) must not hold up every
      // later deadline: it is first in the list, so without this no deadline would ever run again.
      console.warn(`Deadline ${row.kind} of order ${row.id} failed`, error);
    }
  }
  return { applied };
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
