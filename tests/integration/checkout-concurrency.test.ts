/**
 * SEC-13 and LOAD-03 with real concurrency: several processes check out on
 * the same database file at the same moment. Stock is taken by a conditional
 * update in the checkout's IMMEDIATE transaction, so no unit is sold twice
 * and no process meets SQLITE_BUSY (each exits cleanly).
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { applyPaymentEvent, getPaymentOfCheckout, startCheckoutPayment } from "../../app/domain/payments/payments.server";
import { listings, orderItems, orders } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makeUser } from "../support/ledger";
import { at, makeListing, orderWorld } from "../support/orders";
import { runTogether } from "../support/orders-processes";

/**
 * Splits the buyers over `processes` workers that all check out at once;
 * returns every outcome and how many checkouts met SQLITE_BUSY and were
 * submitted again (with the same key).
 */
async function checkoutTogether(file: string, buyers: number[], listingIds: number[], pickupPointId: number, processes: number) {
  const shares = Array.from({ length: processes }, (_, p) => buyers.filter((_, i) => i % processes === p));
  const lines = await runTogether(shares.map((share) => [file, "checkout", JSON.stringify({ buyers: share, listingIds, pickupPointId, at: at(0).getTime() })]));
  const results = lines.map((line) => JSON.parse(line) as { outcomes: string[]; busy: number });
  return { outcomes: results.flatMap((r) => r.outcomes), busy: results.reduce((n, r) => n + r.busy, 0) };
}

describe("checkout under contention", () => {
  it("50 buyers in 5 processes for 10 units make exactly 10 orders and leave the listing sold out (SEC-13)", async () => {
    const { db, sqlite } = freshDatabase();
    const w = orderWorld(db);
    const listing = makeListing(db, w.sellerA, { priceTiyn: 150_000, stock: 10 });
    const buyers = Array.from({ length: 50 }, () => makeUser(db));

    const { outcomes } = await checkoutTogether(sqlite.name, buyers, [listing], w.pointB, 5);
    expect(outcomes).toHaveLength(50);
    expect(outcomes.filter((o) => o.startsWith("ok "))).toHaveLength(10);
    for (const refusal of outcomes.filter((o) => !o.startsWith("ok "))) expect(["orders.not_enough_stock", "orders.cart_has_problems"]).toContain(refusal);
    expect(db.select().from(orders).all()).toHaveLength(10);
    expect(db.select({ stock: listings.stock, status: listings.status }).from(listings).where(eq(listings.id, listing)).get()).toEqual({ stock: 0, status: "sold_out" });
    expect(new Set(db.select({ buyer: orders.buyerUserId }).from(orders).all().map((o) => o.buyer)).size).toBe(10);
  }, 90_000);

  it("200 buyers in 5 processes on 20 listings sell each listing's stock exactly, and paying every order keeps the ledger sound (LOAD-03)", async () => {
    const { db, sqlite } = freshDatabase();
    const w = orderWorld(db);
    const listingIds = Array.from({ length: 20 }, (_, i) => makeListing(db, i % 2 ? w.sellerA : w.sellerB, { priceTiyn: 10_000 + i * 101, stock: 8 }));
    const buyers = Array.from({ length: 200 }, () => makeUser(db));

    const { outcomes } = await checkoutTogether(sqlite.name, buyers, listingIds, w.pointB, 5);
    expect(outcomes).toHaveLength(200);
    const sold = db
      .select({ listingId: orderItems.listingId, units: sql<number>`sum(${orderItems.quantity})` })
      .from(orderItems)
      .groupBy(orderItems.listingId)
      .all();
    const stock = new Map(db.select({ id: listings.id, stock: listings.stock }).from(listings).all().map((l) => [l.id, l.stock]));
    for (const row of sold) expect(row.units + (stock.get(row.listingId) ?? 0), `listing ${row.listingId}`).toBe(8);
    expect(sold.every((row) => row.units <= 8)).toBe(true);
    const okCount = outcomes.filter((o) => o.startsWith("ok ")).length;
    expect(db.select().from(orders).all()).toHaveLength(okCount);
    expect(okCount).toBe(sold.reduce((n, row) => n + row.units, 0));

    // Every checkout paid through the provider's event path.
    const checkoutIds = outcomes.filter((o) => o.startsWith("ok ")).map((o) => Number(o.slice(3)));
    for (const [i, checkoutId] of checkoutIds.entries()) {
      await startCheckoutPayment(db, checkoutId, at(0, 0.1));
      const payment = getPaymentOfCheckout(db, checkoutId)!;
      const outcome = applyPaymentEvent(db, "dev", { eventId: `evt_${i}`, reference: payment.providerRef, type: "captured", amountTiyn: payment.amountTiyn, occurredAt: at(0, 0.1) }, at(0, 0.1));
      expect(outcome).toBe("applied");
    }
    expect(db.select().from(orders).where(eq(orders.status, "paid")).all()).toHaveLength(okCount);
    expect(checkLedgerInvariants(db)).toEqual([]);
  }, 150_000);
});
