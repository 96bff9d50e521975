import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { putInCart, userCartKey } from "../../app/domain/orders/cart.server";
import { MAX_CART_LINES } from "../../app/domain/orders/cart-limits";
import * as cartRoute from "../../app/routes/cart";
import * as checkoutRoute from "../../app/routes/checkout";
import * as devPay from "../../app/routes/dev.pay.$reference";
import * as webhookRoute from "../../app/routes/webhooks.payments.$provider";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import * as signInRoute from "../../app/routes/signin";
import * as codeRoute from "../../app/routes/signin_.code";
import { cartItems, checkouts, listings, orders, pickupPoints } from "../../db/schema";
import { cookieHeader, get, post, setCookies, testApp, type Answer } from "../support/app";
import { lastCodeFor, signIn } from "../support/identity";
import { makePickupPoint, makeSeller, makeVillage } from "../support/ledger";
import { makeListing } from "../support/orders";

/**
 * The cart (issue 5 §2) through its routes: before sign-in in a cookie,
 * moved onto the account by the real sign-in pages, and every refusal
 * answered 4xx with a translated reason and no change. Then the checkout
 * form's refusals, which keep what the buyer chose.
 */

const PHONE = "+77011234567";

function shop() {
  const app = testApp();
  const { db } = app;
  const village = makeVillage(db, "Ақсу");
  const seller = makeSeller(db, village, "Асқар");
  const chair = makeListing(db, seller, { priceTiyn: 1_500_000, stock: 5, title: "Орындық" });
  const carpet = makeListing(db, seller, { priceTiyn: 4_000_000, stock: 5, title: "Кілем" });
  const point = makePickupPoint(db, village, "Ақсу дүкені");
  return { ...app, seller, chair, carpet, point };
}

type CartData = { groups: { lines: { listingId: number; quantity: number }[] }[] };
const linesOf = (answer: Answer) => (answer.data as CartData).groups.flatMap((g) => g.lines.map((l) => ({ listingId: l.listingId, quantity: l.quantity })));
const cartRows = (db: Db) => db.select({ cartKey: cartItems.cartKey, listingId: cartItems.listingId, quantity: cartItems.quantity }).from(cartItems).all();

/** The text a reason shows in each language: present, and not the key itself. */
const LOCALES = ["kk", "ru", "en"] as const;
function translations(key: string): string[] {
  return LOCALES.map((language) => {
    const file = JSON.parse(fs.readFileSync(path.join("locales", language, "orders.json"), "utf8")) as Record<string, unknown>;
    const text = `errors.${key}`.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], file);
    expect(typeof text, `${language}: errors.${key}`).toBe("string");
    return text as string;
  });
}

/** Signs in through /signin and /signin/code with the browser's cookies, as a person at the keyboard would. */
async function signInThroughPages(db: Db, sms: Parameters<typeof lastCodeFor>[1], cookies: string | undefined) {
  const sent = await post(signInRoute.action, "/signin", { phone: PHONE, redirectTo: "/cart" }, { cookie: cookies });
  expect(sent.status).toBe(303);
  const pending = `signin=${setCookies(sent.headers).get("signin")}`;
  const code = await lastCodeFor(db, sms, PHONE);
  const answer = await post(codeRoute.action, "/signin/code", { code }, { cookie: cookieHeader(pending, cookies) });
  expect(answer.status).toBe(303);
  const sid = setCookies(answer.headers).get("sid");
  expect(sid).toBeTruthy();
  return { answer, session: `sid=${sid}` };
}

describe("the cart before and across sign-in", () => {
  it("an anonymous add sets a cart cookie and the cart page lists the line", async () => {
    const { chair } = shop();
    const added = await post(cartRoute.action, "/cart", { intent: "add", listingId: String(chair), quantity: "2" });
    expect(added.status).toBe(303);
    expect(added.headers.get("Location")).toBe("/cart?added=1");
    const line = added.headers.getSetCookie().find((c) => c.startsWith("cart="));
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/i);
    const cookie = `cart=${setCookies(added.headers).get("cart")}`;
    const page = await get(cartRoute.loader, "/cart?added=1", { cookie });
    expect(page.status).toBe(200);
    expect(linesOf(page)).toEqual([{ listingId: chair, quantity: 2 }]);
    expect((page.data as { added: boolean; signedIn: boolean }).signedIn).toBe(false);
    // Another browser (no cookie) sees an empty cart.
    expect(linesOf(await get(cartRoute.loader, "/cart"))).toEqual([]);
  });

  it("signing in through the real pages moves the lines onto the account and clears the cookie", async () => {
    const { db, sms, chair } = shop();
    const added = await post(cartRoute.action, "/cart", { intent: "add", listingId: String(chair), quantity: "2" });
    const cart = `cart=${setCookies(added.headers).get("cart")}`;
    const { answer, session } = await signInThroughPages(db, sms, cart);
    const cleared = answer.headers.getSetCookie().find((c) => c.startsWith("cart="));
    expect(cleared).toMatch(/^cart=;|Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(linesOf(await get(cartRoute.loader, "/cart", { cookie: session }))).toEqual([{ listingId: chair, quantity: 2 }]);
    // The anonymous cart is gone: the old cookie alone shows nothing.
    expect(linesOf(await get(cartRoute.loader, "/cart", { cookie: cart }))).toEqual([]);
    expect(cartRows(db).every((r) => r.cartKey.startsWith("u:"))).toBe(true);
  });

  it("a listing in both carts keeps the larger quantity, either way round", async () => {
    const { db, sms, chair, carpet } = shop();
    const known = await signIn(db, sms, PHONE);
    for (const [listingId, quantity] of [
      [chair, 3],
      [carpet, 1],
    ] as const) {
      expect(putInCart(db, { cartKey: userCartKey(known.userId), listingId, quantity }, new Date()).ok).toBe(true);
    }
    const first = await post(cartRoute.action, "/cart", { intent: "add", listingId: String(chair), quantity: "2" });
    const cart = `cart=${setCookies(first.headers).get("cart")}`;
    expect((await post(cartRoute.action, "/cart", { intent: "add", listingId: String(carpet), quantity: "4" }, { cookie: cart })).status).toBe(303);
    const { session } = await signInThroughPages(db, sms, cart);
    const lines = linesOf(await get(cartRoute.loader, "/cart", { cookie: session }));
    expect(lines.sort((a, b) => a.listingId - b.listingId)).toEqual(
      [
        { listingId: chair, quantity: 3 },
        { listingId: carpet, quantity: 4 },
      ].sort((a, b) => a.listingId - b.listingId),
    );
  });
});

describe("cart refusals: 4xx, a translated reason, nothing changed", () => {
  type Refusal = {
    name: string;
    fields: (ids: { chair: number; carpet: number; other: number }) => Record<string, string>;
    before?: (db: Db, ids: { chair: number; carpet: number; other: number }) => void;
    status: number;
    error: string;
  };
  const setStatus = (status: "paused" | "removed" | "sold_out") => (db: Db, ids: { other: number }) =>
    void db.update(listings).set({ status }).where(eq(listings.id, ids.other)).run();
  const REFUSALS: Refusal[] = [
    { name: "quantity 0", fields: (l) => ({ intent: "add", listingId: String(l.carpet), quantity: "0" }), status: 400, error: "orders.quantity_invalid" },
    { name: "quantity 1000", fields: (l) => ({ intent: "add", listingId: String(l.carpet), quantity: "1000" }), status: 400, error: "orders.quantity_invalid" },
    { name: 'quantity "abc"', fields: (l) => ({ intent: "add", listingId: String(l.carpet), quantity: "abc" }), status: 400, error: "orders.quantity_invalid" },
    { name: "setting a line to 0", fields: (l) => ({ intent: "set", listingId: String(l.chair), quantity: "0" }), status: 400, error: "orders.quantity_invalid" },
    { name: "setting a line to -1", fields: (l) => ({ intent: "set", listingId: String(l.chair), quantity: "-1" }), status: 400, error: "orders.quantity_invalid" },
    { name: "a paused listing", before: setStatus("paused"), fields: (l) => ({ intent: "add", listingId: String(l.other), quantity: "1" }), status: 409, error: "orders.listing_unavailable" },
    { name: "a removed listing", before: setStatus("removed"), fields: (l) => ({ intent: "add", listingId: String(l.other), quantity: "1" }), status: 409, error: "orders.listing_unavailable" },
    { name: "a sold-out listing", before: setStatus("sold_out"), fields: (l) => ({ intent: "add", listingId: String(l.other), quantity: "1" }), status: 409, error: "orders.listing_unavailable" },
    {
      name: "an active listing with no stock left",
      before: (db, l) => void db.update(listings).set({ stock: 0 }).where(eq(listings.id, l.other)).run(),
      fields: (l) => ({ intent: "add", listingId: String(l.other), quantity: "1" }),
      status: 400,
      error: "orders.not_enough_stock",
    },
    { name: "a listing that does not exist", fields: () => ({ intent: "add", listingId: "999999", quantity: "1" }), status: 409, error: "orders.listing_unavailable" },
    { name: "more than the stock (6 of 5)", fields: (l) => ({ intent: "add", listingId: String(l.carpet), quantity: "6" }), status: 400, error: "orders.not_enough_stock" },
    { name: "adding 3 to the 3 in the cart (stock 5)", fields: (l) => ({ intent: "add", listingId: String(l.chair), quantity: "3" }), status: 400, error: "orders.not_enough_stock" },
  ];

  for (const signedIn of [false, true]) {
    for (const c of REFUSALS) {
      it(`${signedIn ? "signed in" : "anonymous"}: ${c.name} → ${c.status} ${c.error}`, async () => {
        const { db, sms, chair, carpet, seller } = shop();
        const other = makeListing(db, seller, { priceTiyn: 100_000, stock: 5, title: "Шелек" });
        const ids = { chair, carpet, other };
        // The cart already holds 3 chairs.
        const cookie = signedIn
          ? (await signIn(db, sms, PHONE)).cookie
          : `cart=${setCookies((await post(cartRoute.action, "/cart", { intent: "add", listingId: String(chair), quantity: "1" })).headers).get("cart")}`;
        expect((await post(cartRoute.action, "/cart", { intent: "set", listingId: String(chair), quantity: "3" }, { cookie })).status).toBe(303);
        c.before?.(db, ids);
        const before = cartRows(db);
        const stock = db.select({ id: listings.id, stock: listings.stock, status: listings.status }).from(listings).all();
        const answer = await post(cartRoute.action, "/cart", c.fields(ids), { cookie });
        expect(answer.status).toBe(c.status);
        expect((answer.data as { error: string }).error).toBe(c.error);
        for (const text of translations(c.error)) expect(text.length).toBeGreaterThan(0);
        expect(answer.headers.getSetCookie().some((line) => line.startsWith("cart="))).toBe(false);
        expect(cartRows(db)).toEqual(before);
        expect(db.select({ id: listings.id, stock: listings.stock, status: listings.status }).from(listings).all()).toEqual(stock);
        expect(linesOf(await get(cartRoute.loader, "/cart", { cookie }))).toEqual([{ listingId: chair, quantity: 3 }]);
      });
    }
  }

  it(`a ${MAX_CART_LINES + 1}st different listing → 400 orders.cart_full; the ${MAX_CART_LINES} lines stay`, async () => {
    const { db, sms, seller } = shop();
    const { cookie } = await signIn(db, sms, PHONE);
    const many = Array.from({ length: MAX_CART_LINES + 1 }, (_, i) => makeListing(db, seller, { priceTiyn: 10_000, stock: 2, title: `Зат ${i}` }));
    for (const listingId of many.slice(0, MAX_CART_LINES)) {
      expect((await post(cartRoute.action, "/cart", { intent: "add", listingId: String(listingId), quantity: "1" }, { cookie })).status).toBe(303);
    }
    const before = cartRows(db);
    expect(before).toHaveLength(MAX_CART_LINES);
    const answer = await post(cartRoute.action, "/cart", { intent: "add", listingId: String(many[MAX_CART_LINES]), quantity: "1" }, { cookie });
    expect(answer.status).toBe(400);
    expect((answer.data as { error: string }).error).toBe("orders.cart_full");
    translations("orders.cart_full");
    expect(cartRows(db)).toEqual(before);
    // One more of a listing already in the cart is still fine.
    expect((await post(cartRoute.action, "/cart", { intent: "add", listingId: String(many[0]), quantity: "1" }, { cookie })).status).toBe(303);
  });

  it("a listing id that is not a number → 400, nothing changed", async () => {
    const { db } = shop();
    const answer = await post(cartRoute.action, "/cart", { intent: "add", listingId: "abc", quantity: "1" });
    expect(answer.status).toBe(400);
    expect(cartRows(db)).toEqual([]);
  });
});

describe("checkout refusals keep the buyer's choices", () => {
  async function buyerWithChair() {
    const app = shop();
    const session = await signIn(app.db, app.sms, PHONE);
    expect((await post(cartRoute.action, "/cart", { intent: "add", listingId: String(app.chair), quantity: "2" }, { cookie: session.cookie })).status).toBe(303);
    return { ...app, cookie: session.cookie };
  }
  const key = () => `checkout:1:${crypto.randomUUID()}`;
  const nothingMade = (db: Db) => {
    expect(db.select().from(checkouts).all()).toEqual([]);
    expect(db.select().from(orders).all()).toEqual([]);
  };

  it("the checkout page with an empty cart sends the buyer to /cart", async () => {
    const { db, sms } = shop();
    const { cookie } = await signIn(db, sms, PHONE);
    const page = await get(checkoutRoute.loader, "/checkout", { cookie });
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/cart");
  });

  it("placing an order from an empty cart makes nothing and says the cart is empty", async () => {
    const { db, sms, point } = shop();
    const { cookie } = await signIn(db, sms, PHONE);
    const answer = await post(checkoutRoute.action, "/checkout", { pickupPointId: String(point), paymentMethod: "cash", idempotencyKey: key() }, { cookie });
    expect(answer.status).toBe(400);
    expect((answer.data as { error: string }).error).toBe("orders.cart_empty");
    translations("orders.cart_empty");
    nothingMade(db);
  });

  const CASES: { name: string; fields: (point: number) => { pickupPointId: string; paymentMethod: string }; before?: (db: Db, point: number) => void; error: string }[] = [
    { name: "a pickup point id that is not a number", fields: () => ({ pickupPointId: "abc", paymentMethod: "online" }), error: "orders.pickup_point_required" },
    { name: "no pickup point", fields: () => ({ pickupPointId: "", paymentMethod: "cash" }), error: "orders.pickup_point_required" },
    { name: "a pickup point that does not exist", fields: () => ({ pickupPointId: "999999", paymentMethod: "cash" }), error: "orders.pickup_point_invalid" },
    {
      name: "a closed pickup point",
      before: (db, point) => void db.update(pickupPoints).set({ active: false }).where(eq(pickupPoints.id, point)).run(),
      fields: (point) => ({ pickupPointId: String(point), paymentMethod: "cash" }),
      error: "orders.pickup_point_invalid",
    },
    { name: "an unknown payment method", fields: (point) => ({ pickupPointId: String(point), paymentMethod: "card" }), error: "orders.payment_method_required" },
    { name: "no payment method", fields: (point) => ({ pickupPointId: String(point), paymentMethod: "" }), error: "orders.payment_method_required" },
    {
      name: "cash at a point that takes no cash",
      before: (db, point) => void db.update(pickupPoints).set({ acceptsCash: false }).where(eq(pickupPoints.id, point)).run(),
      fields: (point) => ({ pickupPointId: String(point), paymentMethod: "cash" }),
      error: "orders.cash_not_accepted",
    },
  ];
  for (const c of CASES) {
    it(`${c.name} → 400 ${c.error}, the chosen values kept, nothing made`, async () => {
      const { db, cookie, point, chair } = await buyerWithChair();
      c.before?.(db, point);
      const fields = { ...c.fields(point), idempotencyKey: key() };
      const stock = db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, chair)).get();
      const answer = await post(checkoutRoute.action, "/checkout", fields, { cookie });
      expect(answer.status).toBe(400);
      expect(answer.data).toEqual({ error: c.error, values: fields });
      translations(c.error);
      nothingMade(db);
      expect(db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, chair)).get()).toEqual(stock);
      expect(cartRows(db)).toEqual([{ cartKey: expect.stringMatching(/^u:/) as unknown as string, listingId: chair, quantity: 2 }]);
    });
  }

  it("the same point takes an online payment (so the cash refusal was about cash)", async () => {
    const { db, cookie, point } = await buyerWithChair();
    db.update(pickupPoints).set({ acceptsCash: false }).where(eq(pickupPoints.id, point)).run();
    const answer = await post(checkoutRoute.action, "/checkout", { pickupPointId: String(point), paymentMethod: "online", idempotencyKey: key() }, { cookie });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toMatch(/^\/dev\/pay\//);
    expect(db.select().from(orders).all()).toHaveLength(1);
  });

  describe("a hub without online payment (PAYMENT_PROVIDER=none: cash at pickup only)", () => {
    beforeEach(() => setPaymentProvider(null));
    afterEach(() => setPaymentProvider(undefined));

    it("offers only cash at pickup", async () => {
      const { cookie } = await buyerWithChair();
      const page = await get(checkoutRoute.loader, "/checkout", { cookie });
      expect(page.status).toBe(200);
      expect((page.data as { methods: string[] }).methods).toEqual(["cash"]);
    });

    it("refuses a posted online payment with a translated reason, keeping the choices, making nothing", async () => {
      const { db, cookie, point } = await buyerWithChair();
      const fields = { pickupPointId: String(point), paymentMethod: "online", idempotencyKey: key() };
      const answer = await post(checkoutRoute.action, "/checkout", fields, { cookie });
      expect(answer.status).toBe(400);
      expect(answer.data).toEqual({ error: "orders.online_payment_unavailable", values: fields });
      translations("orders.online_payment_unavailable");
      nothingMade(db);
    });

    it("places a cash order, and the development payment page and webhook do not exist", async () => {
      const { db, cookie, point } = await buyerWithChair();
      const answer = await post(checkoutRoute.action, "/checkout", { pickupPointId: String(point), paymentMethod: "cash", idempotencyKey: key() }, { cookie });
      expect(answer.status).toBe(303);
      expect(answer.headers.get("Location")).toMatch(/^\/orders\/checkout\/\d+$/);
      expect(db.select({ status: orders.status }).from(orders).all()).toEqual([{ status: "accepted" }]);
      expect((await get(devPay.loader, "/dev/pay/pay_x", { cookie, params: { reference: "pay_x" } })).status).toBe(404);
      const webhook = (await webhookRoute.action({ request: new Request("http://localhost/webhooks/payments/dev", { method: "POST", body: "{}" }), params: { provider: "dev" }, context: { cspNonce: "", clientIp: "x" } })) as Response;
      expect(webhook.status).toBe(404);
    });
  });
});
