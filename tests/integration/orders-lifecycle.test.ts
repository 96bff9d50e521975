/**
 * The orders domain end to end (DESIGN §3–4, issue 5) on a real SQLite file:
 * checkout, the development provider's signed webhook, every step of the
 * state machine with its event row, the money in the ledger, the messages in
 * each recipient's language, pickup codes and deadlines moved by an injected
 * clock. The ledger's invariants are checked after every test.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { writeTransaction } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { settlePointCash } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance, orderEscrowTiyn, pointCashOwed } from "../../app/domain/escrow/ledger-reads.server";
import { splitAmount } from "../../app/domain/escrow/split";
import { deliverPending } from "../../app/domain/notify/outbox.server";
import { cartCount, userCartKey } from "../../app/domain/orders/cart.server";
import { checkout } from "../../app/domain/orders/checkout.server";
import { buyerPickupCode, handOver, unlockParcel } from "../../app/domain/orders/handover.server";
import { applyOrderEvent, runDueDeadlines, type EventInput } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import type { EventSource, OrderEvent } from "../../app/domain/orders/order-machine";
import { payPendingRefunds, setPaymentProvider } from "../../app/domain/payments/payments.server";
import { checkouts, listings, orderEvents, orders, outboxMessages } from "../../db/schema";
import { recordingSender } from "../support/app";
import { freshDatabase } from "../support/db";
import { makeUser } from "../support/ledger";
import { runTogether } from "../support/orders-processes";
import { applyStep, at, buy, DAY, devProvider, eventsOf, HOUR, makeListing, orderWorld, payCheckout, T0 } from "../support/orders";

let db: Db;
let clock = T0;
const provider = devProvider(() => clock);

beforeEach(() => {
  db = freshDatabase().db;
  clock = T0;
  setPaymentProvider(provider);
});

afterEach(() => {
  setPaymentProvider(undefined);
});

const step = (orderId: number, event: OrderEvent, by: EventSource, actorUserId: number | null, now: Date, extra: Partial<EventInput> = {}) =>
  applyStep(db, orderId, event, by, actorUserId, now, extra);

/** Pays through the signed webhook at `now`, with the provider's clock at the same moment. */
function pay(checkoutId: number, now: Date) {
  clock = now;
  return payCheckout(db, provider, checkoutId, now);
}

const statusOf = (orderId: number) => getOrder(db, orderId)?.status;
const stockOf = (listingId: number) => db.select({ stock: listings.stock, status: listings.status }).from(listings).where(eq(listings.id, listingId)).get();
const outbox = () => db.select().from(outboxMessages).all();

/** A checkout paid online, each order accepted: returns the world and the order ids. */
async function paidOrders(lines: "A" | "B" | "AB" = "AB") {
  const w = orderWorld(db);
  const wanted = [
    ...(lines.includes("A") ? [{ listingId: w.listingA, quantity: 1 }] : []),
    ...(lines.includes("B") ? [{ listingId: w.listingB, quantity: 2 }] : []),
  ];
  const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: wanted }, at(0));
  if (!placed.ok) throw new Error(placed.reason);
  clock = at(0, 0.1);
  const paid = await payCheckout(db, provider, placed.checkoutId, clock);
  expect(paid.outcome).toBe("applied");
  return { w, placed };
}

/** Walks a paid order to the pickup point's shelf. */
function toShelf(orderId: number, w: ReturnType<typeof orderWorld>, day = 1) {
  const order = getOrder(db, orderId)!;
  const sellerUserId = order.sellerId === w.sellerA.sellerId ? w.sellerA.userId : w.sellerB.userId;
  if (order.status === "paid") step(orderId, "accept", "seller", sellerUserId, at(day));
  step(orderId, "drop", "seller", sellerUserId, at(day, 2));
  step(orderId, "receive", "hub", w.hubUserId, at(day, 3));
  if (!order.sameVillage) step(orderId, "send", "hub", w.hubUserId, at(day, 4));
  step(orderId, "arrive", "operator", w.operatorUserId, at(day + 1));
}

describe("orders", () => {
  afterEach(() => {
    expect(checkLedgerInvariants(db)).toEqual([]);
  });

  it("(a) an online order from two sellers in two villages: paid into escrow, moved to the point, collected with the code, released net of fees, with messages in each person's language", async () => {
    const w = orderWorld(db);
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }, { listingId: w.listingB, quantity: 2 }] }, at(0));
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    expect(placed.orderIds).toHaveLength(2);
    expect(db.select().from(checkouts).all()).toHaveLength(1);
    expect(placed.totalTiyn).toBe(1_234_567 + 2 * 333_333);
    expect(cartCount(db, userCartKey(w.buyerUserId))).toBe(0);
    const [idA, idB] = placed.orderIds as [number, number];
    expect(getOrder(db, idA)).toMatchObject({ sellerId: w.sellerA.sellerId, status: "pending_payment", totalTiyn: 1_234_567, sameVillage: false });
    expect(getOrder(db, idB)).toMatchObject({ sellerId: w.sellerB.sellerId, status: "pending_payment", totalTiyn: 666_666, sameVillage: true });
    expect(stockOf(w.listingA)?.stock).toBe(4);
    expect(stockOf(w.listingB)?.stock).toBe(3);

    clock = at(0, 0.2);
    const paid = await payCheckout(db, provider, placed.checkoutId, clock);
    expect(paid.outcome).toBe("applied");
    expect([statusOf(idA), statusOf(idB)]).toEqual(["paid", "paid"]);
    expect(orderEscrowTiyn(db, idA)).toBe(1_234_567);
    expect(orderEscrowTiyn(db, idB)).toBe(666_666);

    step(idA, "accept", "seller", w.sellerA.userId, at(1));
    step(idB, "accept", "seller", w.sellerB.userId, at(1));
    step(idA, "drop", "seller", w.sellerA.userId, at(1, 2));
    step(idB, "drop", "seller", w.sellerB.userId, at(1, 2));
    // Cross-village: received at the hub, sent, arrived. Not sent before it was received.
    expect(applyOrderEvent(db, { orderId: idA, event: "send", by: "hub", actorUserId: w.hubUserId }, at(1, 3))).toEqual({ ok: false, reason: "orders.not_received_at_hub" });
    step(idA, "receive", "hub", w.hubUserId, at(1, 3));
    expect(applyOrderEvent(db, { orderId: idA, event: "arrive", by: "hub", actorUserId: w.hubUserId }, at(1, 3))).toEqual({ ok: false, reason: "orders.not_allowed_now" });
    step(idA, "send", "hub", w.hubUserId, at(1, 4));
    expect(statusOf(idA)).toBe("in_transit");
    step(idA, "arrive", "hub", w.hubUserId, at(2));
    // Same village: no transit leg.
    step(idB, "receive", "hub", w.hubUserId, at(1, 3));
    expect(applyOrderEvent(db, { orderId: idB, event: "send", by: "hub", actorUserId: w.hubUserId }, at(1, 4)).ok).toBe(false);
    step(idB, "arrive", "operator", w.operatorUserId, at(1, 5));
    expect(eventsOf(db, idB).map((e) => e.toStatus)).not.toContain("in_transit");
    expect([statusOf(idA), statusOf(idB)]).toEqual(["ready_for_pickup", "ready_for_pickup"]);

    for (const id of [idA, idB]) {
      const code = buyerPickupCode(db, getOrder(db, id)!);
      expect(code).toMatch(/^\d{6}$/);
      const handed = handOver(db, { orderId: id, code: code!, actorUserId: w.operatorUserId }, at(2, 1));
      expect(handed.ok).toBe(true);
      expect(statusOf(id)).toBe("picked_up");
      expect(buyerPickupCode(db, getOrder(db, id)!)).toBeNull();
      step(id, "confirm", "buyer", w.buyerUserId, at(2, 2));
      expect(statusOf(id)).toBe("completed");
      expect(orderEscrowTiyn(db, id)).toBe(0);
    }

    const splitA = splitAmount(1_234_567, { platformBp: 300, coopBp: 200 });
    const splitB = splitAmount(666_666, { platformBp: 300, coopBp: 200 });
    expect(splitA).toEqual({ platformFeeTiyn: 37_037, coopFeeTiyn: 24_691, sellerTiyn: 1_234_567 - 37_037 - 24_691 });
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(splitA.sellerTiyn);
    expect(accountBalance(db, `seller_payable:${w.sellerB.sellerId}`)).toBe(splitB.sellerTiyn);
    expect(accountBalance(db, "platform_commission")).toBe(splitA.platformFeeTiyn + splitB.platformFeeTiyn);
    expect(accountBalance(db, `coop_fee:${w.villageA}`)).toBe(splitA.coopFeeTiyn);
    expect(accountBalance(db, `coop_fee:${w.villageB}`)).toBe(splitB.coopFeeTiyn);
    expect(accountBalance(db, "psp_clearing")).toBe(1_234_567 + 666_666);

    // Messages: the buyer reads Russian, seller A English, seller B Kazakh.
    const messages = outbox();
    const to = (userId: number, kind: string) => messages.filter((m) => m.userId === userId && m.kind === `order.${kind}`);
    for (const kind of ["paid", "accepted", "ready"]) {
      const rows = to(w.buyerUserId, kind);
      expect(rows, kind).toHaveLength(2);
      for (const row of rows) expect(row.language).toBe("ru");
    }
    expect(to(w.buyerUserId, "paid")[0]?.body).toContain("оплачен");
    expect(to(w.buyerUserId, "accepted")[0]?.body).toContain("принял");
    const readyA = to(w.buyerUserId, "ready").find((m) => m.body?.includes(`№ ${idA}`));
    expect(readyA?.body).toContain("Код получения");
    expect(to(w.sellerA.userId, "new_order")[0]).toMatchObject({ language: "en" });
    expect(to(w.sellerA.userId, "released")[0]?.body).toContain("is released to you");
    expect(to(w.sellerB.userId, "released")[0]).toMatchObject({ language: "kk" });
    expect(to(w.sellerB.userId, "released")[0]?.body).toContain("аударылды");

    // (h) the whole history of each order, with who did what.
    expect(eventsOf(db, idA).map((e) => [e.event, e.fromStatus, e.toStatus, e.actorUserId])).toEqual([
      ["placed", null, "pending_payment", w.buyerUserId],
      ["payment_captured", "pending_payment", "paid", null],
      ["accept", "paid", "accepted", w.sellerA.userId],
      ["drop", "accepted", "handed_over", w.sellerA.userId],
      ["receive", "handed_over", "handed_over", w.hubUserId],
      ["send", "handed_over", "in_transit", w.hubUserId],
      ["arrive", "in_transit", "ready_for_pickup", w.hubUserId],
      ["pickup", "ready_for_pickup", "picked_up", w.operatorUserId],
      ["confirm", "picked_up", "completed", w.buyerUserId],
    ]);
    expect(eventsOf(db, idB).map((e) => e.event)).toEqual(["placed", "payment_captured", "accept", "drop", "receive", "arrive", "pickup", "confirm"]);
  });

  it("(b) a cash order starts accepted with no escrow, is handed over only against the exact cash, and the point's cash is settled", () => {
    const w = orderWorld(db);
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 2 }], paymentMethod: "cash" }, at(0));
    if (!placed.ok) throw new Error(placed.reason);
    const [id] = placed.orderIds as [number];
    const total = 2 * 1_234_567;
    expect(getOrder(db, id)).toMatchObject({ status: "accepted", paymentMethod: "cash", deadlineKind: "drop" });
    expect(orderEscrowTiyn(db, id)).toBe(0);
    expect(outbox().filter((m) => m.kind === "order.new_cash_order" && m.userId === w.sellerA.userId)).toHaveLength(1);
    // A cash order has nothing to pay online.
    expect(applyOrderEvent(db, { orderId: id, event: "payment_captured", by: "provider", actorUserId: null }, at(0, 1)).ok).toBe(false);

    toShelf(id, w);
    const code = buyerPickupCode(db, getOrder(db, id)!)!;
    expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId }, at(3))).toMatchObject({ ok: false, reason: "orders.cash_amount_wrong" });
    expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId, cashTiyn: total - 1 }, at(3))).toMatchObject({ ok: false, reason: "orders.cash_amount_wrong" });
    expect(statusOf(id)).toBe("ready_for_pickup");
    expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId, cashTiyn: total }, at(3)).ok).toBe(true);
    // Issue 14 §7: the hub keeps the cash until the inspection window has passed; it is not the seller's yet.
    expect(getOrder(db, id)).toMatchObject({ status: "picked_up", cashCollectedTiyn: total, deadlineKind: "inspection" });
    expect(accountBalance(db, `cash_held:order:${id}`)).toBe(total);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(0);
    expect(runDueDeadlines(db, at(6)).applied).toBe(1);
    expect(statusOf(id)).toBe("completed");
    expect(accountBalance(db, `cash_held:order:${id}`)).toBe(0);

    const split = splitAmount(total, { platformBp: 300, coopBp: 200 });
    expect(accountBalance(db, `point_cash:${w.pointB}`)).toBe(total);
    expect(pointCashOwed(db, w.villageB)).toEqual([expect.objectContaining({ pickupPointId: w.pointB, owedTiyn: total })]);
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(split.sellerTiyn);
    expect(accountBalance(db, "platform_commission")).toBe(split.platformFeeTiyn);

    writeTransaction(db, (tx) => settlePointCash(tx, { key: "bank:point-b:1", pickupPointId: w.pointB, amountTiyn: total, at: at(4) }));
    expect(accountBalance(db, `point_cash:${w.pointB}`)).toBe(0);
    expect(accountBalance(db, "psp_clearing")).toBe(total);
  });

  it("(c) a declined order is cancelled, refunded in full, the refund is paid back, and the stock returns", async () => {
    const w = orderWorld(db);
    const listing = makeListing(db, w.sellerA, { priceTiyn: 50_000, stock: 2 });
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: listing, quantity: 2 }] }, at(0));
    if (!placed.ok) throw new Error(placed.reason);
    expect(stockOf(listing)).toEqual({ stock: 0, status: "sold_out" });
    await pay(placed.checkoutId, at(0, 0.1));
    const [id] = placed.orderIds as [number];
    expect(applyOrderEvent(db, { orderId: id, event: "decline", by: "buyer", actorUserId: w.buyerUserId }, at(1))).toEqual({ ok: false, reason: "orders.not_yours_to_do" });
    step(id, "decline", "seller", w.sellerA.userId, at(1), { reason: "Ағаш бітті" });
    expect(statusOf(id)).toBe("cancelled");
    expect(orderEscrowTiyn(db, id)).toBe(0);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(100_000);
    expect(stockOf(listing)).toEqual({ stock: 2, status: "active" });
    expect(eventsOf(db, id).at(-1)).toMatchObject({ event: "decline", reason: "Ағаш бітті", actorUserId: w.sellerA.userId });
    expect(outbox().filter((m) => m.kind === "order.refunded" && m.userId === w.buyerUserId)).toHaveLength(1);

    expect(await payPendingRefunds(db, () => at(1, 1))).toBe(1);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
    expect(accountBalance(db, "psp_clearing")).toBe(0);
    expect(await payPendingRefunds(db, () => at(1, 2))).toBe(0);
  });

  it("(d) a parcel nobody collects goes back after the point's storage days, refunded at once, on sale again only back at the seller's hub", async () => {
    const { w, placed } = await paidOrders("A");
    const [id] = placed.orderIds as [number];
    toShelf(id, w);
    const shelved = getOrder(db, id)!;
    expect(shelved.deadlineKind).toBe("storage");
    expect(shelved.deadlineAt?.getTime()).toBe(at(2).getTime() + 7 * DAY);
    expect(runDueDeadlines(db, new Date(shelved.deadlineAt!.getTime() - 1)).applied).toBe(0);
    expect(runDueDeadlines(db, shelved.deadlineAt!).applied).toBe(1);
    expect(statusOf(id)).toBe("to_return");
    expect(orderEscrowTiyn(db, id)).toBe(0);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
    expect(stockOf(w.listingA)?.stock).toBe(4);
    expect(eventsOf(db, id).at(-1)).toMatchObject({ event: "storage_deadline", actorUserId: null, fromStatus: "ready_for_pickup", toStatus: "to_return" });
    step(id, "return_send", "hub", w.operatorUserId, at(10));
    step(id, "return_arrive", "hub", w.hubUserId, at(12));
    expect(statusOf(id)).toBe("returned");
    expect(stockOf(w.listingA)?.stock).toBe(5);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
  });

  it("(e) a dispute resolved in part refunds that part and releases the rest with fees on the rest only; resolved as a refund, everything goes back", async () => {
    const { w, placed } = await paidOrders("AB");
    const [idA, idB] = placed.orderIds as [number, number];
    for (const id of [idA, idB]) {
      toShelf(id, w);
      const code = buyerPickupCode(db, getOrder(db, id)!)!;
      expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId }, at(3)).ok).toBe(true);
      expect(applyOrderEvent(db, { orderId: id, event: "dispute", by: "seller", actorUserId: w.sellerA.userId }, at(3, 1)).ok).toBe(false);
      step(id, "dispute", "buyer", w.buyerUserId, at(3, 1), { reason: "Аяғы сынық" });
      expect(statusOf(id)).toBe("disputed");
      // Issue 14 §2: the coordinator decides within 10 days.
      expect(getOrder(db, id)).toMatchObject({ deadlineKind: "decide", deadlineAt: new Date(at(3, 1).getTime() + 10 * DAY) });
    }
    // Past the 10 days no money moves by itself: the dispute is escalated to the admins' queue.
    expect(runDueDeadlines(db, at(30))).toEqual({ applied: 0, flagged: 2 });
    expect(statusOf(idA)).toBe("disputed");
    expect(getOrder(db, idA)?.flaggedAt).toEqual(at(30));
    for (const refundTiyn of [0, -5, 1.5, 1_234_567, 2_000_000]) {
      expect(applyOrderEvent(db, { orderId: idA, event: "resolve_partial", by: "resolver", actorUserId: w.hubUserId, refundTiyn }, at(4))).toEqual({ ok: false, reason: "orders.refund_invalid" });
    }
    step(idA, "resolve_partial", "resolver", w.hubUserId, at(4), { refundTiyn: 234_567, reason: "Жартысы" });
    expect(statusOf(idA)).toBe("completed");
    const rest = splitAmount(1_000_000, { platformBp: 300, coopBp: 200 });
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(rest.sellerTiyn);
    expect(accountBalance(db, `coop_fee:${w.villageA}`)).toBe(rest.coopFeeTiyn);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(234_567);

    step(idB, "resolve_refund", "resolver", w.hubUserId, at(4), { reason: "Тауар келмеді" });
    expect(statusOf(idB)).toBe("refunded");
    expect(accountBalance(db, `seller_payable:${w.sellerB.sellerId}`)).toBe(0);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(234_567 + 666_666);
    expect(accountBalance(db, "platform_commission")).toBe(rest.platformFeeTiyn);

    expect(await payPendingRefunds(db, () => at(4, 1))).toBe(2);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
  });

  describe("(f) deadlines, by moving the clock", () => {
    it("payment: an unpaid checkout expires after an hour and gives its stock back", () => {
      const w = orderWorld(db);
      const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 3 }] }, at(0));
      if (!placed.ok) throw new Error(placed.reason);
      const [id] = placed.orderIds as [number];
      expect(stockOf(w.listingA)?.stock).toBe(2);
      expect(runDueDeadlines(db, at(0, 0.99)).applied).toBe(0);
      expect(runDueDeadlines(db, at(0, 1)).applied).toBe(1);
      expect(runDueDeadlines(db, at(0, 1)).applied).toBe(0);
      expect(statusOf(id)).toBe("cancelled");
      expect(stockOf(w.listingA)?.stock).toBe(5);
      expect(eventsOf(db, id).filter((e) => e.event === "payment_expired")).toHaveLength(1);
    });

    it("accept: a paid order the seller ignores for 48 hours is cancelled and refunded", async () => {
      const { w, placed } = await paidOrders("A");
      const [id] = placed.orderIds as [number];
      expect(getOrder(db, id)?.deadlineAt?.getTime()).toBe(at(0, 0.1).getTime() + 48 * HOUR);
      expect(runDueDeadlines(db, at(2)).applied).toBe(0);
      expect(runDueDeadlines(db, at(2, 1)).applied).toBe(1);
      expect(runDueDeadlines(db, at(2, 1)).applied).toBe(0);
      expect(statusOf(id)).toBe("cancelled");
      expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
      expect(outbox().filter((m) => m.kind === "order.cancelled_for_seller" && m.userId === w.sellerA.userId)).toHaveLength(1);
    });

    it("drop: an accepted order not brought to the hub in 3 days is cancelled and refunded", async () => {
      const { w, placed } = await paidOrders("A");
      const [id] = placed.orderIds as [number];
      step(id, "accept", "seller", w.sellerA.userId, at(1));
      expect(runDueDeadlines(db, at(3, 23)).applied).toBe(0);
      expect(runDueDeadlines(db, at(4)).applied).toBe(1);
      expect(runDueDeadlines(db, at(4)).applied).toBe(0);
      expect(statusOf(id)).toBe("cancelled");
      expect(orderEscrowTiyn(db, id)).toBe(0);
      expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
    });

    it("inspection: a collected order is released automatically 3 days later", async () => {
      const { w, placed } = await paidOrders("B");
      const [id] = placed.orderIds as [number];
      toShelf(id, w);
      const code = buyerPickupCode(db, getOrder(db, id)!)!;
      expect(handOver(db, { orderId: id, code, actorUserId: w.operatorUserId }, at(3)).ok).toBe(true);
      expect(runDueDeadlines(db, at(5, 23)).applied).toBe(0);
      expect(runDueDeadlines(db, at(6)).applied).toBe(1);
      expect(runDueDeadlines(db, at(6)).applied).toBe(0);
      expect(statusOf(id)).toBe("completed");
      expect(accountBalance(db, `seller_payable:${w.sellerB.sellerId}`)).toBe(splitAmount(666_666, { platformBp: 300, coopBp: 200 }).sellerTiyn);
      expect(eventsOf(db, id).at(-1)).toMatchObject({ event: "inspection_deadline", actorUserId: null });
    });

    it("a deadline event is refused before it is due, and a stale second run applies nothing", async () => {
      const { placed } = await paidOrders("A");
      const [id] = placed.orderIds as [number];
      expect(applyOrderEvent(db, { orderId: id, event: "accept_deadline", by: "clock", actorUserId: null }, at(1)).ok).toBe(false);
      expect(statusOf(id)).toBe("paid");
      // Two runs that read the same due list: the second finds the order moved.
      expect(applyOrderEvent(db, { orderId: id, event: "accept_deadline", by: "clock", actorUserId: null }, at(3)).ok).toBe(true);
      expect(applyOrderEvent(db, { orderId: id, event: "accept_deadline", by: "clock", actorUserId: null }, at(3)).ok).toBe(false);
      expect(eventsOf(db, id).filter((e) => e.event === "accept_deadline")).toHaveLength(1);
    });

    it("two runs in two processes at once apply each deadline once", async () => {
      const connection = freshDatabase();
      db = connection.db;
      const w = orderWorld(db);
      const listing = makeListing(db, w.sellerA, { priceTiyn: 10_000, stock: 100 });
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) {
        const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: listing, quantity: 1 }] }, at(0));
        if (!placed.ok) throw new Error(placed.reason);
        ids.push(...placed.orderIds);
        if (i % 2 === 0) await pay(placed.checkoutId, at(0, 0.1));
      }
      const file = connection.sqlite.name;
      const args = [file, "deadlines", String(at(3).getTime())];
      const applied = (await runTogether([args, args, args])).map(Number);
      expect(applied.reduce((a, b) => a + b, 0), `applied per process: ${applied.join(", ")}`).toBe(30);
      expect(ids.map((id) => statusOf(id))).toEqual(ids.map(() => "cancelled"));
      const deadlineEvents = db.select().from(orderEvents).all().filter((e) => e.event === "payment_expired" || e.event === "accept_deadline");
      expect(deadlineEvents).toHaveLength(30);
      expect(new Set(deadlineEvents.map((e) => e.orderId)).size).toBe(30);
      expect(stockOf(listing)?.stock).toBe(100);
      expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(15 * 10_000);
    }, 60_000);
  });

  it("(g) pickup codes: five wrong codes lock the parcel, a coordinator unlocks it, another order's code fails, and no code is kept in clear", async () => {
    const { w, placed } = await paidOrders("AB");
    const [idA, idB] = placed.orderIds as [number, number];
    toShelf(idA, w);
    toShelf(idB, w);
    const codeA = buyerPickupCode(db, getOrder(db, idA)!)!;
    const codeB = buyerPickupCode(db, getOrder(db, idB)!)!;
    const wrong = (n: number) => String((Number(codeA) + n) % 1_000_000).padStart(6, "0");

    if (codeB !== codeA) {
      expect(handOver(db, { orderId: idA, code: codeB, actorUserId: w.operatorUserId }, at(3))).toMatchObject({ ok: false, reason: "orders.code_wrong", attemptsLeft: 4 });
    } else {
      expect(handOver(db, { orderId: idA, code: wrong(7), actorUserId: w.operatorUserId }, at(3))).toMatchObject({ ok: false, reason: "orders.code_wrong", attemptsLeft: 4 });
    }
    for (let n = 1; n <= 3; n++) {
      expect(handOver(db, { orderId: idA, code: wrong(n), actorUserId: w.operatorUserId }, at(3))).toMatchObject({ ok: false, reason: "orders.code_wrong", attemptsLeft: 4 - n });
    }
    expect(handOver(db, { orderId: idA, code: wrong(4), actorUserId: w.operatorUserId }, at(3))).toMatchObject({ ok: false, reason: "orders.parcel_locked", attemptsLeft: 0 });
    expect(getOrder(db, idA)?.pickupLockedAt).not.toBeNull();
    // Locked: even the right code waits for the coordinator.
    expect(handOver(db, { orderId: idA, code: codeA, actorUserId: w.operatorUserId }, at(3))).toMatchObject({ ok: false, reason: "orders.parcel_locked" });
    expect(handOver(db, { orderId: idA, code: "", actorUserId: w.operatorUserId }, at(3)).ok).toBe(false);
    expect(unlockParcel(db, { orderId: idB, actorUserId: w.hubUserId, reason: "not locked" }, at(3))).toBe(false);
    expect(unlockParcel(db, { orderId: idA, actorUserId: w.hubUserId, reason: "Паспортын көрдім" }, at(3, 1))).toBe(true);
    expect(getOrder(db, idA)).toMatchObject({ pickupLockedAt: null, pickupAttempts: 0 });
    expect(handOver(db, { orderId: idA, code: `${codeA.slice(0, 3)} ${codeA.slice(3)}`, actorUserId: w.operatorUserId }, at(3, 2)).ok).toBe(true);
    expect(handOver(db, { orderId: idB, code: codeB, actorUserId: w.operatorUserId }, at(3, 2)).ok).toBe(true);
    const timeline = eventsOf(db, idA).map((e) => e.event);
    expect(timeline.filter((e) => e === "code_wrong")).toHaveLength(4);
    expect(timeline).toContain("code_locked");
    expect(timeline).toContain("unlock");

    // The SMS went out with the code; once delivered, nothing in the database shows it.
    // Delivered within minutes of arriving, as deliverSoon() does after the arrive commits.
    const sender = recordingSender();
    await deliverPending(db, sender, () => at(2, 0.05));
    expect(sender.sent.some((m) => m.text.includes(codeA))).toBe(true);
    const rows = JSON.stringify([db.select().from(orders).all(), db.select().from(outboxMessages).all(), db.select().from(orderEvents).all()]);
    expect(rows).not.toContain(codeA);
    expect(rows).not.toContain(codeB);
  });

  it("(h) order events cannot be changed or deleted", async () => {
    const { placed } = await paidOrders("A");
    const [id] = placed.orderIds as [number];
    expect(eventsOf(db, id)).toHaveLength(2);
    expect(() => db.update(orderEvents).set({ reason: "rewritten" }).where(eq(orderEvents.orderId, id)).run()).toThrow();
    expect(() => db.delete(orderEvents).where(eq(orderEvents.orderId, id)).run()).toThrow();
    expect(eventsOf(db, id).every((e) => e.reason === null)).toBe(true);
  });

  it("(i) the same checkout key twice makes one checkout; another buyer's use of the key is refused", () => {
    const w = orderWorld(db);
    const first = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }, { listingId: w.listingB, quantity: 1 }], key: "form-123" }, at(0));
    if (!first.ok) throw new Error(first.reason);
    expect(first.replayed).toBe(false);
    const again = checkout(db, { buyerUserId: w.buyerUserId, cartKey: userCartKey(w.buyerUserId), pickupPointId: w.pointB, paymentMethod: "online", idempotencyKey: "form-123", language: "kk" }, at(0, 0.01));
    expect(again).toEqual({ ...first, replayed: true });
    // Even with something new in the cart, the key names the first checkout.
    const twice = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }], key: "form-123" }, at(0, 0.02));
    expect(twice).toEqual({ ...first, replayed: true });
    // MONEY-07: the same key with another payload (cash instead of online) is a conflict, not a replay.
    expect(checkout(db, { buyerUserId: w.buyerUserId, cartKey: userCartKey(w.buyerUserId), pickupPointId: w.pointB, paymentMethod: "cash", idempotencyKey: "form-123", language: "kk" }, at(0, 0.025))).toEqual({
      ok: false,
      reason: "orders.checkout_key_reused",
    });
    const stranger = makeUser(db);
    expect(buy(db, { buyerUserId: stranger, pickupPointId: w.pointB, lines: [{ listingId: w.listingB, quantity: 1 }], key: "form-123" }, at(0, 0.03))).toEqual({ ok: false, reason: "orders.checkout_key_reused" });
    expect(db.select().from(orders).all()).toHaveLength(2);
    expect(db.select().from(checkouts).all()).toHaveLength(1);
    expect(stockOf(w.listingA)?.stock).toBe(4);
    expect(stockOf(w.listingB)?.stock).toBe(4);
  });

  it("refuses checkouts that cannot be served: empty cart, an inactive point, cash where the point takes none", () => {
    const w = orderWorld(db);
    const input = { buyerUserId: w.buyerUserId, cartKey: userCartKey(w.buyerUserId), pickupPointId: w.pointB, paymentMethod: "online" as const, idempotencyKey: "k1", language: "kk" as const };
    expect(checkout(db, input, at(0))).toEqual({ ok: false, reason: "orders.cart_empty" });
    expect(buy(db, { buyerUserId: w.buyerUserId, pickupPointId: 999_999, lines: [{ listingId: w.listingA, quantity: 1 }] }, at(0))).toEqual({ ok: false, reason: "orders.pickup_point_invalid" });
    expect(db.select().from(orders).all()).toHaveLength(0);
    expect(stockOf(w.listingA)?.stock).toBe(5);
  });
});
