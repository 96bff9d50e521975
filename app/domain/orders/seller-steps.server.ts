/**
 * The seller's steps that carry more than an event: accepting with a ready date (issue 14 §1:
 * a later date than promised is a proposal the buyer answers), and a coordinator taking those
 * steps for a seller who chose assisted selling (issue 14 §4), with the seller's consent
 * recorded in the audit log and the seller told by SMS.
 */
import { eq } from "drizzle-orm";
import { orders, sellers } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { translator } from "../../i18n/translate.server";
import { recordAudit } from "../identity/audit.server";
import { readyDay } from "./deadlines";
import { applyOrderEventIn, type EventRefusal, type EventResult } from "./order-events.server";
import { notifySeller } from "./order-notices.server";

export const ASSISTED_EVENTS = ["accept", "decline", "drop"] as const;
export type AssistedEvent = (typeof ASSISTED_EVENTS)[number];

interface AcceptInput {
  orderId: number;
  actorUserId: number;
  /** The ready date the seller names; absent: the promised one stands. */
  readyAt?: Date;
  reason?: string | null;
}

/** Accept, or — a made-to-order date later than promised — propose it to the buyer. */
function acceptIn(tx: Tx, input: AcceptInput, now: Date): EventResult {
  const order = tx.select({ promisedReadyAt: orders.promisedReadyAt }).from(orders).where(eq(orders.id, input.orderId)).get();
  if (!order) return { ok: false, reason: "orders.not_found" };
  const later = order.promisedReadyAt && input.readyAt && readyDay(input.readyAt) > readyDay(order.promisedReadyAt);
  return applyOrderEventIn(tx, { ...input, event: later ? "propose_date" : "accept", by: "seller" }, now);
}

export function acceptOrder(db: Db, input: AcceptInput, now: Date): EventResult {
  return writeTransaction(db, (tx) => acceptIn(tx, input, now));
}

export type AssistRefusal = EventRefusal | "orders.not_assisted" | "orders.consent_required";

/**
 * A coordinator accepts, declines or records the drop-off for a seller of their village who
 * chose assisted selling. can("order.assist") has checked the coordinator's village; this
 * checks the seller's choice again inside the transaction and requires the consent note.
 */
export function assistOrder(
  db: Db,
  input: { orderId: number; event: AssistedEvent; actorUserId: number; consentNote: string; readyAt?: Date; reason?: string | null },
  now: Date,
): EventResult | { ok: false; reason: AssistRefusal } {
  return writeTransaction(db, (tx): EventResult | { ok: false; reason: AssistRefusal } => {
    const seller = tx
      .select({ userId: sellers.userId, assisted: sellers.assistedOrders })
      .from(orders)
      .innerJoin(sellers, eq(sellers.id, orders.sellerId))
      .where(eq(orders.id, input.orderId))
      .get();
    if (!seller) return { ok: false, reason: "orders.not_found" };
    if (!seller.assisted) return { ok: false, reason: "orders.not_assisted" };
    const consent = input.consentNote.trim();
    if (!consent) return { ok: false, reason: "orders.consent_required" };
    const step = { orderId: input.orderId, actorUserId: input.actorUserId, readyAt: input.readyAt, reason: input.reason ?? null };
    const result =
      input.event === "accept" ? acceptIn(tx, step, now) : applyOrderEventIn(tx, { ...step, event: input.event, by: "seller" }, now);
    if (!result.ok) return result;
    const event = result.to === "paid" ? "propose_date" : input.event;
    recordAudit(tx, { action: "order.assisted", actorUserId: input.actorUserId, subjectUserId: seller.userId, details: { orderId: input.orderId, event, consent } }, now);
    notifySeller(tx, input.orderId, "assisted", now, (language) => ({ what: translator(language, "orders")(`assistedWhat.${event}`) }));
    return result;
  });
}
