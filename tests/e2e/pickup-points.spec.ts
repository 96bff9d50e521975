import type { Browser, Page } from "@playwright/test";
import { coordinatorSession } from "./support/coordinator-session";
import { signInThroughOutbox } from "./support/sign-in";
import { expect, expectLanguage, localeText, statusConsoleError, test, type Language } from "./fixtures";

/**
 * Issue 5, part 1, on a 360×640 phone with JavaScript off: a coordinator of
 * Besagash adds a pickup point (a mistake first: the form comes back with
 * what was typed) and appoints an operator by phone; the operator finds it
 * at /operator from the header; a buyer finds it at /pickup-points by region
 * and village, on a page that loads no script. Each language and retry uses
 * its own phones and point name, so the three projects can run at once.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

const SUFFIX: Record<Language, string> = { kk: "1", ru: "2", en: "3" };
const BESAGASH: Record<Language, string> = { kk: "Бесағаш", ru: "Бесагаш", en: "Besagash" };

const text = (language: Language, key: string) => localeText(language, "logistics", key);

function phones(language: Language, retry: number) {
  const n = `${retry % 10}${SUFFIX[language]}`;
  return {
    coordinator: `+770155601${n}`,
    operator: { typed: `8 (701) 556-02-${n}`, shown: `+7 701 556 02 ${n}` },
    stranger: `8 701 556 03 ${n}`,
  };
}

async function phonePage(browser: Browser, locale: string | undefined, token?: string): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  if (token) await context.addCookies([{ name: "sid", value: token, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  return context.newPage();
}

async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);
}

test("a coordinator adds a pickup point and appoints its operator; the operator and a buyer see it", async ({ page, browser, language, locale, consoleErrors }) => {
  test.setTimeout(180_000);
  // The mistakes below are answered 400 on purpose (the form comes back with its errors).
  consoleErrors.allow(statusConsoleError(400));
  const retry = test.info().retry;
  const phone = phones(language, retry);
  const pointName = `Дүкен ${language.toUpperCase()}-${retry} «Алма»`;
  const address = `Бесағаш ауылы, Абай көшесі, ${10 + Number(SUFFIX[language])}`;
  const hours = "Дс–Сб 09:00–19:00";

  // 1. The future operator signs in once: appointing needs an account.
  const operator = await phonePage(browser, locale);
  await signInThroughOutbox(operator, language, phone.operator);

  // 2. The coordinator opens the village desk, then its pickup points.
  const coordinator = await phonePage(browser, locale, coordinatorSession(phone.coordinator, language));
  await coordinator.goto("/coordinator/besagash");
  await expectLanguage(coordinator, language);
  await coordinator.getByRole("main").getByRole("link", { name: text(language, "coordinator.link") }).click();
  await expect(coordinator).toHaveURL("/coordinator/besagash/pickup-points");
  await fitsThePhone(coordinator);

  // A mistake: no address, 40 storage days. The form comes back with what was typed, and says why.
  await coordinator.getByLabel(text(language, "form.kind")).selectOption("hub_shop");
  await coordinator.getByLabel(text(language, "form.name")).fill(pointName);
  await coordinator.getByLabel(text(language, "form.openingHours")).fill(hours);
  await coordinator.getByLabel(text(language, "form.storageDays")).fill("40");
  await coordinator.getByRole("button", { name: text(language, "form.create") }).click();
  await expect(coordinator.getByLabel(text(language, "form.name"))).toHaveValue(pointName);
  await expect(coordinator.getByLabel(text(language, "form.storageDays"))).toHaveValue("40");
  await expect(coordinator.getByLabel(text(language, "form.address"))).toHaveAttribute("aria-invalid", "true");
  await expect(coordinator.getByText(text(language, "errors.address_required"))).toBeVisible();
  await expect(coordinator.getByText(text(language, "errors.storage_days"))).toBeVisible();

  await coordinator.getByLabel(text(language, "form.address")).fill(address);
  await coordinator.getByLabel(text(language, "form.storageDays")).fill("10");
  await coordinator.getByRole("button", { name: text(language, "form.create") }).click();
  await expect(coordinator).toHaveURL(/\/coordinator\/besagash\/pickup-points\/\d+\?done=created$/);
  await expect(coordinator.getByRole("status")).toHaveText(text(language, "coordinator.done.created"));
  await fitsThePhone(coordinator);

  // 3. Appointing: a number nobody signed in with is refused, in the reader's language; then the operator.
  const phoneField = coordinator.getByLabel(text(language, "coordinator.phone"));
  await phoneField.fill(phone.stranger);
  await coordinator.getByRole("button", { name: text(language, "coordinator.appoint") }).click();
  await expect(phoneField).toHaveValue(phone.stranger);
  await expect(phoneField).toHaveAttribute("aria-invalid", "true");
  await expect(coordinator.getByText(text(language, "errors.operator_not_found"))).toBeVisible();
  await phoneField.fill(phone.operator.typed);
  await coordinator.getByRole("button", { name: text(language, "coordinator.appoint") }).click();
  await expect(coordinator.getByRole("status")).toHaveText(text(language, "coordinator.done.appointed"));
  await expect(coordinator.getByRole("main").locator(".list li")).toContainText(phone.operator.shown);

  // 4. The operator finds the point from the header.
  await operator.goto("/");
  await operator.getByRole("navigation").getByRole("link", { name: text(language, "operator.nav"), exact: true }).click();
  await expect(operator).toHaveURL("/operator");
  await expectLanguage(operator, language);
  const mine = operator.locator("section.panel").filter({ hasText: pointName });
  await expect(mine).toContainText(address);
  await expect(mine).toContainText(hours);
  await expect(mine).toContainText(BESAGASH[language]);
  await fitsThePhone(operator);

  // 5. A buyer, signed out, finds it by region and village, on a page without scripts.
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(request.url());
  });
  await page.goto("/pickup-points");
  await expectLanguage(page, language);
  await page.getByLabel(text(language, "buyer.region"), { exact: true }).selectOption("kz-19");
  await page.getByLabel(text(language, "buyer.village"), { exact: true }).selectOption("besagash");
  await page.getByRole("button", { name: text(language, "buyer.apply") }).click();
  await expect(page).toHaveURL("/pickup-points?region=kz-19&village=besagash");
  const card = page.locator("section.panel").filter({ hasText: pointName });
  await expect(card).toContainText(text(language, "kind.hub_shop"));
  await expect(card).toContainText(address);
  await expect(card).toContainText(hours);
  await expect(card).toContainText(text(language, "point.cash"));
  await expect(card).toContainText(text(language, language === "ru" ? "point.storageDays_many" : "point.storageDays_other").replace("{{count}}", "10"));
  await expect(card).toContainText(BESAGASH[language]);
  await expect(page.locator("script")).toHaveCount(0);
  expect(scripts, "JavaScript loaded").toEqual([]);
  await fitsThePhone(page);

  await operator.context().close();
  await coordinator.context().close();
});
