import { execFileSync } from "node:child_process";
import { expect, languageOf, localeText, test } from "./fixtures";

/**
 * Issue 17 §6 rolled up (decision 0035), in the browser with JavaScript off on a 360 px phone, in
 * kk, ru and en: an analyst of the Almaty region opens the region dashboard and reads the
 * Logistics section — shipments from Besagash's hub that arrived, on-time arrivals, the table by
 * carrier and its CSV link — from the rollup the real rebuild wrote.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";

test("an analyst of the region reads the logistics figures on the region dashboard", async ({ page, context }, info) => {
  const language = languageOf(info.project.use.locale);
  const a = (key: string) => localeText(language, "analytics", key);
  const l = (key: string) => localeText(language, "logistics", key);
  const n = String((info.retry * 10 + 70) % 100);
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/logistics-world.ts", language, n], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
  const world = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { token: string; shipments: number };
  expect(world.shipments).toBeGreaterThanOrEqual(3);
  await context.addCookies([{ name: "sid", value: world.token, url: info.project.use.baseURL ?? "http://127.0.0.1:3100" }]);

  await page.goto("/insights/regions/kz-19?months=3");
  const section = page.locator("section", { has: page.getByRole("heading", { level: 2, name: a("logisticsFigures.title"), exact: true }) });
  await expect(section).toBeVisible();
  const figure = (key: string) => section.getByRole("row", { name: new RegExp(`^${a(`logisticsFigures.${key}`).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).first();
  // The figures are numbers, not hidden: the region stands on many sellers.
  await expect(figure("shipmentsArrived").getByRole("cell").first()).toHaveText(/^\d[\d\s  ,.]*$/);
  await expect(figure("onTimeShare").getByRole("cell").first()).toHaveText(/\d.*%|%.*\d/);
  // The table by carrier names the cooperative's van and Kazpost in the reader's language.
  await expect(section.getByRole("rowheader", { name: l("shipping.carrierKind.coop_van"), exact: true })).toBeVisible();
  await expect(section.getByRole("rowheader", { name: l("shipping.carrierKind.kazpost"), exact: true })).toBeVisible();
  await expect(section.getByRole("link", { name: a("csv.download") })).toHaveAttribute("href", /table=carriers/);
  expect(await page.locator("script[src]").count(), "an insights page loads JavaScript").toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);
});
