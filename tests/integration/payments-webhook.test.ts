/**
 * The payment webhook (issue 5 §5): verified by the development provider's
 * HMAC signature, idempotent by the provider's event id, replay-safe and
 * out-of-order safe; money captured after its orders ended goes back. Both
 * through applyPaymentEvent and through the route's action with a Request.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { accountBalance, orderEscrowTiyn } from "../../app/domain/escrow/ledger-reads.server";
import { whenDelivered } from "../../app/domain/notify/outbox.server";
import { runDueDeadlines } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { DEV_SIGNATURE_HEADER, SIGNATURE_TOLERANCE_MS, signDevWebhook } from "../../app/domain/payments/dev-provider.server";
import {
  applyPaymentEvent,
  devWebhookSecret,
  getPaymentOfCheckout,
  getPaymentProvider,
  payPendingRefunds,
  setPaymentProvider,
  startCheckoutPayment,
} from "../../app/domain/payments/payments.server";
import { action } from "../../app/routes/webhooks.payments.$provider";
import { ledgerOperations, listings, paymentEvents } from "../../db/schema";
import { BASE, context, testApp } from "../support/app";
import { freshDatabase } from "../support/db";
import { at, buy, devProvider, orderWorld, payCheckout, signedWebhook, T0, WEBHOOK_SECRET } from "../support/orders";

let db: Db;
let clock = T0;
const provider = devProvider(() => clock);

beforeEach(() => {
  clock = T0;
  setPaymentProvider(provider);
});
afterEach(() => {
  setPaymentProvider(undefined);
  expect(checkLedgerInvariants(db)).toEqual([]);
});

/** A checkout of both sellers' listings, its payment started. */
async function placed() {
  const w = orderWorld(db);
  const result = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }, { listingId: w.listingB, quantity: 1 }] }, at(0));
  if (!result.ok) throw new Error(result.reason);
  await startCheckoutPayment(db, result.checkoutId, at(0));
  const payment = getPaymentOfCheckout(db, result.checkoutId)!;
  return { w, ...result, payment };
}

/** A verified event from the provider, at `now`. */
function event(reference: string, type: "captured" | "declined", amountTiyn: number, now: Date, eventId?: string) {
  clock = now;
  const { body, headers } = signedWebhook({ reference, type, amountTiyn, at: now, eventId });
  const verified = provider.verifyWebhook(headers, body);
  if (!verified) throw new Error("did not verify");
  return verified;
}

const captures = () => db.select().from(ledgerOperations).where(eq(ledgerOperations.kind, "capture")).all().length;

describe("applyPaymentEvent", () => {
  beforeEach(() => {
    db = freshDatabase().db;
  });

  it("applies a capture once: the same event id again is a replay, a second capture is stale", async () => {
    const { orderIds, payment, totalTiyn } = await placed();
    const captured = event(payment.providerRef, "captured", totalTiyn, at(0, 0.1), "evt_1");
    expect(applyPaymentEvent(db, "dev", captured, at(0, 0.1))).toBe("applied");
    expect(applyPaymentEvent(db, "dev", captured, at(0, 0.2))).toBe("replayed");
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "captured", totalTiyn, at(0, 0.3), "evt_2"), at(0, 0.3))).toBe("stale");
    expect(captures()).toBe(2);
    expect(orderIds.map((id) => getOrder(db, id)?.status)).toEqual(["paid", "paid"]);
    expect(accountBalance(db, "psp_clearing")).toBe(totalTiyn);
    expect(db.select().from(paymentEvents).all()).toHaveLength(2);
  });

  it("ignores a decline that arrives after the capture", async () => {
    const { orderIds, payment, totalTiyn } = await placed();
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "captured", totalTiyn, at(0, 0.1)), at(0, 0.1))).toBe("applied");
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "declined", totalTiyn, at(0, 0.2)), at(0, 0.2))).toBe("stale");
    expect(getPaymentOfCheckout(db, payment.checkoutId)?.status).toBe("captured");
    expect(orderIds.map((id) => getOrder(db, id)?.status)).toEqual(["paid", "paid"]);
    expect(orderIds.map((id) => orderEscrowTiyn(db, id))).toEqual([1_234_567, 333_333]);
  });

  it("cancels the orders on a decline and gives the stock back", async () => {
    const { w, orderIds, payment, totalTiyn } = await placed();
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "declined", totalTiyn, at(0, 0.1)), at(0, 0.1))).toBe("applied");
    expect(orderIds.map((id) => getOrder(db, id)?.status)).toEqual(["cancelled", "cancelled"]);
    expect(db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, w.listingA)).get()?.stock).toBe(5);
    expect(accountBalance(db, "psp_clearing")).toBe(0);
  });

  it("captures and then refunds money that arrives after the orders expired", async () => {
    const { w, orderIds, payment, totalTiyn } = await placed();
    expect(runDueDeadlines(db, at(0, 1)).applied).toBe(2);
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "captured", totalTiyn, at(0, 1.5)), at(0, 1.5))).toBe("applied");
    expect(orderIds.map((id) => getOrder(db, id)?.status)).toEqual(["cancelled", "cancelled"]);
    expect(orderIds.map((id) => orderEscrowTiyn(db, id))).toEqual([0, 0]);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(totalTiyn);
    expect(await payPendingRefunds(db, () => at(0, 2))).toBe(2);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
    expect(accountBalance(db, "psp_clearing")).toBe(0);
  });

  it("captures and refunds a capture that follows a decline (out of order)", async () => {
    const { w, orderIds, payment, totalTiyn } = await placed();
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "declined", totalTiyn, at(0, 0.1)), at(0, 0.1))).toBe("applied");
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "captured", totalTiyn, at(0, 0.2)), at(0, 0.2))).toBe("applied");
    expect(orderIds.map((id) => getOrder(db, id)?.status)).toEqual(["cancelled", "cancelled"]);
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(totalTiyn);
  });

  it("refuses a wrong amount and an unknown payment, changing nothing", async () => {
    const { orderIds, payment, totalTiyn } = await placed();
    expect(applyPaymentEvent(db, "dev", event(payment.providerRef, "captured", totalTiyn - 1, at(0, 0.1)), at(0, 0.1))).toBe("amount_mismatch");
    expect(applyPaymentEvent(db, "dev", event("pay_nobody", "captured", totalTiyn, at(0, 0.1)), at(0, 0.1))).toBe("unknown_payment");
    expect(applyPaymentEvent(db, "other", event(payment.providerRef, "captured", totalTiyn, at(0, 0.1)), at(0, 0.1))).toBe("unknown_payment");
    expect(orderIds.map((id) => getOrder(db, id)?.status)).toEqual(["pending_payment", "pending_payment"]);
    expect(getPaymentOfCheckout(db, payment.checkoutId)?.status).toBe("pending");
    expect(captures()).toBe(0);
    // The right event still works afterwards.
    expect((await payCheckout(db, provider, payment.checkoutId, at(0, 0.1))).outcome).toBe("applied");
  });
});

describe("the development provider's signature", () => {
  const body = JSON.stringify({ eventId: "evt_x", reference: "pay_x", type: "captured", amountTiyn: 100, occurredAt: T0.toISOString() });
  const headers = (value: string) => new Headers({ [DEV_SIGNATURE_HEADER]: value });
  beforeEach(() => {
    db = freshDatabase().db;
  });

  it("accepts a fresh, correct signature", () => {
    expect(provider.verifyWebhook(headers(signDevWebhook(WEBHOOK_SECRET, body, T0)), body)).toMatchObject({ eventId: "evt_x", amountTiyn: 100, type: "captured" });
  });

  it("refuses a wrong secret, a changed body, no header, a malformed header and an old or future timestamp", () => {
    expect(provider.verifyWebhook(headers(signDevWebhook("another secret", body, T0)), body)).toBeNull();
    expect(provider.verifyWebhook(headers(signDevWebhook(WEBHOOK_SECRET, body, T0)), body.replace("100", "1000"))).toBeNull();
    expect(provider.verifyWebhook(new Headers(), body)).toBeNull();
    expect(provider.verifyWebhook(headers("v1=abc"), body)).toBeNull();
    expect(provider.verifyWebhook(headers(`t=${T0.getTime()}`), body)).toBeNull();
    const old = new Date(T0.getTime() - SIGNATURE_TOLERANCE_MS - 1);
    expect(provider.verifyWebhook(headers(signDevWebhook(WEBHOOK_SECRET, body, old)), body)).toBeNull();
    const future = new Date(T0.getTime() + SIGNATURE_TOLERANCE_MS + 1);
    expect(provider.verifyWebhook(headers(signDevWebhook(WEBHOOK_SECRET, body, future)), body)).toBeNull();
    // A signed body that is not a payment event.
    const junk = JSON.stringify({ eventId: "evt_y", reference: "pay_x", type: "refunded", amountTiyn: 100, occurredAt: T0.toISOString() });
    expect(provider.verifyWebhook(headers(signDevWebhook(WEBHOOK_SECRET, junk, T0)), junk)).toBeNull();
  });
});

describe("the webhook route", () => {
  async function call(providerName: string, rawBody: string, signature: string | null) {
    const request = new Request(`${BASE}/webhooks/payments/${providerName}`, {
      method: "POST",
      headers: signature ? { [DEV_SIGNATURE_HEADER]: signature, "content-type": "application/json" } : { "content-type": "application/json" },
      body: rawBody,
    });
    const response = await action({ request, params: { provider: providerName }, context: context() });
    // Let the refunds and messages the route started in the background finish before the database closes.
    await whenDelivered();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { status: response.status, body: response.status === 200 ? ((await response.json()) as { outcome: string }) : null };
  }

  it("applies a signed event once, answers a replay as such, and refuses bad signatures and unknown providers", async () => {
    db = testApp().db;
    setPaymentProvider(undefined);
    const w = orderWorld(db);
    const result = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 2 }] }, new Date());
    if (!result.ok) throw new Error(result.reason);
    await startCheckoutPayment(db, result.checkoutId, new Date());
    const payment = getPaymentOfCheckout(db, result.checkoutId)!;
    expect(getPaymentProvider()?.name).toBe("dev");
    const now = new Date();
    const raw = JSON.stringify({ eventId: "evt_route_1", reference: payment.providerRef, type: "captured", amountTiyn: payment.amountTiyn, occurredAt: now.toISOString() });
    const signature = signDevWebhook(devWebhookSecret(), raw, now);

    expect(await call("dev", raw, signDevWebhook("not the secret", raw, now))).toEqual({ status: 401, body: null });
    expect(await call("dev", raw, null)).toEqual({ status: 401, body: null });
    expect(await call("stripe", raw, signature)).toEqual({ status: 404, body: null });
    expect(await call("dev", raw.replace(String(payment.amountTiyn), "1"), signature)).toEqual({ status: 401, body: null });
    expect(getOrder(db, result.orderIds[0]!)?.status).toBe("pending_payment");

    expect(await call("dev", raw, signature)).toEqual({ status: 200, body: { outcome: "applied" } });
    expect(await call("dev", raw, signature)).toEqual({ status: 200, body: { outcome: "replayed" } });
    expect(getOrder(db, result.orderIds[0]!)?.status).toBe("paid");
    expect(orderEscrowTiyn(db, result.orderIds[0]!)).toBe(2 * 1_234_567);
    expect(captures()).toBe(1);
  });
});
