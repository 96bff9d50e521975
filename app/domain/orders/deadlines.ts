/**
 * Every deadline an order can wait on, as one table (issue 14 §2, docs/decisions/…-order-deadlines.md):
 * a status waits on one kind of deadline; when it passes, the outcome either moves the order on
 * (an event the clock fires through order-machine.ts) or hands it to a person (a flag: the
 * coordinator's hub and the admins' queue). Before a deadline someone can still meet, the
 * person who can meet it is reminded. A new status adds one row to STATUS_DEADLINES (the
 * compiler asks for it) and, if it needs a new kind, one row to DEADLINE_TABLE.
 * Pure: no database, no clock.
 */
import type { OrderEvent } from "./order-machine";
import type { DeadlineKind, OrderStatus } from "./order-status";

/** What happens when a deadline passes: the clock fires an event, or a person is asked to act. */
export type DeadlineOutcome = { event: OrderEvent } | { flag: "hub" | "admin" } | { ladder: "answer_missed" | "decision_stands" };

export interface DeadlineRule {
  outcome: DeadlineOutcome;
  /** Who is reminded before it passes (someone who can still meet it), or null. */
  remind: "buyer" | "seller" | null;
}

export const DEADLINE_TABLE: Record<DeadlineKind, DeadlineRule> = {
  payment: { outcome: { event: "payment_expired" }, remind: null },
  accept: { outcome: { event: "accept_deadline" }, remind: "seller" },
  agree: { outcome: { event: "agree_deadline" }, remind: "buyer" },
  drop: { outcome: { event: "drop_deadline" }, remind: "seller" },
  send: { outcome: { flag: "hub" }, remind: null },
  arrive: { outcome: { flag: "hub" }, remind: null },
  storage: { outcome: { event: "storage_deadline" }, remind: "buyer" },
  inspection: { outcome: { event: "inspection_deadline" }, remind: "buyer" },
  decide: { outcome: { flag: "admin" }, remind: null },
  // The way back (issue 14 §5–6, decision 0023). A late answer, send or arrival texts the
  // coordinators (and, for an answer, the seller), records an event and restarts the deadline:
  // no money moves, a person acts. An approved return the buyer never brings lapses: the sale stands.
  return_decide: { outcome: { flag: "hub" }, remind: "seller" },
  return_drop: { outcome: { event: "return_drop_deadline" }, remind: "buyer" },
  return_send: { outcome: { flag: "hub" }, remind: null },
  return_arrive: { outcome: { flag: "hub" }, remind: null },
  // The dispute ladder (issue 16 §4, decision 0033): a seller who does not answer in 3 days loses
  // their side — the file goes on to the coordinator (or the neutral reviewer) without it; an appeal
  // window that passes makes the coordinator's decision final and moves the money
  // (trust/disputes.server.ts runs these); a reviewer who is late is flagged to the admins.
  dispute_answer: { outcome: { ladder: "answer_missed" }, remind: "seller" },
  appeal: { outcome: { ladder: "decision_stands" }, remind: null },
  review: { outcome: { flag: "admin" }, remind: null },
};

/** The deadline each status waits on; null for the states an order never leaves. */
export const STATUS_DEADLINES: Record<OrderStatus, DeadlineKind | null> = {
  pending_payment: "payment",
  paid: "accept",
  accepted: "drop",
  handed_over: "send",
  in_transit: "arrive",
  ready_for_pickup: "storage",
  picked_up: "inspection",
  // A dispute opened on the ladder moves to "dispute_answer" at once (trust/disputes.server.ts);
  // one opened without a file (before decision 0033) waits on its coordinator's decision.
  disputed: "decide",
  return_requested: "return_decide",
  return_approved: "return_drop",
  to_return: "return_send",
  return_in_transit: "return_arrive",
  completed: null,
  cancelled: null,
  returned: null,
  refunded: null,
};

/** Configurable lengths (DESIGN §3 defaults; the env settings in deadlineSettings()), in milliseconds. */
export interface Deadlines {
  paymentMs: number;
  acceptMs: number;
  /** How long the buyer has to answer a later ready date. */
  agreeMs: number;
  /** Drop-off for goods in stock, counted from acceptance. */
  dropMs: number;
  /** Made to order: drop-off = the promised ready date + this margin. */
  madeToOrderMarginMs: number;
  sendMs: number;
  transitMs: number;
  inspectionMs: number;
  /** Kazakh consumer practice: a complaint is answered within 10 days. */
  decideMs: number;
  /** After a flag, the order stays on the queue and is looked at again this often. */
  followUpMs: number;
  /** How long before a deadline its reminder goes out. */
  reminderMs: number;
  /** The seller or the coordinator answers a return request. */
  returnDecideMs: number;
  /** The buyer brings an approved return to the point. */
  returnDropMs: number;
  /** The point sends a parcel back. */
  returnSendMs: number;
  /** A parcel on its way back reaches the seller's hub. */
  returnTransitMs: number;
  /** The seller answers a dispute with their side. */
  disputeAnswerMs: number;
  /** Either side may appeal the coordinator's decision. */
  appealMs: number;
  /** The neutral reviewer decides an appeal. */
  reviewMs: number;
}

const HOUR = 3_600_000;
export const DAY_MS = 24 * HOUR;

export const DEFAULT_DEADLINES: Deadlines = {
  paymentMs: 1 * HOUR,
  acceptMs: 48 * HOUR,
  agreeMs: 3 * DAY_MS,
  dropMs: 3 * DAY_MS,
  madeToOrderMarginMs: 3 * DAY_MS,
  sendMs: 2 * DAY_MS,
  transitMs: 5 * DAY_MS,
  inspectionMs: 3 * DAY_MS,
  decideMs: 10 * DAY_MS,
  followUpMs: 1 * DAY_MS,
  reminderMs: 24 * HOUR,
  returnDecideMs: 3 * DAY_MS,
  returnDropMs: 7 * DAY_MS,
  returnSendMs: 3 * DAY_MS,
  returnTransitMs: 7 * DAY_MS,
  disputeAnswerMs: 3 * DAY_MS,
  appealMs: 5 * DAY_MS,
  reviewMs: 10 * DAY_MS,
};

/** What the deadline needs to know of an order. */
export interface DeadlineOrder {
  status: OrderStatus;
  promisedReadyAt?: Date | null;
  proposedReadyAt?: Date | null;
}

/** The kind an order in this state waits on: a later date the buyer has not answered comes first. */
export function deadlineKindOf(order: DeadlineOrder): DeadlineKind | null {
  if (order.proposedReadyAt && (order.status === "paid" || order.status === "accepted")) return "agree";
  return STATUS_DEADLINES[order.status];
}

/**
 * The one deadline an order waits on after entering its state at `enteredAt`. Storage days
 * come from the pickup point; a made-to-order drop-off from the promised ready date.
 */
export function deadlineFor(
  order: DeadlineOrder,
  enteredAt: Date,
  storageDays: number,
  deadlines: Deadlines = DEFAULT_DEADLINES,
): { kind: DeadlineKind; at: Date } | null {
  const kind = deadlineKindOf(order);
  if (!kind) return null;
  const after = (ms: number) => new Date(enteredAt.getTime() + ms);
  switch (kind) {
    case "payment":
      return { kind, at: after(deadlines.paymentMs) };
    case "accept":
      return { kind, at: after(deadlines.acceptMs) };
    case "agree":
      return { kind, at: after(deadlines.agreeMs) };
    case "drop": {
      if (!order.promisedReadyAt) return { kind, at: after(deadlines.dropMs) };
      const ready = Math.max(order.promisedReadyAt.getTime(), enteredAt.getTime());
      return { kind, at: new Date(ready + deadlines.madeToOrderMarginMs) };
    }
    case "send":
      return { kind, at: after(deadlines.sendMs) };
    case "arrive":
      return { kind, at: after(deadlines.transitMs) };
    case "storage":
      return { kind, at: after(storageDays * DAY_MS) };
    case "inspection":
      return { kind, at: after(deadlines.inspectionMs) };
    case "return_decide":
      return { kind, at: after(deadlines.returnDecideMs) };
    case "return_drop":
      return { kind, at: after(deadlines.returnDropMs) };
    case "return_send":
      return { kind, at: after(deadlines.returnSendMs) };
    case "return_arrive":
      return { kind, at: after(deadlines.returnTransitMs) };
    default:
      return ladderDeadline(kind, enteredAt, deadlines);
  }
}

/** A step of the dispute ladder starts its own deadline while the order stays disputed. */
export function ladderDeadline(kind: "dispute_answer" | "decide" | "appeal" | "review", startedAt: Date, deadlines: Deadlines = DEFAULT_DEADLINES): { kind: DeadlineKind; at: Date } {
  const ms = { dispute_answer: deadlines.disputeAnswerMs, decide: deadlines.decideMs, appeal: deadlines.appealMs, review: deadlines.reviewMs }[kind];
  return { kind, at: new Date(startedAt.getTime() + ms) };
}

/** The event the clock fires when this kind passes, or null when a person is asked instead. */
export function deadlineEvent(kind: DeadlineKind): OrderEvent | null {
  const outcome = DEADLINE_TABLE[kind].outcome;
  return "event" in outcome ? outcome.event : null;
}

/** When a deadline's reminder is due: `reminderMs` before it, but never before the deadline began. */
export function reminderDue(kind: DeadlineKind, deadlineAt: Date, now: Date, deadlines: Deadlines = DEFAULT_DEADLINES): boolean {
  if (DEADLINE_TABLE[kind].remind === null) return false;
  const left = deadlineAt.getTime() - now.getTime();
  return left > 0 && left <= deadlines.reminderMs;
}

/** The day (Kazakhstan time, UTC+5) a date falls on: ready dates are days, not moments. */
export const readyDay = (date: Date) => Math.floor((date.getTime() + 5 * HOUR) / DAY_MS);

/** The ready day as a date field shows it (YYYY-MM-DD, Kazakhstan time). */
export const readyDayText = (date: Date) => new Date(date.getTime() + 5 * HOUR).toISOString().slice(0, 10);

/** The latest ready date a seller may name: half a year, as the listing's longest lead time. */
export const MAX_READY_DAYS = 180;
