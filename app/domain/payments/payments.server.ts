/**
 * Payments: the provider in use, starting a checkout's payment, applying the
 * provider's webhook events (idempotent, replay-safe, out-of-order safe) and
 * paying refunds back through the provider after commit.
 */
import crypto from "node:crypto";
import { and, desc, eq, inArray, like, ne, notInArray, sql } from "drizzle-orm";
import { checkouts, ledgerAccounts, ledgerOperations, ledgerTransfers, orders, paymentEvents, payments } from "../../../db/schema";
import { getDb, writeTransaction, type Db, type Tx } from "../../db.server";
import { getEnv } from "../../env.server";
import { settleRefund } from "../escrow/ledger-posting.server";
import { capturePaidOrders, failUnpaidOrders } from "../orders/checkout.server";
import { pickupSecret } from "../orders/pickup-code.server";
import { createCloudPaymentsProvider } from "./cloudpayments.server";
import { createDevProvider } from "./dev-provider.server";
import type { PaymentEvent, PaymentProvider } from "./provider";

/** undefined: not chosen yet; null: no online payment (PAYMENT_PROVIDER=none). */
let provider: PaymentProvider | null | undefined;

/** The development provider's webhook secret: derived from the app's signing secret. */
export function devWebhookSecret(): string {
  return crypto.createHmac("sha256", pickupSecret(getDb())).update("auyl:dev-payments").digest("hex");
}

/**
 * The configured provider (PAYMENT_PROVIDER): the development provider, or
 * null when the hub takes no online payment and buyers pay cash at pickup. A
 * real one (a licensed payment organisation) is one adapter file chosen here.
 */
export function getPaymentProvider(): PaymentProvider | null {
  if (provider === undefined) {
    const env = getEnv();
    provider =
      env.PAYMENT_PROVIDER === "dev"
        ? createDevProvider({ secret: devWebhookSecret })
        : env.PAYMENT_PROVIDER === "cloudpayments" && env.CLOUDPAYMENTS_PUBLIC_ID && env.CLOUDPAYMENTS_API_SECRET
          ? createCloudPaymentsProvider({
              publicId: env.CLOUDPAYMENTS_PUBLIC_ID,
              apiSecret: env.CLOUDPAYMENTS_API_SECRET,
              apiUrl: env.CLOUDPAYMENTS_API_URL,
              timeoutMs: env.CLOUDPAYMENTS_TIMEOUT_MS,
            })
          : null;
  }
  return provider;
}

/** Whether a buyer may choose to pay online (else cash at pickup only). */
export function onlinePaymentAvailable(): boolean {
  return getPaymentProvider() !== null;
}

/** Tests put in their own provider, none (null), or reset to the configured one with undefined. */
export function setPaymentProvider(next: PaymentProvider | null | undefined): void {
  provider = next;
}

/** Records the payment of an online checkout and returns where to send the buyer. */
export async function startCheckoutPayment(db: Db, checkoutId: number, now: Date): Promise<string> {
  const checkout = db.select().from(checkouts).where(eq(checkouts.id, checkoutId)).get();
  if (!checkout || checkout.paymentMethod !== "online") throw new Error(`checkout ${checkoutId} has no online payment`);
  const current = getPaymentProvider();
  if (!current) throw new Error("no payment provider (PAYMENT_PROVIDER=none): checkout refuses online payment");
  let payment = db.select().from(payments).where(eq(payments.checkoutId, checkoutId)).get();
  if (!payment) {
    db.insert(payments)
      .values({
        checkoutId,
        provider: current.name,
        providerRef: `pay_${crypto.randomBytes(12).toString("base64url")}`,
        amountTiyn: checkout.totalTiyn,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .run();
    payment = db.select().from(payments).where(eq(payments.checkoutId, checkoutId)).get();
  }
  if (!payment) throw new Error("payment row missing");
  const { redirectUrl } = await current.start({
    reference: payment.providerRef,
    amountTiyn: payment.amountTiyn,
    description: `Auyl Hub #${checkoutId}`,
    returnUrl: `/orders/checkout/${checkoutId}`,
  });
  return redirectUrl;
}

export function getPaymentByReference(db: Db, reference: string) {
  return db.select().from(payments).where(eq(payments.providerRef, reference)).get();
}

export function getPaymentOfCheckout(db: Db, checkoutId: number) {
  return db.select().from(payments).where(eq(payments.checkoutId, checkoutId)).get();
}

export type PaymentEventOutcome = "applied" | "replayed" | "unknown_payment" | "amount_mismatch" | "stale" | "checked" | "expired";

/** Outcomes the admin must look at: money that arrived and was not taken (/admin/money). */
export const REFUSED_OUTCOMES: readonly PaymentEventOutcome[] = ["unknown_payment", "amount_mismatch"];

/**
 * Applies one verified webhook event in one transaction. The event id is
 * stored first, so a replay changes nothing; a payment only moves forward
 * (pending → captured or declined), so an old event arriving late changes
 * nothing either. Money captured after its orders ended is refunded. A
 * check changes nothing: it says whether the payment may go ahead. What
 * each event gave is kept with it, so refused ones reach the admin.
 */
export function applyPaymentEvent(db: Db, providerName: string, event: PaymentEvent, now: Date): PaymentEventOutcome {
  return writeTransaction(db, (tx) => {
    const payment = tx.select().from(payments).where(and(eq(payments.providerRef, event.reference), eq(payments.provider, providerName))).get();
    const inserted = tx
      .insert(paymentEvents)
      .values({
        provider: providerName,
        providerEventId: event.eventId,
        paymentId: payment?.id ?? null,
        type: event.type,
        receivedAt: now,
        occurredAt: event.occurredAt,
        reference: event.reference.slice(0, 100),
        amountTiyn: event.amountTiyn,
      })
      .onConflictDoNothing()
      .returning({ id: paymentEvents.id })
      .get();
    // A check changes nothing, so a repeated one (the provider retries when our answer was lost) is answered afresh.
    if (!inserted && event.type !== "check") return "replayed";
    const outcome = applyVerified(tx, payment, event, now);
    if (inserted) tx.update(paymentEvents).set({ outcome }).where(eq(paymentEvents.id, inserted.id)).run();
    return outcome;
  });
}

function applyVerified(tx: Tx, payment: typeof payments.$inferSelect | undefined, event: PaymentEvent, now: Date): PaymentEventOutcome {
  if (!payment) return "unknown_payment";
  if (event.type === "refunded") return "applied";
  if (event.amountTiyn !== payment.amountTiyn) return "amount_mismatch";
  if (event.type === "check") {
    if (payment.status !== "pending") return "expired";
    const open = tx.select({ id: orders.id }).from(orders).where(and(eq(orders.checkoutId, payment.checkoutId), eq(orders.status, "pending_payment"))).get();
    return open ? "checked" : "expired";
  }
  if (event.type === "captured") {
    if (payment.status === "captured") return "stale";
    tx.update(payments)
      .set({ status: "captured", providerTransactionId: event.transactionId ?? null, updatedAt: now })
      .where(eq(payments.id, payment.id))
      .run();
    capturePaidOrders(tx, payment.checkoutId, now);
    return "applied";
  }
  if (payment.status !== "pending") return "stale";
  tx.update(payments).set({ status: "declined", updatedAt: now }).where(eq(payments.id, payment.id)).run();
  failUnpaidOrders(tx, payment.checkoutId, now);
  return "applied";
}

/**
 * Refunds the ledger owes buyers (escrow → refund_payable) but the provider
 * has not yet paid back. Each refund operation is paid once, under its own
 * key, then settled in the ledger under "settle:<key>". Safe to run often.
 */
export async function payPendingRefunds(db: Db, now: () => Date = () => new Date()): Promise<number> {
  const settled = db
    .select({ key: sql<string>`substr(${ledgerOperations.idempotencyKey}, 8)` })
    .from(ledgerOperations)
    .where(like(ledgerOperations.idempotencyKey, "settle:%"));
  const pending = db
    .select({
      key: ledgerOperations.idempotencyKey,
      orderId: ledgerOperations.orderId,
      amountTiyn: sql<number>`sum(${ledgerTransfers.amountTiyn})`,
    })
    .from(ledgerOperations)
    .innerJoin(ledgerTransfers, eq(ledgerTransfers.operationId, ledgerOperations.id))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerTransfers.creditAccountId))
    .where(
      and(
        like(ledgerOperations.idempotencyKey, "order:%"),
        like(ledgerAccounts.code, "refund_payable:%"),
        notInArray(ledgerOperations.idempotencyKey, settled),
      ),
    )
    .groupBy(ledgerOperations.id)
    .limit(100)
    .all();
  let paid = 0;
  const current = getPaymentProvider();
  if (!current) {
    // Online payments taken before the hub switched to cash only: their refunds wait for a provider.
    if (pending.length > 0) console.warn(`${pending.length} refunds wait: no payment provider is configured (PAYMENT_PROVIDER=none)`);
    return 0;
  }
  for (const refund of pending) {
    if (refund.orderId === null) continue;
    const order = db.select({ checkoutId: orders.checkoutId, buyerUserId: orders.buyerUserId }).from(orders).where(eq(orders.id, refund.orderId)).get();
    const payment = order ? getPaymentOfCheckout(db, order.checkoutId) : undefined;
    if (!order || !payment) continue;
    const outcome = await current.refund({
      reference: payment.providerRef,
      transactionId: payment.providerTransactionId,
      amountTiyn: refund.amountTiyn,
      idempotencyKey: refund.key,
    });
    if (!outcome.ok) {
      console.warn(`Refund ${refund.key} not paid yet: ${outcome.error}`);
      continue;
    }
    writeTransaction(db, (tx) =>
      settleRefund(tx, { key: `settle:${refund.key}`, buyerUserId: order.buyerUserId, amountTiyn: refund.amountTiyn, at: now() }),
    );
    paid++;
  }
  return paid;
}

/** Notifications that were verified but not taken (unknown payment, wrong amount): the admin must act on each. */
export function listRefusedPaymentEvents(db: Db, limit = 20) {
  return db
    .select({
      id: paymentEvents.id,
      provider: paymentEvents.provider,
      type: paymentEvents.type,
      reference: paymentEvents.reference,
      amountTiyn: paymentEvents.amountTiyn,
      expectedTiyn: payments.amountTiyn,
      outcome: paymentEvents.outcome,
      receivedAt: paymentEvents.receivedAt,
    })
    .from(paymentEvents)
    .leftJoin(payments, eq(payments.id, paymentEvents.paymentId))
    .where(and(inArray(paymentEvents.outcome, [...REFUSED_OUTCOMES]), ne(paymentEvents.type, "check")))
    .orderBy(desc(paymentEvents.id))
    .limit(limit)
    .all();
}
