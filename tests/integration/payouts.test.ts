/**
 * Payouts that really happen (issue 15 §2–3), the whole path against the
 * fake CloudPayments and a bank file parsed back: card payment → escrow →
 * pickup → release → payout batch exported → the bank's confirmation
 * imported → paid out in the ledger; and a failed payout returns the money to
 * the seller's balance. MONEY-03/04/06 hold throughout (checkLedgerInvariants).
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { accountBalance, sellerMoney } from "../../app/domain/escrow/ledger-reads.server";
import { buyerPickupCode, handOver } from "../../app/domain/orders/handover.server";
import { applyOrderEvent } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { getPaymentOfCheckout, startCheckoutPayment } from "../../app/domain/payments/payments.server";
import { parseBankStatement } from "../../app/domain/payouts/bank-files";
import { getPayoutDestination, setPayoutDestination } from "../../app/domain/payouts/destinations.server";
import { ibanCheckDigits } from "../../app/domain/payouts/iban";
import { exportPayoutBatch, failPayoutLine, getPayoutBatchDetail, importBankConfirmation, preparePayoutBatch, sellersWithoutDestination } from "../../app/domain/payouts/payout-batches.server";
import { setPlatformEntity } from "../../app/domain/payouts/platform-entity.server";
import { auditLog, outboxMessages } from "../../db/schema";
import type { FakeCloudPayments } from "../fakes/cloudpayments";
import { WEBHOOK, deliverToWebhook, startFakeCloudPayments, stopFakeCloudPayments } from "../support/cloudpayments";
import { testApp } from "../support/app";
import { at, buy, orderWorld } from "../support/orders";

const kzIban = (bban: string) => `KZ${ibanCheckDigits("KZ", bban)}${bban}`;
const SELLER_IBAN = kzIban("722S000012345678");
const PLATFORM_IBAN = kzIban("601A861000123456");
/** A valid BIN (a legal entity, check digit right): the test company's. */
const PLATFORM_BIN = "180540000012";
const HOLDER_IIN = "900101300017";

let fake: FakeCloudPayments;
let app: ReturnType<typeof testApp>;

beforeEach(async () => {
  app = testApp();
  fake = await startFakeCloudPayments(1_000);
});
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(checkLedgerInvariants(app.db)).toEqual([]);
  await stopFakeCloudPayments(fake);
});

/** Both sellers sell one thing each, paid by card at the fake provider, collected and confirmed by the buyer. */
async function soldAndReleased() {
  const db = app.db;
  const w = orderWorld(db);
  const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }, { listingId: w.listingB, quantity: 1 }] }, at(0));
  if (!placed.ok) throw new Error(placed.reason);
  await startCheckoutPayment(db, placed.checkoutId, at(0));
  const payment = getPaymentOfCheckout(db, placed.checkoutId)!;
  const paid = await fake.pay(payment.providerRef, deliverToWebhook, WEBHOOK);
  expect(paid.pay?.body).toBe('{"code":0}');
  const [idA, idB] = placed.orderIds as [number, number];
  const step = (orderId: number, event: string, by: string, actorUserId: number, when: Date) => {
    const result = applyOrderEvent(db, { orderId, event, by, actorUserId } as Parameters<typeof applyOrderEvent>[1], when);
    expect(result, `${event} by ${by}`).toMatchObject({ ok: true });
  };
  step(idA, "accept", "seller", w.sellerA.userId, at(1));
  step(idB, "accept", "seller", w.sellerB.userId, at(1));
  step(idA, "drop", "seller", w.sellerA.userId, at(1, 1));
  step(idB, "drop", "seller", w.sellerB.userId, at(1, 1));
  step(idA, "receive", "hub", w.hubUserId, at(1, 2));
  step(idA, "send", "hub", w.hubUserId, at(1, 3));
  step(idA, "arrive", "hub", w.hubUserId, at(2));
  step(idB, "receive", "hub", w.hubUserId, at(1, 2));
  step(idB, "arrive", "operator", w.operatorUserId, at(1, 3));
  for (const id of [idA, idB]) {
    expect(handOver(db, { orderId: id, code: buyerPickupCode(db, getOrder(db, id)!)!, actorUserId: w.operatorUserId }, at(2, 1)).ok).toBe(true);
    step(id, "confirm", "buyer", w.buyerUserId, at(2, 2));
    expect(getOrder(db, id)?.status).toBe("completed");
  }
  expect(setPlatformEntity(db, { name: "ТОО «Auyl Hub»", bin: PLATFORM_BIN, iban: PLATFORM_IBAN, actorUserId: w.hubUserId, ip: null }, at(2)).ok).toBe(true);
  return { w, totalTiyn: placed.totalTiyn, idA, idB };
}

/** The bank's statement of an exported 1C file: every payment order it carried, debited on the day. */
function statementOf(exported: string, options: { returned?: boolean } = {}): string {
  const field = options.returned ? "ДатаПоступило" : "ДатаСписано";
  return exported.replace(/СекцияДокумент=Платежное поручение\r\n/g, (m) => `${m}${field}=05.12.2026\r\n`);
}

describe("a payout from card payment to the seller's bank", () => {
  it("pays out only when the bank confirms: exported as a 1C file read back, confirmed by the statement", async () => {
    const { w } = await soldAndReleased();
    const db = app.db;
    const payableB = accountBalance(db, `seller_payable:${w.sellerB.sellerId}`);
    const payableA = accountBalance(db, `seller_payable:${w.sellerA.sellerId}`);
    expect(payableB).toBeGreaterThan(0);

    // Seller B records where the money goes; it is shown masked, audited and announced by SMS.
    expect(setPayoutDestination(db, { sellerId: w.sellerB.sellerId, actorUserId: w.sellerB.userId, iban: SELLER_IBAN.toLowerCase(), holderName: "Гүлнар Сейітова", holderTaxId: HOLDER_IIN, ip: null }, at(3))).toEqual({ ok: true, changed: true });
    expect(getPayoutDestination(db, w.sellerB.sellerId)).toMatchObject({ ibanMasked: `${SELLER_IBAN.slice(0, 4)} •••• •••• ••••${SELLER_IBAN.slice(-4)}`, bic: "CASPKZKA" });
    expect(db.select().from(outboxMessages).where(eq(outboxMessages.kind, "payout_destination_changed")).all()).toEqual([
      expect.objectContaining({ userId: w.sellerB.userId, language: "kk", body: expect.stringContaining(SELLER_IBAN.slice(-4)) }),
    ]);
    expect(JSON.stringify(db.select().from(auditLog).where(eq(auditLog.action, "payout.destination.changed")).all())).not.toContain(SELLER_IBAN);

    // Seller A has none: left out of the batch, with the reason shown.
    expect(sellersWithoutDestination(db)).toEqual([expect.objectContaining({ sellerId: w.sellerA.sellerId, payableTiyn: payableA })]);
    const prepared = preparePayoutBatch(db, { key: "admin-payout:path-1", minimumTiyn: 1, actorUserId: w.hubUserId }, at(4));
    const batchId = prepared.batchId!;
    expect(getPayoutBatchDetail(db, batchId)).toMatchObject({ status: "prepared", totalTiyn: payableB, lines: [{ sellerId: w.sellerB.sellerId, status: "prepared", amountTiyn: payableB }] });
    expect(sellerMoney(db, w.sellerB.sellerId)).toMatchObject({ payableTiyn: 0, inFlightTiyn: payableB, paidOutTiyn: 0 });
    expect(accountBalance(db, `seller_payable:${w.sellerA.sellerId}`)).toBe(payableA);
    const clearingBefore = accountBalance(db, "psp_clearing");

    // Exported: the same batch gives the same bytes, in Windows-1251, and reads back.
    const first = exportPayoutBatch(db, { batchId, format: "1c", actorUserId: w.hubUserId, ip: null }, at(4, 1));
    const second = exportPayoutBatch(db, { batchId, format: "1c", actorUserId: w.hubUserId, ip: null }, at(5));
    if (!first.ok || !second.ok) throw new Error("export refused");
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const text = new TextDecoder("windows-1251").decode(first.bytes);
    expect(text.startsWith("1CClientBankExchange\r\n")).toBe(true);
    expect(text).toContain("СекцияДокумент=Платежное поручение\r\n");
    expect(text).toContain(`ПолучательИИК=${SELLER_IBAN}\r\n`);
    expect(text).toContain("ПолучательБИК=CASPKZKA\r\n");
    expect(text).toContain(`ПлательщикБИН_ИИН=${PLATFORM_BIN}\r\n`);
    expect(text).toContain("Получатель=Гулнар Сейитова\r\n");
    expect(text.endsWith("КонецФайла\r\n")).toBe(true);
    const readBack = parseBankStatement(text);
    expect(readBack).toEqual({ ok: true, entries: [expect.objectContaining({ amountTiyn: payableB, direction: "debit", lineId: expect.any(Number) })] });
    const csv = exportPayoutBatch(db, { batchId, format: "csv", actorUserId: w.hubUserId, ip: null }, at(5));
    if (!csv.ok) throw new Error("csv refused");
    expect(new TextDecoder().decode(csv.bytes)).toContain(SELLER_IBAN);
    expect(getPayoutBatchDetail(db, batchId)?.status).toBe("exported");
    // Exported is not paid: nothing is booked as paid out yet.
    expect(sellerMoney(db, w.sellerB.sellerId).paidOutTiyn).toBe(0);

    // The bank's statement (the same documents, debited) confirms it.
    const imported = importBankConfirmation(db, { text: statementOf(text), actorUserId: w.hubUserId, ip: null }, at(6));
    expect(imported).toEqual({ ok: true, outcome: { confirmed: 1, failed: 0, unmatched: [] } });
    expect(getPayoutBatchDetail(db, batchId)).toMatchObject({ status: "confirmed", lines: [{ status: "confirmed" }] });
    expect(sellerMoney(db, w.sellerB.sellerId)).toMatchObject({ paidOutTiyn: payableB, inFlightTiyn: 0, payableTiyn: 0 });
    expect(accountBalance(db, "psp_clearing")).toBe(clearingBefore - payableB);

    // The same statement again settles nothing twice, and says so.
    expect(importBankConfirmation(db, { text: statementOf(text), actorUserId: w.hubUserId, ip: null }, at(7))).toEqual({
      ok: true,
      outcome: { confirmed: 0, failed: 0, unmatched: [expect.objectContaining({ why: "settled", amountTiyn: payableB })] },
    });
    expect(sellerMoney(db, w.sellerB.sellerId).paidOutTiyn).toBe(payableB);
  });

  it("a failed payout returns the money to the seller's balance (a returned payment, a CSV row marked failed, or the admin)", async () => {
    const { w } = await soldAndReleased();
    const db = app.db;
    for (const seller of [w.sellerA, w.sellerB]) {
      expect(setPayoutDestination(db, { sellerId: seller.sellerId, actorUserId: seller.userId, iban: SELLER_IBAN, holderName: "Holder", holderTaxId: HOLDER_IIN, ip: null }, at(3)).ok).toBe(true);
    }
    const payableA = accountBalance(db, `seller_payable:${w.sellerA.sellerId}`);
    const payableB = accountBalance(db, `seller_payable:${w.sellerB.sellerId}`);
    const batchId = preparePayoutBatch(db, { key: "admin-payout:path-2", minimumTiyn: 1, actorUserId: w.hubUserId }, at(4)).batchId!;
    const exported = exportPayoutBatch(db, { batchId, format: "1c", actorUserId: w.hubUserId, ip: null }, at(4, 1));
    if (!exported.ok) throw new Error("export refused");
    const [lineA, lineB] = getPayoutBatchDetail(db, batchId)!.lines;

    // Seller A's payment came back (a credit in the statement): failed, the money is theirs again.
    const returned = statementOf(new TextDecoder("windows-1251").decode(exported.bytes), { returned: true }).split("СекцияДокумент=").slice(0, 2).join("СекцияДокумент=") + "КонецФайла\r\n";
    expect(importBankConfirmation(db, { text: returned, actorUserId: w.hubUserId, ip: null }, at(5))).toEqual({ ok: true, outcome: { confirmed: 0, failed: 1, unmatched: [] } });
    expect(sellerMoney(db, w.sellerA.sellerId)).toMatchObject({ payableTiyn: payableA, inFlightTiyn: 0, paidOutTiyn: 0, releasedTiyn: payableA });
    expect(getPayoutBatchDetail(db, batchId)?.status).toBe("exported");

    // Seller B: the admin marks it failed; a line already settled cannot be failed again.
    expect(failPayoutLine(db, { lineId: lineB!.lineId, actorUserId: w.hubUserId }, at(6))).toEqual({ ok: true });
    expect(failPayoutLine(db, { lineId: lineA!.lineId, actorUserId: w.hubUserId }, at(6))).toEqual({ ok: false, reason: "payouts.line_not_waiting" });
    expect(sellerMoney(db, w.sellerB.sellerId)).toMatchObject({ payableTiyn: payableB, inFlightTiyn: 0, paidOutTiyn: 0 });
    expect(getPayoutBatchDetail(db, batchId)).toMatchObject({ status: "failed", lines: [{ status: "failed", failureReason: "bank" }, { status: "failed", failureReason: "admin" }] });

    // The returned money goes out in the next batch.
    const next = preparePayoutBatch(db, { key: "admin-payout:path-3", minimumTiyn: 1, actorUserId: w.hubUserId }, at(7));
    expect(getPayoutBatchDetail(db, next.batchId!)?.totalTiyn).toBe(payableA + payableB);
    // A CSV statement with a row marked failed fails that line too.
    const nextExport = exportPayoutBatch(db, { batchId: next.batchId!, format: "csv", actorUserId: w.hubUserId, ip: null }, at(7));
    if (!nextExport.ok) throw new Error("export refused");
    const [nextA, nextB] = getPayoutBatchDetail(db, next.batchId!)!.lines;
    const csv = `reference,amount,status\r\n${nextA!.reference},${(payableA / 100).toFixed(2)},confirmed\r\n${nextB!.reference},${(payableB / 100).toFixed(2)},rejected\r\nAUYL-P999999,10.00,confirmed\r\n`;
    expect(importBankConfirmation(db, { text: csv, actorUserId: w.hubUserId, ip: null }, at(8))).toEqual({
      ok: true,
      outcome: { confirmed: 1, failed: 1, unmatched: [{ reference: "AUYL-P999999", amountTiyn: 1_000, why: "unknown" }] },
    });
    expect(sellerMoney(db, w.sellerA.sellerId)).toMatchObject({ paidOutTiyn: payableA, payableTiyn: 0 });
    expect(sellerMoney(db, w.sellerB.sellerId)).toMatchObject({ paidOutTiyn: 0, payableTiyn: payableB });
    expect(getPayoutBatchDetail(db, next.batchId!)?.status).toBe("confirmed");
  });

  it("refuses an IBAN with a wrong check digit and keeps the old destination", async () => {
    const { w } = await soldAndReleased();
    const wrong = SELLER_IBAN.slice(0, 2) + (SELLER_IBAN[2] === "9" ? "0" : String(Number(SELLER_IBAN[2]) + 1)) + SELLER_IBAN.slice(3);
    expect(setPayoutDestination(app.db, { sellerId: w.sellerB.sellerId, actorUserId: w.sellerB.userId, iban: wrong, holderName: "Holder", holderTaxId: HOLDER_IIN, ip: null }, at(3))).toEqual({
      ok: false,
      errors: { iban: "payouts.iban_checksum" },
    });
    expect(getPayoutDestination(app.db, w.sellerB.sellerId)).toBeNull();
  });
});
