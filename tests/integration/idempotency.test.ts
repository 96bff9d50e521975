/**
 * Issue 20: a step queued on a phone offline is sent with a key; the key is
 * checked in the same transaction as the step, so a resend (the answer was
 * lost on a dropping line) acts no more and gets the first answer again.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setConnection, type Db } from "../../app/db.server";
import { forgetOldKeys, KEY_DAYS, once, usedKey } from "../../app/domain/offline/idempotency.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { applyOrderEvent } from "../../app/domain/orders/order-events.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { submitOrderForm, orderResource } from "../../app/web/order-actions.server";
import { categories, idempotencyKeys, listings, orderEvents } from "../../db/schema";
import { submitNewListing } from "../../app/web/listing-actions.server";
import { freshDatabase } from "../support/db";
import { at, buy, devProvider, orderWorld, payCheckout } from "../support/orders";
import { eq } from "drizzle-orm";

let db: Db;
const provider = devProvider(() => at(0));

beforeEach(() => {
  const connection = freshDatabase();
  setConnection(connection);
  db = connection.db;
  setPaymentProvider(provider);
});

afterEach(() => {
  setPaymentProvider(undefined);
  setConnection(undefined);
});

async function paidOrder() {
  const w = orderWorld(db);
  const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, at(0));
  if (!placed.ok) throw new Error(placed.reason);
  await payCheckout(db, provider, placed.checkoutId, at(0));
  return { w, orderId: placed.orderIds[0]! };
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

const KEY = "6f1c1b64-2c57-4e3a-9d0e-3f5a2b7c9d10";
const acceptsOf = (orderId: number) => db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).all().filter((e) => e.event === "accept").length;

describe("a queued order step sent twice", () => {
  it("acts once and answers the resend as the first time (accept)", async () => {
    const { w, orderId } = await paidOrder();
    const actor = { userId: w.sellerA.userId, grants: [] };
    const resource = orderResource(orderId)!;
    const first = submitOrderForm(form({ intent: "accept", idempotencyKey: KEY }), actor, resource, at(1));
    const again = submitOrderForm(form({ intent: "accept", idempotencyKey: KEY }), actor, resource, at(1, 1));
    expect(first).toEqual({ ok: true });
    expect(again).toEqual({ ok: true });
    expect(acceptsOf(orderId)).toBe(1);
    expect(getOrder(db, orderId)?.status).toBe("accepted");
  });
});

describe("keys", () => {
  it("a key used for one step is refused for another, and nothing is done", async () => {
    const { w, orderId } = await paidOrder();
    const actor = { userId: w.sellerA.userId, grants: [] };
    const resource = orderResource(orderId)!;
    expect(submitOrderForm(form({ intent: "accept", idempotencyKey: KEY }), actor, resource, at(1))).toEqual({ ok: true });
    expect(submitOrderForm(form({ intent: "drop", idempotencyKey: KEY }), actor, resource, at(1))).toEqual({ ok: false, status: 409, error: "offline.key_reused" });
    expect(getOrder(db, orderId)?.status).toBe("accepted");
  });

  it("a key that is not a UUID is a 400, and nothing is done", async () => {
    const { w, orderId } = await paidOrder();
    const outcome = submitOrderForm(form({ intent: "accept", idempotencyKey: "1; DROP TABLE orders" }), { userId: w.sellerA.userId, grants: [] }, orderResource(orderId)!, at(1));
    expect(outcome).toEqual({ ok: false, status: 400, error: "offline.key_invalid" });
    expect(acceptsOf(orderId)).toBe(0);
  });

  it("a refusal is kept too: the resend of a refused step gets the same refusal (the order was cancelled meanwhile)", async () => {
    const { w, orderId } = await paidOrder();
    const done = applyOrderEvent(db, { orderId, event: "buyer_cancel", by: "buyer", actorUserId: w.buyerUserId }, at(0, 1));
    expect(done.ok).toBe(true);
    const actor = { userId: w.sellerA.userId, grants: [] };
    const first = submitOrderForm(form({ intent: "accept", idempotencyKey: KEY }), actor, orderResource(orderId)!, at(1));
    expect(first).toEqual({ ok: false, status: 409, error: "orders.not_allowed_now" });
    expect(submitOrderForm(form({ intent: "accept", idempotencyKey: KEY }), actor, orderResource(orderId)!, at(1))).toEqual(first);
  });

  it("the key rolls back with a step that throws: nothing half-recorded", () => {
    const w = orderWorld(db);
    const use = { userId: w.buyerUserId, key: KEY, action: "test" };
    expect(() =>
      once(db, use, at(0), () => {
        throw new Error("the step failed");
      }),
    ).toThrow("the step failed");
    expect(usedKey(db, use)).toBeUndefined();
    expect(once(db, use, at(0), () => ({ ok: true }))).toEqual({ replayed: false, outcome: { ok: true } });
    expect(once(db, use, at(0), () => ({ ok: false }))).toEqual({ replayed: true, outcome: { ok: true } });
  });

  it("keys are one person's: another person's same key acts for them", () => {
    const w = orderWorld(db);
    expect(once(db, { userId: w.buyerUserId, key: KEY, action: "a" }, at(0), () => 1)).toEqual({ replayed: false, outcome: 1 });
    expect(once(db, { userId: w.sellerA.userId, key: KEY, action: "a" }, at(0), () => 2)).toEqual({ replayed: false, outcome: 2 });
  });

  it(`the daily job forgets keys older than ${KEY_DAYS} days`, () => {
    const w = orderWorld(db);
    once(db, { userId: w.buyerUserId, key: KEY, action: "a" }, at(0), () => 1);
    expect(forgetOldKeys(db, at(KEY_DAYS - 1))).toBe(0);
    expect(forgetOldKeys(db, at(KEY_DAYS + 1))).toBe(1);
    expect(db.select().from(idempotencyKeys).all()).toEqual([]);
  });
});

describe("a new listing queued offline and sent twice", () => {
  it("is created once; the resend answers with the same listing", async () => {
    const w = orderWorld(db);
    const category = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, "furniture")).get()!;
    const fields = { title: "Офлайн орындық", language: "kk", description: "Емен", categoryId: String(category.id), price: "25000", unit: "piece", stock: "2", weightClass: "upTo15kg", intent: "publish", idempotencyKey: KEY };
    const input = { sellerId: w.sellerA.sellerId, by: { userId: w.sellerA.userId }, assisted: false };
    const first = await submitNewListing(form(fields), input, at(1));
    const again = await submitNewListing(form(fields), input, at(1, 1));
    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    expect(db.select().from(listings).where(eq(listings.titleKk, "Офлайн орындық")).all()).toHaveLength(1);
  });
});
