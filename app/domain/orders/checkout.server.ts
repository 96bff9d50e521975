/**
 * Checkout (DESIGN §3): the cart becomes one order per seller, its stock reserved, in one
 * IMMEDIATE transaction; and the payment provider's outcome applied to a checkout's orders.
 * Calls to the payment provider happen after commit (DB-04), linked by idempotency keys.
 */
import { checkSelfPurchase } from "../trust/fraud.server";
import { asc, eq, sql } from "drizzle-orm";
import { checkouts, orderEvents, orderItems, orderLegs, orders } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { commissionRates } from "../escrow/commission.server";
import { captureEscrow, refundEscrow } from "../escrow/ledger-posting.server";
import { clearCart, readCart } from "./cart.server";
import { applyOrderEventIn } from "./order-events.server";
import { deadlineSettings } from "./deadline-settings.server";
import { deadlineFor } from "./deadlines";
import { getQuotedPoint, promisedReady, quoteCartDelivery, type CheckoutDeliveryRefusal } from "./delivery-quotes.server";
import { notifySeller } from "./order-notices.server";
import type { OrderStatus, PaymentMethod } from "./order-status";

export type CheckoutRefusal =
  | "orders.cart_empty"
  | "orders.cart_has_problems"
  | "orders.pickup_point_invalid"
  | "orders.cash_not_accepted"
  | "orders.cash_not_allowed_by_seller"
  | "orders.not_enough_stock"
  | "orders.checkout_key_reused"
  | CheckoutDeliveryRefusal;

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
      const point = getQuotedPoint(tx, input.pickupPointId);
      if (!point || !point.active) throw new Rollback("orders.pickup_point_invalid");
      if (input.paymentMethod === "cash" && !point.acceptsCash) throw new Rollback("orders.cash_not_accepted");
      if (input.paymentMethod === "cash" && groups.some((g) => !g.acceptsCash)) throw new Rollback("orders.cash_not_allowed_by_seller");
      // Issue 17: each seller's parcel must reach the point (lanes, weight, room); its fee is the buyer's.
      const delivery = quoteCartDelivery(tx, groups, point, now);
      if (delivery.refusal) throw new Rollback(delivery.refusal);
      const rates = commissionRates(tx);
      const totalTiyn = groups.reduce((sum, g) => sum + g.totalTiyn, 0) + delivery.feeTiyn;
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
      const orderIds: number[] = [];
      for (const [index, group] of groups.entries()) {
        // Made to order: ready when the slowest of its goods can be made (issue 14 §1).
        const promisedReadyAt = promisedReady(group, now);
        const quote = delivery.groups[index];
        if (!quote?.ok) throw new Error(`checkout: no delivery quote for seller ${group.sellerId}`);
        const deadline = deadlineFor({ status: initial, promisedReadyAt }, now, point.storageDays, deadlineSettings());
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
            totalTiyn: group.totalTiyn + quote.feeTiyn,
            deliveryTiyn: quote.feeTiyn,
            expectedArrivalAt: quote.arrivesAt,
            platformRateBp: rates.platformBp,
            coopRateBp: rates.coopBp,
            sameVillage: quote.sameVillage,
            deadlineKind: deadline?.kind ?? null,
            deadlineAt: deadline?.at ?? null,
            promisedReadyAt,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: orders.id })
          .get();
        orderIds.push(order.id);
        for (const [leg, l] of quote.legs.entries()) {
          tx.insert(orderLegs).values({ orderId: order.id, leg: leg + 1, laneId: l.laneId, feeTiyn: l.feeTiyn, departsAt: l.departsAt, arrivesAt: l.arrivesAt }).run();
        }
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
        checkSelfPurchase(tx, order.id, now);
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
