import { execFileSync } from "node:child_process";
import { expect, languageOf, localeText, test, type Language } from "./fixtures";

/**
 * Issue 6 §7 in the browser with JavaScript off on a 360 px phone: a seller
 * consents to a sales statement for a lender (a bad form first), the village's
 * coordinator finds it from the desk and opens the statement, which prints on
 * one A4 page without the site's header, navigation and footer; when the
 * seller withdraws, the coordinator's next look is refused.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
// Two people and a dozen pages on two shared cores.
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";
const e = (language: Language, key: string) => localeText(language, "evidence", key);

type World = { tokens: { coordinator: string; seller: string }; shopName: string };

/** The seller and coordinator, made in the server's database; retried while the server's start-up seeding holds the write lock. */
async function world(language: Language): Promise<World> {
  const n = String((test.info().retry * 10 + 1) % 100);
  for (let attempt = 1; ; attempt++) {
    try {
      const out = execFileSync("npx", ["tsx", "tests/e2e/support/evidence-world.ts", language, n], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as World;
    } catch (error) {
      if (attempt >= 6 || !String((error as { stderr?: unknown }).stderr ?? error).includes("database is locked")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

test("a seller consents, the coordinator prints the statement on one A4 page, withdrawing closes it", async ({ browser }, info) => {
  const language = languageOf(info.project.use.locale);
  const w = await world(language);
  const baseURL = info.project.use.baseURL ?? "http://127.0.0.1:3100";
  const open = async (token: string) => {
    const context = await browser.newContext({ locale: info.project.use.locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: "sid", value: token, url: baseURL }]);
    return context.newPage();
  };
  const fits = async (page: Awaited<ReturnType<typeof open>>) => expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);
  const purpose = `Auyl Amanaty ${Date.now() % 100000}`;

  const seller = await open(w.tokens.seller);
  await seller.goto("/seller");
  await seller.getByRole("link", { name: e(language, "seller.link") }).click();
  await expect(seller.getByRole("heading", { level: 1, name: e(language, "seller.title") })).toBeVisible();
  await fits(seller);
  await seller.getByRole("button", { name: e(language, "form.give") }).click();
  await expect(seller.getByText(e(language, "errors.purpose_required"))).toBeVisible();
  await seller.getByLabel(e(language, "form.purpose")).fill(purpose);
  await seller.getByRole("button", { name: e(language, "form.give") }).click();
  await expect(seller.getByText(e(language, "done.given"))).toBeVisible();
  await expect(seller.getByText(purpose)).toBeVisible();

  const coordinator = await open(w.tokens.coordinator);
  await coordinator.goto("/coordinator/besagash");
  await coordinator.getByRole("link", { name: e(language, "coordinator.link") }).click();
  const row = coordinator.getByRole("row").filter({ hasText: purpose });
  await expect(row).toContainText(w.shopName);
  await fits(coordinator);
  await row.getByRole("link", { name: e(language, "coordinator.open") }).click();
  await expect(coordinator.getByRole("heading", { level: 1, name: e(language, "pack.title") })).toBeVisible();
  await expect(coordinator.getByText(/AH-\d+-\d{8}-[0-9A-F]{6}/).first()).toBeVisible();
  await expect(coordinator.getByRole("row")).toHaveCount(1 + 12 + 1);
  await fits(coordinator);

  await coordinator.emulateMedia({ media: "print" });
  await expect(coordinator.locator("header.top")).toBeHidden();
  await expect(coordinator.locator("footer.foot")).toBeHidden();
  await expect(coordinator.getByText(e(language, "pack.printHint"))).toBeHidden();
  const pdf = await coordinator.pdf({ format: "A4" });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g), "pages of the printed statement").toHaveLength(1);
  await coordinator.emulateMedia({ media: "screen" });

  await seller.getByRole("button", { name: e(language, "consents.withdraw") }).first().click();
  await expect(seller.getByText(e(language, "done.withdrawn"))).toBeVisible();
  const refused = await coordinator.reload();
  expect(refused?.status()).toBe(403);
  await expect(coordinator.getByRole("heading", { level: 1, name: e(language, "noConsent.title") })).toBeVisible();

  await seller.context().close();
  await coordinator.context().close();
});
