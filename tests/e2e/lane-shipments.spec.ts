import { expect, localeText, looseSpaces, test } from "./fixtures";
import { formatMoney } from "../../app/i18n/money";
import { laneArrival, weekdayMask } from "../../app/domain/logistics/delivery-route";
import { droppedAtHub, l, place, showRegion } from "./support/shipping";
import { fitsThePhone, o, People, world } from "./support/order-journey";

/**
 * Lanes on shipments (decision lanes-and-delivery-fees, "Lanes on shipments"), JavaScript off on a
 * 360 px phone, in kk, ru and en: Karabulak's coordinator edits the demo's Kazpost lane to the
 * Almaty shop (a slip refused with everything typed kept, then the carrier's phone saved — the
 * prices other specs rely on stay as they are); a buyer's felt rides that lane; the hub's new
 * shipment offers the lane with its carrier pre-filled, the departure date comes from the lane's
 * days, and the shipment page shows the lane's tariffs and the cost per parcel against sending alone.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const KAZPOST = "Қазпошта";

test("a lane edited by its hub carries a shipment: carrier and date pre-filled from it, cost per parcel shown", async ({ browser, locale, language }) => {
  const w = world(language, 67);
  const people = new People(browser, locale, w.tokens);
  const hub = await people.as("coordinatorB");

  // The lanes page: the Kazpost lane to the Almaty shop, its on-time figure, and its edit page.
  await hub.goto("/coordinator/karabulak/lanes");
  await fitsThePhone(hub);
  const lane = hub.locator("li.panel").filter({ hasText: w.cityPoint.name }).filter({ hasText: KAZPOST });
  await expect(lane).toContainText(l(language, "lanes.onTime"));
  await lane.getByRole("link", { name: l(language, "lanes.edit") }).click();
  await expect(hub).toHaveURL(/\/coordinator\/karabulak\/lanes\/\d+\/edit$/);
  await fitsThePhone(hub);
  await expect(hub.getByText(l(language, "lanes.editPricesNote"))).toBeVisible();
  await expect(hub.getByLabel(l(language, "lanes.carrierName"))).toHaveValue(KAZPOST);
  await expect(hub.getByLabel(l(language, "lanes.from15to50kg"))).toHaveValue("3000");
  // A slip: 45 days on the way. Refused (400) with the reason, and nothing typed is lost.
  await hub.getByLabel(l(language, "lanes.carrierPhone")).fill("+7 701 555 44 33");
  await hub.getByLabel(l(language, "lanes.transitDays")).fill("45");
  const refused = hub.waitForResponse((r) => r.request().method() === "POST" && /\/lanes\/\d+\/edit/.test(r.url()));
  await hub.getByRole("button", { name: l(language, "lanes.save") }).click();
  expect((await refused).status()).toBe(400);
  await expect(hub.getByText(localeText(language, "logistics", "errors.transit_days"))).toBeVisible();
  await expect(hub.getByLabel(l(language, "lanes.transitDays"))).toHaveValue("45");
  await expect(hub.getByLabel(l(language, "lanes.carrierPhone"))).toHaveValue("+7 701 555 44 33");
  await hub.getByLabel(l(language, "lanes.transitDays")).fill("3");
  await hub.getByRole("button", { name: l(language, "lanes.save") }).click();
  await expect(hub).toHaveURL(/\/coordinator\/karabulak\/lanes\?done=edited$/);
  await expect(hub.getByText(l(language, "lanes.edited"))).toBeVisible();
  await expect(lane).toContainText("+77015554433");

  // The buyer's felt (15–50 kg) from Karabulak to the Almaty shop rides the lane: 3 000 ₸ delivery.
  const buyer = await people.as("buyer");
  await buyer.goto(`/listings/${w.listingB}`);
  await buyer.getByRole("button", { name: o(language, "cart.add") }).click();
  await buyer.goto("/cart");
  await buyer.getByRole("link", { name: o(language, "cart.checkout") }).click();
  await showRegion(buyer, language, "kz-75");
  await buyer.getByRole("radio", { name: w.cityPoint.name }).check();
  await buyer.getByRole("radio", { name: o(language, "payment.online") }).check();
  await place(buyer, language);
  await buyer.getByRole("button", { name: o(language, "devPay.approve") }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(o(language, "placed.title"));
  const href = await buyer.locator("a[href^='/orders/']").first().getAttribute("href");
  const id = Number(/^\/orders\/(\d+)$/.exec(href ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  await droppedAtHub(people, language, id);

  // The hub's new shipment to the Almaty shop: the lane pre-selected, its carrier pre-filled.
  await hub.goto("/coordinator/karabulak/hub");
  await fitsThePhone(hub);
  const group = hub.locator("form").filter({ has: hub.locator(`input[name=order][value="${id}"]`) });
  await expect(group.getByLabel(l(language, "shipping.lane"))).toHaveValue(/^\d+$/);
  await expect(group.getByLabel(l(language, "shipping.carrierKindLabel"), { exact: true })).toHaveValue("kazpost");
  await expect(group.getByLabel(l(language, "shipping.carrierName"))).toHaveValue(KAZPOST);
  await expect(group.getByLabel(l(language, "shipping.carrierPhone"))).toHaveValue("+77015554433");
  await group.locator(`input[name=order][value="${id}"]`).check();
  await group.getByRole("button", { name: l(language, "shipping.shipChosen") }).click();
  await expect(hub).toHaveURL(/\/shipments\/\d+\?done=created$/);
  await fitsThePhone(hub);

  // The shipment page: the lane and its tariffs, the cost per parcel (3 000 ₸ paid, 3 000 ₸ alone), the date from the lane.
  await expect(hub.getByRole("heading", { name: l(language, "shipping.laneTitle", { carrier: KAZPOST }) })).toBeVisible();
  const fact = (key: string) => hub.locator("dl.facts dt").filter({ hasText: l(language, key) }).locator("xpath=following-sibling::dd[1]");
  await expect(fact("shipping.figures.feePerParcel")).toHaveText(looseSpaces(formatMoney(300_000, language)));
  await expect(fact("shipping.figures.alonePerParcel")).toHaveText(looseSpaces(formatMoney(300_000, language)));
  const expected = laneArrival(new Date(), weekdayMask(["mon", "wed", "fri"]), 3).toISOString().slice(0, 10);
  await expect(hub.getByLabel(l(language, "shipping.expectedArrival"))).toHaveValue(expected);
  await people.close();
});
