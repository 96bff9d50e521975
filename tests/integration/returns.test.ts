/**
 * Issue 14 §5–6 on a real SQLite file: the way back of a parcel nobody collected (to return at
 * the point, refunded then, sent, back at the seller's hub, only then on sale again and the seller
 * told), the buyer's one storage extension, and returns after pickup — refunded on arrival at the
 * seller's hub, out of escrow while it is held, else by undoing the release, with what a seller
 * already paid out owes recorded and recovered from the next payout (decision 0024).
 * The ledger's invariants are checked after every test.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction, type Db } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { createPayoutBatch, settlePayoutLine } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance, orderEscrowTiyn, sellerMoney } from "../../app/domain/escrow/ledger-reads.server";
import { splitAmount } from "../../app/domain/escrow/split";
import { grantRole } from "../../app/domain/identity/users.server";
import { buyerPickupCode, handOver, takeReturn } from "../../app/domain/orders/handover.server";
import { DEFAULT_DEADLINES } from "../../app/domain/orders/deadlines";
import { applyOrderEvent, runDueDeadlines, type EventInput } from "../../app/domain/orders/order-events.server";
import type { EventSource, OrderEvent } from "../../app/domain/orders/order-machine";
import { getOrder, hubParcels, pointParcels } from "../../app/domain/orders/order-views.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { categories, listings, outboxMessages } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { applyStep, at, buy, DAY, devProvider, eventsOf, makeListing, orderWorld, payCheckout, T0 } from "../support/orders";

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
const stockOf = (listingId: number) => db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, listingId)).get()?.stock;
const sms = (kind: string) => db.select().from(outboxMessages).where(eq(outboxMessages.kind, kind)).all();

/** A paid online order of one listing at the world's point (village B), accepted and on the shelf. */
async function onTheShelf(which: "A" | "B", w = orderWorld(db), listingId?: number) {
  const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: listingId ?? (which === "A" ? w.listingA : w.listingB), quantity: 1 }] }, at(0));
  if (!placed.ok) throw new Error(placed.reason);
  clock = at(0, 0.1);
  expect((await payCheckout(db, provider, placed.checkoutId, clock)).outcome).toBe("applied");
  const id = placed.orderIds[0]!;
  const seller = which === "A" ? w.sellerA : w.sellerB;
  step(id, "accept", "seller", seller.userId, at(1));
  step(id, "drop", "seller", seller.userId, at(1, 2));
  step(id, "receive", "hub", w.hubUserId, at(1, 3));
  if (which === "A") step(id, "send", "hub", w.hubUserId, at(1, 4));
  step(id, "arrive", "operator", w.operatorUserId, at(2));
  return { w, id, seller };
}

/** Collected with the code on day 3 (the inspection window runs to day 6). */
function collect(w: ReturnType<typeof orderWorld>, id: number) {
  const code = buyerPickupCode(db, getOrder(db, id)!)!;
  expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId }, at(3)).ok).toBe(true);
}

describe("the way back of a parcel nobody collects (issue 14 §5)", () => {
  it("is refunded when it becomes 'to return', is listed at the point and both hubs, travels back, and only on arrival is its stock back and its seller told", async () => {
    const { w, id } = await onTheShelf("A");
    grantRole(db, { actorUserId: null, userId: w.hubUserId, role: "coordinator", villageId: w.villageB, ip: null }, T0);
    expect(stockOf(w.listingA)).toBe(4);
    const storageEnd = getOrder(db, id)!.deadlineAt!;
    expect(runDueDeadlines(db, storageEnd).applied).toBe(1);
    expect(statusOf(id)).toBe("to_return");
    // The buyer waits for nothing: refunded at once (decision 0023); the goods are still on a shelf.
    expect(orderEscrowTiyn(db, id)).toBe(0);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
    expect(stockOf(w.listingA)).toBe(4);
    expect(sms("order.not_collected_refunded").map((m) => m.userId)).toEqual([w.buyerUserId]);
    expect(sms("order.parcel_back")).toHaveLength(0);
    expect(pointParcels(db, w.pointB).toReturn.map((o) => o.id)).toEqual([id]);
    expect(hubParcels(db, w.villageB).toSendBack.map((o) => o.id)).toEqual([id]);
    // Late: flagged for a person (deadlines.ts) — the point's hub is told, the deadline is re-armed a
    // follow-up later, nothing else moves.
    const sendBy = getOrder(db, id)!.deadlineAt!;
    expect(getOrder(db, id)!.deadlineKind).toBe("return_send");
    expect(runDueDeadlines(db, sendBy)).toEqual({ applied: 0, flagged: 1 });
    expect(statusOf(id)).toBe("to_return");
    expect(getOrder(db, id)!.deadlineAt!.getTime()).toBe(sendBy.getTime() + DEFAULT_DEADLINES.followUpMs);
    expect(getOrder(db, id)!.flaggedAt).toEqual(sendBy);
    expect(sms("order.return_overdue_to_return").map((m) => m.userId)).toEqual([w.hubUserId]);
    // Same village only: a parcel that came from village A is sent back, not taken by B's hub.
    expect(applyOrderEvent(db, { orderId: id, event: "return_arrive", by: "hub", actorUserId: w.hubUserId }, at(13))).toEqual({ ok: false, reason: "orders.not_allowed_now" });
    step(id, "return_send", "hub", w.operatorUserId, at(13));
    expect(statusOf(id)).toBe("return_in_transit");
    expect(hubParcels(db, w.villageA).comingBack.map((o) => o.id)).toEqual([id]);
    expect(stockOf(w.listingA)).toBe(4);
    step(id, "return_arrive", "hub", w.hubUserId, at(15));
    expect(statusOf(id)).toBe("returned");
    expect(getOrder(db, id)).toMatchObject({ deadlineKind: null, deadlineAt: null });
    expect(stockOf(w.listingA)).toBe(5);
    // Refunded once, not again on arrival; the seller told in their language (English).
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
    const told = sms("order.parcel_back");
    expect(told.map((m) => m.userId)).toEqual([w.sellerA.userId]);
    expect(told[0]?.language).toBe("en");
    expect(eventsOf(db, id).map((e) => e.event).slice(-4)).toEqual(["storage_deadline", "flagged_hub", "return_send", "return_arrive"]);
  });

  it("within one village the hub takes it straight back from its point", async () => {
    const { w, id } = await onTheShelf("B");
    runDueDeadlines(db, getOrder(db, id)!.deadlineAt!);
    expect(statusOf(id)).toBe("to_return");
    expect(applyOrderEvent(db, { orderId: id, event: "return_send", by: "hub", actorUserId: w.hubUserId }, at(10))).toEqual({ ok: false, reason: "orders.not_allowed_now" });
    step(id, "return_arrive", "hub", w.hubUserId, at(10));
    expect(statusOf(id)).toBe("returned");
    expect(stockOf(w.listingB)).toBe(5);
  });

  it("the buyer extends storage once, before it ends, by STORAGE_EXTENSION_DAYS (3)", async () => {
    const { w, id } = await onTheShelf("B");
    const end = getOrder(db, id)!.deadlineAt!;
    const code = buyerPickupCode(db, getOrder(db, id)!);
    step(id, "extend_storage", "buyer", w.buyerUserId, at(5));
    expect(getOrder(db, id)).toMatchObject({ status: "ready_for_pickup", deadlineKind: "storage", deadlineAt: new Date(end.getTime() + 3 * DAY) });
    // The pickup code the buyer got by SMS still works.
    expect(buyerPickupCode(db, getOrder(db, id)!)).toBe(code);
    expect(applyOrderEvent(db, { orderId: id, event: "extend_storage", by: "buyer", actorUserId: w.buyerUserId }, at(6))).toEqual({ ok: false, reason: "orders.already_extended" });
    expect(runDueDeadlines(db, end).applied).toBe(0);
    expect(runDueDeadlines(db, new Date(end.getTime() + 3 * DAY)).applied).toBe(1);
    expect(statusOf(id)).toBe("to_return");
    expect(applyOrderEvent(db, { orderId: id, event: "extend_storage", by: "buyer", actorUserId: w.buyerUserId }, at(20)).ok).toBe(false);
  });

  it("an extension after storage ended is refused", async () => {
    const { w, id } = await onTheShelf("B");
    const end = getOrder(db, id)!.deadlineAt!;
    expect(applyOrderEvent(db, { orderId: id, event: "extend_storage", by: "buyer", actorUserId: w.buyerUserId }, end)).toEqual({ ok: false, reason: "orders.not_allowed_now" });
  });
});

describe("returns after pickup (issue 14 §6)", () => {
  /** Asked, approved by the seller, taken back at the point against the return code, sent and arrived. */
  function returnAll(w: ReturnType<typeof orderWorld>, id: number, seller: { userId: number }, day: number) {
    step(id, "return_request", "buyer", w.buyerUserId, at(day), { reason: "Түсі келмеді" });
    expect(statusOf(id)).toBe("return_requested");
    expect(sms("order.return_requested").at(-1)?.userId).toBe(seller.userId);
    step(id, "return_approve", "seller", seller.userId, at(day, 1));
    const code = buyerPickupCode(db, getOrder(db, id)!)!;
    expect(code).toMatch(/^\d{6}$/);
    expect(sms("order.return_approved").at(-1)).toMatchObject({ userId: w.buyerUserId, sensitive: true });
    const wrong = code === "000000" ? "111111" : "000000";
    expect(takeReturn(db, { orderId: id, code: wrong, actorUserId: w.operatorUserId }, at(day, 2))).toMatchObject({ ok: false, reason: "orders.code_wrong" });
    expect(takeReturn(db, { orderId: id, code, actorUserId: w.operatorUserId }, at(day, 2)).ok).toBe(true);
    expect(statusOf(id)).toBe("to_return");
    if (!getOrder(db, id)!.sameVillage) step(id, "return_send", "hub", w.operatorUserId, at(day, 3));
    step(id, "return_arrive", "hub", w.hubUserId, at(day + 2));
    expect(statusOf(id)).toBe("returned");
  }

  it("after completion, before a payout: the release is undone on arrival at the seller's hub — the buyer gets the whole total, fees included", async () => {
    const { w, id, seller } = await onTheShelf("A");
    collect(w, id);
    step(id, "confirm", "buyer", w.buyerUserId, at(3, 1));
    const split = splitAmount(1_234_567, { platformBp: 300, coopBp: 200 });
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(split.sellerTiyn);
    step(id, "return_request", "buyer", w.buyerUserId, at(5), { reason: "Өлшемі келмеді" });
    step(id, "return_approve", "seller", seller.userId, at(5, 1));
    const code = buyerPickupCode(db, getOrder(db, id)!)!;
    expect(takeReturn(db, { orderId: id, code, actorUserId: w.operatorUserId }, at(6)).ok).toBe(true);
    step(id, "return_send", "hub", w.operatorUserId, at(6, 1));
    // Nothing moves before arrival.
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
    expect(stockOf(w.listingA)).toBe(4);
    step(id, "return_arrive", "hub", w.hubUserId, at(8));
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(0);
    expect(accountBalance(db, "platform_commission")).toBe(0);
    expect(accountBalance(db, `seller_receivable:${w.sellerA.sellerId}`)).toBe(0);
    expect(stockOf(w.listingA)).toBe(5);
    expect(sms("order.return_refunded").map((m) => m.userId)).toEqual([w.buyerUserId]);
    expect(sms("order.return_back").map((m) => m.userId)).toEqual([w.sellerA.userId]);
  });

  it("after the seller was paid out: the seller's share becomes a debt, recovered from the next payout; no balance is negative and no tiyn created", async () => {
    const { w, id, seller } = await onTheShelf("A");
    collect(w, id);
    step(id, "confirm", "buyer", w.buyerUserId, at(3, 1));
    const split = splitAmount(1_234_567, { platformBp: 300, coopBp: 200 });
    const first = writeTransaction(db, (tx) => createPayoutBatch(tx, { key: "payout-1", at: at(4) }));
    expect(first.result.lines).toEqual([{ sellerId: w.sellerA.sellerId, amountTiyn: split.sellerTiyn }]);
    // The bank confirms it (decision 0022): the money has left the platform.
    writeTransaction(db, (tx) => settlePayoutLine(tx, { key: "payout-1/confirmed", sellerId: w.sellerA.sellerId, amountTiyn: split.sellerTiyn, outcome: "confirmed", at: at(4, 1) }));
    returnAll(w, id, seller, 5);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(0);
    expect(accountBalance(db, `seller_receivable:${w.sellerA.sellerId}`)).toBe(split.sellerTiyn);
    expect(sellerMoney(db, w.sellerA.sellerId)).toMatchObject({ owedTiyn: split.sellerTiyn, payableTiyn: 0, paidOutTiyn: split.sellerTiyn });
    expect(checkLedgerInvariants(db)).toEqual([]);

    // The seller sells twice more; the next payout nets the debt out first.
    const second = await onTheShelf("A", w);
    collect(w, second.id);
    step(second.id, "confirm", "buyer", w.buyerUserId, at(3, 2));
    const third = await onTheShelf("A", w);
    collect(w, third.id);
    step(third.id, "confirm", "buyer", w.buyerUserId, at(3, 3));
    const earned = 2 * split.sellerTiyn;
    const next = writeTransaction(db, (tx) => createPayoutBatch(tx, { key: "payout-2", at: at(10) }));
    expect(next.result.lines).toEqual([{ sellerId: w.sellerA.sellerId, amountTiyn: earned - split.sellerTiyn }]);
    expect(accountBalance(db, `seller_receivable:${w.sellerA.sellerId}`)).toBe(0);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(0);
    // Replaying the batch changes nothing.
    const again = writeTransaction(db, (tx) => createPayoutBatch(tx, { key: "payout-2", at: at(11) }));
    expect(again).toMatchObject({ replayed: true, result: next.result });
    expect(sellerMoney(db, w.sellerA.sellerId).owedTiyn).toBe(0);
  });

  it("a debt larger than the next payout stays owed, and the seller is paid nothing until it is recovered", async () => {
    const { w, id, seller } = await onTheShelf("A");
    collect(w, id);
    step(id, "confirm", "buyer", w.buyerUserId, at(3, 1));
    writeTransaction(db, (tx) => createPayoutBatch(tx, { key: "p1", at: at(4) }));
    returnAll(w, id, seller, 5);
    const cheap = makeListing(db, w.sellerA, { priceTiyn: 100_000, stock: 3, title: "Қасық" });
    const small = await onTheShelf("A", w, cheap);
    collect(w, small.id);
    step(small.id, "confirm", "buyer", w.buyerUserId, at(3, 2));
    const owedBefore = accountBalance(db, `seller_receivable:${w.sellerA.sellerId}`);
    const payable = accountBalance(db, `seller_payable:${w.sellerA.sellerId}`);
    const batch = writeTransaction(db, (tx) => createPayoutBatch(tx, { key: "p2", at: at(10) }));
    expect(batch.result.lines).toEqual([]);
    expect(accountBalance(db, `seller_receivable:${w.sellerA.sellerId}`)).toBe(owedBefore - payable);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(0);
  });

  it("asked during the inspection window the escrow stays held: refused, it is released; approved, it is refunded on arrival out of escrow", async () => {
    const first = await onTheShelf("B");
    const { w } = first;
    collect(w, first.id);
    step(first.id, "return_request", "buyer", w.buyerUserId, at(3, 2), { reason: "Ойымнан айныдым" });
    expect(orderEscrowTiyn(db, first.id)).toBe(333_333);
    // The inspection deadline no longer applies; the answer's deadline does.
    expect(getOrder(db, first.id)?.deadlineKind).toBe("return_decide");
    step(first.id, "return_refuse", "resolver", w.hubUserId, at(4), { reason: "Қолданылған" });
    expect(statusOf(first.id)).toBe("completed");
    expect(orderEscrowTiyn(db, first.id)).toBe(0);
    expect(sms("order.return_refused").map((m) => m.userId)).toEqual([w.buyerUserId]);

    const second = await onTheShelf("B", w);
    collect(w, second.id);
    returnAll(w, second.id, w.sellerB, 4);
    expect(orderEscrowTiyn(db, second.id)).toBe(0);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(333_333);
    expect(accountBalance(db, `seller_receivable:${w.sellerB.sellerId}`)).toBe(0);
  });

  it("an approved return never brought closes after 7 days and the sale stands", async () => {
    const { w, id, seller } = await onTheShelf("B");
    collect(w, id);
    step(id, "confirm", "buyer", w.buyerUserId, at(3, 1));
    step(id, "return_request", "buyer", w.buyerUserId, at(4), { reason: "Керек емес" });
    step(id, "return_approve", "seller", seller.userId, at(4, 1));
    expect(getOrder(db, id)?.deadlineKind).toBe("return_drop");
    expect(runDueDeadlines(db, new Date(at(4, 1).getTime() + 7 * DAY)).applied).toBe(1);
    expect(statusOf(id)).toBe("completed");
    expect(sms("order.return_lapsed").map((m) => m.userId)).toEqual([w.buyerUserId]);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
  });

  it("an unanswered request is flagged after 3 days: the seller and their hub are told; it never moves money by itself", async () => {
    const { w, id } = await onTheShelf("A");
    grantRole(db, { actorUserId: null, userId: w.hubUserId, role: "coordinator", villageId: w.villageA, ip: null }, T0);
    collect(w, id);
    step(id, "return_request", "buyer", w.buyerUserId, at(3, 2), { reason: "Керек емес" });
    const before = orderEscrowTiyn(db, id);
    expect(runDueDeadlines(db, at(7))).toEqual({ applied: 0, flagged: 1 });
    expect(runDueDeadlines(db, at(7))).toEqual({ applied: 0, flagged: 0 });
    expect(getOrder(db, id)!.deadlineAt!.getTime()).toBe(at(7).getTime() + DEFAULT_DEADLINES.followUpMs);
    expect(statusOf(id)).toBe("return_requested");
    expect(orderEscrowTiyn(db, id)).toBe(before);
    expect(sms("order.return_overdue_return_requested").map((m) => m.userId).sort()).toEqual([w.hubUserId, w.sellerA.userId].sort());
    expect(hubParcels(db, w.villageA).returnRequests.map((o) => o.id)).toEqual([id]);
  });

  it("food, goods made to order and requests after 14 days are refused with their reason; a cash order is not returned online", async () => {
    const w = orderWorld(db);
    const honey = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, "honey")).get()!.id;
    const food = makeListing(db, w.sellerB, { priceTiyn: 500_000, stock: 3, title: "Бал" });
    db.update(listings).set({ categoryId: honey }).where(eq(listings.id, food)).run();
    const honeyOrder = await onTheShelf("B", w, food);
    collect(w, honeyOrder.id);
    expect(applyOrderEvent(db, { orderId: honeyOrder.id, event: "return_request", by: "buyer", actorUserId: w.buyerUserId }, at(4))).toEqual({ ok: false, reason: "orders.return_not_returnable" });

    const bespoke = makeListing(db, w.sellerB, { priceTiyn: 500_000, stock: 3, title: "Шкаф" });
    db.update(listings).set({ madeToOrder: true, leadDays: 21 }).where(eq(listings.id, bespoke)).run();
    const madeOrder = await onTheShelf("B", w, bespoke);
    collect(w, madeOrder.id);
    expect(applyOrderEvent(db, { orderId: madeOrder.id, event: "return_request", by: "buyer", actorUserId: w.buyerUserId }, at(4))).toEqual({ ok: false, reason: "orders.return_made_to_order" });

    const chair = await onTheShelf("B", w);
    collect(w, chair.id);
    step(chair.id, "confirm", "buyer", w.buyerUserId, at(3, 1));
    expect(applyOrderEvent(db, { orderId: chair.id, event: "return_request", by: "buyer", actorUserId: w.buyerUserId }, new Date(at(3).getTime() + 14 * DAY + 1))).toEqual({ ok: false, reason: "orders.return_window_over" });
    expect(applyOrderEvent(db, { orderId: chair.id, event: "return_request", by: "buyer", actorUserId: w.buyerUserId }, new Date(at(3).getTime() + 14 * DAY)).ok).toBe(true);

    const cash = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingB, quantity: 1 }], paymentMethod: "cash" }, at(0));
    if (!cash.ok) throw new Error(cash.reason);
    const cashId = cash.orderIds[0]!;
    step(cashId, "drop", "seller", w.sellerB.userId, at(1));
    step(cashId, "receive", "hub", w.hubUserId, at(1, 1));
    step(cashId, "arrive", "operator", w.operatorUserId, at(2));
    expect(handOver(db, { orderId: cashId, code: buyerPickupCode(db, getOrder(db, cashId)!)!, actorUserId: w.operatorUserId, cashTiyn: 333_333 }, at(3)).ok).toBe(true);
    expect(applyOrderEvent(db, { orderId: cashId, event: "return_request", by: "buyer", actorUserId: w.buyerUserId }, at(4))).toEqual({ ok: false, reason: "orders.return_cash" });
  });
});
