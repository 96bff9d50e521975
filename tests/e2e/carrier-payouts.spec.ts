import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Browser } from "@playwright/test";
import { expect, languageOf, localeText, test } from "./fixtures";
import { batchRowFor } from "./support/payout-batch";

/**
 * Carriers paid like shops (decision 0037) in the browser, JavaScript off on a
 * 360 px phone, in kk, ru and en: a lane owed its delivery fee and with no
 * bank details is listed on /admin/money; Besagash's coordinator opens the
 * lane's payee page from the lanes page, a wrong IBAN is refused with a
 * translated message keeping what was typed, the right one is saved; the
 * admin's payout batch then carries the carrier's payment order, in the bank's file.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";

function world(language: string, n: number) {
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/carrier-payout-world.ts", language, String(n)], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { coordinator: string; admin: string; laneId: number; carrierName: string; feeTiyn: number; iban: string };
}

async function phonePage(browser: Browser, locale: string | undefined, token: string) {
  const context = await browser.newContext({ locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, acceptDownloads: true });
  await context.addCookies([{ name: "sid", value: token, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  return context.newPage();
}

test("a coordinator records a lane's payee and the admin's payout batch pays the carrier", async ({ browser }, info) => {
  const language = languageOf(info.project.use.locale);
  const m = (key: string, vars: Record<string, string | number> = {}) =>
    Object.entries(vars).reduce((text, [k, v]) => text.replace(`{{${k}}}`, String(v)), localeText(language, "money", key));
  // Order-world numbers 86–89 (retries +10), one per language.
  const w = world(language, 86 + { kk: 0, ru: 1, en: 2 }[language] + 10 * info.retry);
  expect(w.feeTiyn).toBeGreaterThan(0);
  const admin = await phonePage(browser, info.project.use.locale, w.admin);
  const coordinator = await phonePage(browser, info.project.use.locale, w.coordinator);

  // Owed, no bank details: listed for the admin, with a way to set them.
  await admin.goto("/admin/money");
  const waiting = admin.locator("section").filter({ has: admin.getByRole("heading", { level: 3, name: m("admin.payout.carriers.title") }) });
  await expect(waiting.getByRole("listitem").filter({ hasText: w.carrierName })).toContainText(m("admin.payout.carriers.set"));

  // The coordinator reaches the payee page from the lane on the lanes page.
  await coordinator.goto("/coordinator/besagash/lanes");
  await coordinator.getByRole("listitem").filter({ hasText: w.carrierName }).getByRole("link", { name: m("carrier.link") }).click();
  await expect(coordinator).toHaveURL(new RegExp(`/coordinator/besagash/lanes/${w.laneId}/payee$`));
  await expect(coordinator.getByRole("heading", { level: 2, name: m("carrier.statement.title") })).toBeVisible();
  await expect(coordinator.getByText(m("carrier.none"))).toBeVisible();
  const wrong = `${w.iban.slice(0, 2)}${w.iban[2] === "9" ? "0" : String(Number(w.iban[2]) + 1)}${w.iban.slice(3)}`;
  await coordinator.getByLabel(m("carrier.kind.carrier")).check();
  await coordinator.getByLabel(m("seller.destination.iban")).fill(wrong);
  await coordinator.getByLabel(m("carrier.holderName")).fill(`ИП ${w.carrierName}`);
  await coordinator.getByLabel(m("carrier.holderTaxId")).fill("900101300017");
  await coordinator.getByRole("button", { name: m("carrier.save") }).click();
  await expect(coordinator.getByText(m("payouts.errors.iban_checksum"))).toBeVisible();
  await expect(coordinator.getByLabel(m("seller.destination.iban"))).toHaveValue(wrong);
  await expect(coordinator.getByLabel(m("seller.destination.iban"))).toHaveAttribute("aria-invalid", "true");
  await expect(coordinator.getByLabel(m("carrier.holderName"))).toHaveValue(`ИП ${w.carrierName}`);
  await expect(coordinator.getByLabel(m("carrier.kind.carrier"))).toBeChecked();
  await coordinator.getByLabel(m("seller.destination.iban")).fill(w.iban);
  await coordinator.getByRole("button", { name: m("carrier.save") }).click();
  await expect(coordinator.getByText(m("carrier.saved"))).toBeVisible();
  await expect(coordinator.getByRole("main")).toContainText(`${w.iban.slice(0, 4)} •••• •••• ••••${w.iban.slice(-4)}`);
  expect(await coordinator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The admin's batch: the carrier's payment order, in the bank's file with the carrier's account.
  await admin.goto("/admin/money");
  await expect(admin.getByRole("listitem").filter({ hasText: w.carrierName })).toHaveCount(0);
  await admin.getByRole("button", { name: m("admin.payout.create") }).click();
  // Batches hold everyone owed money: another language's test running alongside may have made the batch
  // that took this lane's fee first, so the carrier's line is looked for in this batch, then the recent ones.
  const row = await batchRowFor(admin, m("admin.payout.carriers.carrier", { name: w.carrierName }));
  await expect(row).toContainText(w.iban.slice(-4));
  const downloading = admin.waitForEvent("download");
  await admin.locator("#batch").getByRole("button", { name: m("admin.payout.export1c") }).click();
  const file = new TextDecoder("windows-1251").decode(fs.readFileSync((await (await downloading).path())!));
  expect(file).toContain(`ПолучательИИК=${w.iban}\r\n`);
  expect(file).toContain("ПолучательБИН_ИИН=900101300017\r\n");
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
