import { execFileSync } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import sharp from "sharp";
import { expect, expectLanguage, localeText, test, type Language } from "./fixtures";

/**
 * Issue 4's buyer journey on a 360×640 phone with JavaScript off: an approved
 * seller of Besagash lists a chair with three photos through the app's own
 * listing form; a buyer finds it by орындық, by орындык (no Kazakh letters),
 * by oryndyq (Latin) and by filtering by its village, and opens it in
 * Kazakh, Russian and English. No buyer page loads JavaScript or asks
 * another host for anything.
 */
// The e2e server's database (playwright.config.ts); E2E_DATABASE_PATH when run beside another e2e server.
const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";
const PHONE: Record<Language, string> = { kk: "+77017780101", ru: "+77017780102", en: "+77017780103" };
// A chair per project (they share the server): the same words, a number to tell them apart.
const TITLE: Record<Language, string> = { kk: "Ағаш орындық, қайың №71", ru: "Ағаш орындық, қайың №72", en: "Ағаш орындық, қайың №73" };
/** A retry lists its own chair: the first attempt's chair, of the same title, is still in the catalog. */
const titleOf = (language: Language, retry: number) => (retry ? `${TITLE[language]}-${retry}` : TITLE[language]);
const BESAGASH: Record<Language, string> = { kk: "Бесағаш", ru: "Бесагаш", en: "Besagash" };
const CHAIRS: Record<Language, string> = { kk: "Үстел мен орындық", ru: "Столы и стулья", en: "Tables and chairs" };
const LANGUAGE_NAME: Record<Language, string> = { kk: "Қазақша", ru: "Русский", en: "English" };

const store = (language: Language, key: string) => localeText(language, "storefront", key);
const catalogText = (language: Language, key: string) => localeText(language, "catalog", key);

function approvedSeller(language: Language): string {
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/approved-seller.ts", PHONE[language], "besagash", "Асқар Ағашшы", language], {
    env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" },
    encoding: "utf8",
  });
  return (JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { token: string }).token;
}

/** Three camera-sized JPEGs of different tones, made here. */
function photos() {
  return Promise.all(
    [
      { r: 150, g: 100, b: 60 },
      { r: 100, g: 70, b: 40 },
      { r: 210, g: 180, b: 130 },
    ].map(async (background, index) => ({
      name: `IMG_2026112${index}.jpg`,
      mimeType: "image/jpeg",
      buffer: await sharp({ create: { width: 2000, height: 1500, channels: 3, background } }).jpeg({ quality: 90 }).toBuffer(),
    })),
  );
}

async function phone(browser: Browser, locale: string | undefined): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

/** The seller lists the chair through /seller/listings/new (a plain multipart form with JavaScript off). */
async function listChair(browser: Browser, locale: string | undefined, language: Language, baseURL: string): Promise<void> {
  const token = approvedSeller(language);
  const page = await phone(browser, locale);
  await page.context().addCookies([{ name: "sid", value: token, url: baseURL }]);
  await page.goto("/seller/listings/new");
  await page.getByLabel(catalogText(language, "form.title"), { exact: true }).fill(titleOf(language, test.info().retry));
  await page.getByLabel(catalogText(language, "form.language")).selectOption("kk");
  const category = page.getByLabel(catalogText(language, "form.category"));
  await category.selectOption((await category.locator("option", { hasText: CHAIRS[language] }).getAttribute("value")) ?? "");
  await page.getByLabel(catalogText(language, "form.price"), { exact: true }).fill("25 000");
  await page.getByLabel(catalogText(language, "form.stock"), { exact: true }).fill("3");
  await page.getByLabel(catalogText(language, "form.description"), { exact: true }).fill("Қайыңнан қолмен жасалған, лакпен жабылған.");
  await page.getByLabel(catalogText(language, "form.photos")).setInputFiles(await photos());
  await page.getByRole("button", { name: catalogText(language, "form.publish") }).click();
  await expect(page).toHaveURL(/done=created/);
  await page.context().close();
}

/** Fails the test if a buyer page loaded a script, or anything came from another host. */
function watchRequests(page: Page, origin: string) {
  const foreign: string[] = [];
  const scripts: string[] = [];
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  // A photo still loading when the buyer moves on is cancelled by the browser (net::ERR_ABORTED): nothing failed.
  page.on("requestfailed", (request) => {
    if (request.failure()?.errorText !== "net::ERR_ABORTED") errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin && url.protocol !== "data:") foreign.push(url.href);
    if (request.resourceType() === "script" || /\.m?js$/.test(url.pathname)) scripts.push(url.href);
  });
  return async () => {
    // schema.org data blocks (issue 19) are data, never run: any other script element is one too many.
    await expect(page.locator('script:not([type="application/ld+json"])')).toHaveCount(0);
    await expect(page.locator('link[rel="modulepreload"]')).toHaveCount(0);
    expect(foreign, "requests to other hosts").toEqual([]);
    expect(scripts, "JavaScript loaded").toEqual([]);
    expect(errors, "the page logged errors").toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);
  };
}

test("a buyer finds a chair by орындық, орындык, oryndyq and by its village, and reads it in kk, ru and en", async ({
  browser,
  language,
  locale,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL ?? "").origin;
  await listChair(browser, locale, language, origin);

  const page = await phone(browser, locale);
  const check = watchRequests(page, origin);
  const title = titleOf(language, test.info().retry);

  // Search from the home page's box, however the word is typed.
  for (const typed of ["орындық", "орындык", "oryndyq"]) {
    await page.goto("/");
    await expectLanguage(page, language);
    await page.getByLabel(store(language, "search.label")).fill(typed);
    await page.getByRole("button", { name: store(language, "search.button") }).click();
    await expect(page).toHaveURL(/\/catalog\?q=/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(typed);
    await expect(page.getByRole("link", { name: new RegExp(title) })).toBeVisible();
    await check();
  }

  // Filtering by the village with the GET form (the filters fold away on a phone).
  await page.goto("/catalog");
  await page.locator("summary", { hasText: store(language, "catalog.filters") }).click();
  await page.getByLabel(store(language, "catalog.village")).selectOption({ label: BESAGASH[language] });
  await page.getByRole("button", { name: store(language, "catalog.apply") }).click();
  await expect(page).toHaveURL(/village=besagash/);
  const card = page.getByRole("link", { name: new RegExp(title) });
  await expect(card).toBeVisible();
  await check();

  // The listing in the project's language, then in the other two.
  await card.click();
  await expect(page).toHaveURL(/\/listings\/\d+$/);
  const order: Language[] = [language, ...(["kk", "ru", "en"] as Language[]).filter((l) => l !== language)];
  for (const reader of order) {
    if (reader !== language) await page.getByRole("button", { name: LANGUAGE_NAME[reader] }).click();
    await expectLanguage(page, reader);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toHaveText(title);
    if (reader === "kk") {
      await expect(heading).not.toHaveAttribute("lang");
    } else {
      // Written in Kazakh, not translated: marked as Kazakh, with a note in the reader's language.
      await expect(heading).toHaveAttribute("lang", "kk");
      await expect(page.getByText(store(reader, "listing.originalNote.kk"))).toBeVisible();
    }
    await expect(page.getByRole("main")).toContainText(store(reader, "listing.price"));
    await expect(page.getByRole("main")).toContainText(/25[\s\u00a0\u202f,]?000/);
    await expect(page.getByRole("link", { name: BESAGASH[reader] }).first()).toBeVisible();
    await expect(page.getByRole("link", { name: "Асқар Ағашшы" })).toBeVisible();
    // Three photos, each a responsive WebP from the app; the first not lazy, the rest lazy.
    const images = page.locator("main img");
    await expect(images).toHaveCount(3);
    await expect(images.first()).toHaveAttribute("srcset", /-320\.webp 320w, .*-640\.webp 640w, .*-1280\.webp 1280w$/);
    await expect(images.nth(1)).toHaveAttribute("loading", "lazy");
    await check();
  }

  // The seller's page and the village's storefront, a tap away; both list the chair.
  await page.getByRole("link", { name: "Асқар Ағашшы" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Асқар Ағашшы");
  await expect(page.getByRole("link", { name: new RegExp(title) })).toBeVisible();
  await check();
  await page.getByRole("link", { name: new RegExp(BESAGASH[order.at(-1) ?? language]) }).first().click();
  await expect(page).toHaveURL(/\/villages\/besagash$/);
  await expect(page.getByRole("link", { name: new RegExp(title) })).toBeVisible();
  // The village lists its producers (the first 30 of the demo's hundred-odd workshops, verified first).
  await expect(page.locator(".producers").getByRole("link").first()).toBeVisible();
  await check();
  await page.context().close();
});
