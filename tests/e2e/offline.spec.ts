import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import sharp from "sharp";
import { expect, localeText, test, type Language } from "./fixtures";

/**
 * Issue 20's "done when", in the browser with JavaScript on, on a 360×640
 * phone: work areas that survive a village connection. The network is
 * switched off and on with Playwright's offline mode; "exactly once" is
 * checked in the server's database (the e2e server's file, read-only).
 */
test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";
const CHAIRS: Record<Language, string> = { kk: "Үстел мен орындық", ru: "Столы и стулья", en: "Tables and chairs" };

interface World {
  tokens: Record<"coordinatorA" | "sellerA" | "buyer" | "operator", string>;
  listingA: number;
  point: { id: number };
}

function script(file: string, args: string[]): string {
  const out = execFileSync("npx", ["tsx", `tests/e2e/support/${file}`, ...args], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
  return out.trim().split("\n").at(-1) ?? "{}";
}

/** The people of order-world.ts (test numbers 60–99 here, apart from the orders spec's), and orders of listing A at these stages. */
function world(language: Language, testNumber: number, stages: string[]): World & { orders: number[] } {
  const n = String(60 + ((test.info().retry * 10 + testNumber) % 40));
  const w = JSON.parse(script("order-world.ts", [language, n])) as World;
  const { orders } = JSON.parse(script("offline-world.ts", [language, n, String(w.listingA), String(w.point.id), ...stages])) as { orders: number[] };
  return { ...w, orders };
}

function readDb<T>(work: (db: Database.Database) => T): T {
  const db = new Database(DATABASE_PATH, { readonly: true, fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const eventsOf = (orderId: number, event: string) =>
  readDb((db) => (db.prepare("SELECT count(*) AS n FROM order_events WHERE order_id = ? AND event = ?").get(orderId, event) as { n: number }).n);

const off = (language: Language, key: string) => localeText(language, "offline", key);
const ord = (language: Language, key: string, vars: Record<string, string | number> = {}) =>
  Object.entries(vars).reduce((text, [name, value]) => text.replace(`{{${name}}}`, String(value)), localeText(language, "orders", key));

async function phone(browser: Browser, locale: string | undefined, token: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  await context.addCookies([{ name: "sid", value: token, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return { context, page };
}

/** The first visit registers the area's worker; once it keeps this page, the page is there offline. */
async function visitUntilKept(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-offline-ready", "1");
  await expect
    .poll(() => page.evaluate(async (url) => Boolean(await caches.match(url, { ignoreVary: true })), new URL(path, page.url()).href), { timeout: 20_000 })
    .toBe(true);
}

function orderCard(page: Page, language: Language, orderId: number): Locator {
  return page.locator("li.panel").filter({ has: page.getByRole("link", { name: ord(language, "order.title", { id: orderId }), exact: true }) });
}

async function press(scope: Locator, language: Language, event: string) {
  await scope.getByRole("button", { name: ord(language, `button.${event}`), exact: true }).click();
}

/** Two camera-sized JPEGs (made here: no binary fixtures in the repository). */
async function photos() {
  return Promise.all(
    [0, 1].map(async (index) => ({
      name: `IMG_offline_${index}.jpg`,
      mimeType: "image/jpeg",
      buffer: await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 120, g: 80 + index * 40, b: 60 }, noise: { type: "gaussian", mean: 100, sigma: 20 } } })
        .jpeg({ quality: 85 })
        .toBuffer(),
    })),
  );
}

test("offline, a seller accepts an order and lists a chair with two photos; back online both arrive exactly once", async ({ browser, locale, language }) => {
  const w = world(language, 1, ["paid"]);
  const [orderId] = w.orders as [number];
  const { context, page } = await phone(browser, locale, w.tokens.sellerA);
  await visitUntilKept(page, "/seller/listings/new");
  await visitUntilKept(page, "/seller/orders");

  await context.setOffline(true);
  await page.reload();
  // The saved copy says when it was fetched.
  await expect(page.locator(".saved-copy")).toBeVisible();
  await expect(page.locator(".saved-copy")).toContainText(off(language, "banner.saved").split("{{time}}")[1]!.trim().slice(0, 15));
  await expect(page.locator(".saved-copy")).toContainText(/\d{1,2}:\d{2}/);
  await press(orderCard(page, language, orderId), language, "accept");
  await expect(page.locator(".offline-waiting")).toContainText(ord(language, "order.title", { id: orderId }));

  await page.goto("/seller/listings/new");
  await expect(page.locator(".saved-copy")).toBeVisible();
  const title = `Офлайн орындық ${orderId}`;
  const catalog = (key: string) => localeText(language, "catalog", key);
  await page.getByLabel(catalog("form.title"), { exact: true }).fill(title);
  await page.getByLabel(catalog("form.language")).selectOption("kk");
  const category = page.getByLabel(catalog("form.category"));
  await category.selectOption((await category.locator("option", { hasText: CHAIRS[language] }).getAttribute("value")) ?? "");
  await page.getByLabel(catalog("form.price"), { exact: true }).fill("25 000");
  await page.getByLabel(catalog("form.stock"), { exact: true }).fill("2");
  await page.getByLabel(catalog("form.photos")).setInputFiles(await photos());
  await page.getByLabel(catalog("form.description"), { exact: true }).fill("Емен ағашынан");
  await page.getByRole("button", { name: catalog("form.publish") }).click();
  await expect(page.locator(".offline-waiting li")).toHaveCount(2);
  await expect(page.locator(".offline-waiting")).toContainText(title);
  expect(eventsOf(orderId, "accept"), "nothing reached the server while offline").toBe(0);

  await context.setOffline(false);
  // Sent, the page reloads with the fresh lists and says what went.
  await expect(page.locator(".offline-sent li")).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator(".offline-waiting")).toHaveCount(0);
  expect(eventsOf(orderId, "accept")).toBe(1);
  const listings = readDb((db) => db.prepare("SELECT l.id, (SELECT count(*) FROM listing_photos p WHERE p.listing_id = l.id) AS photos FROM listings l WHERE l.title_kk = ?").all(title) as { id: number; photos: number }[]);
  expect(listings).toEqual([{ id: expect.any(Number), photos: 2 }]);

  // Another connection drop and return sends nothing again.
  await context.setOffline(true);
  await context.setOffline(false);
  await page.goto("/seller/orders");
  await expect(orderCard(page, language, orderId).getByText(ord(language, "status.accepted"))).toBeVisible();
  expect(eventsOf(orderId, "accept")).toBe(1);
  expect(readDb((db) => (db.prepare("SELECT count(*) AS n FROM listings WHERE title_kk = ?").get(title) as { n: number }).n)).toBe(1);
  await context.close();
});

test("a queued acceptance of an order the buyer cancelled meanwhile comes back to the seller as a message", async ({ browser, locale, language }) => {
  const w = world(language, 2, ["paid"]);
  const [orderId] = w.orders as [number];
  const seller = await phone(browser, locale, w.tokens.sellerA);
  await visitUntilKept(seller.page, "/seller/orders");
  await seller.context.setOffline(true);
  await press(orderCard(seller.page, language, orderId), language, "accept");
  await expect(seller.page.locator(".offline-waiting")).toContainText(ord(language, "order.title", { id: orderId }));

  const buyer = await phone(browser, locale, w.tokens.buyer);
  await buyer.page.goto(`/orders/${orderId}`);
  await buyer.page.getByRole("button", { name: ord(language, "button.buyer_cancel"), exact: true }).click();
  await expect(buyer.page.getByText(ord(language, "status.cancelled")).first()).toBeVisible();

  await seller.context.setOffline(false);
  const refused = seller.page.locator(".offline-refused li");
  await expect(refused).toHaveCount(1, { timeout: 30_000 });
  await expect(refused).toContainText(ord(language, "status.cancelled"));
  await expect(refused).toContainText(String(orderId));
  expect(eventsOf(orderId, "accept")).toBe(0);
  // It stays until the seller dismisses it, across a reload.
  await seller.page.reload();
  await expect(refused).toHaveCount(1);
  await refused.getByRole("button", { name: off(language, "queue.dismiss") }).click();
  await expect(refused).toHaveCount(0);
  await seller.context.close();
  await buyer.context.close();
});

test("offline, a hub coordinator receives three parcels; online they are received once each", async ({ browser, locale, language }) => {
  const w = world(language, 3, ["dropped", "dropped", "dropped"]);
  const { context, page } = await phone(browser, locale, w.tokens.coordinatorA);
  await visitUntilKept(page, "/coordinator/besagash/hub");
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".saved-copy")).toBeVisible();
  for (const id of w.orders) await press(orderCard(page, language, id), language, "receive");
  await expect(page.locator(".offline-waiting li")).toHaveCount(3);
  // The queue is on the phone: a reload offline still shows it.
  await page.reload();
  await expect(page.locator(".offline-waiting li")).toHaveCount(3);
  for (const id of w.orders) expect(eventsOf(id, "receive")).toBe(0);

  await context.setOffline(false);
  await expect(page.locator(".offline-sent li")).toHaveCount(3, { timeout: 60_000 });
  for (const id of w.orders) expect(eventsOf(id, "receive")).toBe(1);
  await context.close();
});

test("at the pickup point, an arrival scan queues offline; handing over says it needs the connection", async ({ browser, locale, language }) => {
  const w = world(language, 4, ["received", "shelved"]);
  const [arriving, shelved] = w.orders as [number, number];
  const { context, page } = await phone(browser, locale, w.tokens.operator);
  await visitUntilKept(page, `/operator/points/${w.point.id}`);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".saved-copy")).toBeVisible();
  const shelf = page.locator("li.panel").filter({ hasText: ord(language, "order.title", { id: shelved }) });
  await shelf.getByLabel(ord(language, "handover.code")).fill("123456");
  await shelf.getByRole("button", { name: ord(language, "handover.submit") }).click();
  await expect(shelf.locator(".offline-form-note")).toHaveText(off(language, "needsServer.handover"));
  await press(orderCard(page, language, arriving), language, "arrive");
  await expect(page.locator(".offline-waiting li")).toHaveCount(1);
  expect(readDb((db) => (db.prepare("SELECT count(*) AS n FROM order_events WHERE order_id = ? AND event = 'picked_up'").get(shelved) as { n: number }).n)).toBe(0);

  await context.setOffline(false);
  await expect(page.locator(".offline-sent li")).toHaveCount(1, { timeout: 60_000 });
  expect(eventsOf(arriving, "arrive")).toBe(1);
  await context.close();
});

test("on a 2G line (250 kbps, 300 ms) a repeat visit shows the seller's saved orders at once", async ({ browser, locale, language }) => {
  const w = world(language, 5, ["paid"]);
  const [orderId] = w.orders as [number];
  const { context, page } = await phone(browser, locale, w.tokens.sellerA);
  await visitUntilKept(page, "/seller/orders");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 300, downloadThroughput: 250_000 / 8, uploadThroughput: 250_000 / 8 });
  const started = Date.now();
  await page.goto("/seller/orders", { waitUntil: "commit" });
  await expect(orderCard(page, language, orderId)).toBeVisible();
  const shownMs = Date.now() - started;
  // Reported, not asserted: budgets are measured, never timed in tests (DESIGN §6).
  test.info().annotations.push({ type: "repeat visit on 2G: orders shown after (ms)", description: String(shownMs) });
  console.log(`offline.spec: repeat visit on 2G, the seller's orders shown after ${shownMs} ms`);
  await context.close();
});

test("buyer pages have no service worker, even after a work-area visit", async ({ browser, locale, language }) => {
  const w = world(language, 6, []);
  const { context, page } = await phone(browser, locale, w.tokens.sellerA);
  for (const path of ["/", `/listings/${w.listingA}`]) {
    await page.goto(path);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), path).toBe(0);
    // JSON-LD (issue 19) is data, not a script the page runs.
    expect(await page.locator('script:not([type="application/ld+json"])').count(), `${path} loads no script`).toBe(0);
    expect(await page.locator('link[rel="manifest"]').count()).toBe(0);
  }
  await visitUntilKept(page, "/seller/orders");
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), "the work area is controlled").toBe(true);
  for (const path of ["/", `/listings/${w.listingA}`, "/catalog"]) {
    await page.goto(path);
    expect(await page.evaluate(() => navigator.serviceWorker.controller), `${path} is not controlled`).toBeNull();
  }
  // The only registration is the seller area's.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname))).toEqual(["/seller/"]);
  await context.close();
});
