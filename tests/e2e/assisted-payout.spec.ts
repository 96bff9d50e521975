import { execFileSync } from "node:child_process";
import { expect, languageOf, localeText, statusConsoleError, test, type Language } from "./fixtures";

/**
 * Issue 15 §2 in the browser with JavaScript off on a 360 px phone: Besagash's
 * coordinator opens an assisted seller's payout account from the desk, sends
 * a mistyped IBAN (a translated 400 keeping what was typed, the consent note
 * included), then the right one, and sees it saved and shown masked.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";
const m = (language: Language, key: string) => localeText(language, "money", key);
const IBAN = "KZ86125KZT5004100100";

type World = { token: string; sellerId: number; shop: string | null };

/** The coordinator and the assisted seller, made in the server's database; retried while start-up seeding holds the write lock. */
async function world(language: Language): Promise<World> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = execFileSync("npx", ["tsx", "tests/e2e/support/assisted-payout-world.ts", language, String(test.info().retry)], {
        env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as World;
    } catch (error) {
      if (attempt >= 6 || !String((error as { stderr?: unknown }).stderr ?? error).includes("database is locked")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

test("the coordinator records an assisted seller's payout account with the seller's consent", async ({ page, context, consoleErrors }, info) => {
  // The mistyped IBAN is answered 400 on purpose.
  consoleErrors.allow(statusConsoleError(400));
  const language = languageOf(info.project.use.locale);
  const w = await world(language);
  await context.addCookies([{ name: "sid", value: w.token, url: info.project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);

  await page.goto("/coordinator/besagash");
  await page.locator(`a[href="/coordinator/besagash/payout/${w.sellerId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/coordinator/besagash/payout/${w.sellerId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await fits();

  const consent = `Consent ${Date.now() % 100000}: asked at the hub`;
  await page.getByLabel(m(language, "seller.destination.iban")).fill("KZ87 125K ZT50 0410 0100");
  await page.getByLabel(m(language, "seller.destination.holderName")).fill("Гүлнар Сейітова");
  await page.getByLabel(m(language, "seller.destination.holderTaxId")).fill("921029350851");
  await page.getByLabel(m(language, "seller.destination.assist.consent")).fill(consent);
  const refused = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: m(language, "seller.destination.save") }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.getByText(m(language, "payouts.errors.iban_checksum"))).toBeVisible();
  await expect(page.getByLabel(m(language, "seller.destination.iban"))).toHaveValue("KZ87 125K ZT50 0410 0100");
  await expect(page.getByLabel(m(language, "seller.destination.assist.consent"))).toHaveValue(consent);
  await fits();

  await page.getByLabel(m(language, "seller.destination.iban")).fill(IBAN);
  await page.getByRole("button", { name: m(language, "seller.destination.save") }).click();
  await expect(page.getByText(m(language, "seller.destination.assist.saved"))).toBeVisible();
  await expect(page.getByText("KZ86 •••• •••• ••••0100")).toBeVisible();
  await expect(page.getByText(IBAN)).toHaveCount(0);
  await fits();
});
