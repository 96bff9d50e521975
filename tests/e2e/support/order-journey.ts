/**
 * The first safe sale's steps in the browser, shared by the orders spec and
 * the trust spec: the world the real use cases make (order-world.ts), one
 * browser per person, ordering, the seller's drop-off at the hub, the
 * hand-over with the pickup code.
 */
import { execFileSync } from "node:child_process";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, localeText, test, type Language } from "../fixtures";

export const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";
export const PLATFORM_BP = 300;
export const COOP_BP = 200;

export interface World {
  tokens: Record<"coordinatorA" | "coordinatorB" | "sellerA" | "sellerB" | "operator" | "buyer" | "cityOperator", string>;
  listingA: number;
  listingB: number;
  /** Made to order in 21 days, by the Besagash seller (issue 14). */
  wardrobe: number;
  point: { id: number; name: string; regionCode: string };
  /** The demo's partner shop in Almaty, Besagash answering for it; `cityOperator` operates it. */
  cityPoint: { id: number; name: string; regionCode: string };
}

/** Each test passes its own number; with the retry it keeps phones and goods apart from every other test. */
export function world(language: Language, testNumber: number): World {
  const n = String((test.info().retry * 10 + testNumber) % 100);
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/order-world.ts", language, n], {
    env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as World;
}

export const o = (language: Language, key: string, vars: Record<string, string | number> = {}) =>
  Object.entries(vars).reduce((text, [name, value]) => text.replace(`{{${name}}}`, String(value)), localeText(language, "orders", key));

export class People {
  private pages = new Map<string, Page>();
  constructor(
    private browser: Browser,
    private locale: string | undefined,
    private tokens: World["tokens"],
  ) {}

  async as(who: keyof World["tokens"]): Promise<Page> {
    const open = this.pages.get(who);
    if (open) return open;
    const context = await this.browser.newContext({ locale: this.locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: "sid", value: this.tokens[who], url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
    const page = await context.newPage();
    page.on("pageerror", (error) => {
      throw error;
    });
    this.pages.set(who, page);
    return page;
  }

  async close() {
    for (const page of this.pages.values()) await page.context().close();
  }
}

export function orderCard(page: Page, language: Language, orderId: number): Locator {
  return page.locator("li.panel").filter({ has: page.getByRole("link", { name: o(language, "order.title", { id: orderId }), exact: true }) });
}

export async function press(scope: Page | Locator, language: Language, event: string) {
  await scope.getByRole("button", { name: o(language, `button.${event}`), exact: true }).click();
}

export async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);
}

/** The buyer puts listings in the cart, checks out at the world's pickup point, and pays or chooses cash. */
export async function order(page: Page, language: Language, w: World, listings: number[], method: "online" | "cash", decision: "approve" | "decline" = "approve"): Promise<number[]> {
  for (const id of listings) {
    await page.goto(`/listings/${id}`);
    await page.getByRole("button", { name: o(language, "cart.add") }).click();
    await expect(page).toHaveURL(/\/cart\?added=1$/);
  }
  await fitsThePhone(page);
  await page.getByRole("link", { name: o(language, "cart.checkout") }).click();
  await expect(page).toHaveURL(/\/checkout/);
  // The points shown first are near the goods; the buyer collects in Besagash's region.
  await page.getByLabel(o(language, "checkout.region")).selectOption(w.point.regionCode);
  await page.getByRole("button", { name: o(language, "checkout.showPoints") }).click();
  await page.getByRole("radio", { name: w.point.name }).check();
  await page.getByRole("radio", { name: o(language, `payment.${method}`) }).check();
  await fitsThePhone(page);
  await page.getByRole("button", { name: o(language, "checkout.place").split(" ·")[0] }).click();
  if (method === "online") {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(o(language, "devPay.title"));
    await expect(page.getByText(o(language, "devPay.warning"))).toBeVisible();
    await page.getByRole("button", { name: o(language, `devPay.${decision}`) }).click();
  }
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(o(language, "placed.title"));
  const links = await page.locator("a[href^='/orders/']").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  // Oldest first: the order of the first seller's goods comes first.
  return [...new Set(links.map((href) => /^\/orders\/(\d+)$/.exec(href)?.[1]).filter((id): id is string => Boolean(id)).map(Number))].sort((x, y) => x - y);
}

export const net = (totalTiyn: number) => totalTiyn - Math.floor((totalTiyn * PLATFORM_BP) / 10_000) - Math.floor((totalTiyn * COOP_BP) / 10_000);

/** Seller accepts (online orders) and drops; the seller's hub receives it. */
export async function toHub(people: People, language: Language, seller: "sellerA" | "sellerB", hub: "coordinatorA" | "coordinatorB", orderId: number, online: boolean) {
  const s = await people.as(seller);
  await s.goto("/seller/orders");
  if (online) await press(orderCard(s, language, orderId), language, "accept");
  await press(orderCard(s, language, orderId), language, "drop");
  await expect(orderCard(s, language, orderId).getByText(o(language, "status.handed_over"))).toBeVisible();
  const c = await people.as(hub);
  await c.goto(`/coordinator/${hub === "coordinatorA" ? "besagash" : "karabulak"}/hub`);
  await press(orderCard(c, language, orderId), language, "receive");
}

export async function handOver(people: People, language: Language, w: World, orderId: number, cash?: boolean, collector: keyof World["tokens"] = "buyer") {
  const buyer = await people.as(collector);
  await buyer.goto(`/orders/${orderId}`);
  await expect(buyer.getByText(o(language, "status.ready_for_pickup")).first()).toBeVisible();
  const code = (await buyer.locator(".pickup-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^\d{6}$/);
  const operator = await people.as("operator");
  await operator.goto(`/operator/points/${w.point.id}`);
  const card = operator.locator("li.panel").filter({ hasText: o(language, "order.title", { id: orderId }) });
  await card.getByLabel(o(language, "handover.code")).fill(code);
  if (cash) await expect(card.getByLabel(new RegExp(o(language, "handover.cash").split(" (")[0] ?? ""))).not.toHaveValue("");
  await card.getByRole("button", { name: o(language, "handover.submit") }).click();
  await expect(operator).toHaveURL(new RegExp(`/operator/points/${w.point.id}$`));
}
