import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, localeText, test, type Language } from "../fixtures";
import { DAY_MS, dayOf, nextRunDay, noonOf, weekdayMask } from "../../../app/domain/logistics/delivery-route";
import { formatDate } from "../../../app/i18n/format";
import { fitsThePhone, o, order, orderCard, People, press, world, type World } from "./order-journey";

/** The shipments' steps in the browser (issue 17), shared by shipments.spec.ts and camera-scan.spec.ts. */

export const l = (language: Language, key: string, vars: Record<string, string | number> = {}) =>
  Object.entries(vars).reduce((text, [name, value]) => text.replace(`{{${name}}}`, String(value)), localeText(language, "logistics", key));

/** A day in Kazakhstan (UTC+5), `days` from today, as a date input wants it. */
export const dayFromNow = (days: number) => new Date(Date.now() + 5 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** Karabulak's seller accepts and brings the felt: the parcel's code, as the seller's order page shows it. */
export async function droppedBySeller(people: People, language: Language, id: number): Promise<string> {
  const seller = await people.as("sellerB");
  await seller.goto("/seller/orders");
  await press(orderCard(seller, language, id), language, "accept");
  await press(orderCard(seller, language, id), language, "drop");
  await seller.goto(`/orders/${id}`);
  const code = ((await seller.locator("#journey-title ~ p .parcel-code").textContent()) ?? "").trim();
  expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{3}-[34679ACDEFGHJKMNPQRTWXY]{3}$/);
  return code;
}

/** …and the hub receives it by that code. */
export async function droppedAtHub(people: People, language: Language, id: number, village = "karabulak"): Promise<string> {
  const code = await droppedBySeller(people, language, id);
  const hub = await people.as("coordinatorB");
  await hub.goto(`/coordinator/${village}/hub`);
  // A typing slip is refused with the words kept, never a 500.
  await hub.getByLabel(l(language, "shipping.codeLabel")).fill("OOO-III");
  await hub.getByRole("button", { name: l(language, "shipping.scan") }).click();
  await expect(hub.getByText(l(language, "shipping.errors.code_unknown"))).toBeVisible();
  await expect(hub.getByLabel(l(language, "shipping.codeLabel"))).toHaveValue("OOO-III");
  await hub.getByLabel(l(language, "shipping.codeLabel")).fill(code.toLowerCase().replace("-", " "));
  await hub.getByRole("button", { name: l(language, "shipping.scan") }).click();
  await expect(hub.getByText(l(language, "shipping.done.received", { id }))).toBeVisible();
  return code;
}

/** The hub (or, at `address`, a sorting hub's screen) ticks the parcel for the world's point and names the carrier: the shipment's page opens. */
export async function ship(hub: Page, language: Language, w: World, id: number, village = "karabulak", address = `/coordinator/${village}/hub`): Promise<number> {
  await hub.goto(address);
  await fitsThePhone(hub);
  const group = hub.locator("form").filter({ has: hub.getByRole("heading", { name: l(language, "shipping.toPoint", { point: w.point.name, n: 999 }).split(" (")[0] }) });
  // Nothing ticked: refused, nothing made.
  await group.getByLabel(l(language, "shipping.carrierName")).fill("Ерлан");
  await group.getByLabel(l(language, "shipping.carrierPhone")).fill("+7 701 555 44 33");
  await group.getByRole("button", { name: l(language, "shipping.shipChosen") }).click();
  await expect(hub.getByText(l(language, "shipping.errors.no_parcels"))).toBeVisible();
  const again = hub.locator("form").filter({ has: hub.locator(`input[name=order][value="${id}"]`) });
  await expect(again.getByLabel(l(language, "shipping.carrierName"))).toHaveValue("Ерлан");
  await again.locator(`input[name=order][value="${id}"]`).check();
  await again.getByLabel(l(language, "shipping.carrierKindLabel"), { exact: true }).selectOption("bus_driver");
  await again.getByRole("button", { name: l(language, "shipping.shipChosen") }).click();
  await expect(hub).toHaveURL(/\/shipments\/\d+\?done=created$/);
  return Number(/\/shipments\/(\d+)/.exec(hub.url())?.[1]);
}

/** The buyer orders Karabulak's felt for the world's point; it reaches Karabulak's hub and goes into a shipment. */
export async function shipped(browser: Browser, locale: string | undefined, language: Language, testNumber: number) {
  const w = world(language, testNumber);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  const [placed] = await order(buyer, language, w, [w.listingB], "online");
  const id = placed!;
  const code = await droppedAtHub(people, language, id);
  const hub = await people.as("coordinatorB");
  const shipmentId = await ship(hub, language, w, id);
  return { w, people, buyer, id, code, hub, shipmentId };
}

export async function scan(page: Page, language: Language, code: string) {
  await page.getByLabel(l(language, "shipping.codeLabel")).fill(code);
  await page.getByRole("button", { name: l(language, "shipping.scan") }).click();
}

export async function depart(hub: Page, language: Language, code: string) {
  await scan(hub, language, code);
  await expect(hub.getByRole("cell", { name: l(language, "shipping.scanned"), exact: true })).toBeVisible();
  await hub.getByLabel(l(language, "shipping.expectedArrival")).fill(dayFromNow(2));
  await hub.getByRole("button", { name: l(language, "shipping.depart") }).click();
  await expect(hub.getByText(l(language, "shipping.done.departed"))).toBeVisible();
}

export async function operatorOpens(people: People, language: Language, w: World, shipmentId: number): Promise<Page> {
  const operator = await people.as("operator");
  await operator.goto(`/operator/points/${w.point.id}`);
  await operator.getByRole("link", { name: l(language, "shipping.title", { id: shipmentId }), exact: true }).click();
  await expect(operator).toHaveURL(new RegExp(`/shipments/${shipmentId}$`));
  return operator;
}

/** The hub prints from its desktop computer: the page as Chromium prints it to PDF, as text. */
export async function printedText(browser: Browser, w: World, address: string): Promise<string> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 768 } });
  await context.addCookies([{ name: "sid", value: w.tokens.coordinatorB, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  const page = await context.newPage();
  await page.goto(address);
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  await context.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auyl-print-")), "print.pdf");
  fs.writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return text;
}

/** The arrival the demo lanes promise for an order placed now: dropped the next day, the lane's next run after it, then the days on the way. */
export function arrival(weekdays: string[], transitDays: number, language: Language): string {
  const dropOffDay = dayOf(new Date(Date.now() + DAY_MS));
  return formatDate(noonOf(nextRunDay(dropOffDay, weekdayMask(weekdays)) + transitDays), language);
}

export async function showRegion(page: Page, language: Language, code: string) {
  await page.getByLabel(o(language, "checkout.region")).selectOption(code);
  await page.getByRole("button", { name: o(language, "checkout.showPoints") }).click();
}

export async function place(page: Page, language: Language) {
  await page.getByRole("button", { name: o(language, "checkout.place").split(" ·")[0] }).click();
}

/** The buyer's order page after collection: the four handovers, the carrier, the point, the buyer holding it. */
export async function seesEveryLeg(buyer: Page, language: Language, id: number, pointName: string) {
  await buyer.goto(`/orders/${id}`);
  await fitsThePhone(buyer);
  const journey = buyer.locator("ol.journey li");
  await expect(journey).toHaveCount(4);
  for (const [i, step] of (["drop", "depart", "arrive", "collect"] as const).entries()) await expect(journey.nth(i)).toContainText(l(language, `journey.handover.${step}`));
  await expect(journey.nth(1)).toContainText("Ерлан");
  await expect(journey.nth(2)).toContainText(pointName);
  await expect(buyer.getByText(l(language, "journey.now", { holder: l(language, "journey.holder.buyer") }))).toBeVisible();
}
