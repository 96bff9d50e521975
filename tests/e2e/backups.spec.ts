import { execFileSync } from "node:child_process";
import { expect, languageOf, localeText, test } from "./fixtures";

/**
 * DB-06 in the browser, with JavaScript off on a 360 px phone, in kk, ru and
 * en: an admin opens Backups from the admin page, backs up now (the e2e
 * server runs in production mode, so backups go to `backups/` beside its
 * database), and sees the backup listed as checked once the command is done.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";

test("an admin backs the site up from the backups page and sees the backup checked", async ({ browser }, info) => {
  const language = languageOf(info.project.use.locale);
  const m = (key: string) => localeText(language, "money", key);
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/admin-session.ts", language, String(info.retry)], {
    env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" },
    encoding: "utf8",
  });
  const { token } = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { token: string };
  const context = await browser.newContext({ locale: info.project.use.locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  await context.addCookies([{ name: "sid", value: token, url: info.project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  const page = await context.newPage();

  await page.goto("/admin");
  await page.getByRole("link", { name: m("backups.link") }).click();
  await expect(page).toHaveURL(/\/admin\/backups$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(m("backups.title"));

  await page.getByRole("button", { name: m("backups.now") }).click();
  await expect(page).toHaveURL(/\/admin\/backups\?done=(started|running)$/);
  // Another language's test may have started one a moment before: either way the page says so.
  const either = [m("backups.started"), m("backups.already")].map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  await expect(page.getByRole("status").filter({ hasText: new RegExp(either) })).toBeVisible();

  // The backup runs in a child process: reload, as a person would, until it is listed as checked.
  await expect(async () => {
    await page.goto("/admin/backups");
    await expect(page.getByRole("status").filter({ hasText: m("backups.running") })).toHaveCount(0, { timeout: 1000 });
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows.nth(1).getByRole("cell").last()).toContainText(m("backups.yes"), { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText(/auyl-\d{4}-\d{2}-\d{2}T[\d-]+Z\.db/);

  expect(await page.locator("script[src]").count(), "the backups page loads no JavaScript").toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);
  await context.close();
});
