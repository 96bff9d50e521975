/**
 * Issue 5 §2: cash at pickup only "where the seller allows it" — and where
 * the point takes cash. A shop turns cash off on its own page; a checkout
 * paying such a shop in cash is refused and changes nothing.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "../../app/db.server";
import { sellerCashChoices, setSellerAcceptsCash } from "../../app/domain/orders/seller-settings.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { listings, orders, sellers } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { at, buy, orderWorld } from "../support/orders";

let connection: Connection;
beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  expect(checkLedgerInvariants(connection.db)).toEqual([]);
  connection.sqlite.close();
});

describe("a shop that takes no cash", () => {
  it("is paid online only; a cash checkout with its goods is refused and reserves nothing", () => {
    const { db } = connection;
    const w = orderWorld(db);
    expect(sellerCashChoices(db, w.sellerA.userId)).toEqual({ [w.sellerA.sellerId]: true });
    expect(setSellerAcceptsCash(db, { userId: w.sellerA.userId, sellerId: w.sellerA.sellerId, acceptsCash: false })).toBe(true);

    const cash = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }, { listingId: w.listingB, quantity: 1 }], paymentMethod: "cash" }, at(0));
    expect(cash).toEqual({ ok: false, reason: "orders.cash_not_allowed_by_seller" });
    expect(db.select().from(orders).all()).toHaveLength(0);
    expect(db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, w.listingA)).get()?.stock).toBe(5);

    const online = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }], paymentMethod: "online" }, at(0, 1));
    expect(online.ok).toBe(true);
    // The other shop still takes cash.
    const other = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingB, quantity: 1 }], paymentMethod: "cash" }, at(0, 2));
    expect(other.ok).toBe(true);
  });

  it("only its owner changes the setting", () => {
    const { db } = connection;
    const w = orderWorld(db);
    expect(setSellerAcceptsCash(db, { userId: w.sellerB.userId, sellerId: w.sellerA.sellerId, acceptsCash: false })).toBe(false);
    expect(db.select({ cash: sellers.acceptsCash }).from(sellers).where(eq(sellers.id, w.sellerA.sellerId)).get()?.cash).toBe(true);
  });
});
