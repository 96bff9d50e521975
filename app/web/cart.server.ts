/**
 * Which cart a request means: the signed-in person's, or the anonymous
 * browser's (a random token in the `cart` cookie, stored only as a hash).
 */
import { createCookie } from "@remix-run/node";
import { getActor } from "./auth.server";
import { cookieSecurity } from "./cookies.server";
import { getDb, writeTransaction } from "../db.server";
import { cookieCartKey, mergeCarts, newCartToken, userCartKey } from "../domain/orders/cart.server";

const cartCookie = createCookie("cart", { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60 * 60 * 24 * 30 });

async function cartToken(request: Request): Promise<string | null> {
  const value: unknown = await cartCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[\w-]{20,64}$/.test(value) ? value : null;
}

/** The cart key for reading; null for an anonymous browser that never added anything. */
export async function currentCartKey(request: Request): Promise<string | null> {
  const actor = getActor(request);
  if (actor) return userCartKey(actor.userId);
  const token = await cartToken(request);
  return token ? cookieCartKey(token) : null;
}

/** The cart key for adding, and the Set-Cookie header when a new anonymous cart begins. */
export async function cartKeyForWrite(request: Request): Promise<{ key: string; setCookie: string | null }> {
  const actor = getActor(request);
  if (actor) return { key: userCartKey(actor.userId), setCookie: null };
  const existing = await cartToken(request);
  if (existing) return { key: cookieCartKey(existing), setCookie: null };
  const token = newCartToken();
  return { key: cookieCartKey(token), setCookie: await cartCookie.serialize(token, cookieSecurity(request)) };
}

/** At sign-in: what the browser put in its cart moves onto the account; returns the cookie to clear it. */
export async function mergeCartOnSignIn(request: Request, userId: number): Promise<string | null> {
  const token = await cartToken(request);
  if (!token) return null;
  writeTransaction(getDb(), (tx) => mergeCarts(tx, cookieCartKey(token), userCartKey(userId)));
  return cartCookie.serialize("", { maxAge: 0, ...cookieSecurity(request) });
}
