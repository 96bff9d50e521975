/**
 * The order state machine of DESIGN §3 as one pure rule: given an order, an
 * event and who fires it, the next status — or the reason it may not happen.
 * Money and messages follow from the transition (order-events.server.ts); this file
 * decides only whether it is allowed (MONEY-08).
 */
import type { DeadlineKind, OrderStatus, PaymentMethod } from "./order-status";

/** Who fires an event, as far as the rule cares. Authorization (can.ts) decides who that may be. */
export type EventSource = "buyer" | "seller" | "hub" | "operator" | "resolver" | "provider" | "clock";

export const ORDER_EVENTS = [
  "payment_captured",
  "payment_failed",
  "payment_expired",
  "buyer_cancel",
  "accept",
  "decline",
  "accept_deadline",
  "seller_cancel",
  "drop",
  "receive",
  "drop_deadline",
  "send",
  "arrive",
  "pickup",
  "storage_deadline",
  "confirm",
  "dispute",
  "inspection_deadline",
  "resolve_release",
  "resolve_partial",
  "resolve_refund",
  // The way back (issue 14 §5–6).
  "extend_storage",
  "return_request",
  "return_approve",
  "return_refuse",
  "return_drop",
  "return_drop_deadline",
  "return_send",
  "return_arrive",
  "return_overdue",
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export interface MachineOrder {
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  sameVillage: boolean;
  receivedAtHub: boolean;
}

export type TransitionRefusal =
  | "orders.not_allowed_now"
  | "orders.not_yours_to_do"
  | "orders.not_received_at_hub"
  | "orders.cash_no_dispute"
  | "orders.return_cash";

export type TransitionResult = { ok: true; to: OrderStatus } | { ok: false; reason: TransitionRefusal };

interface Rule {
  from: readonly OrderStatus[];
  by: readonly EventSource[];
  /** "unchanged": the event is recorded (and may move the deadline) but the status stays. */
  to: OrderStatus | "unchanged";
  /** Where a cash order goes instead, when that differs. */
  cashTo?: OrderStatus;
  /** Extra condition on the order, with the refusal when it fails. */
  when?: (order: MachineOrder) => TransitionRefusal | null;
}

const needsReceipt = (order: MachineOrder) => (order.receivedAtHub ? null : "orders.not_received_at_hub");

/** Every allowed transition; anything not here is refused. */
const RULES: Record<OrderEvent, Rule> = {
  payment_captured: { from: ["pending_payment"], by: ["provider"], to: "paid" },
  payment_failed: { from: ["pending_payment"], by: ["provider"], to: "cancelled" },
  payment_expired: { from: ["pending_payment"], by: ["clock"], to: "cancelled" },
  // Before the seller accepts, the buyer may change their mind (refunded in full);
  // a cash order starts accepted, so it may be cancelled until it is dropped.
  buyer_cancel: {
    from: ["pending_payment", "paid", "accepted"],
    by: ["buyer"],
    to: "cancelled",
    when: (order) => (order.status === "accepted" && order.paymentMethod === "online" ? "orders.not_allowed_now" : null),
  },
  accept: { from: ["paid"], by: ["seller"], to: "accepted" },
  decline: { from: ["paid"], by: ["seller"], to: "cancelled" },
  accept_deadline: { from: ["paid"], by: ["clock"], to: "cancelled" },
  seller_cancel: { from: ["accepted"], by: ["seller"], to: "cancelled" },
  // The seller brings the parcel to the village hub; the coordinator may record it too.
  drop: { from: ["accepted"], by: ["seller", "hub"], to: "handed_over" },
  // The coordinator confirms the parcel is at the hub (marks receivedAtHub).
  receive: { from: ["accepted", "handed_over"], by: ["hub"], to: "handed_over" },
  drop_deadline: { from: ["accepted"], by: ["clock"], to: "cancelled" },
  send: {
    from: ["handed_over"],
    by: ["hub"],
    to: "in_transit",
    when: (order) => (order.sameVillage ? "orders.not_allowed_now" : needsReceipt(order)),
  },
  arrive: {
    from: ["handed_over", "in_transit"],
    by: ["hub", "operator"],
    to: "ready_for_pickup",
    // Same-village parcels skip transit; others must have been sent.
    when: (order) =>
      order.status === "handed_over" ? (order.sameVillage ? needsReceipt(order) : "orders.not_allowed_now") : null,
  },
  // A cash order is settled at the counter, so collecting it completes it.
  pickup: { from: ["ready_for_pickup"], by: ["operator"], to: "picked_up", cashTo: "completed" },
  // Once, before storage ends, the buyer may ask for more days (the use case checks "once").
  extend_storage: { from: ["ready_for_pickup"], by: ["buyer"], to: "unchanged" },
  // Nobody came: the parcel waits at the point to go back to the seller's hub (issue 14 §5).
  storage_deadline: { from: ["ready_for_pickup"], by: ["clock"], to: "to_return" },
  confirm: { from: ["picked_up"], by: ["buyer"], to: "completed" },
  dispute: {
    from: ["picked_up"],
    by: ["buyer"],
    to: "disputed",
    // Cash went to the seller at the counter: nothing is held to freeze.
    when: (order) => (order.paymentMethod === "cash" ? "orders.cash_no_dispute" : null),
  },
  inspection_deadline: { from: ["picked_up"], by: ["clock"], to: "completed" },
  resolve_release: { from: ["disputed"], by: ["resolver"], to: "completed" },
  resolve_partial: { from: ["disputed"], by: ["resolver"], to: "completed" },
  resolve_refund: { from: ["disputed"], by: ["resolver"], to: "refunded" },
  // A return of goods of proper quality within 14 days of pickup (issue 14 §6; the use case
  // checks the window and the goods). A cash buyer's money cannot be paid back online.
  return_request: {
    from: ["picked_up", "completed"],
    by: ["buyer"],
    to: "return_requested",
    when: (order) => (order.paymentMethod === "cash" ? "orders.return_cash" : null),
  },
  return_approve: { from: ["return_requested"], by: ["seller", "resolver"], to: "return_approved" },
  return_refuse: { from: ["return_requested"], by: ["seller", "resolver"], to: "completed" },
  // The buyer never brought it: the sale stands.
  return_drop_deadline: { from: ["return_approved"], by: ["clock"], to: "completed" },
  // The point takes the item against the buyer's return code.
  return_drop: { from: ["return_approved"], by: ["operator"], to: "to_return" },
  // The way back mirrors the way out: the point's side sends it, the seller's hub records arrival;
  // within one village the hub takes it straight from its point.
  return_send: {
    from: ["to_return"],
    by: ["hub"],
    to: "return_in_transit",
    when: (order) => (order.sameVillage ? "orders.not_allowed_now" : null),
  },
  return_arrive: {
    from: ["to_return", "return_in_transit"],
    by: ["hub"],
    to: "returned",
    when: (order) => (order.status === "to_return" && !order.sameVillage ? "orders.not_allowed_now" : null),
  },
  // A step of the way back is late: a person is told (SMS) and the deadline starts again; nothing else moves.
  return_overdue: { from: ["return_requested", "to_return", "return_in_transit"], by: ["clock"], to: "unchanged" },
};

export function nextStatus(order: MachineOrder, event: OrderEvent, by: EventSource): TransitionResult {
  const rule = RULES[event];
  if (!rule.from.includes(order.status)) return { ok: false, reason: "orders.not_allowed_now" };
  if (!rule.by.includes(by)) return { ok: false, reason: "orders.not_yours_to_do" };
  const refusal = rule.when?.(order) ?? null;
  if (refusal) return { ok: false, reason: refusal };
  // Cash orders never wait for a payment and are never paid online.
  if (order.paymentMethod === "cash" && (event === "payment_captured" || event === "payment_failed")) {
    return { ok: false, reason: "orders.not_allowed_now" };
  }
  const to = rule.to === "unchanged" ? order.status : rule.to;
  return { ok: true, to: order.paymentMethod === "cash" ? (rule.cashTo ?? to) : to };
}

/** What the rule needs of an order row. */
export function machineOrder(row: { status: OrderStatus; paymentMethod: PaymentMethod; sameVillage: boolean; receivedAtHubAt: Date | null }): MachineOrder {
  return { status: row.status, paymentMethod: row.paymentMethod, sameVillage: row.sameVillage, receivedAtHub: row.receivedAtHubAt !== null };
}

/** The events a source could fire on this order now. */
export function availableEvents(order: MachineOrder, by: EventSource): OrderEvent[] {
  return ORDER_EVENTS.filter((event) => nextStatus(order, event, by).ok);
}

/** Configurable deadlines (DESIGN §3), in milliseconds. */
export interface Deadlines {
  paymentMs: number;
  acceptMs: number;
  dropMs: number;
  inspectionMs: number;
  /** The seller or the coordinator answers a return request. */
  returnDecideMs: number;
  /** The buyer brings an approved return to the point. */
  returnDropMs: number;
  /** The point sends a parcel back. */
  returnSendMs: number;
  /** A parcel on its way back reaches the seller's hub. */
  returnTransitMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_DEADLINES: Deadlines = {
  paymentMs: 1 * HOUR,
  acceptMs: 48 * HOUR,
  dropMs: 3 * DAY,
  inspectionMs: 3 * DAY,
  returnDecideMs: 3 * DAY,
  returnDropMs: 7 * DAY,
  returnSendMs: 3 * DAY,
  returnTransitMs: 7 * DAY,
};

/**
 * The deadline an order waits on after entering a status, and the event the
 * clock fires when it passes. Storage days come from the pickup point.
 */
export function deadlineFor(
  status: OrderStatus,
  enteredAt: Date,
  storageDays: number,
  deadlines: Deadlines = DEFAULT_DEADLINES,
): { kind: DeadlineKind; at: Date } | null {
  const after = (ms: number) => new Date(enteredAt.getTime() + ms);
  switch (status) {
    case "pending_payment":
      return { kind: "payment", at: after(deadlines.paymentMs) };
    case "paid":
      return { kind: "accept", at: after(deadlines.acceptMs) };
    case "accepted":
      return { kind: "drop", at: after(deadlines.dropMs) };
    case "ready_for_pickup":
      return { kind: "storage", at: after(storageDays * DAY) };
    case "picked_up":
      return { kind: "inspection", at: after(deadlines.inspectionMs) };
    case "return_requested":
      return { kind: "return_decide", at: after(deadlines.returnDecideMs) };
    case "return_approved":
      return { kind: "return_drop", at: after(deadlines.returnDropMs) };
    case "to_return":
      return { kind: "return_send", at: after(deadlines.returnSendMs) };
    case "return_in_transit":
      return { kind: "return_arrive", at: after(deadlines.returnTransitMs) };
    default:
      return null;
  }
}

export const DEADLINE_EVENTS: Record<DeadlineKind, OrderEvent> = {
  payment: "payment_expired",
  accept: "accept_deadline",
  drop: "drop_deadline",
  storage: "storage_deadline",
  inspection: "inspection_deadline",
  return_decide: "return_overdue",
  return_drop: "return_drop_deadline",
  return_send: "return_overdue",
  return_arrive: "return_overdue",
};
