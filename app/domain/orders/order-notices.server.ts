/**
 * The SMS an order's steps send, composed in the buyer's or seller's language and queued in
 * the outbox inside the step's transaction. The SMS gateway is called after commit (DB-04),
 * linked by idempotency keys.
 */
import { eq } from "drizzle-orm";
import { orders, pickupPoints, sellers, users } from "../../../db/schema";
import type { Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { formatMoney } from "../../i18n/money";
import { translator } from "../../i18n/translate.server";
import { enqueueSms } from "../notify/outbox.server";
import type { OrderEvent } from "./order-machine";
import type { OrderStatus } from "./order-status";
import type { OrderRow } from "./order-views.server";
import { pickupCode, pickupSecret } from "./pickup-code.server";
import { pickedUpAt, villageCoordinatorIds } from "./returns.server";

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

/** Tells the seller of an order, in their language, with its number and total. */
export function notifySeller(tx: Tx, orderId: number, kind: string, now: Date): void {
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) return;
  const sellerUser = sellerUserOf(tx, order.sellerId);
  const to = sellerUser === null ? null : recipient(tx, sellerUser);
  send(tx, to, kind, { order: String(order.id), total: formatMoney(order.totalTiyn, to?.language ?? "kk") }, now);
}

/** The point's name and address, for messages that send the buyer there. */
function pointText(tx: Tx, pickupPointId: number): string {
  const point = tx.select({ name: pickupPoints.name, address: pickupPoints.address }).from(pickupPoints).where(eq(pickupPoints.id, pickupPointId)).get();
  return point ? `${point.name}, ${point.address}` : "";
}

/** A message with the order's current code (pickup, or an approved return) and where to show it; erased once delivered. */
function sendCode(tx: Tx, order: OrderRow, to: Recipient | null, kind: string, vars: Record<string, string>, now: Date): void {
  const fresh = tx.select().from(orders).where(eq(orders.id, order.id)).get();
  if (!fresh?.pickupCodeSalt) return;
  const code = pickupCode(pickupSecret(tx), order.id, fresh.pickupCodeSalt);
  send(tx, to, kind, { ...vars, code, point: pointText(tx, order.pickupPointId) }, now, true);
}

/**
 * The way back's messages (issue 14 §5–6), or false when the event has none of its own: the
 * buyer told a parcel goes back, the seller of a return request, the buyer of the answer (with the
 * return code), the seller when the goods are back at their hub, the hub's coordinators of a late step.
 */
function notifyWayBack(tx: Tx, order: OrderRow, event: OrderEvent, buyer: Recipient | null, now: Date): boolean {
  const vars = (r: Recipient | null) => ({ order: String(order.id), total: formatMoney(order.totalTiyn, r?.language ?? "kk") });
  switch (event) {
    case "storage_deadline":
      send(tx, buyer, order.paymentMethod === "online" ? "not_collected_refunded" : "not_collected", vars(buyer), now);
      return true;
    case "return_request":
      notifySeller(tx, order.id, "return_requested", now);
      return true;
    case "return_approve":
      sendCode(tx, order, buyer, "return_approved", vars(buyer), now);
      return true;
    case "return_refuse":
      send(tx, buyer, "return_refused", vars(buyer), now);
      return true;
    case "return_drop_deadline":
      send(tx, buyer, "return_lapsed", vars(buyer), now);
      if (!order.completedAt) notifySeller(tx, order.id, "released", now);
      return true;
    case "return_arrive":
      // Collected and brought back (a return): the buyer's money; never collected: the goods are on sale again.
      if (pickedUpAt(tx, order.id)) {
        send(tx, buyer, "return_refunded", vars(buyer), now);
        notifySeller(tx, order.id, "return_back", now);
      } else {
        notifySeller(tx, order.id, "parcel_back", now);
      }
      return true;
    case "return_overdue": {
      // Who holds the late step: the seller's hub answers requests and receives parcels back; the point's hub sends them.
      const villageId = order.status === "to_return" ? pickupVillageOf(tx, order.pickupPointId) : order.sellerVillageId;
      const people = villageId === null ? [] : villageCoordinatorIds(tx, villageId);
      if (order.status === "return_requested") {
        const seller = sellerUserOf(tx, order.sellerId);
        if (seller !== null && !people.includes(seller)) people.push(seller);
      }
      for (const userId of people) {
        const to = recipient(tx, userId);
        send(tx, to, `return_overdue_${order.status}`, vars(to), now);
      }
      return true;
    }
    case "extend_storage":
    case "return_drop":
    case "return_send":
      return true;
    default:
      return false;
  }
}

function pickupVillageOf(tx: Tx, pickupPointId: number): number | null {
  return tx.select({ villageId: pickupPoints.villageId }).from(pickupPoints).where(eq(pickupPoints.id, pickupPointId)).get()?.villageId ?? null;
}

/** The messages that matter (issue 5 §8): paid, accepted, ready with the code, released, refunded. */
export function notifyAfter(tx: Tx, order: OrderRow, event: OrderEvent, to: OrderStatus, now: Date): void {
  const buyer = recipient(tx, order.buyerUserId);
  if (notifyWayBack(tx, order, event, buyer, now)) return;
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
      sendCode(tx, order, buyer, "ready", vars(buyer), now);
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
