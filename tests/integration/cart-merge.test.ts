/** Signing in moves the browser's cart onto the account without breaking the account cart's limit. */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { writeTransaction, type Connection } from "../../app/db.server";
import { MAX_CART_LINES } from "../../app/domain/orders/cart-limits";
import { cookieCartKey, mergeCarts, putInCart, userCartKey } from "../../app/domain/orders/cart.server";
import { cartItems } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { at, makeListing, orderWorld } from "../support/orders";

let connection: Connection;
beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => connection.sqlite.close());

it("keeps at most the cart's line limit, and the larger quantity of a listing in both carts", () => {
  const { db } = connection;
  const w = orderWorld(db);
  const account = userCartKey(w.buyerUserId);
  const browser = cookieCartKey("a-browser-token-of-enough-length");
  const listings = Array.from({ length: MAX_CART_LINES + 5 }, (_, i) => makeListing(db, w.sellerA, { priceTiyn: 100_000 + i, stock: 9, title: `Орындық ${i}` }));
  // The account already holds the limit minus two; the browser brings seven, one of them shared.
  for (const id of listings.slice(0, MAX_CART_LINES - 2)) expect(putInCart(db, { cartKey: account, listingId: id, quantity: 1 }, at(0)).ok).toBe(true);
  const shared = listings[0]!;
  expect(putInCart(db, { cartKey: browser, listingId: shared, quantity: 3 }, at(0)).ok).toBe(true);
  for (const id of listings.slice(MAX_CART_LINES - 2, MAX_CART_LINES + 4)) expect(putInCart(db, { cartKey: browser, listingId: id, quantity: 2 }, at(0)).ok).toBe(true);

  writeTransaction(db, (tx) => mergeCarts(tx, browser, account));

  const lines = db.select().from(cartItems).where(eq(cartItems.cartKey, account)).all();
  expect(lines).toHaveLength(MAX_CART_LINES);
  expect(lines.find((l) => l.listingId === shared)?.quantity).toBe(3);
  expect(db.select().from(cartItems).where(eq(cartItems.cartKey, browser)).all()).toHaveLength(0);
});
