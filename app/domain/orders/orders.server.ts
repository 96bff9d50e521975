/**
 * Orders: checkout, and every step of an order's life (DESIGN §3). Each use
 * case is one IMMEDIATE transaction that checks the rule (order-machine.ts),
 * moves the status with a conditional update, writes an order event, moves
 * the money through the ledger and queues the messages — all or nothing.
 * Calls to the payment provider and the SMS gateway happen after commit
 * (DB-04), linked by idempotency keys.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { checkouts, listings, orderEvents, orderItems, orders, pickupPoints, sellers, users } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { translator } from "../../i18n/translate.server";
import { statusAfterStockChange } from "../catalog/listing-rules";
import { commissionRates } from "../escrow/commission.server";
import { captureEscrow, recordCashAtPickup, refundEscrow, releaseEscrow, resolveEscrow } from "../escrow/ledger-posting.server";
import { orderEscrowTiyn } from "../escrow/ledger-reads.server";
import { recordOrderEventRollups } from "../insights/rollups.server";
import { enqueueSms } from "../notify/outbox.server";
import { clearCart, readCart } from "./cart.server";
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
import type { OrderStatus, PaymentMethod } from "./order-status";
import { MAX_PICKUP_ATTEMPTS, newPickupSalt, pickupCode, pickupCodeHash, pickupCodeMatches, pickupSecret } from "./pickup-code.server";
import { formatMoney } from "../../i18n/money";

export type OrderRow = typeof orders.$inferSelect;

export type CheckoutRefusal =
  | "orders.cart_empty"
  | "orders.cart_has_problems"
  | "orders.pickup_point_invalid"
  | "orders.cash_not_accepted"
  | "orders.cash_not_allowed_by_seller"
  | "orders.not_enough_stock"
  | "orders.checkout_key_reused";

export interface CheckoutInput {
  buyerUserId: number;
  cartKey: string;
  pickupPointId: number;
  paymentMethod: PaymentMethod;
  /** From the checkout form: a second submit of the same form finds the first checkout. */
  idempotencyKey: string;
  language: Language;
}

export type CheckoutResult =
  | { ok: true; checkoutId: number; orderIds: number[]; paymentMethod: PaymentMethod; totalTiyn: number; replayed: boolean }
  | { ok: false; reason: CheckoutRefusal };

class Rollback extends Error {
  constructor(readonly reason: CheckoutRefusal) {
    super(reason);
  }
}

/**
 * Splits the cart into one order per seller and reserves the stock in the
 * same transaction with a conditional update (SEC-13): when two buyers race
 * for the last chair, exactly one gets it and the other's checkout rolls back.
 */
export function checkout(db: Db, input: CheckoutInput, now: Date): CheckoutResult {
  try {
    return writeTransaction(db, (tx) => {
      const earlier = tx.select().from(checkouts).where(eq(checkouts.idempotencyKey, input.idempotencyKey)).get();
      if (earlier) {
        // MONEY-07: the same key for another buyer, point or payment is a different request.
        const same =
          earlier.buyerUserId === input.buyerUserId &&
          earlier.pickupPointId === input.pickupPointId &&
          earlier.paymentMethod === input.paymentMethod;
        if (!same) throw new Rollback("orders.checkout_key_reused");
        const ids = tx.select({ id: orders.id }).from(orders).where(eq(orders.checkoutId, earlier.id)).orderBy(asc(orders.id)).all();
        return {
          ok: true as const,
          checkoutId: earlier.id,
          orderIds: ids.map((o) => o.id),
          paymentMethod: earlier.paymentMethod,
          totalTiyn: earlier.totalTiyn,
          replayed: true,
        };
      }
      const groups = readCart(tx, input.cartKey, input.language);
      if (groups.length === 0) throw new Rollback("orders.cart_empty");
      if (groups.some((g) => g.lines.some((l) => l.problem !== null))) throw new Rollback("orders.cart_has_problems");
      const point = tx.select().from(pickupPoints).where(eq(pickupPoints.id, input.pickupPointId)).get();
      if (!point || !point.active) throw new Rollback("orders.pickup_point_invalid");
      if (input.paymentMethod === "cash" && !point.acceptsCash) throw new Rollback("orders.cash_not_accepted");
      if (input.paymentMethod === "cash" && groups.some((g) => !g.acceptsCash)) throw new Rollback("orders.cash_not_allowed_by_seller");
      const rates = commissionRates(tx);
      const totalTiyn = groups.reduce((sum, g) => sum + g.totalTiyn, 0);
      const created = tx
        .insert(checkouts)
        .values({
          buyerUserId: input.buyerUserId,
          pickupPointId: point.id,
          paymentMethod: input.paymentMethod,
          totalTiyn,
          idempotencyKey: input.idempotencyKey,
          createdAt: now,
        })
        .returning({ id: checkouts.id })
        .get();
      const initial: OrderStatus = input.paymentMethod === "cash" ? "accepted" : "pending_payment";
      const deadline = deadlineFor(initial, now, point.storageDays);
      const orderIds: number[] = [];
      for (const group of groups) {
        for (const line of group.lines) reserveStock(tx, line.listingId, line.quantity, now);
        const order = tx
          .insert(orders)
          .values({
            checkoutId: created.id,
            buyerUserId: input.buyerUserId,
            sellerId: group.sellerId,
            sellerVillageId: group.villageId,
            pickupPointId: point.id,
            paymentMethod: input.paymentMethod,
            status: initial,
            totalTiyn: group.totalTiyn,
            platformRateBp: rates.platformBp,
            coopRateBp: rates.coopBp,
            sameVillage: group.villageId === point.villageId,
            deadlineKind: deadline?.kind ?? null,
            deadlineAt: deadline?.at ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: orders.id })
          .get();
        orderIds.push(order.id);
        for (const line of group.lines) {
          tx.insert(orderItems)
            .values({
              orderId: order.id,
              listingId: line.listingId,
              title: line.title,
              language: line.titleLanguage,
              priceTiyn: line.priceTiyn,
              quantity: line.quantity,
              lineTiyn: line.lineTiyn,
            })
            .run();
        }
        tx.insert(orderEvents)
          .values({ orderId: order.id, at: now, actorUserId: input.buyerUserId, event: "placed", fromStatus: null, toStatus: initial })
          .run();
        if (initial === "accepted") notifySeller(tx, order.id, "new_cash_order", now);
      }
      clearCart(tx, input.cartKey);
      return { ok: true as const, checkoutId: created.id, orderIds, paymentMethod: input.paymentMethod, totalTiyn, replayed: false };
    });
  } catch (error) {
    if (error instanceof Rollback) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** SEC-13: take the units only if they are still there; otherwise roll the whole checkout back. */
function reserveStock(tx: Tx, listingId: number, quantity: number, now: Date): void {
  const changed = tx.run(sql`
    UPDATE listings
       SET stock = CASE WHEN made_to_order = 1 THEN stock ELSE stock - ${quantity} END,
           status = CASE WHEN made_to_order = 0 AND stock - ${quantity} = 0 THEN 'sold_out' ELSE status END,
           updated_at = ${now.getTime()}
     WHERE id = ${listingId} AND status = 'active' AND (made_to_order = 1 OR stock >= ${quantity})`);
  if (changed.changes !== 1) throw new Rollback("orders.not_enough_stock");
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

export interface EventInput {
  orderId: number;
  event: OrderEvent;
  by: EventSource;
  actorUserId: number | null;
  reason?: string | null;
  /** resolve_partial: how much goes back to the buyer. */
  refundTiyn?: number;
}

export type EventRefusal = TransitionRefusal | "orders.not_found" | "orders.refund_invalid" | "orders.changed_meanwhile";
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
  const point = tx.select({ storageDays: pickupPoints.storageDays }).from(pickupPoints).where(eq(pickupPoints.id, order.pickupPointId)).get();
  const deadline = step.to === order.status ? { kind: order.deadlineKind, at: order.deadlineAt } : deadlineFor(step.to, now, point?.storageDays ?? 7, deadlines);
  const patch: Partial<OrderRow> = {
    status: step.to,
    updatedAt: now,
    deadlineKind: deadline?.kind ?? null,
    deadlineAt: deadline?.at ?? null,
  };
  if (input.event === "receive" || (input.event === "drop" && input.by === "hub")) patch.receivedAtHubAt = order.receivedAtHubAt ?? now;
  if (step.to === "ready_for_pickup") {
    const salt = newPickupSalt();
    patch.pickupCodeSalt = salt;
    patch.pickupCodeHash = pickupCodeHash(pickupSecret(tx), order.id, pickupCode(pickupSecret(tx), order.id, salt));
    patch.pickupAttempts = 0;
    patch.pickupLockedAt = null;
  }
  if (step.to === "completed" || step.to === "refunded" || step.to === "cancelled" || step.to === "returned") patch.completedAt = now;
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
  if (held === 0) return;
  if (to === "completed" && input.event === "resolve_partial") {
    resolveEscrow(tx, { ...split, key: `${base}:resolve`, buyerUserId: order.buyerUserId, refundTiyn: input.refundTiyn ?? 0 });
  } else if (to === "completed") {
    releaseEscrow(tx, { ...split, key: `${base}:release` });
  } else if (to === "cancelled" || to === "returned" || to === "refunded") {
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

/** The provider captured an online checkout's payment: escrow per order, then paid. */
export function capturePaidOrders(tx: Tx, checkoutId: number, now: Date): number[] {
  const list = tx.select().from(orders).where(eq(orders.checkoutId, checkoutId)).orderBy(asc(orders.id)).all();
  const paid: number[] = [];
  for (const order of list) {
    captureEscrow(tx, { key: `order:${order.id}:capture`, orderId: order.id, amountTiyn: order.totalTiyn, at: now });
    if (order.status === "pending_payment") {
      const result = applyOrderEventIn(tx, { orderId: order.id, event: "payment_captured", by: "provider", actorUserId: null }, now);
      if (result.ok) paid.push(order.id);
    } else {
      // The money came after the order had already ended (expired, cancelled): give it back.
      refundEscrow(tx, {
        key: `order:${order.id}:refund-late-capture`,
        orderId: order.id,
        buyerUserId: order.buyerUserId,
        amountTiyn: order.totalTiyn,
        at: now,
        actorUserId: null,
      });
    }
  }
  return paid;
}

/** The provider declined the payment: the checkout's orders are cancelled and their stock released. */
export function failUnpaidOrders(tx: Tx, checkoutId: number, now: Date): void {
  const list = tx.select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.checkoutId, checkoutId)).all();
  for (const order of list) {
    if (order.status === "pending_payment") {
      applyOrderEventIn(tx, { orderId: order.id, event: "payment_failed", by: "provider", actorUserId: null }, now);
    }
  }
}

export type HandoverRefusal = EventRefusal | "orders.code_wrong" | "orders.parcel_locked" | "orders.cash_amount_wrong";

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
  const secret = pickupSecret(db);
  return writeTransaction(db, (tx) => {
    const order = tx.select().from(orders).where(eq(orders.id, input.orderId)).get();
    if (!order) return { ok: false as const, reason: "orders.not_found" as const };
    if (order.status !== "ready_for_pickup" || !order.pickupCodeHash) return { ok: false as const, reason: "orders.not_allowed_now" as const };
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
    if (order.paymentMethod === "cash" && input.cashTiyn !== order.totalTiyn) {
      return { ok: false as const, reason: "orders.cash_amount_wrong" as const };
    }
    if (order.paymentMethod === "cash") tx.update(orders).set({ cashCollectedTiyn: order.totalTiyn }).where(eq(orders.id, order.id)).run();
    return applyOrderEventIn(tx, { orderId: order.id, event: "pickup", by: "operator", actorUserId: input.actorUserId }, now);
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

/** The code the buyer shows at the point, while the parcel waits there. */
export function buyerPickupCode(db: Db, order: Pick<OrderRow, "id" | "status" | "pickupCodeSalt">): string | null {
  if (order.status !== "ready_for_pickup" || !order.pickupCodeSalt) return null;
  return pickupCode(pickupSecret(db), order.id, order.pickupCodeSalt);
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

// ---------------------------------------------------------------- messages

type Recipient = { userId: number; phone: string | null; language: Language };

function recipient(tx: Tx, userId: number): Recipient | null {
  const user = tx.select({ phone: users.phone, language: users.preferredLanguage }).from(users).where(eq(users.id, userId)).get();
  return user ? { userId, phone: user.phone, language: user.language } : null;
}

/** `sensitive`: the text carries a pickup code, so the outbox erases it once delivered. */
function send(tx: Tx, to: Recipient | null, kind: string, vars: Record<string, string>, now: Date, sensitive = false): void {
  if (!to?.phone) return;
  const t = translator(to.language, "orders");
  enqueueSms(tx, { kind: `order.${kind}`, userId: to.userId, to: to.phone, language: to.language, text: t(`sms.${kind}`, vars), sensitive }, now);
}

function sellerUserOf(tx: Tx, sellerId: number): number | null {
  return tx.select({ userId: sellers.userId }).from(sellers).where(eq(sellers.id, sellerId)).get()?.userId ?? null;
}

function notifySeller(tx: Tx, orderId: number, kind: string, now: Date): void {
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) return;
  const sellerUser = sellerUserOf(tx, order.sellerId);
  const to = sellerUser === null ? null : recipient(tx, sellerUser);
  send(tx, to, kind, { order: String(order.id), total: formatMoney(order.totalTiyn, to?.language ?? "kk") }, now);
}

/** The messages that matter (issue 5 §8): paid, accepted, ready with the code, released, refunded. */
function notifyAfter(tx: Tx, order: OrderRow, event: OrderEvent, to: OrderStatus, now: Date): void {
  const buyer = recipient(tx, order.buyerUserId);
  const vars = (r: Recipient | null) => ({ order: String(order.id), total: formatMoney(order.totalTiyn, r?.language ?? "kk") });
  switch (to) {
    case "paid":
      send(tx, buyer, "paid", vars(buyer), now);
      notifySeller(tx, order.id, "new_order", now);
      return;
    case "accepted":
      send(tx, buyer, "accepted", vars(buyer), now);
      return;
    case "ready_for_pickup": {
      const fresh = tx.select().from(orders).where(eq(orders.id, order.id)).get();
      const point = tx.select({ name: pickupPoints.name, address: pickupPoints.address }).from(pickupPoints).where(eq(pickupPoints.id, order.pickupPointId)).get();
      if (fresh?.pickupCodeSalt) {
        const code = pickupCode(pickupSecret(tx), order.id, fresh.pickupCodeSalt);
        send(tx, buyer, "ready", { ...vars(buyer), code, point: point ? `${point.name}, ${point.address}` : "" }, now, true);
      }
      return;
    }
    case "completed":
      if (order.paymentMethod === "online") notifySeller(tx, order.id, "released", now);
      return;
    case "cancelled":
    case "returned":
    case "refunded":
      if (order.paymentMethod === "online" && order.status !== "pending_payment") send(tx, buyer, "refunded", vars(buyer), now);
      else send(tx, buyer, "cancelled", vars(buyer), now);
      if (event === "buyer_cancel" || event === "payment_expired" || event === "accept_deadline" || event === "drop_deadline") {
        notifySeller(tx, order.id, "cancelled_for_seller", now);
      }
      return;
    case "disputed":
      notifySeller(tx, order.id, "disputed", now);
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------- reading

/** What can() needs to decide about an order. */
export function orderAccess(db: Db, orderId: number) {
  return db
    .select({
      id: orders.id,
      buyerUserId: orders.buyerUserId,
      sellerUserId: sellers.userId,
      sellerVillageId: orders.sellerVillageId,
      pickupPointId: orders.pickupPointId,
      pickupVillageId: pickupPoints.villageId,
    })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(pickupPoints, eq(pickupPoints.id, orders.pickupPointId))
    .where(eq(orders.id, orderId))
    .get();
}

export function getOrder(db: Db, orderId: number) {
  return db.select().from(orders).where(eq(orders.id, orderId)).get();
}

export function orderItemsOf(db: Db, orderIds: number[]) {
  if (orderIds.length === 0) return [];
  return db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.id)).all();
}

export function orderTimeline(db: Db, orderId: number) {
  return db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id)).all();
}

export function ordersOfCheckout(db: Db, checkoutId: number) {
  return db.select().from(orders).where(eq(orders.checkoutId, checkoutId)).orderBy(asc(orders.id)).all();
}

export function getCheckout(db: Db, checkoutId: number) {
  return db.select().from(checkouts).where(eq(checkouts.id, checkoutId)).get();
}
