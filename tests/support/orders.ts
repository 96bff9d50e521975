/**
 * A small shop for the orders tests: villages, sellers with listings, a
 * buyer, pickup points, and helpers that walk an order through the real use
 * cases (cart, checkout, the development provider's signed webhook, events).
 * No vitest import: the crash and concurrency workers use it too.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { checkout, type CheckoutResult } from "../../app/domain/orders/checkout.server";
import { applyOrderEvent, type EventInput } from "../../app/domain/orders/order-events.server";
import type { EventSource, OrderEvent } from "../../app/domain/orders/order-machine";
import { putInCart, userCartKey } from "../../app/domain/orders/cart.server";
import type { PaymentMethod } from "../../app/domain/orders/order-status";
import { createDevProvider, devWebhookBody, DEV_SIGNATURE_HEADER, signDevWebhook } from "../../app/domain/payments/dev-provider.server";
import { applyPaymentEvent, getPaymentOfCheckout, startCheckoutPayment, type PaymentEventOutcome } from "../../app/domain/payments/payments.server";
import type { PaymentProvider } from "../../app/domain/payments/provider";
import type { Language } from "../../app/i18n/config";
import { seedCategories } from "../../db/seed/seed";
import { categories, listings, orderEvents, users } from "../../db/schema";
import { makePickupPoint, makeSeller, makeUser, makeVillage, T0 } from "./ledger";

export { T0 };
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const WEBHOOK_SECRET = "test-webhook-secret-of-the-development-provider";

/** T0 moved by days (and hours). */
export const at = (days: number, hours = 0) => new Date(T0.getTime() + days * DAY + hours * HOUR);

export function setLanguage(db: Db, userId: number, language: Language): void {
  db.update(users).set({ preferredLanguage: language }).where(eq(users.id, userId)).run();
}

/** A listing of the seller, active, with an exact price in tiyn. */
export function makeListing(db: Db, seller: { sellerId: number; villageId: number }, input: { priceTiyn: number; stock: number; title?: string }): number {
  let category = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, "furniture")).get();
  if (!category) {
    seedCategories(db);
    category = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, "furniture")).get();
  }
  if (!category) throw new Error("no furniture category");
  const title = input.title ?? "Ағаш орындық";
  return db
    .insert(listings)
    .values({
      sellerId: seller.sellerId,
      villageId: seller.villageId,
      categoryId: category.id,
      language: "kk",
      titleKk: title,
      searchText: title.toLowerCase(),
      priceTiyn: input.priceTiyn,
      unit: "piece",
      stock: input.stock,
      weightClass: "upTo15kg",
      madeToOrder: false,
      status: "active",
      createdAt: T0,
      updatedAt: T0,
      publishedAt: T0,
    })
    .returning({ id: listings.id })
    .get().id;
}

/**
 * Two villages with a seller each (the second seller's village is the
 * pickup village, so one order crosses villages and one does not), a buyer
 * and a pickup point in village B.
 */
export function orderWorld(db: Db) {
  const villageA = makeVillage(db, "Ақсу");
  const villageB = makeVillage(db, "Шелек");
  const sellerA = makeSeller(db, villageA, "Асқар");
  const sellerB = makeSeller(db, villageB, "Гүлнар");
  const pointB = makePickupPoint(db, villageB, "Шелек дүкені");
  const buyerUserId = makeUser(db);
  const hubUserId = makeUser(db);
  const operatorUserId = makeUser(db);
  setLanguage(db, buyerUserId, "ru");
  setLanguage(db, sellerA.userId, "en");
  setLanguage(db, sellerB.userId, "kk");
  // Fees that need rounding: 3 % and 2 % of 12 345,67 ₸.
  const listingA = makeListing(db, sellerA, { priceTiyn: 1_234_567, stock: 5, title: "Орындық" });
  const listingB = makeListing(db, sellerB, { priceTiyn: 333_333, stock: 5, title: "Кілем" });
  return { villageA, villageB, sellerA, sellerB, pointB, buyerUserId, hubUserId, operatorUserId, listingA, listingB };
}

let keys = 0;

/** Puts the lines in the buyer's cart and checks out. */
export function buy(
  db: Db,
  input: { buyerUserId: number; pickupPointId: number; lines: { listingId: number; quantity: number }[]; paymentMethod?: PaymentMethod; key?: string },
  now: Date,
): CheckoutResult {
  const cartKey = userCartKey(input.buyerUserId);
  for (const line of input.lines) {
    const put = putInCart(db, { cartKey, listingId: line.listingId, quantity: line.quantity, replace: true }, now);
    if (!put.ok) return { ok: false, reason: put.reason === "orders.not_enough_stock" ? "orders.not_enough_stock" : "orders.cart_has_problems" };
  }
  return checkout(
    db,
    {
      buyerUserId: input.buyerUserId,
      cartKey,
      pickupPointId: input.pickupPointId,
      paymentMethod: input.paymentMethod ?? "online",
      idempotencyKey: input.key ?? `checkout-${process.pid}-${++keys}-${Math.random()}`,
      language: "kk",
    },
    now,
  );
}

/** The development provider with a fixed secret and the test's clock. */
export function devProvider(now: () => Date): PaymentProvider {
  return createDevProvider({ secret: () => WEBHOOK_SECRET, now });
}

/** A webhook as the development payment page sends it: body and signed headers. */
export function signedWebhook(input: { reference: string; type: "captured" | "declined"; amountTiyn: number; at: Date; eventId?: string }) {
  let body = devWebhookBody(input);
  if (input.eventId) body = JSON.stringify({ ...(JSON.parse(body) as object), eventId: input.eventId });
  const headers = new Headers({ [DEV_SIGNATURE_HEADER]: signDevWebhook(WEBHOOK_SECRET, body, input.at), "content-type": "application/json" });
  return { body, headers };
}

/**
 * Starts the checkout's payment and delivers the provider's verdict through
 * the verified webhook path; returns the outcome and the event id.
 */
export async function payCheckout(
  db: Db,
  provider: PaymentProvider,
  checkoutId: number,
  now: Date,
  options: { type?: "captured" | "declined"; amountTiyn?: number; eventId?: string } = {},
): Promise<{ outcome: PaymentEventOutcome; eventId: string }> {
  await startCheckoutPayment(db, checkoutId, now);
  const payment = getPaymentOfCheckout(db, checkoutId);
  if (!payment) throw new Error("no payment row");
  const { body, headers } = signedWebhook({
    reference: payment.providerRef,
    type: options.type ?? "captured",
    amountTiyn: options.amountTiyn ?? payment.amountTiyn,
    at: now,
    eventId: options.eventId,
  });
  const event = provider.verifyWebhook(headers, body);
  if (!event) throw new Error("the webhook did not verify");
  return { outcome: applyPaymentEvent(db, provider.name, event, now), eventId: event.eventId };
}

/** Applies one event through the real use case, or fails the test with the refusal. */
export function applyStep(db: Db, orderId: number, event: OrderEvent, by: EventSource, actorUserId: number | null, now: Date, extra: Partial<EventInput> = {}) {
  const result = applyOrderEvent(db, { orderId, event, by, actorUserId, ...extra }, now);
  if (!result.ok) throw new Error(`${event} by ${by} on order ${orderId} refused: ${result.reason}`);
  return result;
}

export function eventsOf(db: Db, orderId: number) {
  return db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id)).all();
}
