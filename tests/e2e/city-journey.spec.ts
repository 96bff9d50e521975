import { expect, looseSpaces, test } from "./fixtures";
import { formatMoney } from "../../app/i18n/money";
import { fitsThePhone, handOver, o, People, world, type World } from "./support/order-journey";
import { arrival, depart, droppedAtHub, l, operatorOpens, place, printedText, scan, seesEveryLeg, ship, showRegion } from "./support/shipping";

/**
 * Issue 17 done-when (a), with JavaScript off on a 360 px phone, in kk, ru and en: a buyer in
 * Almaty buys a table in Besagash and felt in Karabulak for the demo partner shop in Almaty.
 * Checkout shows both delivery prices and dates; each hub receives its parcel by typed code,
 * puts it in a shipment to the Almaty shop, prints its labels and manifest, scans it onto the
 * carrier; the shop's own operator scans both off, the buyer collects with the pickup code and
 * each order page shows every leg. Order world 44.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

/** The world seen from one hub: its coordinator and seller in the "B" seats the shipping steps use; the Almaty shop's operator at the point. */
function viaHub(w: World, hub: "A" | "B"): World {
  const tokens = { ...w.tokens, operator: w.tokens.cityOperator };
  if (hub === "A") Object.assign(tokens, { coordinatorB: w.tokens.coordinatorA, sellerB: w.tokens.sellerA });
  return { ...w, tokens, point: w.cityPoint };
}

test("a buyer in Almaty: two villages' parcels ride two shipments to a city point, scanned at each handover, collected, every leg shown", async ({ browser, locale, language }) => {
  const w = world(language, 44);
  const buyerSide = new People(browser, locale, w.tokens);
  const buyer = await buyerSide.as("buyer");
  for (const id of [w.listingA, w.listingB]) {
    await buyer.goto(`/listings/${id}`);
    await buyer.getByRole("button", { name: o(language, "cart.add") }).click();
  }
  await buyer.goto("/cart");
  await buyer.getByRole("link", { name: o(language, "cart.checkout") }).click();
  await showRegion(buyer, language, "kz-75");
  // Both sellers' delivery to the Almaty shop, priced and dated: Besagash's van, Kazpost from Karabulak.
  const lines = buyer.locator("label.choice").filter({ hasText: w.cityPoint.name }).locator(".delivery-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText(looseSpaces(formatMoney(200_000, language)));
  await expect(lines.nth(0)).toContainText(arrival(["tue", "fri"], 1, language));
  await expect(lines.nth(1)).toContainText(looseSpaces(formatMoney(300_000, language)));
  await expect(lines.nth(1)).toContainText(arrival(["mon", "wed", "fri"], 3, language));
  await buyer.getByRole("radio", { name: w.cityPoint.name }).check();
  await buyer.getByRole("radio", { name: o(language, "payment.online") }).check();
  await place(buyer, language);
  await buyer.getByRole("button", { name: o(language, "devPay.approve") }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(o(language, "placed.title"));
  const links = await buyer.locator("a[href^='/orders/']").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const [a, b] = [...new Set(links.map((href) => /^\/orders\/(\d+)$/.exec(href)?.[1]).filter(Boolean).map(Number))].sort((x, y) => x - y) as [number, number];

  for (const [hub, id, village] of [["A", a, "besagash"], ["B", b, "karabulak"]] as const) {
    const side = viaHub(w, hub);
    const people = new People(browser, locale, side.tokens);
    // Seller → hub, by the typed code; the hub ships it to the Almaty shop.
    const code = await droppedAtHub(people, language, id, village);
    const coordinator = await people.as("coordinatorB");
    const shipmentId = await ship(coordinator, language, side, id, village);
    const labels = await printedText(browser, side, `/shipments/${shipmentId}/labels`);
    expect(labels).toContain(code);
    expect(labels).toContain(w.cityPoint.name);
    const manifest = await printedText(browser, side, `/shipments/${shipmentId}/manifest`);
    for (const text of [code, w.cityPoint.name, "Ерлан", l(language, "shipping.signature")]) expect(manifest).toContain(text);
    // Hub → carrier, by the typed code.
    await coordinator.goto(`/shipments/${shipmentId}`);
    await depart(coordinator, language, code);
    // Carrier → the Almaty shop: its own operator scans it off, by the typed code.
    const operator = await operatorOpens(people, language, side, shipmentId);
    await fitsThePhone(operator);
    await scan(operator, language, code);
    await expect(operator.getByText(l(language, "shipping.done.arrive", { id }))).toBeVisible();
    await operator.getByRole("button", { name: l(language, "shipping.finish") }).click();
    await expect(operator.getByText(l(language, "shipping.done.arrived"))).toBeVisible();
    // Point → buyer, with the pickup code.
    await handOver(people, language, side, id);
    await people.close();
  }

  for (const id of [a, b]) {
    await seesEveryLeg(buyer, language, id, w.cityPoint.name);
  }
  await buyerSide.close();
});
