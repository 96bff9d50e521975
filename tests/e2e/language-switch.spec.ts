import type { Page } from "@playwright/test";
import { expect, expectLanguage, localeText, statusConsoleError, test, type Language } from "./fixtures";

/**
 * The language switcher is a plain POST form: it must work with JavaScript off,
 * bring the reader back to the page they were on, and be remembered.
 * This project's browser asks for Kazakh (Accept-Language: kk-KZ).
 */
test.use({ javaScriptEnabled: false });

function switcher(page: Page, shownIn: Language) {
  return page.getByRole("form", { name: localeText(shownIn, "common", "language.label") });
}

test("switching to Russian and back to Kazakh without JavaScript", async ({ page, context }) => {
  await page.goto("/villages/besagash");
  await expectLanguage(page, "kk");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Бесағаш");
  await expect(switcher(page, "kk").getByRole("button", { name: "Қазақша" })).toBeDisabled();

  await switcher(page, "kk").getByRole("button", { name: "Русский" }).click();
  await expect(page).toHaveURL("/villages/besagash");
  await expectLanguage(page, "ru");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Бесагаш");
  await expect(page.getByRole("main")).toContainText("Алматинская область");
  await expect(switcher(page, "ru").getByRole("button", { name: "Русский" })).toHaveAttribute("aria-current", "true");
  expect((await context.cookies()).find((cookie) => cookie.name === "lng")?.value).toBeTruthy();

  // The choice outlives the page: a followed link and a typed address are in Russian,
  // though the browser still asks for Kazakh.
  await page.getByRole("main").getByRole("link", { name: "Талгарский район" }).first().click();
  await expect(page).toHaveURL("/regions/kz-19/talgar");
  await expectLanguage(page, "ru");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Талгарский район");
  await page.goto("/about");
  await expectLanguage(page, "ru");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText("ru", "geo", "about.title"));

  await switcher(page, "ru").getByRole("button", { name: "Қазақша" }).click();
  await expect(page).toHaveURL("/about");
  await expectLanguage(page, "kk");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText("kk", "geo", "about.title"));
  await page.goto("/villages/besagash");
  await expectLanguage(page, "kk");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Бесағаш");
});

test("switching language keeps the address, query string included", async ({ page }) => {
  await page.goto("/regions/kz-63?from=switch-test");
  await switcher(page, "kk").getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL("/regions/kz-63?from=switch-test");
  await expectLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("East Kazakhstan Region");
});

test("switching language on a missing page stays on it, translated", async ({ page, consoleErrors }) => {
  consoleErrors.allow(statusConsoleError(404));
  await page.goto("/no-such-page");
  await switcher(page, "kk").getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL("/no-such-page");
  await expectLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText("en", "common", "errors.status.404.title"));
});
