/**
 * Reconciliation (issue 15 §4, MONEY-09): the provider's transaction list
 * (from the fake CloudPayments' /payments/list) and a bank statement against
 * the ledger, by reference and amount. A payment missing on their side and
 * one we do not know are reported as such; nothing is corrected.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getPaymentOfCheckout, startCheckoutPayment } from "../../app/domain/payments/payments.server";
import { lineReference } from "../../app/domain/payouts/bank-files";
import { reconcile } from "../../app/domain/payouts/reconcile";
import { listReconciliationRuns, reconcileBankStatement, reconcileProviderFromApi, runNightlyReconciliation } from "../../app/domain/payouts/reconciliation.server";
import { payments } from "../../db/schema";
import type { FakeCloudPayments } from "../fakes/cloudpayments";
import { WEBHOOK, deliverToWebhook, startFakeCloudPayments, stopFakeCloudPayments } from "../support/cloudpayments";
import { testApp } from "../support/app";
import { at, buy, orderWorld } from "../support/orders";

let fake: FakeCloudPayments;
let app: ReturnType<typeof testApp>;

beforeEach(async () => {
  app = testApp();
  fake = await startFakeCloudPayments(1_000);
});
afterEach(async () => {
  await stopFakeCloudPayments(fake);
});

/** Three card payments captured today through the fake provider. */
async function threePayments() {
  const w = orderWorld(app.db);
  const refs: { reference: string; amountTiyn: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const placed = buy(app.db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingB, quantity: 1 }] }, at(0));
    if (!placed.ok) throw new Error(placed.reason);
    await startCheckoutPayment(app.db, placed.checkoutId, at(0));
    const payment = getPaymentOfCheckout(app.db, placed.checkoutId)!;
    await fake.pay(payment.providerRef, deliverToWebhook, WEBHOOK);
    refs.push({ reference: payment.providerRef, amountTiyn: payment.amountTiyn });
  }
  expect(app.db.select().from(payments).all().every((p) => p.status === "captured")).toBe(true);
  return refs;
}

describe("reconcile (pure)", () => {
  it("sums each side per reference and names every difference", () => {
    expect(
      reconcile(
        [
          { reference: "a", amountTiyn: 100 },
          { reference: "b", amountTiyn: 200 },
          { reference: "c", amountTiyn: 300 },
        ],
        [
          { reference: "a", amountTiyn: 60 },
          { reference: "a", amountTiyn: 40 },
          { reference: "b", amountTiyn: 250 },
          { reference: "d", amountTiyn: 5 },
        ],
      ),
    ).toEqual([
      { reference: "b", result: "amount_differs", oursTiyn: 200, theirsTiyn: 250 },
      { reference: "c", result: "missing_theirs", oursTiyn: 300, theirsTiyn: null },
      { reference: "d", result: "missing_ours", oursTiyn: null, theirsTiyn: 5 },
      { reference: "a", result: "matched", oursTiyn: 100, theirsTiyn: 100 },
    ]);
  });
});

describe("reconciliation with the provider's list", () => {
  it("reports a payment missing on their side and one unknown on ours, and writes the run down", async () => {
    const [p1, p2, p3] = await threePayments();
    const day = new Date().toISOString().slice(0, 10);
    // Their list lacks p2 and has a payment we never asked for.
    fake.transactions.splice(fake.transactions.findIndex((t) => t.invoiceId === p2!.reference), 1);
    fake.transactions.push({ transactionId: 5555, invoiceId: "pay_not_ours", amount: 100, type: 0, status: "Completed", createdAt: new Date() });

    const result = await reconcileProviderFromApi(app.db, { day, actorUserId: null }, new Date());
    expect(result.ok).toBe(true);
    expect(fake.calls.find((c) => c.path === "/payments/list")?.body).toMatchObject({ Date: day });
    const [run] = listReconciliationRuns(app.db);
    expect(run).toMatchObject({ source: "provider", label: day });
    expect(run!.items.map(({ reference, result, oursTiyn, theirsTiyn }) => ({ reference, result, oursTiyn, theirsTiyn }))).toEqual(
      expect.arrayContaining([
        { reference: p2!.reference, result: "missing_theirs", oursTiyn: p2!.amountTiyn, theirsTiyn: null },
        { reference: "pay_not_ours", result: "missing_ours", oursTiyn: null, theirsTiyn: 10_000 },
        { reference: p1!.reference, result: "matched", oursTiyn: p1!.amountTiyn, theirsTiyn: p1!.amountTiyn },
        { reference: p3!.reference, result: "matched", oursTiyn: p3!.amountTiyn, theirsTiyn: p3!.amountTiyn },
      ]),
    );
    expect(run!.items).toHaveLength(4);
    // Nothing was corrected: the payment missing on their side is still captured here.
    expect(app.db.select().from(payments).all().every((p) => p.status === "captured")).toBe(true);
  });

  it("the nightly job reconciles yesterday once", async () => {
    await threePayments();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const first = await runNightlyReconciliation(app.db, tomorrow);
    expect(first).toEqual(expect.any(Number));
    expect(await runNightlyReconciliation(app.db, tomorrow)).toBeNull();
    expect(listReconciliationRuns(app.db)[0]!.items.every((i) => i.result === "matched")).toBe(true);
  });
});

describe("reconciliation with a bank statement", () => {
  it("reports our payout line the statement lacks and a debit we do not know", () => {
    // Lines 1 and 2 of an exported batch, without any sale behind them: the reconciliation reads lines, not the ledger.
    const sqlite = app.sqlite;
    const sellerId = orderWorld(app.db).sellerA.sellerId;
    sqlite.prepare("INSERT INTO ledger_operations (id, idempotency_key, kind, request_hash, result, at) VALUES (900, 'k', 'payout', 'h', '{}', 0)").run();
    sqlite.prepare("INSERT INTO payout_batches (id, created_at, total_tiyn, status, exported_at) VALUES (7, 0, 300, 'exported', 0)").run();
    sqlite.prepare("INSERT INTO payout_lines (id, batch_id, seller_id, amount_tiyn, operation_id, status) VALUES (11, 7, ?, 100, 900, 'exported'), (12, 7, ?, 200, 900, 'exported')").run(sellerId, sellerId);
    const statement = [
      "1CClientBankExchange",
      "ВерсияФормата=1.02",
      "СекцияДокумент=Платежное поручение",
      "Номер=11",
      "ДатаСписано=05.12.2026",
      "Сумма=1.00",
      `НазначениеПлатежа=Выплата продавцу, ${lineReference(11)}`,
      "КонецДокумента",
      "СекцияДокумент=Платежное поручение",
      "Номер=77",
      "ДатаСписано=05.12.2026",
      "Сумма=50.00",
      "НазначениеПлатежа=Комиссия банка",
      "КонецДокумента",
      "КонецФайла",
    ].join("\r\n");
    const result = reconcileBankStatement(app.db, { text: statement, label: "statement.txt", actorUserId: null }, new Date());
    expect(result.ok).toBe(true);
    const [run] = listReconciliationRuns(app.db);
    expect(run).toMatchObject({ source: "bank", label: "statement.txt" });
    expect(run!.items.map(({ reference, result }) => ({ reference, result }))).toEqual([
      { reference: "77", result: "missing_ours" },
      { reference: lineReference(12), result: "missing_theirs" },
      { reference: lineReference(11), result: "matched" },
    ]);
    // Nothing was settled by a reconciliation.
    expect(sqlite.prepare("SELECT status FROM payout_lines ORDER BY id").pluck().all()).toEqual(["exported", "exported"]);
  });

  it("refuses a file that is neither format", () => {
    expect(reconcileBankStatement(app.db, { text: "hello", label: "x", actorUserId: null }, new Date())).toEqual({ ok: false, reason: "payouts.statement_format" });
  });
});
