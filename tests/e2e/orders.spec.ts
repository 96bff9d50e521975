import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { expect, localeText, looseSpaces, test } from "./fixtures";
import { formatMoney } from "../../app/i18n/money";
import { DATABASE_PATH, fitsThePhone, handOver, net, o, order, orderCard, People, press, toHub, world, type World } from "./support/order-journey";

/**
 * Issue 5's "done when", in the browser with JavaScript off on a 360×640
 * phone, in kk, ru and en. Everyone has their own browser: a buyer, a seller
 * in Besagash and one in Karabulak, both villages' coordinators, and the
 * operator of Besagash's cooperative warehouse (the buyer's pickup point, so
 * the Besagash parcel skips transit and the Karabulak one travels).
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
// Six people and some forty pages a test, on two shared cores: three times the usual minute.
test.slow();

test("two sellers, two villages: pay online, ship, collect with the code, money released net of fees", async ({ browser, locale, language }) => {
  const w = world(language, 1);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  const [a, b] = await order(buyer, language, w, [w.listingA, w.listingB], "online");
  expect(a && b).toBeTruthy();
  await expect(buyer.getByText(o(language, "status.paid"))).toHaveCount(2);

  await toHub(people, language, "sellerA", "coordinatorA", a!, true);
  await toHub(people, language, "sellerB", "coordinatorB", b!, true);
  // Karabulak's parcel travels; Besagash's is already in the buyer's village.
  const hubB = await people.as("coordinatorB");
  await press(orderCard(hubB, language, b!), language, "send");
  const hubA = await people.as("coordinatorA");
  await hubA.goto("/coordinator/besagash/hub");
  await fitsThePhone(hubA);
  await press(orderCard(hubA, language, a!), language, "arrive");
  const operator = await people.as("operator");
  await operator.goto(`/operator/points/${w.point.id}`);
  await fitsThePhone(operator);
  await press(orderCard(operator, language, b!), language, "arrive");

  await handOver(people, language, w, a!);
  await handOver(people, language, w, b!);
  for (const id of [a!, b!]) {
    await buyer.goto(`/orders/${id}`);
    await press(buyer, language, "confirm");
    await expect(buyer.getByText(o(language, "status.completed")).first()).toBeVisible();
    await expect(buyer.getByText(o(language, "event.pickup"))).toBeVisible();
  }

  for (const [seller, id, priceTiyn] of [["sellerA", a!, 2_500_000], ["sellerB", b!, 1_800_000]] as const) {
    const page = await people.as(seller);
    await page.goto("/seller/money");
    await fitsThePhone(page);
    const row = page.getByRole("row").filter({ hasText: localeText(language, "money", "seller.orderNumber").replace("{{id}}", String(id)) });
    await expect(row).toContainText(looseSpaces(formatMoney(net(priceTiyn), language)));
  }
  await people.close();
});

test("cash at pickup: the operator takes the exact cash, the buyer may still dispute, the hub sees what the point owes", async ({ browser, locale, language }) => {
  const w = world(language, 2);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  const [id] = await order(buyer, language, w, [w.listingA], "cash");
  await expect(buyer.getByText(o(language, "status.accepted"))).toBeVisible();
  await toHub(people, language, "sellerA", "coordinatorA", id!, false);
  const hub = await people.as("coordinatorA");
  await press(orderCard(hub, language, id!), language, "arrive");
  await handOver(people, language, w, id!, true);
  await buyer.goto(`/orders/${id}`);
  // Issue 14 §7: the hub keeps the cash until the inspection window has passed, so a cash buyer may complain too.
  await expect(buyer.getByText(o(language, "status.picked_up")).first()).toBeVisible();
  await expect(buyer.getByRole("link", { name: localeText(language, "disputes", "link.open") })).toBeVisible();
  await press(buyer, language, "confirm");
  await expect(buyer.getByText(o(language, "status.completed")).first()).toBeVisible();
  // The point now holds this cash (other tests' too: every test collects at the same point);
  // the coordinator collects it and records that it was paid in.
  await hub.goto("/coordinator/besagash/hub");
  const cash = hub.locator("div.panel").filter({ hasText: w.point.name });
  await cash.getByLabel(o(language, "hub.amount")).fill("25000");
  await cash.getByRole("button", { name: o(language, "hub.bank") }).click();
  await expect(hub.getByText(o(language, "hub.banked"))).toBeVisible();
  await people.close();
});

test("a declined order is refunded in full and its stock comes back", async ({ browser, locale, language }) => {
  const w = world(language, 3);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  const [id] = await order(buyer, language, w, [w.listingB], "online");
  const seller = await people.as("sellerB");
  await seller.goto("/seller/orders");
  const card = orderCard(seller, language, id!);
  await card.getByLabel(o(language, "reasonLabel.decline")).fill("Бояуы бітіп қалды");
  await press(card, language, "decline");
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.cancelled")).first()).toBeVisible();
  await expect(buyer.getByText("Бояуы бітіп қалды")).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveText(looseSpaces(formatMoney(1_800_000, language)));
  // The world's listing had 5; the order took one, the cancellation gave it back.
  await buyer.goto(`/listings/${w.listingB}`);
  await expect(buyer.locator(".facts")).toContainText(/(^|\D)5(\D|$)/);
  await people.close();
});

/** A list's heading: its title and how many it holds (other tests share the point and the hubs). */
const counted = (title: string) => new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+\\)$`);

/** Runs the deadline job as of `days` from now (the server's own clock cannot wait a week). */
function jobsDueIn(days: number) {
  const later = new Date(Date.now() + days * 86_400_000).toISOString();
  execFileSync("npx", ["tsx", "scripts/jobs-due.ts", "--at", later], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
}

/** The listing page's stock line ("5 in stock"): exactly `count`. */
async function expectStock(page: Page, listingId: number, count: number) {
  await page.goto(`/listings/${listingId}`);
  await expect(page.locator(".facts")).toContainText(new RegExp(`(^|\\D)${count}(\\D|$)`));
}

test("the way back (issue 14 §5): storage extended once, then 'to return' at the point and both hubs, refunded, sent back, on sale again only at the seller's hub, the seller told", async ({ browser, locale, language }) => {
  const w = world(language, 4);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  // Karabulak's felt travels to Besagash's point: the way back crosses villages too.
  const [id] = await order(buyer, language, w, [w.listingB], "online");
  await toHub(people, language, "sellerB", "coordinatorB", id!, true);
  await press(orderCard(await people.as("coordinatorB"), language, id!), language, "send");
  const operator = await people.as("operator");
  await operator.goto(`/operator/points/${w.point.id}`);
  await press(orderCard(operator, language, id!), language, "arrive");

  // The buyer asks for more days, once (STORAGE_EXTENSION_DAYS=3): 7 + 3.
  await buyer.goto(`/orders/${id}`);
  await press(buyer, language, "extend_storage");
  await expect(buyer.getByText(o(language, "returns.extended"))).toBeVisible();
  await expect(buyer.getByRole("button", { name: o(language, "button.extend_storage") })).toHaveCount(0);
  jobsDueIn(8);
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.ready_for_pickup")).first()).toBeVisible();
  jobsDueIn(11);
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.to_return")).first()).toBeVisible();
  // Refunded when it became "to return" (decision 0023); the goods are still on the shelf, not on sale.
  await expect(buyer.locator(".refunded")).toHaveText(looseSpaces(formatMoney(1_800_000, language)));
  await expectStock(buyer, w.listingB, 4);

  // The point lists it to go back; so does the point's hub (Besagash).
  await operator.goto(`/operator/points/${w.point.id}`);
  await fitsThePhone(operator);
  await expect(orderCard(operator, language, id!).getByText(o(language, "status.to_return"))).toBeVisible();
  await expect(operator.getByRole("heading", { name: counted(o(language, "point.toReturn")) })).toBeVisible();
  const pointHub = await people.as("coordinatorA");
  await pointHub.goto("/coordinator/besagash/hub");
  await expect(pointHub.getByRole("region", { name: counted(o(language, "hub.toSendBack")) }).getByRole("link", { name: o(language, "order.title", { id: id! }), exact: true })).toBeVisible();
  await press(orderCard(operator, language, id!), language, "return_send");

  // On its way back, Karabulak's hub lists it; still not on sale.
  const sellerHub = await people.as("coordinatorB");
  await sellerHub.goto("/coordinator/karabulak/hub");
  await fitsThePhone(sellerHub);
  const comingBack = sellerHub.getByRole("region", { name: counted(o(language, "hub.comingBack")) });
  await expect(comingBack.getByRole("link", { name: o(language, "order.title", { id: id! }), exact: true })).toBeVisible();
  await expectStock(buyer, w.listingB, 4);
  await press(orderCard(sellerHub, language, id!), language, "return_arrive");

  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.returned")).first()).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveText(looseSpaces(formatMoney(1_800_000, language)));
  await expectStock(buyer, w.listingB, 5);
  // The seller got an SMS in their language.
  await buyer.goto("/dev/sms");
  await expect(buyer.getByText(o(language, "sms.parcel_back", { order: id! }))).toBeVisible();
  await people.close();
});

test("a return after pickup (issue 14 §6), after the seller was paid out: refunded on arrival at the seller's hub, the seller owes it, the ledger audit is clean", async ({ browser, locale, language }) => {
  const w = world(language, 8);
  const admin = JSON.parse(
    execFileSync("npx", ["tsx", "tests/e2e/support/admin-session.ts", language, String(60 + test.info().retry)], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" }).trim().split("\n").at(-1) ?? "{}",
  ) as { token: string };
  const people = new People(browser, locale, { ...w.tokens, admin: admin.token } as World["tokens"]);
  const buyer = await people.as("buyer");
  const [id] = await order(buyer, language, w, [w.listingA], "online");
  await toHub(people, language, "sellerA", "coordinatorA", id!, true);
  const hub = await people.as("coordinatorA");
  await press(orderCard(hub, language, id!), language, "arrive");
  await handOver(people, language, w, id!);
  await buyer.goto(`/orders/${id}`);
  await press(buyer, language, "confirm");
  await expect(buyer.getByText(o(language, "status.completed")).first()).toBeVisible();

  // Seller A has a payout account (decision 0022): only sellers with one are in a batch.
  const seller = await people.as("sellerA");
  await seller.goto("/seller/money");
  await seller.getByLabel(localeText(language, "money", "seller.destination.iban")).fill("KZ86 125K ZT50 0410 0100");
  await seller.getByLabel(localeText(language, "money", "seller.destination.holderName")).fill("Асқар Ағашшы");
  await seller.getByLabel(localeText(language, "money", "seller.destination.holderTaxId")).fill("921029350851");
  await seller.getByRole("button", { name: localeText(language, "money", "seller.destination.save") }).click();
  await expect(seller.getByText(localeText(language, "money", "seller.destination.saved"))).toBeVisible();

  // The admin prepares a payout: seller A's money for this chair goes to the bank (payout_in_flight).
  const adminPage = await people.as("admin" as keyof World["tokens"]);
  await adminPage.goto("/admin/money");
  await adminPage.getByRole("button", { name: localeText(language, "money", "admin.payout.create") }).click();
  await expect(adminPage.getByText(localeText(language, "money", "admin.health.balanced"))).toBeVisible();

  // Within 14 days the buyer asks to return it, with a reason; the seller approves.
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "returns.openUntil").split("{{")[0]!.trim())).toBeVisible();
  await buyer.getByLabel(o(language, "reasonLabel.return_request")).fill("Түсі бөлмеге келмеді");
  await press(buyer, language, "return_request");
  await expect(buyer.getByText(o(language, "status.return_requested")).first()).toBeVisible();
  await seller.goto("/seller/orders");
  await press(orderCard(seller, language, id!), language, "return_approve");
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByRole("heading", { name: o(language, "returns.codeTitle") })).toBeVisible();
  const code = (await buyer.locator(".pickup-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^\d{6}$/);

  // The buyer brings it to the point, which takes it against the return code.
  const operator = await people.as("operator");
  await operator.goto(`/operator/points/${w.point.id}`);
  const card = operator.locator("li.panel").filter({ hasText: o(language, "order.title", { id: id! }) });
  await card.getByLabel(o(language, "returns.code")).fill(code);
  await card.getByRole("button", { name: o(language, "returns.take") }).click();
  await expect(operator).toHaveURL(new RegExp(`/operator/points/${w.point.id}$`));
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.to_return")).first()).toBeVisible();
  // Nothing is refunded until the goods are back at the seller's hub.
  await expect(buyer.locator(".refunded")).toHaveCount(0);

  // Besagash's point is in the seller's own village: its hub takes it back.
  await hub.goto("/coordinator/besagash/hub");
  await press(orderCard(hub, language, id!), language, "return_arrive");
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.returned")).first()).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveText(looseSpaces(formatMoney(2_500_000, language)));

  // The seller was paid already: they owe their share, shown on their money page; the audit is clean.
  await seller.goto("/seller/money");
  await fitsThePhone(seller);
  await expect(seller.getByText(localeText(language, "money", "seller.owed"))).toBeVisible();
  await adminPage.goto("/admin/money");
  await expect(adminPage.getByText(localeText(language, "money", "admin.health.balanced"))).toBeVisible();
  await people.close();
});

// A dispute after pickup, its partial refund and the fees on the rest: the ladder's spec walks it now
// (tests/e2e/disputes.spec.ts, issue 16 §4), from evidence to the final decision.

/** The deadline job as of another moment (`npm run jobs:due -- --at …`), against the e2e server's database. */
function jobsAt(moment: Date) {
  execFileSync("npx", ["tsx", "scripts/jobs-due.ts", "--at", moment.toISOString()], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
}

test("issue 14: the 21-day wardrobe is accepted for its promised date, survives days 3 and 20, and goes through to completion", async ({ browser, locale, language }) => {
  const DAY = 86_400_000;
  const w = world(language, 6);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  const placedAt = Date.now();
  const [id] = await order(buyer, language, w, [w.wardrobe], "online");
  // Both sides see the promised day: 21 days from the order (the day as a date field writes it, Kazakhstan time).
  const promised = new Date(placedAt + 21 * DAY + 5 * 3_600_000).toISOString().slice(0, 10);
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.locator(".ready-by")).toBeVisible();

  const seller = await people.as("sellerA");
  await seller.goto("/seller/orders");
  const card = orderCard(seller, language, id!);
  await expect(card.locator(".ready-by")).toBeVisible();
  await expect(card.getByLabel(o(language, "order.readyAt"))).toHaveValue(promised);
  await fitsThePhone(seller);
  await press(card, language, "accept");
  await expect(orderCard(seller, language, id!).getByText(o(language, "status.accepted"))).toBeVisible();

  // The bug of the issue: three days later the job cancelled it. Now it waits for the promised day + 3.
  jobsAt(new Date(placedAt + 3 * DAY + 3_600_000));
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.accepted")).first()).toBeVisible();
  jobsAt(new Date(placedAt + 20 * DAY));
  await buyer.reload();
  await expect(buyer.getByText(o(language, "status.accepted")).first()).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveCount(0);
  await fitsThePhone(buyer);

  // Made, dropped at the Besagash hub, shelved at its own point (same village), collected, confirmed.
  await toHub(people, language, "sellerA", "coordinatorA", id!, false);
  const hub = await people.as("coordinatorA");
  await press(orderCard(hub, language, id!), language, "arrive");
  await handOver(people, language, w, id!);
  await buyer.goto(`/orders/${id}`);
  await press(buyer, language, "confirm");
  await expect(buyer.getByText(o(language, "status.completed")).first()).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveCount(0);
  await people.close();
});

test("issue 14: a later ready date waits for the buyer's yes; asked again for more time, the buyer cancels with a full refund", async ({ browser, locale, language }) => {
  const DAY = 86_400_000;
  const dayText = (days: number) => new Date(Date.now() + days * DAY + 5 * 3_600_000).toISOString().slice(0, 10);
  const w = world(language, 7);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  const [id] = await order(buyer, language, w, [w.wardrobe], "online");

  // The seller can make it in 30 days, not 21: accepting with that date asks the buyer.
  const seller = await people.as("sellerA");
  await seller.goto("/seller/orders");
  const card = orderCard(seller, language, id!);
  await card.getByLabel(o(language, "order.readyAt")).fill(dayText(30));
  await press(card, language, "accept");
  await expect(orderCard(seller, language, id!).getByText(o(language, "status.paid"))).toBeVisible();

  await buyer.goto(`/orders/${id}`);
  await expect(buyer.locator(".proposed-date")).toBeVisible();
  await fitsThePhone(buyer);
  await press(buyer, language, "agree_date");
  await expect(buyer.getByText(o(language, "status.accepted")).first()).toBeVisible();
  await expect(buyer.locator(".proposed-date")).toHaveCount(0);

  // Once more time, with a reason the buyer reads; the buyer says no and gets everything back.
  await seller.goto(`/orders/${id}`);
  await seller.getByLabel(o(language, "order.readyAt")).fill(dayText(40));
  await seller.getByLabel(o(language, "reasonLabel.ask_more_time")).fill("Қарағай кеппеді");
  await press(seller, language, "ask_more_time");
  await expect(seller.locator(".proposed-date")).toBeVisible();
  await expect(seller.getByRole("button", { name: o(language, "button.ask_more_time"), exact: true })).toHaveCount(0);

  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText("Қарағай кеппеді")).toBeVisible();
  await press(buyer, language, "refuse_date");
  await expect(buyer.getByText(o(language, "status.cancelled")).first()).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveText(looseSpaces(formatMoney(16_000_000, language)));
  await people.close();
});
