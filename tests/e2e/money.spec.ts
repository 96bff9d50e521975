import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Browser } from "@playwright/test";
import { expect, languageOf, localeText, test } from "./fixtures";
import { batchRowFor } from "./support/payout-batch";

/**
 * Issue 15 in the browser, JavaScript off on a 360 px phone, in kk, ru and en:
 * a seller's payout account form refuses a wrong IBAN check digit with a
 * translated message and keeps what was typed; an admin prepares a payout
 * batch, downloads the bank file, uploads the bank's statement of it, and
 * sees the payout confirmed.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";

function script(args: string[]): Record<string, unknown> {
  const out = execFileSync("npx", ["tsx", ...args], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
}

async function phonePage(browser: Browser, locale: string | undefined, token: string) {
  const context = await browser.newContext({ locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, acceptDownloads: true });
  await context.addCookies([{ name: "sid", value: token, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  return context.newPage();
}

test("a seller's payout account: a wrong check digit is refused, what was typed stays, the right one is shown masked", async ({ browser }, info) => {
  const language = languageOf(info.project.use.locale);
  const m = (key: string) => localeText(language, "money", key);
  const L = { kk: "1", ru: "2", en: "3" }[language];
  const { token } = script(["tests/e2e/support/approved-seller.ts", `+7701888${L}${String(info.retry).padStart(2, "0")}1`, "besagash", "Гүлнар", language]) as { token: string };
  const page = await phonePage(browser, info.project.use.locale, token);

  await page.goto("/seller/money");
  await expect(page.getByRole("heading", { level: 3, name: m("seller.destination.title") })).toBeVisible();
  await expect(page.getByText(m("seller.destination.none"))).toBeVisible();
  // The registry's Kazakh example with its check digits 86 mistyped as 87.
  await page.getByLabel(m("seller.destination.iban")).fill("KZ87 125K ZT50 0410 0100");
  await page.getByLabel(m("seller.destination.holderName")).fill("Гүлнар Сейітова");
  await page.getByLabel(m("seller.destination.holderTaxId")).fill("921029350851");
  await page.getByRole("button", { name: m("seller.destination.save") }).click();
  await expect(page.getByText(m("payouts.errors.iban_checksum"))).toBeVisible();
  await expect(page.getByLabel(m("seller.destination.iban"))).toHaveValue("KZ87 125K ZT50 0410 0100");
  await expect(page.getByLabel(m("seller.destination.iban"))).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel(m("seller.destination.holderName"))).toHaveValue("Гүлнар Сейітова");

  await page.getByLabel(m("seller.destination.iban")).fill("KZ86 125K ZT50 0410 0100");
  await page.getByRole("button", { name: m("seller.destination.save") }).click();
  await expect(page.getByText(m("seller.destination.saved"))).toBeVisible();
  await expect(page.getByRole("main")).toContainText("KZ86 •••• •••• ••••0100");
  await expect(page.getByRole("main")).not.toContainText("KZ86125KZT5004100100");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test("an admin prepares a payout batch, downloads the bank file, uploads the bank's statement and sees it confirmed", async ({ browser }, info) => {
  const language = languageOf(info.project.use.locale);
  const m = (key: string, vars: Record<string, string | number> = {}) =>
    Object.entries(vars).reduce((text, [k, v]) => text.replace(`{{${k}}}`, String(v)), localeText(language, "money", key));
  const { token, shop } = script(["tests/e2e/support/payout-world.ts", language, String(info.retry)]) as { token: string; shop: string };
  const page = await phonePage(browser, info.project.use.locale, token);

  await page.goto("/admin/money");
  await expect(page.getByRole("heading", { level: 2, name: m("admin.entity.title") })).toBeVisible();
  await page.getByRole("button", { name: m("admin.payout.create") }).click();
  // Usually this batch; another test's batch may have taken the shop's money first.
  const row = await batchRowFor(page, shop);
  const batch = page.locator("#batch");
  // Prepared — or already exported, when it is another test's batch whose file was taken.
  await expect(row).toContainText(new RegExp(`${m("admin.payout.status.prepared")}|${m("admin.payout.status.exported")}`));
  await expect(row).toContainText("KZ");

  const downloading = page.waitForEvent("download");
  await batch.getByRole("button", { name: m("admin.payout.export1c") }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^auyl-payouts-\d+\.txt$/);
  const bytes = fs.readFileSync((await download.path())!);
  const file = new TextDecoder("windows-1251").decode(bytes);
  expect(file.startsWith("1CClientBankExchange\r\n")).toBe(true);
  expect(file).toContain("СекцияДокумент=Платежное поручение");

  // The bank's statement: the same payment orders, debited.
  const statement = file.replace(/СекцияДокумент=Платежное поручение\r\n/g, (s) => `${s}ДатаСписано=05.12.2026\r\n`);
  await page.reload();
  await expect(batch.getByRole("row").filter({ hasText: shop })).toContainText(m("admin.payout.status.exported"));
  await page.getByLabel(m("admin.payout.import.file")).setInputFiles({ name: "statement.txt", mimeType: "text/plain", buffer: Buffer.from(statement, "utf8") });
  await page.getByRole("button", { name: m("admin.payout.import.submit") }).click();
  // The batch holds every shop owed money, other tests' shops too: each of its payment orders is confirmed.
  const orders = file.split("СекцияДокумент=Платежное поручение").length - 1;
  expect(orders).toBeGreaterThanOrEqual(1);
  await expect(page.getByRole("status").filter({ hasText: m("admin.payout.import.done", { confirmed: orders, failed: 0 }) })).toBeVisible();

  await page.goto(`${new URL(page.url()).pathname}?batch=${/auyl-payouts-(\d+)/.exec(download.suggestedFilename())![1]}`);
  await expect(page.locator("#batch").getByRole("row").filter({ hasText: shop })).toContainText(m("admin.payout.status.confirmed"));
  await expect(page.locator("#batch")).toContainText(m("admin.payout.status.confirmed"));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
