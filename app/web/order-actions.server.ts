/**
 * The order page's form handler, shared by every screen that moves orders
 * (buyer, seller, hub, pickup point, dispute): the intent names the event,
 * can() decides who may fire it, the domain applies it.
 */
import { can, type Actor, type Resource } from "../domain/identity/can";
import { getDb } from "../db.server";
import { applyOrderEvent } from "../domain/orders/order-events.server";
import { handOver, unlockParcel, type HandoverRefusal } from "../domain/orders/handover.server";
import { orderAccess } from "../domain/orders/order-views.server";
import type { EventSource, OrderEvent } from "../domain/orders/order-machine";
import { parseTenge } from "../i18n/money";

export const MAX_REASON = 500;

/** Events a person fires from a screen, and who fires each. */
const INTENTS: Record<string, { source: EventSource; event: OrderEvent; needsReason?: boolean }[]> = {
  confirm: [{ source: "buyer", event: "confirm" }],
  dispute: [{ source: "buyer", event: "dispute", needsReason: true }],
  buyer_cancel: [{ source: "buyer", event: "buyer_cancel" }],
  accept: [{ source: "seller", event: "accept" }],
  decline: [{ source: "seller", event: "decline", needsReason: true }],
  seller_cancel: [{ source: "seller", event: "seller_cancel", needsReason: true }],
  drop: [{ source: "seller", event: "drop" }],
  receive: [{ source: "hub", event: "receive" }],
  send: [{ source: "hub", event: "send" }],
  arrive: [
    { source: "hub", event: "arrive" },
    { source: "operator", event: "arrive" },
  ],
  resolve_release: [{ source: "resolver", event: "resolve_release" }],
  resolve_partial: [{ source: "resolver", event: "resolve_partial" }],
  resolve_refund: [{ source: "resolver", event: "resolve_refund" }],
};

const ACTION_OF: Record<EventSource, Parameters<typeof can>[1] | null> = {
  buyer: "order.buyer_act",
  seller: "order.seller_act",
  hub: "order.hub_act",
  operator: "order.handover",
  resolver: "order.resolve",
  provider: null,
  clock: null,
};

export type OrderResource = Extract<Resource, { type: "order" }> & { id: number };

export function orderResource(orderId: number): OrderResource | null {
  const access = orderAccess(getDb(), orderId);
  return access ? { type: "order", ...access } : null;
}

/** The sources this person may act as on this order: which buttons their screens show. */
export function sourcesFor(actor: Actor, resource: OrderResource): EventSource[] {
  return (["buyer", "seller", "hub", "operator", "resolver"] as const).filter((source) => {
    const action = ACTION_OF[source];
    return action !== null && can(actor, action, resource).ok;
  });
}

export type OrderFormOutcome =
  | { ok: true }
  | { ok: false; status: 400 | 403 | 404 | 409; error: string; attemptsLeft?: number };

/** Reads and applies one order form. `actor` is signed in; `resource` is the order's. */
export function submitOrderForm(form: FormData, actor: NonNullable<Actor>, resource: OrderResource, now: Date): OrderFormOutcome {
  const intent = String(form.get("intent") ?? "");
  const reason = String(form.get("reason") ?? "").trim().slice(0, MAX_REASON);
  const sources = sourcesFor(actor, resource);
  if (intent === "handover") {
    if (!sources.includes("operator")) return { ok: false, status: 403, error: "auth.forbidden" };
    const cashText = String(form.get("cash") ?? "").trim();
    const cashTiyn = cashText ? parseTenge(cashText) : undefined;
    const result = handOver(getDb(), { orderId: resource.id, code: String(form.get("code") ?? ""), actorUserId: actor.userId, cashTiyn }, now);
    if (result.ok) return { ok: true };
    const attemptsLeft = "attemptsLeft" in result ? result.attemptsLeft : undefined;
    return { ok: false, status: refusalStatus(result.reason), error: result.reason, attemptsLeft };
  }
  if (intent === "unlock") {
    if (!sources.includes("resolver") && !sources.includes("hub")) return { ok: false, status: 403, error: "auth.forbidden" };
    if (!reason) return { ok: false, status: 400, error: "orders.reason_required" };
    return unlockParcel(getDb(), { orderId: resource.id, actorUserId: actor.userId, reason }, now)
      ? { ok: true }
      : { ok: false, status: 409, error: "orders.not_allowed_now" };
  }
  const choices = INTENTS[intent];
  if (!choices) return { ok: false, status: 400, error: "orders.not_allowed_now" };
  const choice = choices.find((c) => sources.includes(c.source));
  if (!choice) return { ok: false, status: 403, error: "auth.forbidden" };
  if (choice.needsReason && !reason) return { ok: false, status: 400, error: "orders.reason_required" };
  let refundTiyn: number | undefined;
  if (choice.event === "resolve_partial") {
    refundTiyn = parseTenge(String(form.get("refund") ?? ""));
    if (refundTiyn === undefined) return { ok: false, status: 400, error: "orders.refund_invalid" };
  }
  const result = applyOrderEvent(getDb(), { orderId: resource.id, event: choice.event, by: choice.source, actorUserId: actor.userId, reason: reason || null, refundTiyn }, now);
  return result.ok ? { ok: true } : { ok: false, status: refusalStatus(result.reason), error: result.reason };
}

function refusalStatus(reason: HandoverRefusal): 400 | 404 | 409 {
  if (reason === "orders.not_found") return 404;
  if (reason === "orders.code_wrong" || reason === "orders.cash_amount_wrong" || reason === "orders.refund_invalid") return 400;
  return 409;
}
