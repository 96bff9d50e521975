import { expect, expectLanguage, localeText, statusConsoleError, test } from "./fixtures";

const UNKNOWN = ["/no-such-page", "/villages/no-such-village", "/regions/kz-99", "/regions/kz-63/no-such-district"];

for (const path of UNKNOWN) {
  test(`${path} answers 404 with the translated page`, async ({ page, language, consoleErrors }) => {
    consoleErrors.allow(statusConsoleError(404));
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expectLanguage(page, language);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText(language, "common", "errors.status.404.title"));
    await expect(page).toHaveTitle(`${localeText(language, "common", "errors.status.404.title")} · Auyl Hub`);
    await expect(page.getByRole("main")).toContainText(localeText(language, "common", "errors.status.404.body"));

    await page.getByRole("main").getByRole("link", { name: localeText(language, "common", "errors.backHome") }).click();
    await expect(page).toHaveURL("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText(language, "geo", "home.title"));
  });
}
