/**
 * The SMS an order's steps send, composed in the buyer's or seller's language and queued in
 * the outbox inside the step's transaction. The SMS gateway is called after commit (DB-04),
 * linked by idempotency keys.
 */
import { eq } from "drizzle-orm";
import { orders, pickupPoints, sellers, users } from "../../../db/schema";
import type { Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { formatDate } from "../../i18n/format";
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

/** An order's number, total, deadline and ready dates, written for one reader. */
function orderVars(order: OrderRow, to: Recipient | null): Record<string, string> {
  const language = to?.language ?? "kk";
  const day = (date: Date | null) => (date ? formatDate(date, language) : "");
  return {
    order: String(order.id),
    total: formatMoney(order.totalTiyn, language),
    date: day(order.deadlineAt),
    ready: day(order.proposedReadyAt ?? order.promisedReadyAt),
  };
}

/** Tells the seller of an order, in their language, with its number, total and the date that matters now. */
export function notifySeller(tx: Tx, orderId: number, kind: string, now: Date, extra: (language: Language) => Record<string, string> = () => ({})): void {
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) return;
  const sellerUser = sellerUserOf(tx, order.sellerId);
  const to = sellerUser === null ? null : recipient(tx, sellerUser);
  send(tx, to, kind, { ...orderVars(order, to), ...extra(to?.language ?? "kk") }, now);
}

/** Tells the buyer of an order, in their language (the dates as they are after the step). */
export function notifyBuyer(tx: Tx, orderId: number, kind: string, now: Date): void {
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) return;
  const to = recipient(tx, order.buyerUserId);
  send(tx, to, kind, orderVars(order, to), now);
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
  // Made to order (issue 14 §1): a later date asks the buyer; their yes tells the seller.
  if (event === "propose_date" || event === "ask_more_time") return notifyBuyer(tx, order.id, "date_asked", now);
  if (event === "agree_date") return notifySeller(tx, order.id, "date_agreed", now);
  switch (to) {
    case "paid":
      send(tx, buyer, "paid", vars(buyer), now);
      notifySeller(tx, order.id, "new_order", now);
      return;
    case "accepted":
      notifyBuyer(tx, order.id, order.promisedReadyAt ? "accepted_ready" : "accepted", now);
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
      if (event === "buyer_cancel" || event === "payment_expired" || event === "accept_deadline" || event === "drop_deadline" || event === "refuse_date" || event === "agree_deadline") {
        notifySeller(tx, order.id, "cancelled_for_seller", now);
      }
      return;
    case "disputed":
      // The dispute ladder texts the seller their answer date itself (disputes.server.ts, decision 0033):
      // a second, dateless SMS here would say the same thing twice.
      return;
    default:
      return;
  }
}

/**
 * A step of the way back is late (its deadline's outcome is a flag, deadlines.ts): the people who
 * hold it are texted — the seller's hub answers requests (with the seller) and receives parcels
 * back; the point's hub sends them. Called by flagOrder in the same transaction.
 */
export function notifyReturnOverdue(tx: Tx, order: OrderRow, now: Date): void {
  if (order.status !== "return_requested" && order.status !== "to_return" && order.status !== "return_in_transit") return;
  const villageId = order.status === "to_return" ? pickupVillageOf(tx, order.pickupPointId) : order.sellerVillageId;
  const people = villageId === null ? [] : villageCoordinatorIds(tx, villageId);
  if (order.status === "return_requested") {
    const seller = sellerUserOf(tx, order.sellerId);
    if (seller !== null && !people.includes(seller)) people.push(seller);
  }
  for (const userId of people) {
    const to = recipient(tx, userId);
    send(tx, to, `return_overdue_${order.status}`, { order: String(order.id), total: formatMoney(order.totalTiyn, to?.language ?? "kk") }, now);
  }
}
