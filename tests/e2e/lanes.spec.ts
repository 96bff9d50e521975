import { execFileSync } from "node:child_process";
import { expect, localeText, looseSpaces, test } from "./fixtures";
import { formatMoney } from "../../app/i18n/money";
import { DEMO_CITY_POINTS } from "../../db/seed/pickup-points";
import { arrival, place, showRegion } from "./support/shipping";
import { DATABASE_PATH, fitsThePhone, o, People, world } from "./support/order-journey";

/**
 * Issue 17 §1–2's "done when", in the browser with JavaScript off on a 360 px phone, in kk,
 * ru and en: a buyer buys a table in Besagash and felt in Karabulak for a partner shop in
 * Almaty (a city point of the demo data, reached by Besagash's van and by Kazpost). Checkout
 * shows both delivery prices and dates; a point no lane reaches (Astana) and a locker too
 * small for the parcels are refused with their reasons; after paying, the ledger's
 * invariants hold and the order page shows the delivery line.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const [shop, locker, astana] = DEMO_CITY_POINTS as [(typeof DEMO_CITY_POINTS)[number], (typeof DEMO_CITY_POINTS)[number], (typeof DEMO_CITY_POINTS)[number]];

function audit(orderIds: number[]) {
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/lanes-audit.ts", ...orderIds.map(String)], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
    broken: string[];
    orders: { id: number; totalTiyn: number; deliveryTiyn: number; legs: { feeTiyn: number }[]; escrowTiyn: number }[];
  };
}

test("a city pickup point: delivery priced and dated per seller, unreachable and too-small points refused, the fee held with the goods", async ({ browser, locale, language }) => {
  const w = world(language, 46);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  for (const id of [w.listingA, w.listingB]) {
    await buyer.goto(`/listings/${id}`);
    await buyer.getByRole("button", { name: o(language, "cart.add") }).click();
    await expect(buyer).toHaveURL(/\/cart\?added=1$/);
  }
  await buyer.getByRole("link", { name: o(language, "cart.checkout") }).click();
  await showRegion(buyer, language, "kz-75");
  await fitsThePhone(buyer);

  // Under the Almaty shop: Besagash's van (Tue, Fri; 1 day; 2 000 ₸ for 15–50 kg) and Kazpost from Karabulak (Mon, Wed, Fri; 3 days; 3 000 ₸).
  const shopChoice = buyer.locator("label.choice").filter({ hasText: shop.name });
  const lines = shopChoice.locator(".delivery-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText(looseSpaces(formatMoney(200_000, language)));
  await expect(lines.nth(0)).toContainText(arrival(["tue", "fri"], 1, language));
  await expect(lines.nth(1)).toContainText(looseSpaces(formatMoney(300_000, language)));
  await expect(lines.nth(1)).toContainText(arrival(["mon", "wed", "fri"], 3, language));

  // The locker takes parcels up to 15 kg: a table and a felt rug are refused, and the choices stay as made.
  const tooHeavy = localeText(language, "orders", "errors.orders.point_too_heavy");
  await expect(buyer.locator("label.choice").filter({ hasText: locker.name })).toContainText(tooHeavy);
  await buyer.getByRole("radio", { name: locker.name }).check();
  await buyer.getByRole("radio", { name: o(language, "payment.online") }).check();
  await place(buyer, language);
  await expect(buyer.getByRole("alert")).toHaveText(tooHeavy);
  await expect(buyer.getByRole("radio", { name: locker.name })).toBeChecked();
  await expect(buyer.getByRole("radio", { name: o(language, "payment.online") })).toBeChecked();

  // Astana: no lane from either village yet.
  await showRegion(buyer, language, "kz-71");
  const noLane = localeText(language, "orders", "errors.orders.no_lane");
  await expect(buyer.locator("label.choice").filter({ hasText: astana.name })).toContainText(noLane);
  await buyer.getByRole("radio", { name: astana.name }).check();
  await buyer.getByRole("radio", { name: o(language, "payment.online") }).check();
  await place(buyer, language);
  await expect(buyer.getByRole("alert")).toHaveText(noLane);

  // The Almaty shop: pay goods and delivery into escrow.
  await showRegion(buyer, language, "kz-75");
  await buyer.getByRole("radio", { name: shop.name }).check();
  await buyer.getByRole("radio", { name: o(language, "payment.online") }).check();
  await place(buyer, language);
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(o(language, "devPay.title"));
  await expect(buyer.locator("body")).toContainText(looseSpaces(formatMoney(2_500_000 + 1_800_000 + 200_000 + 300_000, language)));
  await buyer.getByRole("button", { name: o(language, "devPay.approve") }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(o(language, "placed.title"));
  // The receipt: each order's total with its delivery inside.
  await expect(buyer.getByText(looseSpaces(o(language, "order.withDelivery", { price: formatMoney(200_000, language) })))).toBeVisible();
  await expect(buyer.getByText(looseSpaces(o(language, "order.withDelivery", { price: formatMoney(300_000, language) })))).toBeVisible();
  const links = await buyer.locator("a[href^='/orders/']").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const [a, b] = [...new Set(links.map((href) => /^\/orders\/(\d+)$/.exec(href)?.[1]).filter(Boolean).map(Number))].sort((x, y) => x - y) as [number, number];

  // MONEY-03..06 hold; each order's escrow holds its goods and its delivery (MONEY-05).
  const after = audit([a, b]);
  expect(after.broken).toEqual([]);
  expect(after.orders.map((x) => [x.totalTiyn, x.deliveryTiyn, x.legs.map((l) => l.feeTiyn), x.escrowTiyn])).toEqual([
    [2_700_000, 200_000, [200_000], 2_700_000],
    [2_100_000, 300_000, [300_000], 2_100_000],
  ]);

  await buyer.goto(`/orders/${a}`);
  await fitsThePhone(buyer);
  const delivery = buyer.locator("tr.delivery-line");
  await expect(delivery).toContainText(o(language, "order.delivery"));
  await expect(delivery).toContainText(looseSpaces(formatMoney(200_000, language)));
  await expect(delivery).toContainText(arrival(["tue", "fri"], 1, language));
  await expect(delivery).toContainText(localeText(language, "logistics", "carrier.own_van"));
  await people.close();
});
