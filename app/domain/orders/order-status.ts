/**
 * The order lifecycle's vocabulary (DESIGN §3). The rules that move between
 * these live in order-machine.ts; the schema only needs the names.
 */
export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "accepted",
  "handed_over",
  "in_transit",
  "ready_for_pickup",
  "picked_up",
  "disputed",
  // The way back (issue 14 §5–6): a return the buyer asked for after pickup, waiting for the
  // seller's or coordinator's answer; approved, waiting for the buyer to bring it to the point;
  // at the pickup point to go back (uncollected, or brought back by the buyer); on the way
  // back to the seller's hub. Each holds goods, some money: each has a deadline.
  "return_requested",
  "return_approved",
  "to_return",
  "return_in_transit",
  "completed",
  "cancelled",
  "returned",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Settled states: the escrow is zero in each (MONEY-05). Only `completed` may be left again,
 * by a return the buyer asks for within 14 days of pickup (issue 14 §6): the money then
 * comes back from the seller's side, never from escrow.
 */
export const TERMINAL_STATUSES = ["completed", "cancelled", "returned", "refunded"] as const satisfies readonly OrderStatus[];

export const PAYMENT_METHODS = ["online", "cash"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * The deadline an order is waiting on (DESIGN §3; what each leads to is the table in deadlines.ts).
 * agree: the buyer answers a later ready date; send: the hub sends (or shelves) a parcel it holds;
 * arrive: a parcel in transit reaches its point; decide: the coordinator settles a dispute.
 * The way back (issue 14 §5–6): the seller or coordinator answers a return request; the buyer
 * brings an approved return; the point sends a parcel back; the parcel reaches the seller's hub.
 */
export const DEADLINE_KINDS = [
  "payment",
  "accept",
  "agree",
  "drop",
  "send",
  "arrive",
  "storage",
  "inspection",
  "decide",
  "return_decide",
  "return_drop",
  "return_send",
  "return_arrive",
  // The dispute ladder (issue 16 §4): the seller answers; either side may appeal the coordinator's
  // decision; the neutral reviewer decides. "decide" is the coordinator's step.
  "dispute_answer",
  "appeal",
  "review",
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
