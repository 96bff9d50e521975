/**
 * Issue 14 on a real SQLite file: made-to-order ready dates and the drop-off they set, every
 * money-holding state's deadline and what its passing does (an event, or a flag for a person
 * with no money moved), reminders before deadlines sent once, cash orders whose cash the hub
 * keeps until the inspection window has passed (so a cash buyer can dispute), and a
 * coordinator acting for an assisted seller. The ledger's invariants are checked after every test.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { accountBalance, orderEscrowTiyn } from "../../app/domain/escrow/ledger-reads.server";
import { splitAmount } from "../../app/domain/escrow/split";
import { buyerPickupCode, handOver } from "../../app/domain/orders/handover.server";
import { applyOrderEvent, runDueDeadlines, type EventInput } from "../../app/domain/orders/order-events.server";
import type { EventSource, OrderEvent } from "../../app/domain/orders/order-machine";
import { sendDueReminders } from "../../app/domain/orders/order-reminders.server";
import { getOrder, heldPastDeadline } from "../../app/domain/orders/order-views.server";
import { acceptOrder, assistOrder } from "../../app/domain/orders/seller-steps.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { auditLog, listings, ledgerTransfers, outboxMessages, sellers } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { applyStep, at, buy, devProvider, eventsOf, makeListing, orderWorld, payCheckout, setLanguage, T0 } from "../support/orders";

let db: Db;
let clock = T0;
const provider = devProvider(() => clock);

beforeEach(() => {
  db = freshDatabase().db;
  clock = T0;
  setPaymentProvider(provider);
});

afterEach(() => {
  expect(checkLedgerInvariants(db)).toEqual([]);
  setPaymentProvider(undefined);
});

const step = (orderId: number, event: OrderEvent, by: EventSource, actorUserId: number | null, now: Date, extra: Partial<EventInput> = {}) =>
  applyStep(db, orderId, event, by, actorUserId, now, extra);

const statusOf = (orderId: number) => getOrder(db, orderId)?.status;
const sms = (kind: string, userId?: number) =>
  db.select().from(outboxMessages).where(userId === undefined ? eq(outboxMessages.kind, kind) : and(eq(outboxMessages.kind, kind), eq(outboxMessages.userId, userId))).all();
const transfers = () => db.select().from(ledgerTransfers).all().length;

/** The world, with the 21-day wardrobe of seller A (Besagash's trade: furniture to order). */
function wardrobeWorld() {
  const w = orderWorld(db);
  const wardrobe = makeListing(db, w.sellerA, { priceTiyn: 16_000_000, stock: 1, title: "Шкаф" });
  db.update(listings).set({ madeToOrder: true, leadDays: 21 }).where(eq(listings.id, wardrobe)).run();
  return { ...w, wardrobe };
}

/** The buyer orders and pays at T0 + 6 minutes. */
async function paidOrder(w: ReturnType<typeof orderWorld>, listingId: number) {
  const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId, quantity: 1 }] }, at(0));
  if (!placed.ok) throw new Error(placed.reason);
  clock = at(0, 0.1);
  await payCheckout(db, provider, placed.checkoutId, clock);
  return placed.orderIds[0]!;
}

describe("made to order (issue 14 §1)", () => {
  it("the order carries the promised date from the lead time; accepted on it, the drop-off is that date + 3 days, so days 3 and 20 pass quietly", async () => {
    const w = wardrobeWorld();
    const id = await paidOrder(w, w.wardrobe);
    expect(getOrder(db, id)?.promisedReadyAt).toEqual(at(21));
    const result = acceptOrder(db, { orderId: id, actorUserId: w.sellerA.userId, readyAt: at(21) }, at(0, 2));
    expect(result).toMatchObject({ ok: true, to: "accepted" });
    expect(getOrder(db, id)).toMatchObject({ deadlineKind: "drop", deadlineAt: at(24) });
    // The bug of the issue: three days later the job cancelled it and refunded 160 000 ₸.
    expect(runDueDeadlines(db, at(3, 1))).toEqual({ applied: 0, flagged: 0 });
    expect(runDueDeadlines(db, at(20))).toEqual({ applied: 0, flagged: 0 });
    expect(statusOf(id)).toBe("accepted");
    expect(orderEscrowTiyn(db, id)).toBe(16_000_000);
    // The buyer's SMS names the real date, in their language (ru).
    expect(sms("order.accepted_ready", w.buyerUserId)[0]?.body).toContain("2025");
    step(id, "drop", "seller", w.sellerA.userId, at(20, 5));
    expect(getOrder(db, id)).toMatchObject({ status: "handed_over", deadlineKind: "send" });
  });

  it("a cash made-to-order order tells the seller the real drop-off date, not 3 days", () => {
    const w = wardrobeWorld();
    setLanguage(db, w.sellerA.userId, "en");
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.wardrobe, quantity: 1 }], paymentMethod: "cash" }, at(0));
    if (!placed.ok) throw new Error(placed.reason);
    expect(getOrder(db, placed.orderIds[0]!)).toMatchObject({ status: "accepted", deadlineKind: "drop", deadlineAt: at(24) });
    const body = sms("order.new_cash_order", w.sellerA.userId)[0]?.body ?? "";
    expect(body).toContain("by June 25, 2025");
    expect(body).not.toContain("3 days");
  });

  it("a later date at acceptance waits for the buyer: yes makes it the promise; no cancels with a full refund", async () => {
    const w = wardrobeWorld();
    const yes = await paidOrder(w, w.wardrobe);
    expect(acceptOrder(db, { orderId: yes, actorUserId: w.sellerA.userId, readyAt: at(30) }, at(0, 2))).toMatchObject({ ok: true, to: "paid" });
    expect(getOrder(db, yes)).toMatchObject({ status: "paid", proposedReadyAt: at(30), promisedReadyAt: at(21), deadlineKind: "agree", deadlineAt: at(3, 2) });
    expect(sms("order.date_asked", w.buyerUserId)).toHaveLength(1);
    expect(applyOrderEvent(db, { orderId: yes, event: "accept", by: "seller", actorUserId: w.sellerA.userId }, at(0, 3))).toEqual({ ok: false, reason: "orders.waiting_for_buyer" });
    step(yes, "agree_date", "buyer", w.buyerUserId, at(1));
    expect(getOrder(db, yes)).toMatchObject({ status: "accepted", promisedReadyAt: at(30), proposedReadyAt: null, deadlineKind: "drop", deadlineAt: at(33) });
    expect(sms("order.date_agreed", w.sellerA.userId)).toHaveLength(1);

    const no = await paidOrder(w, w.wardrobe);
    acceptOrder(db, { orderId: no, actorUserId: w.sellerA.userId, readyAt: at(40) }, at(0, 2));
    step(no, "refuse_date", "buyer", w.buyerUserId, at(1));
    expect(statusOf(no)).toBe("cancelled");
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(16_000_000);

    // Silence is not a yes: unanswered, the order is cancelled and refunded when the answer is due.
    const silent = await paidOrder(w, w.wardrobe);
    acceptOrder(db, { orderId: silent, actorUserId: w.sellerA.userId, readyAt: at(40) }, at(0, 2));
    expect(runDueDeadlines(db, at(3, 1)).applied).toBe(0);
    expect(runDueDeadlines(db, at(3, 2)).applied).toBe(1);
    expect(statusOf(silent)).toBe("cancelled");
    expect(eventsOf(db, silent).at(-1)).toMatchObject({ event: "agree_deadline", actorUserId: null });
  });

  it("the seller asks once for more time, with a reason; a second ask is refused; dates in the past are refused", async () => {
    const w = wardrobeWorld();
    const id = await paidOrder(w, w.wardrobe);
    expect(acceptOrder(db, { orderId: id, actorUserId: w.sellerA.userId, readyAt: at(-1) }, at(0, 2))).toEqual({ ok: false, reason: "orders.ready_date_invalid" });
    acceptOrder(db, { orderId: id, actorUserId: w.sellerA.userId }, at(0, 2));
    expect(applyOrderEvent(db, { orderId: id, event: "ask_more_time", by: "seller", actorUserId: w.sellerA.userId, readyAt: at(20) }, at(10))).toEqual({
      ok: false,
      reason: "orders.ready_date_not_later",
    });
    step(id, "ask_more_time", "seller", w.sellerA.userId, at(10), { readyAt: at(28), reason: "Ағаш кеппеді" });
    expect(getOrder(db, id)).toMatchObject({ status: "accepted", proposedReadyAt: at(28), extensionAskedAt: at(10), deadlineKind: "agree" });
    step(id, "agree_date", "buyer", w.buyerUserId, at(11));
    expect(getOrder(db, id)).toMatchObject({ promisedReadyAt: at(28), deadlineAt: at(31) });
    expect(applyOrderEvent(db, { orderId: id, event: "ask_more_time", by: "seller", actorUserId: w.sellerA.userId, readyAt: at(35) }, at(12))).toEqual({
      ok: false,
      reason: "orders.more_time_once",
    });
    // Goods in stock have no ready date to move.
    const chair = await paidOrder(w, w.listingA);
    step(chair, "accept", "seller", w.sellerA.userId, at(0, 3));
    expect(applyOrderEvent(db, { orderId: chair, event: "ask_more_time", by: "seller", actorUserId: w.sellerA.userId, readyAt: at(9) }, at(1))).toEqual({
      ok: false,
      reason: "orders.not_made_to_order",
    });
  });
});

describe("every money-holding state has a deadline (issue 14 §2)", () => {
  it("a parcel the hub holds past its send deadline is flagged for a person: no money moves, the deadline is re-armed, the admins' list shows it", async () => {
    const w = orderWorld(db);
    const id = await paidOrder(w, w.listingA);
    step(id, "accept", "seller", w.sellerA.userId, at(0, 1));
    step(id, "drop", "seller", w.sellerA.userId, at(0, 2));
    step(id, "receive", "hub", w.hubUserId, at(0, 3));
    expect(getOrder(db, id)).toMatchObject({ deadlineKind: "send", deadlineAt: at(2, 2) });
    const before = transfers();
    expect(runDueDeadlines(db, at(2, 1))).toEqual({ applied: 0, flagged: 0 });
    expect(runDueDeadlines(db, at(2, 2))).toEqual({ applied: 0, flagged: 1 });
    expect(transfers()).toBe(before);
    expect(getOrder(db, id)).toMatchObject({ status: "handed_over", flaggedAt: at(2, 2), deadlineKind: "send", deadlineAt: at(3, 2) });
    expect(heldPastDeadline(db, at(2, 3)).map((r) => ({ id: r.id, heldTiyn: r.heldTiyn, status: r.status }))).toEqual([{ id, heldTiyn: 1_234_567, status: "handed_over" }]);
    // The next day it is looked at again, but flagged (and written on the timeline) only once.
    expect(runDueDeadlines(db, at(3, 2))).toEqual({ applied: 0, flagged: 1 });
    expect(eventsOf(db, id).filter((e) => e.event === "flagged_hub")).toHaveLength(1);
    expect(getOrder(db, id)?.flaggedAt).toEqual(at(2, 2));
    // Sent at last: off the list, waiting on the transit deadline.
    step(id, "send", "hub", w.hubUserId, at(3, 5));
    expect(getOrder(db, id)).toMatchObject({ status: "in_transit", flaggedAt: null, deadlineKind: "arrive", deadlineAt: at(8, 5) });
    expect(heldPastDeadline(db, at(3, 6))).toEqual([]);
    expect(runDueDeadlines(db, at(8, 5))).toEqual({ applied: 0, flagged: 1 });
    expect(eventsOf(db, id).filter((e) => e.event === "flagged_hub")).toHaveLength(2);
    expect(statusOf(id)).toBe("in_transit");
    expect(orderEscrowTiyn(db, id)).toBe(1_234_567);
  });
});

describe("reminders (issue 14 §3)", () => {
  it("the seller is reminded once before the drop-off, in their language; a second run sends nothing", async () => {
    const w = orderWorld(db);
    setLanguage(db, w.sellerA.userId, "kk");
    const id = await paidOrder(w, w.listingA);
    step(id, "accept", "seller", w.sellerA.userId, at(0, 1));
    expect(sendDueReminders(db, at(1))).toBe(0);
    // The drop-off is due at day 3, 1 h: 24 h before, the reminder goes.
    expect(sendDueReminders(db, at(2, 2))).toBe(1);
    expect(sendDueReminders(db, at(2, 3))).toBe(0);
    expect(sendDueReminders(db, at(3))).toBe(0);
    const sent = sms("order.remind_drop", w.sellerA.userId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ language: "kk" });
    expect(sent[0]?.body).toContain("ауыл хабына");
  });

  it("the buyer is reminded before storage ends and before the inspection window closes; the hub's deadlines remind nobody", async () => {
    const w = orderWorld(db);
    const id = await paidOrder(w, w.listingB);
    step(id, "accept", "seller", w.sellerB.userId, at(0, 1));
    step(id, "drop", "seller", w.sellerB.userId, at(0, 2));
    step(id, "receive", "hub", w.hubUserId, at(0, 3));
    expect(sendDueReminders(db, at(1, 12))).toBe(0);
    step(id, "arrive", "operator", w.operatorUserId, at(1, 12));
    expect(sendDueReminders(db, at(7, 13))).toBe(1);
    expect(sendDueReminders(db, at(7, 14))).toBe(0);
    expect(sms("order.remind_storage", w.buyerUserId)).toHaveLength(1);
    const code = buyerPickupCode(db, getOrder(db, id)!)!;
    expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId }, at(8)).ok).toBe(true);
    expect(sendDueReminders(db, at(10, 1))).toBe(1);
    expect(sendDueReminders(db, at(10, 2))).toBe(0);
    expect(sms("order.remind_inspection", w.buyerUserId)[0]?.language).toBe("ru");
  });

  it("a moved deadline is a new one: asking the buyer about a later date reminds the buyer, then the seller's new drop-off", async () => {
    const w = wardrobeWorld();
    const id = await paidOrder(w, w.wardrobe);
    acceptOrder(db, { orderId: id, actorUserId: w.sellerA.userId, readyAt: at(30) }, at(0, 2));
    expect(sendDueReminders(db, at(2, 3))).toBe(1);
    expect(sms("order.remind_agree", w.buyerUserId)).toHaveLength(1);
    step(id, "agree_date", "buyer", w.buyerUserId, at(2, 4));
    expect(sendDueReminders(db, at(32, 1))).toBe(1);
    expect(sendDueReminders(db, at(32, 2))).toBe(0);
    expect(sms("order.remind_drop", w.sellerA.userId)).toHaveLength(1);
  });
});

describe("cash orders: the hub keeps the cash until the inspection window has passed (issue 14 §7)", () => {
  /** A cash order of seller A's chair, collected at the point on day 3 for its exact total. */
  function collectedCashOrder(w: ReturnType<typeof orderWorld>) {
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }], paymentMethod: "cash" }, at(0));
    if (!placed.ok) throw new Error(placed.reason);
    const id = placed.orderIds[0]!;
    step(id, "drop", "seller", w.sellerA.userId, at(1));
    step(id, "receive", "hub", w.hubUserId, at(1, 1));
    step(id, "send", "hub", w.hubUserId, at(1, 2));
    step(id, "arrive", "operator", w.operatorUserId, at(2));
    const code = buyerPickupCode(db, getOrder(db, id)!)!;
    expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId, cashTiyn: 1_234_567 }, at(3)).ok).toBe(true);
    return id;
  }

  it("a cash buyer disputes like an online buyer; a partial refund is handed back from the point's cash, the rest is the seller's net of fees", () => {
    const w = orderWorld(db);
    const id = collectedCashOrder(w);
    expect(getOrder(db, id)).toMatchObject({ status: "picked_up", deadlineKind: "inspection" });
    expect(accountBalance(db, `cash_held:order:${id}`)).toBe(1_234_567);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(0);
    step(id, "dispute", "buyer", w.buyerUserId, at(3, 2), { reason: "Аяғы сынық" });
    expect(getOrder(db, id)).toMatchObject({ status: "disputed", deadlineKind: "decide" });
    // The inspection window passing changes nothing now: the dispute holds the cash.
    expect(runDueDeadlines(db, at(6, 1)).applied).toBe(0);
    step(id, "resolve_partial", "resolver", w.hubUserId, at(5), { refundTiyn: 234_567, reason: "Жөндеуге" });
    expect(statusOf(id)).toBe("completed");
    const split = splitAmount(1_000_000, { platformBp: 300, coopBp: 200 });
    expect(accountBalance(db, `cash_held:order:${id}`)).toBe(0);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(split.sellerTiyn);
    // The refund went back to the buyer out of the cash the point kept: nothing owed, the point holds the rest.
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
    expect(accountBalance(db, `point_cash:${w.pointB}`)).toBe(1_000_000);
  });

  it("a full refund of a disputed cash order gives all the cash back; the seller gets nothing", () => {
    const w = orderWorld(db);
    const id = collectedCashOrder(w);
    step(id, "dispute", "buyer", w.buyerUserId, at(3, 2), { reason: "Басқа тауар" });
    step(id, "resolve_refund", "resolver", w.hubUserId, at(5), { reason: "Қайтарылды" });
    expect(statusOf(id)).toBe("refunded");
    expect(accountBalance(db, `cash_held:order:${id}`)).toBe(0);
    expect(accountBalance(db, `point_cash:${w.pointB}`)).toBe(0);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(0);
  });

  it("undisputed, the cash is the seller's once the window has passed", () => {
    const w = orderWorld(db);
    const id = collectedCashOrder(w);
    expect(runDueDeadlines(db, at(5, 23)).applied).toBe(0);
    expect(runDueDeadlines(db, at(6)).applied).toBe(1);
    expect(statusOf(id)).toBe("completed");
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(splitAmount(1_234_567, { platformBp: 300, coopBp: 200 }).sellerTiyn);
  });
});

describe("assisted orders (issue 14 §4)", () => {
  it("a coordinator accepts and records the drop-off for a seller who chose it, with the consent in the audit log and the seller told by SMS", async () => {
    const w = orderWorld(db);
    const id = await paidOrder(w, w.listingA);
    const refused = assistOrder(db, { orderId: id, event: "accept", actorUserId: w.hubUserId, consentNote: "Асқар телефонмен сұрады" }, at(0, 1));
    expect(refused).toEqual({ ok: false, reason: "orders.not_assisted" });
    db.update(sellers).set({ assistedOrders: true }).where(eq(sellers.id, w.sellerA.sellerId)).run();
    expect(assistOrder(db, { orderId: id, event: "accept", actorUserId: w.hubUserId, consentNote: "  " }, at(0, 1))).toEqual({ ok: false, reason: "orders.consent_required" });
    expect(statusOf(id)).toBe("paid");
    expect(assistOrder(db, { orderId: id, event: "accept", actorUserId: w.hubUserId, consentNote: "Асқар телефонмен сұрады, 10:05" }, at(0, 1))).toMatchObject({ ok: true, to: "accepted" });
    expect(assistOrder(db, { orderId: id, event: "drop", actorUserId: w.hubUserId, consentNote: "Асқар шкафты әкелді" }, at(1))).toMatchObject({ ok: true, to: "handed_over" });
    expect(eventsOf(db, id).filter((e) => e.actorUserId === w.hubUserId).map((e) => e.event)).toEqual(["accept", "drop"]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "order.assisted")).all();
    expect(audit.map((a) => [a.actorUserId, a.subjectUserId, JSON.parse(a.details) as unknown])).toEqual([
      [w.hubUserId, w.sellerA.userId, { orderId: id, event: "accept", consent: "Асқар телефонмен сұрады, 10:05" }],
      [w.hubUserId, w.sellerA.userId, { orderId: id, event: "drop", consent: "Асқар шкафты әкелді" }],
    ]);
    const told = sms("order.assisted", w.sellerA.userId);
    expect(told).toHaveLength(2);
    expect(told[0]).toMatchObject({ language: "en" });
    expect(told[0]?.body).toContain("accepted");
  });
});
