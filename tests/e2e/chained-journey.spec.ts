import { execFileSync } from "node:child_process";
import { expect, looseSpaces, test, type Language } from "./fixtures";
import { formatMoney } from "../../app/i18n/money";
import { DATABASE_PATH, fitsThePhone, handOver, o, People, world } from "./support/order-journey";
import { depart, droppedAtHub, l, operatorOpens, place, scan, ship, showRegion } from "./support/shipping";

/**
 * Issue 17 §3, chained shipments (decision chained-shipments), with JavaScript off on a 360 px
 * phone, in kk, ru and en: a buyer in Almaty orders Karabulak's felt for the demo Zhetisu shop,
 * which only Talgar's regional sorting hub reaches. Karabulak's hub ships it to the sorting hub;
 * the sorting hub's operator scans it off (still in transit), sends it on in a shipment of its
 * own; the shop's operator scans it off, the buyer collects with the pickup code, and the order
 * page shows both legs. Every handover is a typed code. Order world 81.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

interface ChainWorld {
  sortingHub: { id: number; name: string; regionCode: string };
  zhetisu: { id: number; name: string; regionCode: string };
  tokens: { hubOperator: string; zhetisuOperator: string };
}

/** The operators of the sorting hub and of the Zhetisu shop, for the same order world. */
function chainWorld(language: Language, testNumber: number): ChainWorld {
  const n = String((test.info().retry * 10 + testNumber) % 100);
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/chain-world.ts", language, n], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as ChainWorld;
}

test("a parcel rides two chained shipments through a sorting hub to a city point, scanned at every handover, collected, both legs shown", async ({ browser, locale, language }) => {
  const w = world(language, 81);
  const c = chainWorld(language, 81);
  const buyerSide = new People(browser, locale, w.tokens);
  const buyer = await buyerSide.as("buyer");
  await buyer.goto(`/listings/${w.listingB}`);
  await buyer.getByRole("button", { name: o(language, "cart.add") }).click();
  await buyer.goto("/cart");
  await buyer.getByRole("link", { name: o(language, "cart.checkout") }).click();
  await showRegion(buyer, language, "kz-75");
  // Two lanes priced as one delivery: the bus to Talgar (1 200 ₸) and the courier on to Almaty (1 300 ₸), 15–50 kg.
  await expect(buyer.locator("label.choice").filter({ hasText: c.zhetisu.name }).locator(".delivery-line")).toContainText(looseSpaces(formatMoney(250_000, language)));
  // The sorting hub is where lanes meet, not where buyers collect.
  await expect(buyer.getByRole("radio", { name: c.sortingHub.name })).toHaveCount(0);
  await buyer.getByRole("radio", { name: c.zhetisu.name }).check();
  await buyer.getByRole("radio", { name: o(language, "payment.online") }).check();
  await place(buyer, language);
  await buyer.getByRole("button", { name: o(language, "devPay.approve") }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(o(language, "placed.title"));
  const href = (await buyer.locator("a[href^='/orders/']").first().getAttribute("href")) ?? "";
  const id = Number(/^\/orders\/(\d+)$/.exec(href)?.[1]);
  expect(id).toBeGreaterThan(0);

  // Leg 1: seller → Karabulak's hub by typed code; the hub's waiting parcels put it under the sorting hub, its next stop.
  const atHub = new People(browser, locale, { ...w.tokens, operator: c.tokens.hubOperator });
  const code = await droppedAtHub(atHub, language, id);
  const coordinator = await atHub.as("coordinatorB");
  const first = await ship(coordinator, language, { ...w, point: c.sortingHub }, id);
  await coordinator.goto(`/shipments/${first}`);
  await depart(coordinator, language, code);

  // The sorting hub's operator scans it off: held there, still on its way (the buyer is not told to come).
  const hubOperator = await operatorOpens(atHub, language, { ...w, point: c.sortingHub }, first);
  await fitsThePhone(hubOperator);
  await scan(hubOperator, language, code);
  await expect(hubOperator.getByText(l(language, "shipping.done.arrive", { id }))).toBeVisible();
  await hubOperator.getByRole("button", { name: l(language, "shipping.finish") }).click();
  await expect(hubOperator.getByText(l(language, "shipping.done.arrived"))).toBeVisible();
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.in_transit")).first()).toBeVisible();
  await expect(buyer.locator(".pickup-code")).toHaveCount(0);

  // Leg 2: the sorting hub's screen groups what it holds by next stop and makes a shipment from there.
  const second = await ship(hubOperator, language, { ...w, point: c.zhetisu }, id, "", `/operator/points/${c.sortingHub.id}`);
  await expect(hubOperator.locator("body")).toContainText(c.sortingHub.name);
  await depart(hubOperator, language, code);

  // The Zhetisu shop's own operator scans it off: now it arrives, and the buyer collects with the pickup code.
  const atShop = new People(browser, locale, { ...w.tokens, operator: c.tokens.zhetisuOperator });
  const shopOperator = await operatorOpens(atShop, language, { ...w, point: c.zhetisu }, second);
  await scan(shopOperator, language, code);
  await expect(shopOperator.getByText(l(language, "shipping.done.arrive", { id }))).toBeVisible();
  await shopOperator.getByRole("button", { name: l(language, "shipping.finish") }).click();
  await expect(shopOperator.getByText(l(language, "shipping.done.arrived"))).toBeVisible();
  await handOver(atShop, language, { ...w, point: c.zhetisu }, id);

  // Every leg on the buyer's page: the hub, the bus, the sorting hub, the onward carrier, the shop, the buyer.
  await buyer.goto(`/orders/${id}`);
  await fitsThePhone(buyer);
  const journey = buyer.locator("ol.journey li");
  await expect(journey).toHaveCount(6);
  const steps = [
    ["drop", null],
    ["depart", "Ерлан"],
    ["transit", c.sortingHub.name],
    ["depart", "Ерлан"],
    ["arrive", c.zhetisu.name],
    ["collect", null],
  ] as const;
  for (const [i, [step, who]] of steps.entries()) {
    await expect(journey.nth(i)).toContainText(l(language, `journey.handover.${step}`));
    if (who) await expect(journey.nth(i)).toContainText(who);
  }
  await expect(buyer.getByText(l(language, "journey.now", { holder: l(language, "journey.holder.buyer") }))).toBeVisible();
  await atHub.close();
  await atShop.close();
  await buyerSide.close();
});
