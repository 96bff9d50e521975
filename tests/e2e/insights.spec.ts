import { execFileSync } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import { expect, languageOf, localeText, test, type Language } from "./fixtures";

/**
 * Issue 6's "done when", in the browser with JavaScript off, in kk, ru and en,
 * on the demo history the server writes at start (db/seed/demo-history.ts):
 * the coordinator of Besagash opens the village dashboard; an analyst of the
 * Almaty region compares its villages on a phone, sees Besagash pass the
 * e-commerce village test, drills into it, downloads the CSV (UTF-8 with a
 * BOM, headers in the reader's language) and gets the same numbers from the
 * JSON API with a token made on the tokens page.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";
const BESAGASH: Record<Language, string> = { kk: "Бесағаш", ru: "Бесагаш", en: "Besagash" };

type World = { tokens: { analyst: string; coordinator: string } };

function world(language: Language): World {
  const n = String((test.info().retry * 10 + 1) % 100);
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/insights-world.ts", language, n], {
    env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as World;
}

async function signedIn(browser: Browser, token: string, viewport = { width: 360, height: 640 }): Promise<Page> {
  const info = test.info();
  const context = await browser.newContext({ locale: info.project.use.locale, javaScriptEnabled: false, viewport, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  await context.addCookies([{ name: "sid", value: token, url: info.project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);
}

async function noScripts(page: Page) {
  expect(await page.locator("script[src]").count(), "an insights page loads JavaScript").toBe(0);
}

test("the coordinator of Besagash opens the village dashboard from the desk", async ({ browser }, info) => {
  const language = languageOf(info.project.use.locale);
  const i = (key: string) => localeText(language, "insights", key);
  const w = world(language);
  const page = await signedIn(browser, w.tokens.coordinator);
  await page.goto("/coordinator/besagash");
  await page.getByRole("link", { name: i("village.link") }).click();
  await expect(page).toHaveURL(/\/coordinator\/besagash\/insights$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(BESAGASH[language]);
  await expect(page.getByRole("heading", { name: i("service.title") })).toBeVisible();
  // Eighteen months of history: the 12-month period has a chart and a bar per month.
  await page.getByLabel(i("period.label")).selectOption("12");
  await page.getByRole("button", { name: i("period.show") }).click();
  await expect(page).toHaveURL(/months=12/);
  expect(await page.locator("svg rect").count()).toBeGreaterThanOrEqual(12);
  await noScripts(page);
  await fitsThePhone(page);
});

test("an analyst of the region compares villages, drills into the e-commerce village, downloads the CSV and reads the same figures from the API", async ({ browser, playwright }, info) => {
  const language = languageOf(info.project.use.locale);
  const a = (key: string) => localeText(language, "analytics", key);
  const api = (key: string) => localeText(language, "api", key);
  const w = world(language);
  const page = await signedIn(browser, w.tokens.analyst);

  // The menu's Insights link sends a region's analyst to their region.
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: a("nav") }).click();
  await expect(page).toHaveURL(/\/insights\/regions\/kz-19(\?|$)/);
  await expect(page.getByRole("heading", { level: 2, name: a("status.title") })).toBeVisible();
  await noScripts(page);
  await fitsThePhone(page);

  // Villages ranked: Besagash passes the test (the demo's 112 workshops), and it is first by GMV.
  const villages = page.locator("section", { has: page.getByRole("heading", { name: a("tables.villagesOfRegion") }) });
  const besagash = villages.getByRole("row").filter({ has: page.getByRole("link", { name: BESAGASH[language], exact: true }) });
  await expect(besagash).toContainText(a("tier.ecommerce"));
  await expect(villages.getByRole("row").nth(1)).toContainText(BESAGASH[language]);

  // Another analyst's region is closed to this one.
  const elsewhere = await page.request.get("/insights/regions/kz-61");
  expect(elsewhere.status()).toBe(403);

  // Drill into Besagash.
  await besagash.getByRole("link", { name: BESAGASH[language], exact: true }).click();
  await expect(page).toHaveURL(/\/insights\/villages\/besagash/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(BESAGASH[language]);
  await expect(page.locator(".badge").first()).toHaveText(a("tier.ecommerce"));
  await fitsThePhone(page);

  // The summary's CSV: a BOM so a spreadsheet reads UTF-8, headers and labels in the reader's language.
  const summary = page.locator("section", { has: page.getByRole("heading", { name: a("summary.title") }) });
  const href = await summary.getByRole("link", { name: a("csv.download") }).getAttribute("href");
  expect(href).toBeTruthy();
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toMatch(/text\/csv/);
  const bytes = await download.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString("utf8");
  const [header, ...lines] = csv.trim().split("\r\n");
  expect(header).toContain(a("column.metric"));
  const gmvLine = lines.find((line) => line.startsWith(`"${a("column.gmv")}"`) || line.startsWith(`${a("column.gmv")},`));
  expect(gmvLine, `no GMV row in ${csv.slice(0, 300)}`).toBeTruthy();
  const csvGmv = gmvLine!.split(",").at(-2)!.replace(/"/g, "");
  expect(csvGmv).toMatch(/^\d+\.\d{2}$/);

  // A token from the tokens page, shown once; the API answers the same GMV in tiyn.
  await page.getByRole("link", { name: api("tokens.title") }).click();
  await page.getByLabel(api("tokens.label")).fill(`e2e ${language}`);
  await page.getByRole("button", { name: api("tokens.create") }).click();
  const token = (await page.locator("code.api-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^auyl_/);
  await fitsThePhone(page);
  const client = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  const answer = await client.get("/api/v1/villages/besagash?months=6", { headers: { Authorization: `Bearer ${token}` } });
  expect(answer.status()).toBe(200);
  const json = (await answer.json()) as { totals: { gmvTiyn: number | string } };
  expect(typeof json.totals.gmvTiyn).toBe("number");
  expect((Number(json.totals.gmvTiyn) / 100).toFixed(2)).toBe(csvGmv);
  // Without the token, or for another region, the API refuses.
  expect((await client.get("/api/v1/villages/besagash")).status()).toBe(401);
  expect((await client.get("/api/v1/regions/kz-61", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(403);
  await client.dispose();
});
