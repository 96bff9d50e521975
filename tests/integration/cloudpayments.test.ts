/**
 * The CloudPayments adapter against a local fake of the provider (issue 15 §1,
 * tests/fakes/cloudpayments.ts): invoices over the real HTTP API, signed
 * notifications delivered to the webhook route, refunds under X-Request-ID.
 * MONEY-07 (one effect per key), MONEY-05 (a late payment leaves no escrow).
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { accountBalance, orderEscrowTiyn } from "../../app/domain/escrow/ledger-reads.server";
import { runDueDeadlines } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { amountToTiyn, createCloudPaymentsProvider, tiynToAmount } from "../../app/domain/payments/cloudpayments.server";
import { applyPaymentEvent, getPaymentOfCheckout, listRefusedPaymentEvents, payPendingRefunds, setPaymentProvider, startCheckoutPayment } from "../../app/domain/payments/payments.server";
import { ledgerOperations, paymentEvents } from "../../db/schema";
import { FAKE_API_SECRET, FAKE_PUBLIC_ID, type FakeCloudPayments } from "../fakes/cloudpayments";
import { WEBHOOK, deliverToWebhook, payFields, startFakeCloudPayments, stopFakeCloudPayments } from "../support/cloudpayments";
import { testApp } from "../support/app";
import { at, buy, orderWorld } from "../support/orders";

let fake: FakeCloudPayments;
let app: ReturnType<typeof testApp>;


beforeEach(async () => {
  app = testApp();
  fake = await startFakeCloudPayments(2_000);
});
afterEach(async () => {
  // Let the refund run the route starts in the background finish before the database closes.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(checkLedgerInvariants(app.db)).toEqual([]);
  await stopFakeCloudPayments(fake);
});

/** A checkout of both sellers' listings whose invoice was made at the fake provider. */
async function placed() {
  const w = orderWorld(app.db);
  const result = buy(app.db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }, { listingId: w.listingB, quantity: 1 }] }, at(0));
  if (!result.ok) throw new Error(result.reason);
  const redirectUrl = await startCheckoutPayment(app.db, result.checkoutId, at(0));
  const payment = getPaymentOfCheckout(app.db, result.checkoutId)!;
  return { w, ...result, payment, redirectUrl };
}

const code = (answer: { body: string } | null) => (answer ? (JSON.parse(answer.body) as { code: number }).code : null);
const captures = () => app.db.select().from(ledgerOperations).where(eq(ledgerOperations.kind, "capture")).all().length;

describe("CloudPayments amounts", () => {
  it("turns tiyn into the API's decimal tenge and back without losing a tiyn", () => {
    expect(tiynToAmount(1_567_900)).toBe(15_679);
    expect(tiynToAmount(1_234_567)).toBe(12_345.67);
    expect(tiynToAmount(5)).toBe(0.05);
    expect(amountToTiyn("12345.67")).toBe(1_234_567);
    expect(amountToTiyn("0.5")).toBe(50);
    expect(amountToTiyn(12_345.67)).toBe(1_234_567);
    expect(amountToTiyn("-1")).toBeNull();
    expect(amountToTiyn("1e3")).toBeNull();
  });
});

describe("CloudPayments: a card payment", () => {
  it("makes an invoice with Basic auth and sends the buyer to its page; Check then Pay capture the orders once", async () => {
    const { payment, redirectUrl, orderIds, totalTiyn } = await placed();
    expect(fake.invoices).toEqual([expect.objectContaining({ invoiceId: payment.providerRef, amount: tiynToAmount(totalTiyn) })]);
    expect(redirectUrl).toBe(`${fake.url}/pay/${fake.invoices[0]!.id}`);
    expect(fake.calls[0]).toMatchObject({ path: "/orders/create", body: { Currency: "KZT", InvoiceId: payment.providerRef } });

    const paid = await fake.pay(payment.providerRef, deliverToWebhook, WEBHOOK);
    expect(code(paid.check)).toBe(0);
    expect(paid.pay).toEqual({ status: 200, body: '{"code":0}' });
    expect(orderIds.map((id) => getOrder(app.db, id)?.status)).toEqual(["paid", "paid"]);
    expect(getPaymentOfCheckout(app.db, payment.checkoutId)).toMatchObject({ status: "captured", providerTransactionId: String(paid.transactionId) });
    expect(accountBalance(app.db, "psp_clearing")).toBe(totalTiyn);
  });

  it("refuses a wrong signature with 401 and changes nothing", async () => {
    const { payment, totalTiyn } = await placed();
    const fields = payFields(payment.providerRef, 77, tiynToAmount(totalTiyn));
    const forged = await fake.send(deliverToWebhook, `${WEBHOOK}?notification=pay`, fields, { secret: "not-the-api-secret" });
    expect(forged.status).toBe(401);
    // A correctly signed body posted to a URL without its kind is not taken either.
    expect((await fake.send(deliverToWebhook, WEBHOOK, fields)).status).toBe(401);
    expect(app.db.select().from(paymentEvents).all()).toEqual([]);
    expect(getPaymentOfCheckout(app.db, payment.checkoutId)?.status).toBe("pending");
    expect(captures()).toBe(0);
  });

  it("takes the same Pay notification twice as one payment", async () => {
    const { payment, orderIds, totalTiyn } = await placed();
    const paid = await fake.pay(payment.providerRef, deliverToWebhook, WEBHOOK);
    const again = await fake.send(deliverToWebhook, `${WEBHOOK}?notification=pay`, payFields(payment.providerRef, paid.transactionId, tiynToAmount(totalTiyn)));
    expect(again).toEqual({ status: 200, body: '{"code":0}' });
    expect(captures()).toBe(orderIds.length);
    expect(accountBalance(app.db, "psp_clearing")).toBe(totalTiyn);
  });

  it("refuses a wrong amount: Check answers 12, a Pay of it is not captured and the admin sees it", async () => {
    const { payment, totalTiyn, orderIds } = await placed();
    const wrong = tiynToAmount(totalTiyn - 100);
    const attempt = await fake.pay(payment.providerRef, deliverToWebhook, WEBHOOK, { amount: wrong });
    expect(code(attempt.check)).toBe(12);
    expect(attempt.pay).toBeNull();
    // The provider took it anyway (a Pay without a Check): acknowledged so it stops, never captured.
    const pay = await fake.send(deliverToWebhook, `${WEBHOOK}?notification=pay`, payFields(payment.providerRef, 4242, wrong));
    expect(code(pay)).toBe(0);
    expect(orderIds.map((id) => getOrder(app.db, id)?.status)).toEqual(["pending_payment", "pending_payment"]);
    expect(captures()).toBe(0);
    expect(listRefusedPaymentEvents(app.db)).toEqual([
      expect.objectContaining({ type: "captured", reference: payment.providerRef, amountTiyn: totalTiyn - 100, expectedTiyn: totalTiyn, outcome: "amount_mismatch" }),
    ]);
  });

  it("answers a Check after the orders expired with 20; a Pay that still comes is captured and refunded", async () => {
    const { w, payment, orderIds, totalTiyn } = await placed();
    expect(runDueDeadlines(app.db, at(0, 1)).applied).toBe(2);
    const late = await fake.pay(payment.providerRef, deliverToWebhook, WEBHOOK);
    expect(code(late.check)).toBe(20);
    expect(late.pay).toBeNull();
    // The provider took the money anyway (its own retry after our answer): it must not stay in escrow.
    fake.transactions.push({ transactionId: late.transactionId, invoiceId: payment.providerRef, amount: tiynToAmount(totalTiyn), type: 0, status: "Completed", createdAt: new Date() });
    const pay = await fake.send(deliverToWebhook, `${WEBHOOK}?notification=pay`, payFields(payment.providerRef, late.transactionId, tiynToAmount(totalTiyn)));
    expect(code(pay)).toBe(0);
    expect(orderIds.map((id) => getOrder(app.db, id)?.status)).toEqual(["cancelled", "cancelled"]);
    expect(orderIds.map((id) => orderEscrowTiyn(app.db, id))).toEqual([0, 0]);
    expect(accountBalance(app.db, `refund_payable:${w.buyerUserId}`)).toBe(totalTiyn);
  });
});

describe("CloudPayments: refunds", () => {
  it("refunds by transaction id; a refund retried after a timeout is one refund", async () => {
    const { w, payment, totalTiyn } = await placed();
    expect(runDueDeadlines(app.db, at(0, 1)).applied).toBe(2);
    // The Pay comes without a Check (the provider's own retry after our outage).
    fake.transactions.push({ transactionId: 9001, invoiceId: payment.providerRef, amount: tiynToAmount(totalTiyn), type: 0, status: "Completed", createdAt: new Date() });
    // Our side gives up on a call after 300 ms; the provider answers this refund after 1.5 s.
    setPaymentProvider(createCloudPaymentsProvider({ publicId: FAKE_PUBLIC_ID, apiSecret: FAKE_API_SECRET, apiUrl: fake.url, timeoutMs: 300 }));
    fake.delayNextRefundMs = 1_500;
    applyPaymentEvent(app.db, "cloudpayments", { eventId: "pay:9001", reference: payment.providerRef, type: "captured", amountTiyn: totalTiyn, occurredAt: at(0, 1.5), transactionId: "9001" }, at(0, 1.5));

    // Two refunds are owed (one per order); the first call times out on our side although the provider did it.
    const first = await payPendingRefunds(app.db, () => at(0, 2));
    expect(first).toBe(1);
    expect(fake.refunds()).toHaveLength(2);
    expect(accountBalance(app.db, `refund_payable:${w.buyerUserId}`)).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await payPendingRefunds(app.db, () => at(0, 3))).toBe(1);
    expect(fake.refunds()).toHaveLength(2);
    expect(fake.refunds().reduce((sum, r) => sum + amountToTiyn(r.amount)!, 0)).toBe(totalTiyn);
    expect(fake.refunds().every((r) => r.paymentTransactionId === 9001)).toBe(true);
    const refundCalls = fake.calls.filter((c) => c.path === "/payments/refund");
    expect(refundCalls).toHaveLength(3);
    expect(new Set(refundCalls.map((c) => c.requestId)).size).toBe(2);
    expect(accountBalance(app.db, `refund_payable:${w.buyerUserId}`)).toBe(0);
    expect(await payPendingRefunds(app.db, () => at(0, 4))).toBe(0);
  });
});

describe("CloudPayments: a Check asked twice", () => {
  it("answers the same both times and changes nothing (the provider retries a Check whose answer was lost)", async () => {
    const { payment, totalTiyn } = await placed();
    const fields = { ...payFields(payment.providerRef, 31337, tiynToAmount(totalTiyn)), Status: "" };
    const first = await fake.send(deliverToWebhook, `${WEBHOOK}?notification=check`, fields);
    const second = await fake.send(deliverToWebhook, `${WEBHOOK}?notification=check`, fields);
    expect([first, second]).toEqual([
      { status: 200, body: '{"code":0}' },
      { status: 200, body: '{"code":0}' },
    ]);
    expect(getPaymentOfCheckout(app.db, payment.checkoutId)?.status).toBe("pending");
    expect(captures()).toBe(0);
  });
});
