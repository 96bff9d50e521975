import { execFileSync } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import sharp from "sharp";
import { expect, localeText, statusConsoleError, test, type Language } from "./fixtures";

/**
 * Issue 4's seller journey on a 360×640 phone: an approved seller lists a
 * chair ("Ағаш орындық") with three photos, sees it in their list, and
 * changes its price and stock in place — with JavaScript off (the plain
 * multipart form), and with it on (photos downscaled and uploaded first,
 * with progress). Each language and mode uses its own seller.
 */
const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db"; // the e2e server's database (playwright.config.ts)
const PHONE: Record<Language, string> = { kk: "1", ru: "2", en: "3" };
const CHAIRS: Record<Language, string> = { kk: "Үстел мен орындық", ru: "Столы и стулья", en: "Tables and chairs" };

const text = (language: Language, key: string) => localeText(language, "catalog", key);

function approvedSeller(phone: string, language: Language): string {
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/approved-seller.ts", phone, "besagash", "Асқар Ағашшы", language], {
    env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" },
    encoding: "utf8",
  });
  return (JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { token: string }).token;
}

/**
 * Three camera-sized JPEGs with grain, about the size a phone makes them
 * (made here: no binary fixtures in the repository).
 */
async function photos() {
  return Promise.all(
    [0, 1, 2].map(async (index) => ({
      name: `IMG_2026110${index}.jpg`,
      mimeType: "image/jpeg",
      buffer: await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 140, g: 90 + index * 30, b: 50 }, noise: { type: "gaussian", mean: 110 + index * 20, sigma: 25 } } })
        .jpeg({ quality: 88 })
        .toBuffer(),
    })),
  );
}

/** Console errors, page errors and failed requests of a page made here (the fixture watches only its own page). */
const pageErrors = new WeakMap<Page, string[]>();

async function phonePage(browser: Browser, locale: string | undefined, javaScriptEnabled: boolean, token: string): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  await context.addCookies([{ name: "sid", value: token, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  pageErrors.set(page, errors);
  return page;
}

/**
 * With JavaScript off, Chromium still sees the hydrating page's module
 * preloads and refuses to fetch them: expected, not an error of the page.
 */
const SCRIPTS_REFUSED_WITHOUT_JS = /^request failed: \S+\/assets\/\S+\.js \(csp\)$/;

async function closeClean(page: Page, allowed: RegExp[] = []) {
  const errors = (pageErrors.get(page) ?? []).filter((error) => !allowed.some((pattern) => pattern.test(error)));
  await page.context().close();
  expect(errors, "the page logged errors").toEqual([]);
}

async function listAChair(page: Page, language: Language) {
  await page.goto("/seller/listings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text(language, "list.title"));
  await page.getByRole("link", { name: text(language, "list.new") }).click();
  await expect(page).toHaveURL("/seller/listings/new");
  // Nothing on the form is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await page.getByLabel(text(language, "form.title"), { exact: true }).fill("Ағаш орындық");
  await page.getByLabel(text(language, "form.language")).selectOption("kk");
  const category = page.getByLabel(text(language, "form.category"));
  const chairs = await category.locator("option", { hasText: CHAIRS[language] }).getAttribute("value");
  await category.selectOption(chairs ?? "");
  await page.getByLabel(text(language, "form.price"), { exact: true }).fill("25 000");
  await page.getByLabel(text(language, "form.stock"), { exact: true }).fill("3");
  await page.getByLabel(text(language, "form.photos")).setInputFiles(await photos());
  await page.getByLabel(text(language, "form.description"), { exact: true }).fill("Емен ағашынан, лакпен жабылған");
}

async function checkListedAndEdit(page: Page, language: Language, scripted = false) {
  // Three phone photos are re-encoded in three widths each: slow when the two cores are shared.
  await expect(page).toHaveURL(/\/seller\/listings\?done=created#listing-\d+$/, { timeout: 90_000 });
  await expect(page.getByRole("status")).toHaveText(text(language, "done.created"));
  const row = page.locator(".listing-row").filter({ hasText: "Ағаш орындық" });
  await expect(row).toHaveCount(1);
  await expect(row.locator(".status")).toHaveText(text(language, "status.active"));
  // The first photo shows as the row's thumbnail, served by the app.
  const thumbnail = row.locator("img").first();
  await expect(thumbnail).toHaveAttribute("src", /^\/photos\/[0-9a-f]{64}-320\.webp$/);
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  // Price and stock changed in place: zero stock sells it out.
  await row.getByLabel(text(language, "list.price"), { exact: false }).fill("27 500");
  await row.getByLabel(text(language, "list.stock"), { exact: true }).fill("0");
  await row.getByRole("button", { name: text(language, "list.saveQuick") }).click();
  await expect(page.getByRole("status")).toHaveText(text(language, "done.quick_saved"));
  const updated = page.locator(".listing-row").filter({ hasText: "Ағаш орындық" });
  await expect(updated.locator(".status")).toHaveText(text(language, "status.sold_out"));
  await expect(updated.getByLabel(text(language, "list.price"), { exact: false })).toHaveValue("27500");

  // The edit screen has the three photos in the order chosen.
  await updated.getByRole("link", { name: "Ағаш орындық" }).click();
  await expect(page.locator(".photo-list img")).toHaveCount(3);

  // Issue 19 §3: a sold-out listing's page still answers, so the edit screen offers to share it: the
  // address to copy (a Copy button only once the page's script runs), plain messenger links, a QR code.
  const share = (key: string) => localeText(language, "storefront", `share.${key}`);
  const block = page.getByRole("region", { name: share("listingHeading") });
  await expect(block.getByLabel(share("link"), { exact: true })).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/listings\/\d+$/);
  await expect(block.getByRole("link", { name: share("whatsapp") })).toHaveAttribute("href", /^https:\/\/wa\.me\/\?text=/);
  await expect(block.getByRole("link", { name: share("telegram") })).toHaveAttribute("href", /^https:\/\/t\.me\/share\/url\?url=http/);
  await expect(block.locator(".qr svg")).toBeVisible();
  await expect(block.getByRole("button", { name: share("copy") })).toHaveCount(scripted ? 1 : 0);
}

test.describe("a seller lists a chair on a 360 px phone", () => {
  test("with JavaScript off: one multipart form with three photos", async ({ browser, language, locale }) => {
    test.setTimeout(240_000);
    const token = approvedSeller(`+770177701${test.info().retry % 10}${PHONE[language]}`, language);
    const page = await phonePage(browser, locale, false, token);
    const started = Date.now();
    await listAChair(page, language);
    await page.getByRole("button", { name: text(language, "form.publish") }).click();
    await checkListedAndEdit(page, language);
    test.info().annotations.push({ type: "seconds to list and edit (JS off)", description: String((Date.now() - started) / 1000) });
    await closeClean(page, [SCRIPTS_REFUSED_WITHOUT_JS]);
  });

  test("a photo that is not an image gets a translated error and everything typed is kept", async ({ browser, language, locale }) => {
    test.setTimeout(240_000);
    const token = approvedSeller(`+770177703${test.info().retry % 10}${PHONE[language]}`, language);
    const page = await phonePage(browser, locale, false, token);
    await listAChair(page, language);
    const [first] = await photos();
    await page.getByLabel(text(language, "form.photos")).setInputFiles([first!, { name: "chair.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<html>not a photo</html>") }]);
    await page.getByRole("button", { name: text(language, "form.publish") }).click();
    const photosInput = page.getByLabel(text(language, "form.photos"));
    await expect(photosInput).toHaveAttribute("aria-invalid", "true", { timeout: 60_000 });
    await expect(page.locator(".photo-problems")).toContainText(text(language, "errors.photo.not_an_image"));
    await expect(page.getByLabel(text(language, "form.title"), { exact: true })).toHaveValue("Ағаш орындық");
    await expect(page.getByLabel(text(language, "form.price"), { exact: true })).toHaveValue("25 000");
    // The good photo is kept; sent again without choosing files, the listing is made with it.
    await expect(page.locator(".kept img")).toHaveCount(1);
    await page.getByRole("button", { name: text(language, "form.publish") }).click();
    await expect(page).toHaveURL(/done=created/, { timeout: 90_000 });
    await closeClean(page, [statusConsoleError(400), SCRIPTS_REFUSED_WITHOUT_JS]);
  });

  test("wrong fields are answered before the photos are read: typed text kept, the photos asked for again (issue 13 §8)", async ({ browser, language, locale }) => {
    test.setTimeout(240_000);
    const token = approvedSeller(`+770177704${test.info().retry % 10}${PHONE[language]}`, language);
    const page = await phonePage(browser, locale, false, token);
    await listAChair(page, language);
    await page.getByLabel(text(language, "form.price"), { exact: true }).fill("жиырма");
    await page.getByRole("button", { name: text(language, "form.publish") }).click();
    await expect(page.getByLabel(text(language, "form.price"), { exact: true })).toHaveAttribute("aria-invalid", "true", { timeout: 60_000 });
    await expect(page.getByLabel(text(language, "form.price"), { exact: true })).toHaveValue("жиырма");
    await expect(page.getByLabel(text(language, "form.title"), { exact: true })).toHaveValue("Ағаш орындық");
    // Not one photo was decoded or kept: each is named, to be chosen again.
    await expect(page.locator("#photos-error")).toHaveText(text(language, "errors.photos_not_read"));
    await expect(page.locator(".photo-problems li")).toHaveCount(3);
    await expect(page.locator(".photo-problems li").first()).toContainText(text(language, "errors.photo.not_read"));
    await expect(page.locator(".kept img")).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByLabel(text(language, "form.price"), { exact: true }).fill("25 000");
    await page.getByLabel(text(language, "form.photos")).setInputFiles(await photos());
    await page.getByRole("button", { name: text(language, "form.publish") }).click();
    await checkListedAndEdit(page, language);
    await closeClean(page, [statusConsoleError(400), SCRIPTS_REFUSED_WITHOUT_JS]);
  });

  test("with JavaScript on, a photo answered 429 (other uploads of the person running) is sent again after the wait (issue 13 §4)", async ({ browser, language, locale }) => {
    test.setTimeout(240_000);
    const token = approvedSeller(`+770177705${test.info().retry % 10}${PHONE[language]}`, language);
    const page = await phonePage(browser, locale, true, token);
    let answered429 = 0;
    await page.route("**/seller/listings/photos", async (route) => {
      if (answered429 > 0) return route.continue();
      answered429 += 1;
      await route.fulfill({ status: 429, headers: { "Retry-After": "1" }, contentType: "application/json", body: JSON.stringify({ error: text(language, "errors.photo.busy") }) });
    });
    await listAChair(page, language);
    await expect(page.locator("form[data-enhanced='uploads']")).toBeAttached();
    await page.getByRole("button", { name: text(language, "form.publish") }).click();
    await expect(page.locator("[data-upload-status]")).toContainText(text(language, "upload.busy").replace("{{current}}", "1"));
    await checkListedAndEdit(page, language);
    expect(answered429).toBe(1);
    await closeClean(page, [statusConsoleError(429)]);
  });

  test("with JavaScript on: photos downscaled and uploaded first, with progress", async ({ browser, language, locale }) => {
    test.setTimeout(240_000);
    const token = approvedSeller(`+770177702${test.info().retry % 10}${PHONE[language]}`, language);
    const page = await phonePage(browser, locale, true, token);
    const uploads: number[] = [];
    // Each upload waits a little, as on a slow network, so the progress can be seen.
    await page.route("**/seller/listings/photos", async (route) => {
      uploads.push(route.request().postDataBuffer()?.byteLength ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    const originals = (await photos()).map((p) => p.buffer.byteLength);
    const started = Date.now();
    await listAChair(page, language);
    // Hydrated: the page's script is in charge of the form (React has run its effects, not just loaded).
    await expect(page.locator("form[data-enhanced='uploads']")).toBeAttached();
    await page.getByRole("button", { name: text(language, "form.publish") }).click();
    await expect(page.locator("[data-upload-status]")).toBeVisible();
    await expect(page.locator("[data-upload-status] progress")).toBeVisible();
    await checkListedAndEdit(page, language, true);
    // Three uploads, each far smaller than the 2400×1800 original once downscaled to 1600 px.
    expect(uploads).toHaveLength(3);
    uploads.forEach((bytes, index) => expect(bytes).toBeLessThan(originals[index]! * 0.75));
    test.info().annotations.push({ type: "bytes uploaded (JS on) vs original", description: `${uploads.join(", ")} vs ${originals.join(", ")}` });
    test.info().annotations.push({ type: "seconds to list and edit (JS on)", description: String((Date.now() - started) / 1000) });
    await closeClean(page);
  });
});
