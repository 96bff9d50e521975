/**
 * The pickup point's side of an order (MONEY-10): the handover against the buyer's code, an
 * approved return taken back against the buyer's return code, a coordinator's unlock of a locked parcel, and the code the buyer shows.
 */
import { eq } from "drizzle-orm";
import { orderEvents, orders } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { applyOrderEventIn, type EventRefusal, type EventResult } from "./order-events.server";
import type { OrderRow } from "./order-views.server";
import { pointName, recordCustody } from "../shipping/custody.server";
import { MAX_PICKUP_ATTEMPTS, pickupCode, pickupCodeMatches, pickupSecret } from "./pickup-code.server";

export type HandoverRefusal = EventRefusal | "orders.code_wrong" | "orders.parcel_locked" | "orders.cash_amount_wrong";

/** What the counter does with a code: hand a parcel over to its buyer, or take back an approved return from them. */
const COUNTER = {
  pickup: { status: "ready_for_pickup", event: "pickup" },
  return: { status: "return_approved", event: "return_drop" },
} as const;

/**
 * The operator hands a parcel over against the buyer's code (MONEY-10). Five
 * wrong codes lock the parcel until a coordinator unlocks it; a cash order
 * also needs the cash taken, which must be the order's total.
 */
export function handOver(
  db: Db,
  input: { orderId: number; code: string; actorUserId: number; cashTiyn?: number },
  now: Date,
): EventResult | { ok: false; reason: HandoverRefusal; attemptsLeft?: number } {
  return atTheCounter(db, "pickup", input, now);
}

/**
 * The point takes back an item whose return was approved, against the buyer's return code
 * (issue 14 §6): the same code rules as a pickup, so nobody drops another buyer's return.
 */
export function takeReturn(
  db: Db,
  input: { orderId: number; code: string; actorUserId: number },
  now: Date,
): EventResult | { ok: false; reason: HandoverRefusal; attemptsLeft?: number } {
  return atTheCounter(db, "return", input, now);
}

function atTheCounter(
  db: Db,
  kind: keyof typeof COUNTER,
  input: { orderId: number; code: string; actorUserId: number; cashTiyn?: number },
  now: Date,
): EventResult | { ok: false; reason: HandoverRefusal; attemptsLeft?: number } {
  const secret = pickupSecret(db);
  const step = COUNTER[kind];
  return writeTransaction(db, (tx) => {
    const order = tx.select().from(orders).where(eq(orders.id, input.orderId)).get();
    if (!order) return { ok: false as const, reason: "orders.not_found" as const };
    if (order.status !== step.status || !order.pickupCodeHash) return { ok: false as const, reason: "orders.not_allowed_now" as const };
    if (order.pickupLockedAt) return { ok: false as const, reason: "orders.parcel_locked" as const };
    if (!pickupCodeMatches(secret, order.id, input.code, order.pickupCodeHash)) {
      const attempts = order.pickupAttempts + 1;
      const locked = attempts >= MAX_PICKUP_ATTEMPTS;
      tx.update(orders)
        .set({ pickupAttempts: attempts, pickupLockedAt: locked ? now : null })
        .where(eq(orders.id, order.id))
        .run();
      tx.insert(orderEvents)
        .values({ orderId: order.id, at: now, actorUserId: input.actorUserId, event: locked ? "code_locked" : "code_wrong", fromStatus: order.status, toStatus: order.status })
        .run();
      return {
        ok: false as const,
        reason: locked ? ("orders.parcel_locked" as const) : ("orders.code_wrong" as const),
        attemptsLeft: MAX_PICKUP_ATTEMPTS - attempts,
      };
    }
    if (kind === "pickup" && order.paymentMethod === "cash") {
      if (input.cashTiyn !== order.totalTiyn) return { ok: false as const, reason: "orders.cash_amount_wrong" as const };
      tx.update(orders).set({ cashCollectedTiyn: order.totalTiyn }).where(eq(orders.id, order.id)).run();
    }
    const moved = applyOrderEventIn(tx, { orderId: order.id, event: step.event, by: "operator", actorUserId: input.actorUserId }, now);
    // The last handover of the custody chain (issue 17 §4): the buyer's code is its scan.
    if (moved.ok && kind === "pickup") recordCustody(tx, { orderId: order.id, handover: "collect", holder: "buyer", holderName: "", actorUserId: input.actorUserId }, now);
    // The way back starts with the buyer's return code (decision returns-ride-shipments).
    if (moved.ok && kind === "return") recordCustody(tx, { orderId: order.id, handover: "return_drop", holder: "point", holderName: pointName(tx, order.pickupPointId), actorUserId: input.actorUserId }, now);
    return moved;
  });
}

/** A coordinator unlocks a parcel after checking the buyer in person. */
export function unlockParcel(db: Db, input: { orderId: number; actorUserId: number; reason: string }, now: Date): boolean {
  return writeTransaction(db, (tx) => {
    const order = tx.select().from(orders).where(eq(orders.id, input.orderId)).get();
    if (!order?.pickupLockedAt) return false;
    tx.update(orders).set({ pickupLockedAt: null, pickupAttempts: 0 }).where(eq(orders.id, order.id)).run();
    tx.insert(orderEvents)
      .values({ orderId: order.id, at: now, actorUserId: input.actorUserId, event: "unlock", fromStatus: order.status, toStatus: order.status, reason: input.reason })
      .run();
    return true;
  });
}

/** The code the buyer shows at the point, while the parcel waits there or an approved return waits to be brought. */
export function buyerPickupCode(db: Db, order: Pick<OrderRow, "id" | "status" | "pickupCodeSalt">): string | null {
  if ((order.status !== "ready_for_pickup" && order.status !== "return_approved") || !order.pickupCodeSalt) return null;
  return pickupCode(pickupSecret(db), order.id, order.pickupCodeSalt);
}
