/**
 * MONEY-08: money moves only along the allowed edges. Every combination of
 * status × event × source × payment method × same village × received at hub
 * is checked against this table; anything not listed must be refused.
 */
import { describe, expect, it } from "vitest";
import {
  availableEvents,
  DEADLINE_EVENTS,
  deadlineFor,
  DEFAULT_DEADLINES,
  nextStatus,
  ORDER_EVENTS,
  type EventSource,
  type MachineOrder,
  type OrderEvent,
} from "../../app/domain/orders/order-machine";
import { ORDER_STATUSES, PAYMENT_METHODS, type OrderStatus, type PaymentMethod } from "../../app/domain/orders/order-status";

type Cond = { method?: PaymentMethod; sameVillage?: boolean; received?: boolean };
type Row = [OrderStatus, OrderEvent, EventSource, OrderStatus, Cond?];

const ALLOWED: Row[] = [
  ["pending_payment", "payment_captured", "provider", "paid", { method: "online" }],
  ["pending_payment", "payment_failed", "provider", "cancelled", { method: "online" }],
  ["pending_payment", "payment_expired", "clock", "cancelled"],
  ["pending_payment", "buyer_cancel", "buyer", "cancelled"],
  ["paid", "buyer_cancel", "buyer", "cancelled"],
  ["accepted", "buyer_cancel", "buyer", "cancelled", { method: "cash" }],
  ["paid", "accept", "seller", "accepted"],
  ["paid", "decline", "seller", "cancelled"],
  ["paid", "accept_deadline", "clock", "cancelled"],
  ["accepted", "seller_cancel", "seller", "cancelled"],
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
  ["ready_for_pickup", "pickup", "operator", "picked_up", { method: "online" }],
  ["ready_for_pickup", "pickup", "operator", "completed", { method: "cash" }],
  ["ready_for_pickup", "extend_storage", "buyer", "ready_for_pickup"],
  // Issue 14 §5: an uncollected parcel is not "returned" at the point; it goes back first.
  ["ready_for_pickup", "storage_deadline", "clock", "to_return"],
  ["picked_up", "confirm", "buyer", "completed"],
  ["picked_up", "dispute", "buyer", "disputed", { method: "online" }],
  ["picked_up", "inspection_deadline", "clock", "completed"],
  ["disputed", "resolve_release", "resolver", "completed"],
  ["disputed", "resolve_partial", "resolver", "completed"],
  ["disputed", "resolve_refund", "resolver", "refunded"],
  // Issue 14 §6: a return after pickup, online orders only (a cash refund cannot be paid back online).
  ["picked_up", "return_request", "buyer", "return_requested", { method: "online" }],
  ["completed", "return_request", "buyer", "return_requested", { method: "online" }],
  ["return_requested", "return_approve", "seller", "return_approved"],
  ["return_requested", "return_approve", "resolver", "return_approved"],
  ["return_requested", "return_refuse", "seller", "completed"],
  ["return_requested", "return_refuse", "resolver", "completed"],
  ["return_requested", "return_overdue", "clock", "return_requested"],
  ["return_approved", "return_drop", "operator", "to_return"],
  ["return_approved", "return_drop_deadline", "clock", "completed"],
  // The way back mirrors the way out: sent from another village, fetched by the hub within one.
  ["to_return", "return_send", "hub", "return_in_transit", { sameVillage: false }],
  ["to_return", "return_arrive", "hub", "returned", { sameVillage: true }],
  ["to_return", "return_overdue", "clock", "to_return"],
  ["return_in_transit", "return_arrive", "hub", "returned"],
  ["return_in_transit", "return_overdue", "clock", "return_in_transit"],
];

const SOURCES: EventSource[] = ["buyer", "seller", "hub", "operator", "resolver", "provider", "clock"];

function expected(order: MachineOrder, event: OrderEvent, by: EventSource): OrderStatus | null {
  for (const [from, ev, source, to, cond] of ALLOWED) {
    if (from !== order.status || ev !== event || source !== by) continue;
    if (cond?.method !== undefined && cond.method !== order.paymentMethod) continue;
    if (cond?.sameVillage !== undefined && cond.sameVillage !== order.sameVillage) continue;
    if (cond?.received !== undefined && cond.received !== order.receivedAtHub) continue;
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
          const order: MachineOrder = { status, paymentMethod, sameVillage, receivedAtHub };
          it(`${status} · ${paymentMethod} · ${sameVillage ? "same village" : "other village"} · ${receivedAtHub ? "received" : "not received"}`, () => {
            for (const event of ORDER_EVENTS) {
              for (const by of SOURCES) {
                const want = expected(order, event, by);
                const got = nextStatus(order, event, by);
                checked++;
                if (want === null) expect(got.ok, `${event} by ${by} must be refused`).toBe(false);
                else expect(got, `${event} by ${by}`).toEqual({ ok: true, to: want });
              }
            }
          });
        }
      }
    }
  }
  it("covered every combination", () => {
    expect(checked).toBe(ORDER_STATUSES.length * 2 * 2 * 2 * ORDER_EVENTS.length * SOURCES.length);
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
  it("a cash order cannot be disputed", () => {
    expect(nextStatus({ ...base, status: "picked_up", paymentMethod: "cash" }, "dispute", "buyer")).toEqual({
      ok: false,
      reason: "orders.cash_no_dispute",
    });
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
  it("follow DESIGN §3's defaults", () => {
    expect(deadlineFor("paid", t0, 7)?.at.getTime()).toBe(t0.getTime() + 48 * 3_600_000);
    expect(deadlineFor("accepted", t0, 7)).toEqual({ kind: "drop", at: new Date(t0.getTime() + 3 * 86_400_000) });
    expect(deadlineFor("ready_for_pickup", t0, 5)).toEqual({ kind: "storage", at: new Date(t0.getTime() + 5 * 86_400_000) });
    expect(deadlineFor("picked_up", t0, 7, { ...DEFAULT_DEADLINES, inspectionMs: 1000 })?.at.getTime()).toBe(t0.getTime() + 1000);
    expect(deadlineFor("completed", t0, 7)).toBeNull();
    expect(deadlineFor("handed_over", t0, 7)).toBeNull();
  });
  it("every state of the way back holds goods (some money) and has a deadline whose event the clock may fire there (issue 14)", () => {
    const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);
    expect(deadlineFor("return_requested", t0, 7)).toEqual({ kind: "return_decide", at: days(3) });
    expect(deadlineFor("return_approved", t0, 7)).toEqual({ kind: "return_drop", at: days(7) });
    expect(deadlineFor("to_return", t0, 7)).toEqual({ kind: "return_send", at: days(3) });
    expect(deadlineFor("return_in_transit", t0, 7)).toEqual({ kind: "return_arrive", at: days(7) });
    for (const status of ["return_requested", "return_approved", "to_return", "return_in_transit"] as const) {
      const kind = deadlineFor(status, t0, 7)?.kind;
      expect(kind).toBeDefined();
      for (const sameVillage of [false, true]) {
        expect(nextStatus({ status, paymentMethod: "online", sameVillage, receivedAtHub: true }, DEADLINE_EVENTS[kind!], "clock").ok, status).toBe(true);
      }
    }
  });
});
