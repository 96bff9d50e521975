/**
 * The order page's form handler, shared by every screen that moves orders
 * (buyer, seller, hub, pickup point): the intent names the event,
 * can() decides who may fire it, the domain applies it.
 */
import { can, type Action, type Actor, type Resource } from "../domain/identity/can";
import { getDb } from "../db.server";
import { applyOrderEvent } from "../domain/orders/order-events.server";
import { handOver, takeReturn, unlockParcel, type HandoverRefusal } from "../domain/orders/handover.server";
import { acceptOrder, assistOrder, type AssistRefusal } from "../domain/orders/seller-steps.server";
import { orderAccess } from "../domain/orders/order-views.server";
import { machineOrder, nextStatus, type EventSource, type MachineOrder, type OrderEvent } from "../domain/orders/order-machine";
import { cleanLines } from "../domain/identity/person-text";
import { parseTenge } from "../i18n/money";
import { keyRefusal, once } from "../domain/offline/idempotency.server";
import { hasDisputeFile } from "../domain/trust/dispute-reads.server";

export const MAX_REASON = 500;

interface Choice {
  source: EventSource;
  event: OrderEvent;
  /** The can() action that decides who may fire the event this way. */
  action: Action;
  needsReason?: boolean;
  /** A coordinator acting for an assisted seller: the seller's consent note is required. */
  assisted?: boolean;
}

/** The coordinator's way to take a seller's step for a seller who chose assisted selling (issue 14 §4). */
const assisted = (event: "accept" | "decline" | "drop", needsReason = false): Choice => ({ source: "seller", event, action: "order.assist", assisted: true, needsReason });

/**
 * Events a person fires from a screen, and who fires each. The hub's steps are
 * split by place (issue 13 §3): receive and send at the seller's hub, arrival at
 * the pickup point's hub or by the point's operator.
 */
const INTENTS: Record<string, Choice[]> = {
  confirm: [{ source: "buyer", event: "confirm", action: "order.buyer_act" }],
  buyer_cancel: [{ source: "buyer", event: "buyer_cancel", action: "order.buyer_act" }],
  agree_date: [{ source: "buyer", event: "agree_date", action: "order.buyer_act" }],
  refuse_date: [{ source: "buyer", event: "refuse_date", action: "order.buyer_act" }],
  accept: [{ source: "seller", event: "accept", action: "order.seller_act" }, assisted("accept")],
  decline: [{ source: "seller", event: "decline", action: "order.seller_act", needsReason: true }, assisted("decline", true)],
  seller_cancel: [{ source: "seller", event: "seller_cancel", action: "order.seller_act", needsReason: true }],
  ask_more_time: [{ source: "seller", event: "ask_more_time", action: "order.seller_act", needsReason: true }],
  drop: [{ source: "seller", event: "drop", action: "order.seller_act" }, assisted("drop")],
  receive: [{ source: "hub", event: "receive", action: "order.hub_receive_send" }],
  send: [{ source: "hub", event: "send", action: "order.hub_receive_send" }],
  arrive: [
    { source: "hub", event: "arrive", action: "order.hub_arrive" },
    { source: "operator", event: "arrive", action: "order.handover" },
  ],
  // A dispute opened before the ladder (no file, decision 0033) is still settled in one step here;
  // a dispute with a file is decided on its file page (orders.$id_.dispute.tsx) only.
  resolve_release: [{ source: "resolver", event: "resolve_release", action: "order.resolve" }],
  resolve_partial: [{ source: "resolver", event: "resolve_partial", action: "order.resolve" }],
  resolve_refund: [{ source: "resolver", event: "resolve_refund", action: "order.resolve" }],
  // The way back (issue 14 §5–6): the same parties as the way out, in the other direction.
  extend_storage: [{ source: "buyer", event: "extend_storage", action: "order.storage_extend" }],
  return_request: [{ source: "buyer", event: "return_request", action: "order.return_request", needsReason: true }],
  return_approve: [
    { source: "seller", event: "return_approve", action: "order.seller_act" },
    { source: "resolver", event: "return_approve", action: "order.return_decide" },
  ],
  return_refuse: [
    { source: "seller", event: "return_refuse", action: "order.seller_act", needsReason: true },
    { source: "resolver", event: "return_refuse", action: "order.return_decide", needsReason: true },
  ],
  return_send: [{ source: "hub", event: "return_send", action: "order.return_send" }],
  return_arrive: [{ source: "hub", event: "return_arrive", action: "order.return_arrive" }],
};

export type OrderResource = Extract<Resource, { type: "order" }> & { id: number };

export function orderResource(orderId: number): OrderResource | null {
  const access = orderAccess(getDb(), orderId);
  return access ? { type: "order", ...access } : null;
}

/** How this person may fire an intent on this order, if at all: the first way can() allows. */
function choiceFor(actor: Actor, resource: OrderResource, intent: string): Choice | undefined {
  if (!Object.hasOwn(INTENTS, intent)) return undefined;
  return INTENTS[intent]?.find((choice) => can(actor, choice.action, resource).ok);
}

/**
 * The buttons this person has on this order now: each intent they may fire
 * that the order's state allows — exactly what submitOrderForm accepts from them.
 */
export function orderButtons(actor: Actor, resource: OrderResource, order: MachineOrder): { event: OrderEvent; source: EventSource; assisted?: boolean }[] {
  return Object.keys(INTENTS).flatMap((intent) => {
    const choice = choiceFor(actor, resource, intent);
    if (!choice || !nextStatus(order, choice.event, choice.source).ok) return [];
    return [choice.assisted ? { event: choice.event, source: choice.source, assisted: true } : { event: choice.event, source: choice.source }];
  });
}

/** A row of the hub's or a point's lists: what can() and the machine need to know of it. */
export interface ListedOrder {
  id: number;
  buyerUserId: number;
  sellerUserId: number;
  sellerVillageId: number;
  pickupPointId: number;
  pointVillageId: number;
  status: MachineOrder["status"];
  paymentMethod: MachineOrder["paymentMethod"];
  sameVillage: boolean;
  receivedAtHubAt: Date | null;
  promisedReadyAt?: Date | null;
  proposedReadyAt?: Date | null;
  extensionAskedAt?: Date | null;
  sellerAssisted?: boolean;
}

/** The buttons a list shows on one of its orders, among `events`. */
export function listedOrderButtons(actor: Actor, row: ListedOrder, events: readonly OrderEvent[]) {
  const resource: OrderResource = {
    type: "order",
    id: row.id,
    buyerUserId: row.buyerUserId,
    sellerUserId: row.sellerUserId,
    sellerVillageId: row.sellerVillageId,
    pickupPointId: row.pickupPointId,
    pickupVillageId: row.pointVillageId,
    sellerAssisted: row.sellerAssisted,
  };
  return orderButtons(actor, resource, machineOrder(row)).filter((button) => events.includes(button.event));
}

/** The forms beside the buttons: handing over at the point, settling a dispute, unlocking a parcel. */
export function orderPowers(actor: Actor, resource: OrderResource) {
  const resolve = can(actor, "order.resolve", resource).ok;
  return {
    handOver: can(actor, "order.handover", resource).ok,
    takeReturn: can(actor, "order.return_take", resource).ok,
    resolve,
    // A parcel locks at its point: the point's hub unlocks it, or whoever settles disputes.
    unlock: resolve || can(actor, "order.hub_arrive", resource).ok,
  };
}

export type OrderFormOutcome =
  | { ok: true }
  | { ok: false; status: 400 | 403 | 404 | 409; error: string; attemptsLeft?: number };

/** Reads and applies one order form. `actor` is signed in; `resource` is the order's. */
export function submitOrderForm(form: FormData, actor: NonNullable<Actor>, resource: OrderResource, now: Date): OrderFormOutcome {
  const intent = String(form.get("intent") ?? "");
  // Reasons and dispute words are read by the other side: cleaned like every text a person types (issue 13 §6).
  const reason = cleanLines(String(form.get("reason") ?? "")).slice(0, MAX_REASON);
  const powers = orderPowers(actor, resource);
  if (intent === "handover" || intent === "return_take") {
    if (!(intent === "handover" ? powers.handOver : powers.takeReturn)) return { ok: false, status: 403, error: "auth.forbidden" };
    const cashText = String(form.get("cash") ?? "").trim();
    const cashTiyn = cashText ? parseTenge(cashText) : undefined;
    const counter = { orderId: resource.id, code: String(form.get("code") ?? ""), actorUserId: actor.userId };
    const result = intent === "handover" ? handOver(getDb(), { ...counter, cashTiyn }, now) : takeReturn(getDb(), counter, now);
    if (result.ok) return { ok: true };
    const attemptsLeft = "attemptsLeft" in result ? result.attemptsLeft : undefined;
    return { ok: false, status: refusalStatus(result.reason), error: result.reason, attemptsLeft };
  }
  if (intent === "unlock") {
    if (!powers.unlock) return { ok: false, status: 403, error: "auth.forbidden" };
    if (!reason) return { ok: false, status: 400, error: "orders.reason_required" };
    return unlockParcel(getDb(), { orderId: resource.id, actorUserId: actor.userId, reason }, now)
      ? { ok: true }
      : { ok: false, status: 409, error: "orders.not_allowed_now" };
  }
  // Own keys only: "constructor" or "__proto__" is an unknown intent, not a 500.
  if (!Object.hasOwn(INTENTS, intent)) return { ok: false, status: 400, error: "orders.not_allowed_now" };
  const choice = choiceFor(actor, resource, intent);
  if (!choice) return { ok: false, status: 403, error: "auth.forbidden" };
  if (choice.needsReason && !reason) return { ok: false, status: 400, error: "orders.reason_required" };
  if (choice.source === "resolver" && choice.event.startsWith("resolve_") && hasDisputeFile(getDb(), resource.id)) return { ok: false, status: 409, error: "orders.not_allowed_now" };
  let refundTiyn: number | undefined;
  if (choice.event === "resolve_partial") {
    refundTiyn = parseTenge(String(form.get("refund") ?? ""));
    if (refundTiyn === undefined) return { ok: false, status: 400, error: "orders.refund_invalid" };
  }
  const readyText = String(form.get("readyAt") ?? "").trim();
  const readyAt = readyText ? readyDate(readyText) : undefined;
  if (readyAt === null || (choice.event === "ask_more_time" && readyAt === undefined)) return { ok: false, status: 400, error: "orders.ready_date_invalid" };
  const step = { orderId: resource.id, actorUserId: actor.userId, reason: reason || null, readyAt };
  const consentNote = cleanLines(String(form.get("consent") ?? "")).slice(0, MAX_REASON);
  const apply = () =>
    choice.assisted
      ? assistOrder(getDb(), { ...step, event: choice.event as "accept" | "decline" | "drop", consentNote }, now)
      : choice.event === "accept"
        ? acceptOrder(getDb(), step, now)
        : applyOrderEvent(getDb(), { ...step, event: choice.event, by: choice.source, refundTiyn }, now);
  // A step queued on a phone while offline carries a key: a resend acts no more (issue 20).
  const key = String(form.get("idempotencyKey") ?? "");
  const badKey = key ? keyRefusal(key) : undefined;
  if (badKey) return { ok: false, status: 400, error: badKey };
  const done = key ? once(getDb(), { userId: actor.userId, key, action: `order.${intent}:${resource.id}` }, now, apply) : undefined;
  if (done && "reason" in done) return { ok: false, status: 409, error: done.reason };
  const result = done ? done.outcome : apply();
  return result.ok ? { ok: true } : { ok: false, status: refusalStatus(result.reason), error: result.reason };
}

/** A day typed in a date field (YYYY-MM-DD) as noon in Kazakhstan (UTC+5); null when it is not a date. */
function readyDate(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const date = new Date(`${text}T12:00:00+05:00`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

const BAD_INPUT = new Set<string>([
  "orders.code_wrong",
  "orders.cash_amount_wrong",
  "orders.refund_invalid",
  "orders.ready_date_invalid",
  "orders.ready_date_not_later",
  "orders.consent_required",
]);

function refusalStatus(reason: HandoverRefusal | AssistRefusal): 400 | 404 | 409 {
  if (reason === "orders.not_found") return 404;
  if (BAD_INPUT.has(reason)) return 400;
  // The goods or the time do not allow a return: the buyer's request is refused as it stands.
  if (reason === "orders.return_window_over" || reason === "orders.return_made_to_order" || reason === "orders.return_not_returnable" || reason === "orders.return_cash") return 400;
  return 409;
}
