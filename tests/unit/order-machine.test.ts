/**
 * MONEY-08: money moves only along the allowed edges. Every combination of
 * status × event × source × payment method × same village × received at hub
 * is checked against this table; anything not listed must be refused.
 */
import { describe, expect, it } from "vitest";
import { DEADLINE_TABLE, DEFAULT_DEADLINES, STATUS_DEADLINES, deadlineFor, deadlineKindOf, reminderDue } from "../../app/domain/orders/deadlines";
import {
  availableEvents,
  nextStatus,
  ORDER_EVENTS,
  type EventSource,
  type MachineOrder,
  type OrderEvent,
} from "../../app/domain/orders/order-machine";
import { ORDER_STATUSES, PAYMENT_METHODS, TERMINAL_STATUSES, type OrderStatus, type PaymentMethod } from "../../app/domain/orders/order-status";

/** made: made to order; asking: a later date waits for the buyer; used: more time was asked once. */
type Cond = { method?: PaymentMethod; sameVillage?: boolean; received?: boolean; made?: boolean; asking?: boolean; used?: boolean };
type Row = [OrderStatus, OrderEvent, EventSource, OrderStatus, Cond?];

const ALLOWED: Row[] = [
  ["pending_payment", "payment_captured", "provider", "paid", { method: "online" }],
  ["pending_payment", "payment_failed", "provider", "cancelled", { method: "online" }],
  ["pending_payment", "payment_expired", "clock", "cancelled"],
  ["pending_payment", "buyer_cancel", "buyer", "cancelled"],
  ["paid", "buyer_cancel", "buyer", "cancelled"],
  ["accepted", "buyer_cancel", "buyer", "cancelled", { method: "cash" }],
  ["paid", "accept", "seller", "accepted", { asking: false }],
  ["paid", "propose_date", "seller", "paid", { made: true, asking: false }],
  ["paid", "decline", "seller", "cancelled"],
  ["paid", "accept_deadline", "clock", "cancelled"],
  ["accepted", "seller_cancel", "seller", "cancelled"],
  ["accepted", "ask_more_time", "seller", "accepted", { made: true, asking: false, used: false }],
  ["paid", "agree_date", "buyer", "accepted", { asking: true }],
  ["accepted", "agree_date", "buyer", "accepted", { asking: true }],
  ["paid", "refuse_date", "buyer", "cancelled", { asking: true }],
  ["accepted", "refuse_date", "buyer", "cancelled", { asking: true }],
  ["paid", "agree_deadline", "clock", "cancelled"],
  ["accepted", "agree_deadline", "clock", "cancelled"],
  ["accepted", "drop", "seller", "handed_over"],
  ["accepted", "drop", "hub", "handed_over"],
  ["accepted", "receive", "hub", "handed_over"],
  ["handed_over", "receive", "hub", "handed_over"],
  ["accepted", "drop_deadline", "clock", "cancelled"],
  ["handed_over", "send", "hub", "in_transit", { sameVillage: false, received: true }],
  ["handed_over", "arrive", "hub", "ready_for_pickup", { sameVillage: true, received: true }],
  ["handed_over", "arrive", "operator", "ready_for_pickup", { sameVillage: true, received: true }],
  ["in_transit", "arrive", "hub", "ready_for_pickup"],
  ["in_transit", "arrive", "operator", "ready_for_pickup"],
  // Issue 17 §4: a parcel missing at a shipment's arrival that its hub declares lost is refunded in full.
  ["in_transit", "parcel_lost", "resolver", "refunded"],
  // A return missing at a return shipment's arrival that its sender declares lost (decision returns-ride-shipments).
  ["return_in_transit", "return_lost", "resolver", "refunded"],
  ["ready_for_pickup", "pickup", "operator", "picked_up"],
  ["ready_for_pickup", "extend_storage", "buyer", "ready_for_pickup"],
  // Issue 14 §5: an uncollected parcel is not "returned" at the point; it goes back first.
  ["ready_for_pickup", "storage_deadline", "clock", "to_return"],
  ["picked_up", "confirm", "buyer", "completed"],
  ["picked_up", "dispute", "buyer", "disputed"],
  ["picked_up", "inspection_deadline", "clock", "completed"],
  ["disputed", "resolve_release", "resolver", "completed"],
  ["disputed", "resolve_partial", "resolver", "completed"],
  ["disputed", "resolve_refund", "resolver", "refunded"],
  // Issue 16 §4: a dispute decided "return first" takes the way back; not for cash (no online refund).
  ["disputed", "resolve_return", "resolver", "return_approved", { method: "online" }],
  // Issue 14 §6: a return after pickup, online orders only (a cash refund cannot be paid back online).
  ["picked_up", "return_request", "buyer", "return_requested", { method: "online" }],
  ["completed", "return_request", "buyer", "return_requested", { method: "online" }],
  ["return_requested", "return_approve", "seller", "return_approved"],
  ["return_requested", "return_approve", "resolver", "return_approved"],
  ["return_requested", "return_refuse", "seller", "completed"],
  ["return_requested", "return_refuse", "resolver", "completed"],
  ["return_approved", "return_drop", "operator", "to_return"],
  ["return_approved", "return_drop_deadline", "clock", "completed"],
  // The way back mirrors the way out: sent from another village, fetched by the hub within one.
  ["to_return", "return_send", "hub", "return_in_transit", { sameVillage: false }],
  ["to_return", "return_arrive", "hub", "returned", { sameVillage: true }],
  ["return_in_transit", "return_arrive", "hub", "returned"],
];

const SOURCES: EventSource[] = ["buyer", "seller", "hub", "operator", "resolver", "provider", "clock"];

function expected(order: MachineOrder, event: OrderEvent, by: EventSource): OrderStatus | null {
  for (const [from, ev, source, to, cond] of ALLOWED) {
    if (from !== order.status || ev !== event || source !== by) continue;
    if (cond?.method !== undefined && cond.method !== order.paymentMethod) continue;
    if (cond?.sameVillage !== undefined && cond.sameVillage !== order.sameVillage) continue;
    if (cond?.received !== undefined && cond.received !== order.receivedAtHub) continue;
    if (cond?.made !== undefined && cond.made !== Boolean(order.madeToOrder)) continue;
    if (cond?.asking !== undefined && cond.asking !== Boolean(order.awaitingBuyer)) continue;
    if (cond?.used !== undefined && cond.used !== Boolean(order.extensionUsed)) continue;
    return to;
  }
  return null;
}

describe("nextStatus: every allowed and forbidden transition", () => {
  let checked = 0;
  for (const status of ORDER_STATUSES) {
    for (const paymentMethod of PAYMENT_METHODS) {
      for (const sameVillage of [false, true]) {
        for (const receivedAtHub of [false, true]) {
          it(`${status} · ${paymentMethod} · ${sameVillage ? "same village" : "other village"} · ${receivedAtHub ? "received" : "not received"}`, () => {
            for (const madeToOrder of [false, true]) {
              for (const awaitingBuyer of [false, true]) {
                for (const extensionUsed of [false, true]) {
                  const order: MachineOrder = { status, paymentMethod, sameVillage, receivedAtHub, madeToOrder, awaitingBuyer, extensionUsed };
                  for (const event of ORDER_EVENTS) {
                    for (const by of SOURCES) {
                      const want = expected(order, event, by);
                      const got = nextStatus(order, event, by);
                      checked++;
                      const what = `${event} by ${by} (made ${madeToOrder}, asking ${awaitingBuyer}, used ${extensionUsed})`;
                      if (want === null) expect(got.ok, `${what} must be refused`).toBe(false);
                      else expect(got, what).toEqual({ ok: true, to: want });
                    }
                  }
                }
              }
            }
          });
        }
      }
    }
  }
  it("covered every combination", () => {
    expect(checked).toBe(ORDER_STATUSES.length * 2 * 2 * 2 * 8 * ORDER_EVENTS.length * SOURCES.length);
  });
});

describe("refusal reasons", () => {
  const base: MachineOrder = { status: "handed_over", paymentMethod: "online", sameVillage: false, receivedAtHub: false };
  it("a parcel not yet received at the hub cannot be sent", () => {
    expect(nextStatus(base, "send", "hub")).toEqual({ ok: false, reason: "orders.not_received_at_hub" });
  });
  it("a seller cannot do the hub's step", () => {
    expect(nextStatus({ ...base, receivedAtHub: true }, "send", "seller")).toEqual({ ok: false, reason: "orders.not_yours_to_do" });
  });
  it("a cash buyer may dispute like an online buyer (issue 14 §7)", () => {
    expect(nextStatus({ ...base, status: "picked_up", paymentMethod: "cash" }, "dispute", "buyer")).toEqual({ ok: true, to: "disputed" });
  });
  it("more time is asked once, only for goods made to order, and not while the buyer is asked", () => {
    const accepted: MachineOrder = { ...base, status: "accepted", madeToOrder: true };
    expect(nextStatus({ ...accepted, extensionUsed: true }, "ask_more_time", "seller")).toEqual({ ok: false, reason: "orders.more_time_once" });
    expect(nextStatus({ ...accepted, madeToOrder: false }, "ask_more_time", "seller")).toEqual({ ok: false, reason: "orders.not_made_to_order" });
    expect(nextStatus({ ...accepted, awaitingBuyer: true }, "ask_more_time", "seller")).toEqual({ ok: false, reason: "orders.waiting_for_buyer" });
    expect(nextStatus({ ...accepted, status: "paid", awaitingBuyer: true }, "accept", "seller")).toEqual({ ok: false, reason: "orders.waiting_for_buyer" });
  });
  it("a cash order cannot be returned through the platform", () => {
    expect(nextStatus({ ...base, status: "completed", paymentMethod: "cash" }, "return_request", "buyer")).toEqual({ ok: false, reason: "orders.return_cash" });
  });
  it("a completed order only opens again for the buyer's return", () => {
    expect(availableEvents({ ...base, status: "completed" }, "buyer")).toEqual(["return_request"]);
    expect(availableEvents({ ...base, status: "completed" }, "clock")).toEqual([]);
  });
  it("terminal orders refuse everything", () => {
    for (const status of ["cancelled", "returned", "refunded"] as const) {
      expect(availableEvents({ ...base, status }, "hub")).toEqual([]);
      expect(availableEvents({ ...base, status }, "clock")).toEqual([]);
    }
  });
  it("lists the seller's buttons on a paid order", () => {
    expect(availableEvents({ ...base, status: "paid" }, "seller")).toEqual(["accept", "decline"]);
  });
});

describe("deadlines", () => {
  const t0 = new Date("2026-11-28T10:00:00Z");
  const DAY = 86_400_000;
  it("follow DESIGN §3's defaults", () => {
    expect(deadlineFor({ status: "paid" }, t0, 7)?.at.getTime()).toBe(t0.getTime() + 48 * 3_600_000);
    expect(deadlineFor({ status: "accepted" }, t0, 7)).toEqual({ kind: "drop", at: new Date(t0.getTime() + 3 * DAY) });
    expect(deadlineFor({ status: "ready_for_pickup" }, t0, 5)).toEqual({ kind: "storage", at: new Date(t0.getTime() + 5 * DAY) });
    expect(deadlineFor({ status: "picked_up" }, t0, 7, { ...DEFAULT_DEADLINES, inspectionMs: 1000 })?.at.getTime()).toBe(t0.getTime() + 1000);
    expect(deadlineFor({ status: "completed" }, t0, 7)).toBeNull();
  });
  it("every state that holds money waits on a deadline; terminal ones on none (issue 14 §2)", () => {
    for (const status of ORDER_STATUSES) {
      const terminal = (TERMINAL_STATUSES as readonly string[]).includes(status);
      expect(STATUS_DEADLINES[status] === null, status).toBe(terminal);
    }
    expect(deadlineFor({ status: "handed_over" }, t0, 7)).toEqual({ kind: "send", at: new Date(t0.getTime() + 2 * DAY) });
    expect(deadlineFor({ status: "in_transit" }, t0, 7)).toEqual({ kind: "arrive", at: new Date(t0.getTime() + 5 * DAY) });
    expect(deadlineFor({ status: "disputed" }, t0, 7)).toEqual({ kind: "decide", at: new Date(t0.getTime() + 10 * DAY) });
  });
  it("a hub, transit or dispute deadline hands the order to a person, never moves money by itself", () => {
    expect(DEADLINE_TABLE.send.outcome).toEqual({ flag: "hub" });
    expect(DEADLINE_TABLE.arrive.outcome).toEqual({ flag: "hub" });
    expect(DEADLINE_TABLE.decide.outcome).toEqual({ flag: "admin" });
  });
  it("made to order: drop-off is the promised ready date plus the margin, not 3 days", () => {
    const promisedReadyAt = new Date(t0.getTime() + 21 * DAY);
    expect(deadlineFor({ status: "accepted", promisedReadyAt }, t0, 7)).toEqual({ kind: "drop", at: new Date(t0.getTime() + 24 * DAY) });
    expect(deadlineFor({ status: "accepted", promisedReadyAt }, t0, 7, { ...DEFAULT_DEADLINES, madeToOrderMarginMs: DAY })?.at).toEqual(new Date(t0.getTime() + 22 * DAY));
  });
  it("a later date the buyer has not answered waits on the buyer first", () => {
    const proposedReadyAt = new Date(t0.getTime() + 30 * DAY);
    expect(deadlineKindOf({ status: "paid", proposedReadyAt })).toBe("agree");
    expect(deadlineKindOf({ status: "accepted", proposedReadyAt })).toBe("agree");
    expect(deadlineKindOf({ status: "handed_over", proposedReadyAt })).toBe("send");
  });
  it("reminds only before a deadline someone can meet, within the reminder window", () => {
    const at = new Date(t0.getTime() + 10 * 3_600_000);
    expect(reminderDue("drop", at, t0)).toBe(true);
    expect(reminderDue("drop", at, new Date(at.getTime() + 1))).toBe(false);
    expect(reminderDue("drop", new Date(t0.getTime() + 2 * DAY), t0)).toBe(false);
    expect(reminderDue("send", at, t0)).toBe(false);
    expect(reminderDue("payment", at, t0)).toBe(false);
  });
  it("every state of the way back holds goods (some money) and has a deadline: the clock fires it, or a person is told (issue 14)", () => {
    const days = (n: number) => new Date(t0.getTime() + n * DAY);
    expect(deadlineFor({ status: "return_requested" }, t0, 7)).toEqual({ kind: "return_decide", at: days(3) });
    expect(deadlineFor({ status: "return_approved" }, t0, 7)).toEqual({ kind: "return_drop", at: days(7) });
    expect(deadlineFor({ status: "to_return" }, t0, 7)).toEqual({ kind: "return_send", at: days(3) });
    expect(deadlineFor({ status: "return_in_transit" }, t0, 7)).toEqual({ kind: "return_arrive", at: days(7) });
    expect(DEADLINE_TABLE.return_decide.outcome).toEqual({ flag: "hub" });
    expect(DEADLINE_TABLE.return_send.outcome).toEqual({ flag: "hub" });
    expect(DEADLINE_TABLE.return_arrive.outcome).toEqual({ flag: "hub" });
    expect(DEADLINE_TABLE.return_drop.remind).toBe("buyer");
    for (const sameVillage of [false, true]) {
      const outcome = DEADLINE_TABLE.return_drop.outcome;
      expect("event" in outcome && nextStatus({ status: "return_approved", paymentMethod: "online", sameVillage, receivedAtHub: true }, outcome.event, "clock")).toEqual({ ok: true, to: "completed" });
    }
  });
});
