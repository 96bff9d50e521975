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
  "completed",
  "cancelled",
  "returned",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** States an order never leaves; its escrow is zero in each (MONEY-05). */
export const TERMINAL_STATUSES = ["completed", "cancelled", "returned", "refunded"] as const satisfies readonly OrderStatus[];

export const PAYMENT_METHODS = ["online", "cash"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * The deadline an order is waiting on (DESIGN §3; what each leads to is the table in deadlines.ts).
 * agree: the buyer answers a later ready date; send: the hub sends (or shelves) a parcel it holds;
 * arrive: a parcel in transit reaches its point; decide: the coordinator settles a dispute.
 */
export const DEADLINE_KINDS = ["payment", "accept", "agree", "drop", "send", "arrive", "storage", "inspection", "decide"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
