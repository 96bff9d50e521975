/**
 * Model-based test of the escrow ledger (MONEY-03..07, research §1.4): random
 * sequences of operations — valid ones, impossible ones, repeats of an earlier
 * idempotency key, and the same key with another payload — run against the
 * real ledger on SQLite and against a small in-memory model. After every step
 * the balances of every account, each seller's money and the invariant check
 * must agree with the model.
 *
 * A failure prints its seed and path; replay it with
 *   LEDGER_SEED=<seed> LEDGER_PATH=<path> npx vitest run tests/integration/ledger-properties.test.ts
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeTransaction, type Tx } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { IdempotencyConflictError, LedgerError } from "../../app/domain/escrow/ledger-operations.server";
import { captureEscrow, createPayoutBatch, recordCashAtPickup, refundEscrow, releaseEscrow, resolveEscrow, settlePointCash, settleRefund } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance, sellerMoney } from "../../app/domain/escrow/ledger-reads.server";
import { TERMINAL_STATUSES, type OrderStatus } from "../../app/domain/orders/order-status";
import { orders as ordersTable } from "../../db/schema";
import { eq } from "drizzle-orm";
import { T0, copiedDatabase, makeOrder, makePickupPoint, makeSeller, makeUser, makeVillage } from "../support/ledger";

type Op =
  | { t: "order"; online: boolean; totalTiyn: number; seller: number; buyer: number; point: number; platformBp: number; coopBp: number }
  | { t: "capture"; order: number; over: boolean }
  | { t: "release"; order: number }
  | { t: "refund"; order: number; percent: number }
  | { t: "resolve"; order: number; percent: number }
  | { t: "settleRefund"; buyer: number; percent: number }
  | { t: "cash"; order: number }
  | { t: "bank"; point: number; percent: number }
  | { t: "payout"; minimumTiyn: number }
  | { t: "repeat"; index: number }
  | { t: "conflict"; index: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("order" as const),
      online: fc.boolean(),
      totalTiyn: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 50_000_000 })),
      seller: fc.nat(2),
      buyer: fc.nat(1),
      point: fc.nat(1),
      platformBp: fc.oneof(fc.constant(300), fc.integer({ min: 0, max: 5000 })),
      coopBp: fc.oneof(fc.constant(200), fc.integer({ min: 0, max: 5000 })),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant("capture" as const), order: fc.nat(), over: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("release" as const), order: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("refund" as const), order: fc.nat(), percent: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("resolve" as const), order: fc.nat(), percent: fc.integer({ min: 0, max: 110 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("settleRefund" as const), buyer: fc.nat(1), percent: fc.integer({ min: 0, max: 110 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("cash" as const), order: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("bank" as const), point: fc.nat(1), percent: fc.integer({ min: 0, max: 110 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("payout" as const), minimumTiyn: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5_000_000 })) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("repeat" as const), index: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("conflict" as const), index: fc.nat() }) },
);

interface ModelOrder {
  orderId: number;
  online: boolean;
  totalTiyn: number;
  sellerId: number;
  sellerVillageId: number;
  buyerUserId: number;
  pickupPointId: number;
  platformRateBp: number;
  coopRateBp: number;
  status: OrderStatus;
  capturedTiyn: number;
  cashRecorded: boolean;
}

/** The model's own split, written independently of split.ts. */
function modelSplit(amountTiyn: number, platformBp: number, coopBp: number) {
  const platformFeeTiyn = Number((BigInt(amountTiyn) * BigInt(platformBp)) / 10_000n);
  const coopFeeTiyn = Number((BigInt(amountTiyn) * BigInt(coopBp)) / 10_000n);
  return { platformFeeTiyn, coopFeeTiyn, sellerTiyn: amountTiyn - platformFeeTiyn - coopFeeTiyn };
}

/** What the model expects: a refusal code, or a result and the change to make to the model. */
type Prediction = { error: string } | { result: unknown; commit: () => void };

/** A call of the real ledger under a key; `mutate` changes the payload (for the conflict case). */
type Call = (tx: Tx, key: string, mutate: boolean) => { result: unknown; replayed: boolean };

function runSequence(ops: Op[]): void {
  const c = copiedDatabase();
  // Durability is not under test here (the crash test covers it): no fsync per step.
  c.sqlite.pragma("synchronous = OFF");
  try {
    const db = c.db;
    const villageA = makeVillage(db, "Ақсу");
    const villageB = makeVillage(db, "Шелек");
    const sellers = [makeSeller(db, villageA), makeSeller(db, villageA), makeSeller(db, villageB)];
    const buyers = [makeUser(db), makeUser(db)];
    const points = [makePickupPoint(db, villageA), makePickupPoint(db, villageB)];

    const balances = new Map<string, number>();
    const assetCodes = (code: string) => code === "psp_clearing" || code.startsWith("point_cash:");
    const post = (debit: string, credit: string, amountTiyn: number) => {
      if (amountTiyn === 0) return;
      balances.set(debit, (balances.get(debit) ?? 0) + (assetCodes(debit) ? amountTiyn : -amountTiyn));
      balances.set(credit, (balances.get(credit) ?? 0) + (assetCodes(credit) ? -amountTiyn : amountTiyn));
    };
    const bal = (code: string) => balances.get(code) ?? 0;
    const released = new Map<number, number>();
    const paidOut = new Map<number, number>();
    const postSplit = (from: string, o: ModelOrder, amountTiyn: number) => {
      const split = modelSplit(amountTiyn, o.platformRateBp, o.coopRateBp);
      post(from, `seller_payable:${o.sellerId}`, split.sellerTiyn);
      post(from, "platform_commission", split.platformFeeTiyn);
      post(from, `coop_fee:${o.sellerVillageId}`, split.coopFeeTiyn);
      released.set(o.sellerId, (released.get(o.sellerId) ?? 0) + split.sellerTiyn);
      return split;
    };
    const modelOrders: ModelOrder[] = [];
    const history: { key: string; call: Call; result: unknown }[] = [];
    let batches = 0;
    let operations = 0;

    const setStatus = (tx: Tx, o: ModelOrder, status: OrderStatus) => tx.update(ordersTable).set({ status }).where(eq(ordersTable.id, o.orderId)).run();
    const splitArgs = (o: ModelOrder) => ({ sellerId: o.sellerId, sellerVillageId: o.sellerVillageId, platformRateBp: o.platformRateBp, coopRateBp: o.coopRateBp });

    const compare = (step: number, op: Op) => {
      const where = `after step ${step} ${JSON.stringify(op)}`;
      expect(checkLedgerInvariants(db), where).toEqual([]);
      const codes = c.sqlite.prepare("SELECT code FROM ledger_accounts").pluck().all() as string[];
      for (const code of new Set([...codes, ...balances.keys()])) expect(accountBalance(db, code), `${code} ${where}`).toBe(bal(code));
      for (const s of sellers) {
        const held = modelOrders
          .filter((o) => o.sellerId === s.sellerId && !(TERMINAL_STATUSES as readonly string[]).includes(o.status))
          .reduce((sum, o) => sum + bal(`escrow:order:${o.orderId}`), 0);
        expect(sellerMoney(db, s.sellerId), `seller ${s.sellerId} ${where}`).toMatchObject({
          heldTiyn: held,
          releasedTiyn: released.get(s.sellerId) ?? 0,
          // A batch only sends money (issue 15): paid out when the bank confirms, until then in flight.
          paidOutTiyn: 0,
          inFlightTiyn: paidOut.get(s.sellerId) ?? 0,
          payableTiyn: bal(`seller_payable:${s.sellerId}`),
        });
      }
      expect(c.sqlite.prepare("SELECT count(*) FROM ledger_operations").pluck().get(), where).toBe(operations);
    };

    const attempt = (key: string, call: Call, prediction: Prediction) => {
      let outcome: { result: unknown; replayed: boolean } | { error: unknown };
      try {
        outcome = writeTransaction(db, (tx) => call(tx, key, false));
      } catch (error) {
        outcome = { error };
      }
      if ("error" in prediction) {
        expect(outcome, `${key} should be refused with ${prediction.error}`).toHaveProperty("error");
        const error = (outcome as { error: unknown }).error;
        expect(error).toBeInstanceOf(LedgerError);
        expect((error as LedgerError).code).toBe(prediction.error);
        return;
      }
      if ("error" in outcome) throw outcome.error;
      expect(outcome).toEqual({ result: prediction.result, replayed: false });
      prediction.commit();
      operations += 1;
      history.push({ key, call, result: outcome.result });
    };

    ops.forEach((op, step) => {
      const key = `op-${step}`;
      const pick = (index: number) => modelOrders[index % Math.max(modelOrders.length, 1)];
      switch (op.t) {
        case "order": {
          const seller = sellers[op.seller]!;
          const created = makeOrder(db, {
            buyerUserId: buyers[op.buyer]!,
            seller,
            pickupPointId: points[op.point]!,
            totalTiyn: op.totalTiyn,
            paymentMethod: op.online ? "online" : "cash",
            platformRateBp: op.platformBp,
            coopRateBp: op.coopBp,
          });
          modelOrders.push({ ...created, online: op.online, status: op.online ? "pending_payment" : "accepted", capturedTiyn: 0, cashRecorded: false });
          break;
        }
        case "capture": {
          const o = pick(op.order);
          if (!o) break;
          const amountTiyn = op.over ? o.totalTiyn + 1 : o.totalTiyn;
          const call: Call = (tx, k, mutate) => {
            const out = captureEscrow(tx, { key: k, orderId: o.orderId, amountTiyn: amountTiyn + (mutate ? 1 : 0), at: T0 });
            if (!out.replayed) setStatus(tx, o, "paid");
            return out;
          };
          const escrow = `escrow:order:${o.orderId}`;
          const prediction: Prediction = !o.online
            ? { error: "ledger.order_not_online" }
            : o.capturedTiyn + amountTiyn > o.totalTiyn
              ? { error: "ledger.capture_exceeds_total" }
              : {
                  result: { orderId: o.orderId, capturedTiyn: amountTiyn, escrowTiyn: bal(escrow) + amountTiyn },
                  commit: () => {
                    post("psp_clearing", escrow, amountTiyn);
                    o.capturedTiyn += amountTiyn;
                    o.status = "paid";
                  },
                };
          attempt(key, call, prediction);
          break;
        }
        case "release": {
          const o = pick(op.order);
          if (!o) break;
          const escrow = `escrow:order:${o.orderId}`;
          const held = bal(escrow);
          const call: Call = (tx, k, mutate) => {
            const out = releaseEscrow(tx, { key: k, orderId: o.orderId, ...splitArgs(o), platformRateBp: mutate ? 5000 - o.platformRateBp + (o.platformRateBp === 2500 ? 1 : 0) : o.platformRateBp, at: T0 });
            if (!out.replayed) setStatus(tx, o, "completed");
            return out;
          };
          const prediction: Prediction =
            held <= 0
              ? { error: "ledger.escrow_empty" }
              : {
                  result: { orderId: o.orderId, releasedTiyn: held, ...modelSplit(held, o.platformRateBp, o.coopRateBp) },
                  commit: () => {
                    postSplit(escrow, o, held);
                    o.status = "completed";
                  },
                };
          attempt(key, call, prediction);
          break;
        }
        case "refund": {
          const o = pick(op.order);
          if (!o) break;
          const escrow = `escrow:order:${o.orderId}`;
          const held = bal(escrow);
          const amountTiyn = Math.floor((held * op.percent) / 100);
          const becomes: OrderStatus = amountTiyn === held ? "refunded" : o.status;
          const call: Call = (tx, k, mutate) => {
            const out = refundEscrow(tx, { key: k, orderId: o.orderId, buyerUserId: o.buyerUserId, amountTiyn: amountTiyn + (mutate ? 1 : 0), at: T0 });
            if (!out.replayed) setStatus(tx, o, becomes);
            return out;
          };
          const prediction: Prediction =
            amountTiyn <= 0
              ? { error: "ledger.amount_invalid" }
              : amountTiyn > held
                ? { error: "ledger.refund_exceeds_escrow" }
                : {
                    result: { orderId: o.orderId, refundedTiyn: amountTiyn, escrowTiyn: held - amountTiyn },
                    commit: () => {
                      post(escrow, `refund_payable:${o.buyerUserId}`, amountTiyn);
                      o.status = becomes;
                    },
                  };
          attempt(key, call, prediction);
          break;
        }
        case "resolve": {
          const o = pick(op.order);
          if (!o) break;
          const escrow = `escrow:order:${o.orderId}`;
          const held = bal(escrow);
          const refundTiyn = Math.floor((held * op.percent) / 100) + (op.percent > 100 ? 1 : 0);
          const call: Call = (tx, k, mutate) => {
            const out = resolveEscrow(tx, { key: k, orderId: o.orderId, buyerUserId: o.buyerUserId, refundTiyn: refundTiyn + (mutate ? 1 : 0), ...splitArgs(o), at: T0 });
            if (!out.replayed) setStatus(tx, o, "completed");
            return out;
          };
          const prediction: Prediction =
            held <= 0
              ? { error: "ledger.escrow_empty" }
              : refundTiyn > held
                ? { error: "ledger.refund_exceeds_escrow" }
                : {
                    result: { orderId: o.orderId, refundedTiyn: refundTiyn, releasedTiyn: held - refundTiyn, ...modelSplit(held - refundTiyn, o.platformRateBp, o.coopRateBp) },
                    commit: () => {
                      post(escrow, `refund_payable:${o.buyerUserId}`, refundTiyn);
                      postSplit(escrow, o, held - refundTiyn);
                      o.status = "completed";
                    },
                  };
          attempt(key, call, prediction);
          break;
        }
        case "settleRefund": {
          const buyerUserId = buyers[op.buyer]!;
          const payable = `refund_payable:${buyerUserId}`;
          const owed = bal(payable);
          const amountTiyn = Math.floor((owed * op.percent) / 100) + (op.percent > 100 ? 1 : 0);
          const call: Call = (tx, k, mutate) => settleRefund(tx, { key: k, buyerUserId, amountTiyn: amountTiyn + (mutate ? 1 : 0), at: T0 });
          const prediction: Prediction =
            amountTiyn <= 0
              ? { error: "ledger.amount_invalid" }
              : amountTiyn > owed
                ? { error: "ledger.refund_exceeds_payable" }
                : { result: { buyerUserId, paidTiyn: amountTiyn, stillOwedTiyn: owed - amountTiyn }, commit: () => post(payable, "psp_clearing", amountTiyn) };
          attempt(key, call, prediction);
          break;
        }
        case "cash": {
          const o = pick(op.order);
          if (!o) break;
          const call: Call = (tx, k, mutate) => {
            const out = recordCashAtPickup(tx, { key: k, orderId: o.orderId, pickupPointId: o.pickupPointId, amountTiyn: o.totalTiyn + (mutate ? 1 : 0), at: T0 });
            if (!out.replayed) {
              // Issue 14 §7: the cash is held for the order, then released like escrow once the inspection window passes.
              releaseEscrow(tx, { key: `${k}:release`, orderId: o.orderId, ...splitArgs(o), at: T0, cash: true });
              tx.update(ordersTable).set({ status: "completed", cashCollectedTiyn: o.totalTiyn }).where(eq(ordersTable.id, o.orderId)).run();
            }
            return out;
          };
          const prediction: Prediction = o.online
            ? { error: "ledger.order_not_cash" }
            : o.cashRecorded
              ? { error: "ledger.cash_already_recorded" }
              : {
                  result: { orderId: o.orderId, pickupPointId: o.pickupPointId, collectedTiyn: o.totalTiyn },
                  commit: () => {
                    postSplit(`point_cash:${o.pickupPointId}`, o, o.totalTiyn);
                    // Two operations: the cash held for the order, then its release.
                    operations += 1;
                    o.cashRecorded = true;
                    o.status = "completed";
                  },
                };
          attempt(key, call, prediction);
          break;
        }
        case "bank": {
          const pickupPointId = points[op.point]!;
          const cash = `point_cash:${pickupPointId}`;
          const owed = bal(cash);
          const amountTiyn = Math.floor((owed * op.percent) / 100) + (op.percent > 100 ? 1 : 0);
          const call: Call = (tx, k, mutate) => settlePointCash(tx, { key: k, pickupPointId, amountTiyn: amountTiyn + (mutate ? 1 : 0), at: T0 });
          const prediction: Prediction =
            amountTiyn <= 0
              ? { error: "ledger.amount_invalid" }
              : amountTiyn > owed
                ? { error: "ledger.cash_exceeds_owed" }
                : { result: { pickupPointId, bankedTiyn: amountTiyn, stillOwedTiyn: owed - amountTiyn }, commit: () => post("psp_clearing", cash, amountTiyn) };
          attempt(key, call, prediction);
          break;
        }
        case "payout": {
          const call: Call = (tx, k, mutate) => createPayoutBatch(tx, { key: k, at: T0, minimumTiyn: op.minimumTiyn + (mutate ? 1 : 0) });
          const lines = sellers
            .map((s) => ({ sellerId: s.sellerId, amountTiyn: bal(`seller_payable:${s.sellerId}`) }))
            .filter((l) => l.amountTiyn >= op.minimumTiyn)
            .sort((a, b) => a.sellerId - b.sellerId);
          const result =
            lines.length === 0 ? { batchId: null, totalTiyn: 0, lines: [] } : { batchId: batches + 1, totalTiyn: lines.reduce((sum, l) => sum + l.amountTiyn, 0), lines };
          attempt(key, call, {
            result,
            commit: () => {
              if (lines.length > 0) batches += 1;
              operations += lines.length;
              for (const l of lines) {
                post(`seller_payable:${l.sellerId}`, `payout_in_flight:${l.sellerId}`, l.amountTiyn);
                paidOut.set(l.sellerId, (paidOut.get(l.sellerId) ?? 0) + l.amountTiyn);
              }
            },
          });
          break;
        }
        case "repeat": {
          const earlier = history[op.index % Math.max(history.length, 1)];
          if (!earlier) break;
          const again = writeTransaction(db, (tx) => earlier.call(tx, earlier.key, false));
          expect(again, `repeat of ${earlier.key}`).toEqual({ result: earlier.result, replayed: true });
          break;
        }
        case "conflict": {
          const earlier = history[op.index % Math.max(history.length, 1)];
          if (!earlier) break;
          expect(() => writeTransaction(db, (tx) => earlier.call(tx, earlier.key, true)), `conflict on ${earlier.key}`).toThrow(IdempotencyConflictError);
          break;
        }
      }
      compare(step, op);
    });
  } finally {
    c.close();
  }
}

describe("escrow ledger against a model (property-based)", () => {
  it("agrees with the model and keeps every invariant after every step of random operation sequences", () => {
    const seed = process.env.LEDGER_SEED ? Number(process.env.LEDGER_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
    const details = fc.check(fc.property(fc.array(opArbitrary, { minLength: 1, maxLength: 40 }), (ops) => runSequence(ops)), {
      seed,
      path: process.env.LEDGER_PATH,
      numRuns: process.env.LEDGER_PATH ? 1 : Number(process.env.LEDGER_RUNS ?? 100),
    });
    if (details.failed) {
      const replay = `LEDGER_SEED=${details.seed} LEDGER_PATH=${details.counterexamplePath ?? ""} npx vitest run tests/integration/ledger-properties.test.ts`;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`${fc.defaultReportMessage(details) ?? "property failed"}\n\nFirst failing check: ${cause.slice(0, 2000)}\n\nReplay with:\n  ${replay}`);
    }
  }, 120_000);

  it("replays a hand-picked sequence: capture, partial refund, repeat, release, payout, conflict", () => {
    runSequence([
      { t: "order", online: true, totalTiyn: 10_001, seller: 0, buyer: 0, point: 0, platformBp: 300, coopBp: 200 },
      { t: "order", online: false, totalTiyn: 777, seller: 2, buyer: 1, point: 1, platformBp: 5000, coopBp: 5000 },
      { t: "capture", order: 0, over: false },
      { t: "capture", order: 0, over: false },
      { t: "refund", order: 0, percent: 33 },
      { t: "repeat", index: 1 },
      { t: "release", order: 0 },
      { t: "cash", order: 1 },
      { t: "cash", order: 1 },
      { t: "bank", point: 1, percent: 50 },
      { t: "settleRefund", buyer: 0, percent: 100 },
      { t: "payout", minimumTiyn: 1 },
      { t: "repeat", index: 6 },
      { t: "conflict", index: 6 },
      { t: "payout", minimumTiyn: 1 },
    ]);
  });
});
