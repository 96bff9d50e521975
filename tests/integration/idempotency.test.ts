/**
 * Issue 20: a step queued on a phone offline is sent with a key; the key is
 * checked in the same transaction as the step, so a resend (the answer was
 * lost on a dropping line) acts no more and gets the first answer again.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setConnection, type Db } from "../../app/db.server";
import { forgetOldKeys, KEY_DAYS, once, usedKey } from "../../app/domain/offline/idempotency.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { submitOrderForm, orderResource } from "../../app/web/order-actions.server";
import { orderEvents, idempotencyKeys } from "../../db/schema";
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
