/**
 * The order state machine of DESIGN §3 as one pure rule: given an order, an
 * event and who fires it, the next status — or the reason it may not happen.
 * Money and messages follow from the transition (order-events.server.ts); this file
 * decides only whether it is allowed (MONEY-08).
 */
import type { OrderStatus, PaymentMethod } from "./order-status";

/** Who fires an event, as far as the rule cares. Authorization (can.ts) decides who that may be. */
export type EventSource = "buyer" | "seller" | "hub" | "operator" | "resolver" | "provider" | "clock";

export const ORDER_EVENTS = [
  "payment_captured",
  "payment_failed",
  "payment_expired",
  "buyer_cancel",
  "accept",
  "propose_date",
  "decline",
  "accept_deadline",
  "seller_cancel",
  "ask_more_time",
  "agree_date",
  "refuse_date",
  "agree_deadline",
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
  // A dispute decided "return first" (issue 16 §4): the goods go back by the way back, then the refund.
  "resolve_return",
  // The way back (issue 14 §5–6).
  "extend_storage",
  "return_request",
  "return_approve",
  "return_refuse",
  "return_drop",
  "return_drop_deadline",
  "return_send",
  "return_arrive",
  // A parcel missing at a shipment's arrival that the coordinator declares lost (issue 17 §4).
  "parcel_lost",
  // A return missing at a return shipment's arrival that its sender declares lost (decision returns-ride-shipments).
  "return_lost",
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export interface MachineOrder {
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  sameVillage: boolean;
  receivedAtHub: boolean;
  /** Made to order: the order carries a promised ready date. */
  madeToOrder?: boolean;
  /** The seller named a later ready date the buyer has not answered yet. */
  awaitingBuyer?: boolean;
  /** The seller already asked once for more time. */
  extensionUsed?: boolean;
}

export type TransitionRefusal =
  | "orders.not_allowed_now"
  | "orders.not_yours_to_do"
  | "orders.not_received_at_hub"
  | "orders.not_made_to_order"
  | "orders.waiting_for_buyer"
  | "orders.more_time_once"
  | "orders.return_cash";

export type TransitionResult = { ok: true; to: OrderStatus } | { ok: false; reason: TransitionRefusal };

interface Rule {
  from: readonly OrderStatus[];
  by: readonly EventSource[];
  /** "unchanged": the event is recorded (and may move the deadline) but the status stays. */
  to: OrderStatus | "unchanged";
  /** Extra condition on the order, with the refusal when it fails. */
  when?: (order: MachineOrder) => TransitionRefusal | null;
}

const needsReceipt = (order: MachineOrder) => (order.receivedAtHub ? null : "orders.not_received_at_hub");
const notWhileAsking = (order: MachineOrder) => (order.awaitingBuyer ? "orders.waiting_for_buyer" : null);
const whileAsking = (order: MachineOrder) => (order.awaitingBuyer ? null : "orders.not_allowed_now");

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
  accept: { from: ["paid"], by: ["seller"], to: "accepted", when: notWhileAsking },
  // Made to order: accepting with a later ready date than promised waits for the buyer's yes.
  propose_date: {
    from: ["paid"],
    by: ["seller"],
    to: "paid",
    when: (order) => (order.madeToOrder ? notWhileAsking(order) : "orders.not_made_to_order"),
  },
  decline: { from: ["paid"], by: ["seller"], to: "cancelled" },
  accept_deadline: { from: ["paid"], by: ["clock"], to: "cancelled" },
  seller_cancel: { from: ["accepted"], by: ["seller"], to: "cancelled" },
  // Once per order, with a reason: the buyer agrees, or cancels with a full refund.
  ask_more_time: {
    from: ["accepted"],
    by: ["seller"],
    to: "accepted",
    when: (order) =>
      !order.madeToOrder ? "orders.not_made_to_order" : order.extensionUsed ? "orders.more_time_once" : notWhileAsking(order),
  },
  agree_date: { from: ["paid", "accepted"], by: ["buyer"], to: "accepted", when: whileAsking },
  refuse_date: { from: ["paid", "accepted"], by: ["buyer"], to: "cancelled", when: whileAsking },
  // Silence is not a yes: an unanswered later date cancels the order with a full refund.
  agree_deadline: { from: ["paid", "accepted"], by: ["clock"], to: "cancelled" },
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
  // A cash order too: the hub keeps its cash until the inspection window has passed (issue 14 §7).
  pickup: { from: ["ready_for_pickup"], by: ["operator"], to: "picked_up" },
  // Nobody came: the parcel waits at the point to go back to the seller's hub (issue 14 §5).
  storage_deadline: { from: ["ready_for_pickup"], by: ["clock"], to: "to_return" },
  // Once, before storage ends, the buyer may ask for more days (the use case checks "once").
  extend_storage: { from: ["ready_for_pickup"], by: ["buyer"], to: "unchanged" },
  confirm: { from: ["picked_up"], by: ["buyer"], to: "completed" },
  dispute: { from: ["picked_up"], by: ["buyer"], to: "disputed" },
  inspection_deadline: { from: ["picked_up"], by: ["clock"], to: "completed" },
  resolve_release: { from: ["disputed"], by: ["resolver"], to: "completed" },
  resolve_partial: { from: ["disputed"], by: ["resolver"], to: "completed" },
  resolve_refund: { from: ["disputed"], by: ["resolver"], to: "refunded" },
  resolve_return: { from: ["disputed"], by: ["resolver"], to: "return_approved", when: (order) => (order.paymentMethod === "cash" ? "orders.return_cash" : null) },
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
  // Lost on the way (decision 0031): the buyer gets all the held money back, the goods never
  // came back to the shop (no restock); the seller's claim against the carrier is settled outside.
  parcel_lost: { from: ["in_transit"], by: ["resolver"], to: "refunded" },
  // Lost on the way back (decision returns-ride-shipments): the buyer gave the goods back at the
  // point, so they are owed what return_arrive would have paid — the refund out of escrow while it
  // is held, else the release undone (decision 0024); an uncollected parcel was refunded already.
  // No restock: the goods never came back to the shop.
  return_lost: { from: ["return_in_transit"], by: ["resolver"], to: "refunded" },
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
  return { ok: true, to: rule.to === "unchanged" ? order.status : rule.to };
}

/** What the rule needs of an order row. */
export function machineOrder(row: {
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  sameVillage: boolean;
  receivedAtHubAt: Date | null;
  promisedReadyAt?: Date | null;
  proposedReadyAt?: Date | null;
  extensionAskedAt?: Date | null;
}): MachineOrder {
  return {
    status: row.status,
    paymentMethod: row.paymentMethod,
    sameVillage: row.sameVillage,
    receivedAtHub: row.receivedAtHubAt !== null,
    madeToOrder: Boolean(row.promisedReadyAt),
    awaitingBuyer: Boolean(row.proposedReadyAt),
    extensionUsed: Boolean(row.extensionAskedAt),
  };
}

/** The events a source could fire on this order now. */
export function availableEvents(order: MachineOrder, by: EventSource): OrderEvent[] {
  return ORDER_EVENTS.filter((event) => nextStatus(order, event, by).ok);
}
