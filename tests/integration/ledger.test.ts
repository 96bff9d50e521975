import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { writeTransaction, type Connection } from "../../app/db.server";
import { cashHeldAccount, escrowAccount, pointCashAccount, refundPayableAccount, sellerPayableAccount } from "../../app/domain/escrow/accounts";
import { commissionRates, setCommissionRates } from "../../app/domain/escrow/commission.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { IdempotencyConflictError, LedgerError, runOperation } from "../../app/domain/escrow/ledger-operations.server";
import { captureEscrow, createPayoutBatch, recordCashAtPickup, refundEscrow, releaseEscrow, resolveEscrow, settlePointCash, settleRefund } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance, getPayoutBatch, ledgerTotals, listPayouts, orderEscrowTiyn, payoutStatement, pointCashOwed, sellerMoney } from "../../app/domain/escrow/ledger-reads.server";
import { listAudit } from "../../app/domain/identity/audit.server";
import { ledgerOperations, ledgerTransfers, orders } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { T0, ledgerWorld, makeOrder, setOrderStatus, type TestOrder } from "../support/ledger";

let current: Connection | undefined;
function setup() {
  current = freshDatabase();
  return { ...current, world: ledgerWorld(current.db) };
}
afterEach(() => {
  if (current) expect(checkLedgerInvariants(current.db)).toEqual([]);
  current = undefined;
});

const count = (c: Connection, table: "ledger_transfers" | "ledger_operations") =>
  (c.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function paidOrder(c: Connection & { world: ReturnType<typeof ledgerWorld> }, totalTiyn = 2_500_000): TestOrder {
  const order = makeOrder(c.db, { buyerUserId: c.world.buyerUserId, seller: c.world.sellerA, pickupPointId: c.world.pointA, totalTiyn });
  writeTransaction(c.db, (tx) => {
    captureEscrow(tx, { key: `capture-${order.orderId}`, orderId: order.orderId, amountTiyn: totalTiyn, at: T0 });
  });
  setOrderStatus(c.db, order.orderId, "paid");
  return order;
}

const splitOf = (o: TestOrder) => ({ sellerId: o.sellerId, sellerVillageId: o.sellerVillageId, platformRateBp: o.platformRateBp, coopRateBp: o.coopRateBp });

describe("escrow ledger: postings", () => {
  it("capture puts the buyer's payment in the order's escrow, from the payment organisation's clearing account", () => {
    const c = setup();
    const order = paidOrder(c);
    expect(orderEscrowTiyn(c.db, order.orderId)).toBe(2_500_000);
    expect(accountBalance(c.db, "psp_clearing")).toBe(2_500_000);
    expect(sellerMoney(c.db, order.sellerId)).toMatchObject({ heldTiyn: 2_500_000, releasedTiyn: 0, paidOutTiyn: 0, payableTiyn: 0 });
  });

  it("release pays the whole escrow to the seller net of 3 % platform and 2 % cooperative fees", () => {
    const c = setup();
    const order = paidOrder(c, 2_500_099);
    const { result } = writeTransaction(c.db, (tx) => releaseEscrow(tx, { key: "release-1", orderId: order.orderId, ...splitOf(order), at: T0, actorUserId: order.buyerUserId }));
    expect(result).toEqual({ orderId: order.orderId, releasedTiyn: 2_500_099, platformFeeTiyn: 75_002, coopFeeTiyn: 50_001, sellerTiyn: 2_375_096 });
    setOrderStatus(c.db, order.orderId, "completed");
    expect(orderEscrowTiyn(c.db, order.orderId)).toBe(0);
    expect(accountBalance(c.db, sellerPayableAccount(order.sellerId))).toBe(2_375_096);
    expect(accountBalance(c.db, "platform_commission")).toBe(75_002);
    expect(accountBalance(c.db, `coop_fee:${order.sellerVillageId}`)).toBe(50_001);
    const money = sellerMoney(c.db, order.sellerId);
    expect(money).toMatchObject({ heldTiyn: 0, releasedTiyn: 2_375_096, payableTiyn: 2_375_096 });
    expect(money.orders).toEqual([
      expect.objectContaining({ orderId: order.orderId, totalTiyn: 2_500_099, status: "completed", heldTiyn: 0, releasedNetTiyn: 2_375_096, feesTiyn: 125_003, refundedTiyn: 0 }),
    ]);
  });

  it("a release with 0 % rates posts no fee transfers", () => {
    const c = setup();
    const order = makeOrder(c.db, { buyerUserId: c.world.buyerUserId, seller: c.world.sellerA, pickupPointId: c.world.pointA, totalTiyn: 1000, platformRateBp: 0, coopRateBp: 0 });
    writeTransaction(c.db, (tx) => captureEscrow(tx, { key: "c", orderId: order.orderId, amountTiyn: 1000, at: T0 }));
    const before = count(c, "ledger_transfers");
    writeTransaction(c.db, (tx) => releaseEscrow(tx, { key: "r", orderId: order.orderId, ...splitOf(order), at: T0 }));
    expect(count(c, "ledger_transfers")).toBe(before + 1);
    setOrderStatus(c.db, order.orderId, "completed");
  });

  it("a full refund moves the escrow to the buyer's refund payable, and the provider's payment settles it", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    writeTransaction(c.db, (tx) => refundEscrow(tx, { key: "refund-1", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 10_000, at: T0, actorUserId: null }));
    setOrderStatus(c.db, order.orderId, "cancelled");
    expect(orderEscrowTiyn(c.db, order.orderId)).toBe(0);
    expect(accountBalance(c.db, refundPayableAccount(order.buyerUserId))).toBe(10_000);
    expect(sellerMoney(c.db, order.sellerId).orders[0]).toMatchObject({ refundedTiyn: 10_000, releasedNetTiyn: 0 });
    const settled = writeTransaction(c.db, (tx) => settleRefund(tx, { key: "refund-paid-1", buyerUserId: order.buyerUserId, amountTiyn: 10_000, at: T0 }));
    expect(settled.result).toEqual({ buyerUserId: order.buyerUserId, paidTiyn: 10_000, stillOwedTiyn: 0 });
    expect(accountBalance(c.db, refundPayableAccount(order.buyerUserId))).toBe(0);
    expect(accountBalance(c.db, "psp_clearing")).toBe(0);
  });

  it("a partial refund leaves the rest held", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    const { result } = writeTransaction(c.db, (tx) => refundEscrow(tx, { key: "refund-1", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 3_000, at: T0 }));
    expect(result).toEqual({ orderId: order.orderId, refundedTiyn: 3_000, escrowTiyn: 7_000 });
    expect(orderEscrowTiyn(c.db, order.orderId)).toBe(7_000);
  });

  it("a coordinator's resolution refunds part and releases the rest with fees on the released part only", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    setOrderStatus(c.db, order.orderId, "disputed");
    const { result } = writeTransaction(c.db, (tx) =>
      resolveEscrow(tx, { key: "resolve-1", orderId: order.orderId, buyerUserId: order.buyerUserId, refundTiyn: 4_000, ...splitOf(order), at: T0, actorUserId: null }),
    );
    expect(result).toEqual({ orderId: order.orderId, refundedTiyn: 4_000, releasedTiyn: 6_000, platformFeeTiyn: 180, coopFeeTiyn: 120, sellerTiyn: 5_700 });
    setOrderStatus(c.db, order.orderId, "completed");
    expect(orderEscrowTiyn(c.db, order.orderId)).toBe(0);
    expect(sellerMoney(c.db, order.sellerId).orders[0]).toMatchObject({ heldTiyn: 0, releasedNetTiyn: 5_700, feesTiyn: 300, refundedTiyn: 4_000 });
  });

  it("a resolution may refund everything (nothing released) or nothing (a plain release)", () => {
    const c = setup();
    const all = paidOrder(c, 5_000);
    const none = paidOrder(c, 5_000);
    writeTransaction(c.db, (tx) => {
      resolveEscrow(tx, { key: "all", orderId: all.orderId, buyerUserId: all.buyerUserId, refundTiyn: 5_000, ...splitOf(all), at: T0 });
      resolveEscrow(tx, { key: "none", orderId: none.orderId, buyerUserId: none.buyerUserId, refundTiyn: 0, ...splitOf(none), at: T0 });
    });
    expect(orderEscrowTiyn(c.db, all.orderId)).toBe(0);
    expect(orderEscrowTiyn(c.db, none.orderId)).toBe(0);
    expect(accountBalance(c.db, refundPayableAccount(all.buyerUserId))).toBe(5_000);
    expect(accountBalance(c.db, sellerPayableAccount(none.sellerId))).toBe(4_750);
    setOrderStatus(c.db, all.orderId, "refunded");
    setOrderStatus(c.db, none.orderId, "completed");
  });

  it("cash at pickup: the point holds the cash, held for the order until release, then owed as the same split; the cooperative banks it", () => {
    const c = setup();
    const order = makeOrder(c.db, { buyerUserId: c.world.buyerUserId, seller: c.world.sellerB, pickupPointId: c.world.pointA, totalTiyn: 20_000, paymentMethod: "cash" });
    const { result } = writeTransaction(c.db, (tx) =>
      recordCashAtPickup(tx, { key: "cash-1", orderId: order.orderId, pickupPointId: c.world.pointA, amountTiyn: 20_000, at: T0, actorUserId: null }),
    );
    expect(result).toMatchObject({ collectedTiyn: 20_000 });
    c.db.update(orders).set({ cashCollectedTiyn: 20_000, status: "picked_up" }).where(eq(orders.id, order.orderId)).run();
    // Issue 14 §7: until the inspection window passes the cash is held for the order, not the seller's.
    expect(accountBalance(c.db, cashHeldAccount(order.orderId))).toBe(20_000);
    expect(accountBalance(c.db, sellerPayableAccount(order.sellerId))).toBe(0);
    const released = writeTransaction(c.db, (tx) => releaseEscrow(tx, { key: "release-cash-1", orderId: order.orderId, ...splitOf(order), at: T0, cash: true }));
    expect(released.result).toMatchObject({ releasedTiyn: 20_000, platformFeeTiyn: 600, coopFeeTiyn: 400, sellerTiyn: 19_000 });
    c.db.update(orders).set({ status: "completed" }).where(eq(orders.id, order.orderId)).run();
    expect(accountBalance(c.db, cashHeldAccount(order.orderId))).toBe(0);
    expect(accountBalance(c.db, pointCashAccount(c.world.pointA))).toBe(20_000);
    expect(accountBalance(c.db, sellerPayableAccount(order.sellerId))).toBe(19_000);
    expect(pointCashOwed(c.db, c.world.villageA)).toEqual([
      { pickupPointId: c.world.pointA, name: "Ақсу дүкені", owedTiyn: 20_000 },
      { pickupPointId: c.world.pointB, name: "Ақсу поштасы", owedTiyn: 0 },
    ]);
    writeTransaction(c.db, (tx) => settlePointCash(tx, { key: "bank-1", pickupPointId: c.world.pointA, amountTiyn: 15_000, at: T0, actorUserId: null }));
    expect(pointCashOwed(c.db, c.world.villageA).find((p) => p.pickupPointId === c.world.pointA)?.owedTiyn).toBe(5_000);
    expect(accountBalance(c.db, "psp_clearing")).toBe(15_000);
    expect(() =>
      writeTransaction(c.db, (tx) => settlePointCash(tx, { key: "bank-2", pickupPointId: c.world.pointA, amountTiyn: 5_001, at: T0 })),
    ).toThrow(expect.objectContaining({ code: "ledger.cash_exceeds_owed" }));
    // Cash is recorded once per order, and only for cash orders.
    expect(() =>
      writeTransaction(c.db, (tx) => recordCashAtPickup(tx, { key: "cash-2", orderId: order.orderId, pickupPointId: c.world.pointA, amountTiyn: 20_000, at: T0 })),
    ).toThrow(expect.objectContaining({ code: "ledger.cash_already_recorded" }));
    const online = paidOrder(c, 1_000);
    expect(() =>
      writeTransaction(c.db, (tx) => recordCashAtPickup(tx, { key: "cash-3", orderId: online.orderId, pickupPointId: c.world.pointA, amountTiyn: 1_000, at: T0 })),
    ).toThrow(expect.objectContaining({ code: "ledger.order_not_cash" }));
    expect(() => writeTransaction(c.db, (tx) => captureEscrow(tx, { key: "cap-cash", orderId: order.orderId, amountTiyn: 1, at: T0 }))).toThrow(
      expect.objectContaining({ code: "ledger.order_not_online" }),
    );
  });
});

describe("escrow ledger: refusals roll back and post nothing (MONEY-06)", () => {
  it("refuses to refund more than the escrow holds", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    const before = [count(c, "ledger_transfers"), count(c, "ledger_operations")];
    expect(() =>
      writeTransaction(c.db, (tx) => refundEscrow(tx, { key: "too-much", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 10_001, at: T0 })),
    ).toThrow(LedgerError);
    expect([count(c, "ledger_transfers"), count(c, "ledger_operations")]).toEqual(before);
    expect(orderEscrowTiyn(c.db, order.orderId)).toBe(10_000);
  });

  it("rolls back the caller's whole transaction when a later operation in it is refused", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    const before = [count(c, "ledger_transfers"), count(c, "ledger_operations")];
    expect(() =>
      writeTransaction(c.db, (tx) => {
        refundEscrow(tx, { key: "first", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 6_000, at: T0 });
        tx.update(orders).set({ status: "cancelled" }).where(eq(orders.id, order.orderId)).run();
        refundEscrow(tx, { key: "second", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 6_000, at: T0 });
      }),
    ).toThrow(expect.objectContaining({ code: "ledger.refund_exceeds_escrow" }));
    expect([count(c, "ledger_transfers"), count(c, "ledger_operations")]).toEqual(before);
    expect(c.db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.orderId)).get()?.status).toBe("paid");
  });

  it("refuses a transfer that would leave a payable negative, before writing anything", () => {
    const c = setup();
    const before = count(c, "ledger_transfers");
    expect(() =>
      writeTransaction(c.db, (tx) =>
        runOperation(tx, { key: "steal", kind: "test", request: {}, at: T0 }, (ctx) => {
          ctx.transfer({ debit: sellerPayableAccount(c.world.sellerA.sellerId), credit: "psp_clearing", amountTiyn: 1, reason: "payout" });
        }),
      ),
    ).toThrow(expect.objectContaining({ code: "ledger.balance_negative" }));
    expect(count(c, "ledger_transfers")).toBe(before);
  });

  it("refuses releasing an empty escrow, capturing more than the order's total, and non-integer amounts", () => {
    const c = setup();
    const order = makeOrder(c.db, { buyerUserId: c.world.buyerUserId, seller: c.world.sellerA, pickupPointId: c.world.pointA, totalTiyn: 1_000 });
    expect(() => writeTransaction(c.db, (tx) => releaseEscrow(tx, { key: "r", orderId: order.orderId, ...splitOf(order), at: T0 }))).toThrow(
      expect.objectContaining({ code: "ledger.escrow_empty" }),
    );
    expect(() => writeTransaction(c.db, (tx) => captureEscrow(tx, { key: "c1", orderId: order.orderId, amountTiyn: 1_001, at: T0 }))).toThrow(
      expect.objectContaining({ code: "ledger.capture_exceeds_total" }),
    );
    expect(() => writeTransaction(c.db, (tx) => captureEscrow(tx, { key: "c2", orderId: order.orderId, amountTiyn: 10.5, at: T0 }))).toThrow(
      expect.objectContaining({ code: "ledger.amount_invalid" }),
    );
    expect(() => writeTransaction(c.db, (tx) => captureEscrow(tx, { key: "c3", orderId: order.orderId, amountTiyn: 0, at: T0 }))).toThrow(
      expect.objectContaining({ code: "ledger.amount_invalid" }),
    );
    expect(() => writeTransaction(c.db, (tx) => captureEscrow(tx, { key: "c4", orderId: 9999, amountTiyn: 1, at: T0 }))).toThrow(
      expect.objectContaining({ code: "ledger.order_not_found" }),
    );
    expect(count(c, "ledger_transfers")).toBe(0);
  });
});

describe("escrow ledger: idempotency (MONEY-07)", () => {
  it("a replayed key returns the first result and posts nothing", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    const input = { key: "release-x", orderId: order.orderId, ...splitOf(order), at: T0 };
    const first = writeTransaction(c.db, (tx) => releaseEscrow(tx, input));
    const transfers = count(c, "ledger_transfers");
    const again = writeTransaction(c.db, (tx) => releaseEscrow(tx, { ...input, at: new Date(T0.getTime() + 60_000) }));
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(count(c, "ledger_transfers")).toBe(transfers);
    setOrderStatus(c.db, order.orderId, "completed");
  });

  it("the same key with another payload throws IdempotencyConflictError and posts nothing", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    writeTransaction(c.db, (tx) => refundEscrow(tx, { key: "k", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 1_000, at: T0 }));
    const transfers = count(c, "ledger_transfers");
    expect(() => writeTransaction(c.db, (tx) => refundEscrow(tx, { key: "k", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 2_000, at: T0 }))).toThrow(
      IdempotencyConflictError,
    );
    // The same key for another kind of operation is a conflict too.
    expect(() => writeTransaction(c.db, (tx) => captureEscrow(tx, { key: "k", orderId: order.orderId, amountTiyn: 1_000, at: T0 }))).toThrow(IdempotencyConflictError);
    expect(count(c, "ledger_transfers")).toBe(transfers);
  });

  it("a refused operation leaves its key free for a corrected retry", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    expect(() => writeTransaction(c.db, (tx) => refundEscrow(tx, { key: "k", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 20_000, at: T0 }))).toThrow(LedgerError);
    expect(() => writeTransaction(c.db, (tx) => refundEscrow(tx, { key: "k", orderId: order.orderId, buyerUserId: order.buyerUserId, amountTiyn: 2_000, at: T0 }))).not.toThrow();
  });

  it("hashes the request by content, not by key order", () => {
    const c = setup();
    const post = (request: unknown) => writeTransaction(c.db, (tx) => runOperation(tx, { key: "same", kind: "test", request, at: T0 }, () => ({ n: 1 })));
    expect(post({ a: 1, b: [1, 2] }).replayed).toBe(false);
    expect(post({ b: [1, 2], a: 1 }).replayed).toBe(true);
    expect(() => post({ a: 1, b: [2, 1] })).toThrow(IdempotencyConflictError);
  });
});

describe("escrow ledger: history is append-only (MONEY-02)", () => {
  it("triggers refuse UPDATE and DELETE on transfers and operations", () => {
    const c = setup();
    paidOrder(c, 10_000);
    expect(() => c.sqlite.prepare("UPDATE ledger_transfers SET amount_tiyn = 1").run()).toThrow(/append-only/);
    expect(() => c.sqlite.prepare("DELETE FROM ledger_transfers").run()).toThrow(/append-only/);
    expect(() => c.sqlite.prepare("UPDATE ledger_operations SET result = '{}'").run()).toThrow(/append-only/);
    expect(() => c.sqlite.prepare("DELETE FROM ledger_operations").run()).toThrow(/append-only/);
    expect(c.db.select().from(ledgerTransfers).all()).toHaveLength(1);
    expect(c.db.select().from(ledgerOperations).all()).toHaveLength(1);
  });
});

describe("escrow ledger: payouts", () => {
  it("a batch pays every seller's whole payable balance, one line and one operation each, with a statement", () => {
    const c = setup();
    const a1 = paidOrder(c, 10_000);
    const a2 = paidOrder(c, 20_000);
    const b = makeOrder(c.db, { buyerUserId: c.world.buyerUserId, seller: c.world.sellerB, pickupPointId: c.world.pointA, totalTiyn: 30_000, paymentMethod: "cash" });
    writeTransaction(c.db, (tx) => {
      releaseEscrow(tx, { key: "r1", orderId: a1.orderId, ...splitOf(a1), at: T0 });
      releaseEscrow(tx, { key: "r2", orderId: a2.orderId, ...splitOf(a2), at: T0 });
      recordCashAtPickup(tx, { key: "cash", orderId: b.orderId, pickupPointId: c.world.pointA, amountTiyn: 30_000, at: T0 });
      releaseEscrow(tx, { key: "cash-release", orderId: b.orderId, ...splitOf(b), at: T0, cash: true });
    });
    for (const o of [a1, a2, b]) setOrderStatus(c.db, o.orderId, "completed");

    const first = writeTransaction(c.db, (tx) => createPayoutBatch(tx, { key: "batch-1", at: T0, actorUserId: null }));
    expect(first.result.lines).toEqual([
      { sellerId: c.world.sellerA.sellerId, amountTiyn: 28_500 },
      { sellerId: c.world.sellerB.sellerId, amountTiyn: 28_500 },
    ]);
    expect(first.result.totalTiyn).toBe(57_000);
    const batchId = first.result.batchId!;
    expect(getPayoutBatch(c.db, batchId)).toMatchObject({ totalTiyn: 57_000, lines: [{ sellerName: "Асқар", amountTiyn: 28_500 }, { sellerName: "Гүлнар", amountTiyn: 28_500 }] });
    expect(accountBalance(c.db, sellerPayableAccount(c.world.sellerA.sellerId))).toBe(0);
    // Sent, not yet paid out: the bank's confirmation books it (issue 15, tests/integration/payouts.test.ts).
    expect(sellerMoney(c.db, c.world.sellerA.sellerId)).toMatchObject({ releasedTiyn: 28_500, paidOutTiyn: 0, inFlightTiyn: 28_500, payableTiyn: 0 });

    // A repeated submit shows the same batch and pays nobody twice.
    const again = writeTransaction(c.db, (tx) => createPayoutBatch(tx, { key: "batch-1", at: T0, actorUserId: null }));
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(() => writeTransaction(c.db, (tx) => createPayoutBatch(tx, { key: "batch-1", at: T0, minimumTiyn: 100 }))).toThrow(IdempotencyConflictError);

    const statement = payoutStatement(c.db, c.world.sellerA.sellerId, batchId);
    expect(statement).toMatchObject({ batchId, amountTiyn: 28_500 });
    expect(statement?.entries).toEqual([
      expect.objectContaining({ orderId: a1.orderId, reason: "release", netTiyn: 9_500, feesTiyn: 500 }),
      expect.objectContaining({ orderId: a2.orderId, reason: "release", netTiyn: 19_000, feesTiyn: 1_000 }),
    ]);
    expect(payoutStatement(c.db, c.world.sellerB.sellerId, batchId)?.entries).toEqual([expect.objectContaining({ orderId: b.orderId, reason: "cash", netTiyn: 28_500 })]);

    // A second batch covers only what came after the first.
    const a3 = paidOrder(c, 1_000);
    writeTransaction(c.db, (tx) => releaseEscrow(tx, { key: "r3", orderId: a3.orderId, ...splitOf(a3), at: T0 }));
    setOrderStatus(c.db, a3.orderId, "completed");
    const second = writeTransaction(c.db, (tx) => createPayoutBatch(tx, { key: "batch-2", at: T0 }));
    expect(second.result.lines).toEqual([{ sellerId: c.world.sellerA.sellerId, amountTiyn: 950 }]);
    expect(payoutStatement(c.db, c.world.sellerA.sellerId, second.result.batchId!)?.entries).toEqual([expect.objectContaining({ orderId: a3.orderId, netTiyn: 950 })]);
    expect(payoutStatement(c.db, c.world.sellerB.sellerId, second.result.batchId!)).toBeNull();
    expect(listPayouts(c.db, c.world.sellerA.sellerId).map((p) => p.batchId)).toEqual([second.result.batchId, batchId]);

    // Nothing left to pay: no batch.
    expect(writeTransaction(c.db, (tx) => createPayoutBatch(tx, { key: "batch-3", at: T0 })).result).toEqual({ batchId: null, totalTiyn: 0, lines: [] });
    expect(ledgerTotals(c.db).find((t) => t.kind === "seller_payable")?.balanceTiyn).toBe(0);
  });

  it("skips sellers below the minimum", () => {
    const c = setup();
    const small = paidOrder(c, 1_000);
    writeTransaction(c.db, (tx) => releaseEscrow(tx, { key: "r", orderId: small.orderId, ...splitOf(small), at: T0 }));
    setOrderStatus(c.db, small.orderId, "completed");
    expect(writeTransaction(c.db, (tx) => createPayoutBatch(tx, { key: "b", at: T0, minimumTiyn: 10_000 })).result.batchId).toBeNull();
    expect(accountBalance(c.db, sellerPayableAccount(small.sellerId))).toBe(950);
  });
});

describe("escrow ledger: invariants are checked", () => {
  it("reports an order in a terminal state that still holds escrow, and a paid order with nothing captured", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    setOrderStatus(c.db, order.orderId, "completed");
    const unpaid = makeOrder(c.db, { buyerUserId: c.world.buyerUserId, seller: c.world.sellerA, pickupPointId: c.world.pointA, totalTiyn: 500, status: "accepted" });
    const problems = checkLedgerInvariants(c.db);
    expect(problems).toEqual([
      expect.stringContaining(`order ${order.orderId} is completed but its escrow holds 10000 tiyn`),
      expect.stringContaining(`order ${unpaid.orderId} is accepted (paid online) but 0 of its 500 tiyn were captured`),
    ]);
    // Put the world right so the after-each check passes.
    writeTransaction(c.db, (tx) => {
      releaseEscrow(tx, { key: "fix", orderId: order.orderId, ...splitOf(order), at: T0 });
      captureEscrow(tx, { key: "fix2", orderId: unpaid.orderId, amountTiyn: 500, at: T0 });
    });
  });

  it("reports money that left escrow other than by release or refund, and a cash column that disagrees", () => {
    const c = setup();
    const order = paidOrder(c, 10_000);
    writeTransaction(c.db, (tx) =>
      runOperation(tx, { key: "odd", kind: "test", request: {}, orderId: order.orderId, at: T0 }, (ctx) => {
        ctx.transfer({ debit: escrowAccount(order.orderId), credit: "psp_clearing", amountTiyn: 100, reason: "odd" });
      }),
    );
    const cash = makeOrder(c.db, { buyerUserId: c.world.buyerUserId, seller: c.world.sellerA, pickupPointId: c.world.pointA, totalTiyn: 500, paymentMethod: "cash" });
    c.db.update(orders).set({ cashCollectedTiyn: 500 }).where(eq(orders.id, cash.orderId)).run();
    const problems = checkLedgerInvariants(c.db);
    expect(problems).toEqual([
      expect.stringContaining("100 tiyn left escrow other than by release or refund"),
      expect.stringContaining(`captured 10000 ≠ released 0 + refunded 0 + held 9900`),
      expect.stringContaining(`order ${cash.orderId} says 500 tiyn cash was collected; the ledger has 0`),
    ]);
    current = undefined; // this world stays broken on purpose
  });
});

describe("commission rates", () => {
  it("default to 3 % and 2 %, are validated, and every change is audited", () => {
    const c = setup();
    expect(commissionRates(c.db)).toEqual({ platformBp: 300, coopBp: 200 });
    expect(writeTransaction(c.db, (tx) => setCommissionRates(tx, { platformBp: 5001, coopBp: 100, actorUserId: null, at: T0 }))).toEqual({
      ok: false,
      field: "platformBp",
      reason: "money.rates.out_of_range",
    });
    expect(writeTransaction(c.db, (tx) => setCommissionRates(tx, { platformBp: 250, coopBp: 1.5, actorUserId: null, at: T0 }))).toMatchObject({ ok: false, field: "coopBp" });
    expect(commissionRates(c.db)).toEqual({ platformBp: 300, coopBp: 200 });
    expect(writeTransaction(c.db, (tx) => setCommissionRates(tx, { platformBp: 450, coopBp: 0, actorUserId: c.world.buyerUserId, at: T0 }))).toMatchObject({ ok: true });
    expect(commissionRates(c.db)).toEqual({ platformBp: 450, coopBp: 0 });
    expect(listAudit(c.db)[0]).toMatchObject({ action: "commission.changed", actorUserId: c.world.buyerUserId, details: { platformBp: 450, coopBp: 0, previousPlatformBp: 300, previousCoopBp: 200 } });
  });
});
