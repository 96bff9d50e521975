import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, localeText, statusConsoleError, test, type Language } from "./fixtures";

/**
 * The server's guards on unsafe requests (server.ts): a POST from another site,
 * one without the form's CSRF token, and one with a body over MAX_BODY_BYTES
 * (1 MiB by default) are refused with the app's own page, in the reader's language.
 */

const EVIL = "https://evil.example";
const ONE_MIB = 1024 * 1024;

/** What a refused request's page says, read from its HTML. */
async function refusalPage(response: APIResponse) {
  const html = await response.text();
  return {
    html,
    lang: /<html lang="([^"]+)"/.exec(html)?.[1],
    heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1],
  };
}

/** A form token and its cookie, as a visit to a page gives them. */
async function formToken(request: APIRequestContext, headers: Record<string, string>): Promise<string> {
  const page = await request.get("/about", { headers });
  expect(page.status()).toBe(200);
  const token = /<input type="hidden" name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(token, "the page's language form carries a CSRF token").toBeTruthy();
  return token ?? "";
}

function otherLanguage(language: Language): Language {
  return language === "ru" ? "en" : "ru";
}

test.describe("refused POSTs", () => {
  let headers: Record<string, string>;
  let ownOrigin: string;
  test.beforeEach(({ locale, baseURL }) => {
    headers = { "Accept-Language": locale ?? "" };
    ownOrigin = new URL(baseURL ?? "").origin;
  });

  test("a same-site POST with the form's token is accepted (the baseline for the refusals)", async ({ request, language }) => {
    const csrf = await formToken(request, headers);
    const response = await request.post("/language", {
      headers: { ...headers, Origin: ownOrigin },
      form: { csrf, lng: otherLanguage(language), redirectTo: "/about" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers()["location"]).toBe("/about");
    expect(response.headers()["set-cookie"]).toContain(`lng=`);
  });

  test("a cross-site POST gets 403 and the translated page, even with a valid token", async ({ request, language }) => {
    const csrf = await formToken(request, headers);
    const response = await request.post("/language", {
      headers: { ...headers, Origin: EVIL },
      form: { csrf, lng: otherLanguage(language), redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["content-type"]).toContain("text/html");
    expect(response.headers()["set-cookie"] ?? "").not.toContain("lng=");
    const page = await refusalPage(response);
    expect(page.lang).toBe(language);
    expect(page.heading).toBe(localeText(language, "common", "errors.status.403.title"));

    // Nothing changed: the next page is still in the reader's language.
    const next = await refusalPage(await request.get("/", { headers }));
    expect(next.lang).toBe(language);
  });

  test("a cross-site POST that a browser marks only with Sec-Fetch-Site gets 403", async ({ request, language }) => {
    const csrf = await formToken(request, headers);
    const response = await request.post("/language", {
      headers: { ...headers, "Sec-Fetch-Site": "cross-site" },
      form: { csrf, lng: otherLanguage(language), redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect((await refusalPage(response)).heading).toBe(localeText(language, "common", "errors.status.403.title"));
  });

  test("a POST without the CSRF token gets 403 and the translated page", async ({ request, language }) => {
    await formToken(request, headers); // the cookie half is there; the form field is not
    const response = await request.post("/language", {
      headers: { ...headers, Origin: ownOrigin },
      form: { lng: otherLanguage(language), redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"] ?? "").not.toContain("lng=");
    const page = await refusalPage(response);
    expect(page.lang).toBe(language);
    expect(page.heading).toBe(localeText(language, "common", "errors.status.403.title"));
  });

  test("a POST with a forged CSRF token gets 403", async ({ request, language }) => {
    await formToken(request, headers);
    const response = await request.post("/language", {
      headers: { ...headers, Origin: ownOrigin },
      form: { csrf: "forged.token", lng: otherLanguage(language), redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
  });

  test("a POST with a body over 1 MiB gets 413 and the translated page", async ({ request, language }) => {
    const csrf = await formToken(request, headers);
    const response = await request.post("/language", {
      headers: { ...headers, Origin: ownOrigin },
      form: { csrf, lng: otherLanguage(language), redirectTo: "/", padding: "a".repeat(ONE_MIB) },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(413);
    expect(response.headers()["set-cookie"] ?? "").not.toContain("lng=");
    const page = await refusalPage(response);
    expect(page.lang).toBe(language);
    expect(page.heading).toBe(localeText(language, "common", "errors.status.413.title"));
    // The page names the limit.
    expect(page.html).toContain("1024 KB");
  });
});

test("a form on another site posting to the hub gets the translated 403 page in the browser", async ({ page, language, consoleErrors, baseURL }) => {
  consoleErrors.allow(statusConsoleError(403));
  // The "other site" is served by Playwright itself: this machine has no internet.
  await page.route(`${EVIL}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><title>Evil</title><link rel="icon" href="data:,">
        <form method="post" action="${baseURL}/language">
          <input type="hidden" name="lng" value="${otherLanguage(language)}">
          <input type="hidden" name="redirectTo" value="/">
          <button>Win a prize</button>
        </form>`,
    }),
  );
  await page.goto(`${EVIL}/prize`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${baseURL}/language`),
    page.getByRole("button", { name: "Win a prize" }).click(),
  ]);
  expect(response.status()).toBe(403);
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText(language, "common", "errors.status.403.title"));
  // After a refusal the page shows no language form (it has no valid token to offer).
  expect((await page.context().cookies()).find((cookie) => cookie.name === "lng")).toBeUndefined();
});

test("an address whose percent-encoding does not decode gets 400 and the translated page", async ({ page, language, consoleErrors }) => {
  consoleErrors.allow(statusConsoleError(400));
  const response = await page.goto("/listings/%FF");
  expect(response?.status()).toBe(400);
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText(language, "common", "errors.status.400.title"));
  await expect(page.getByRole("main")).toContainText(localeText(language, "common", "errors.status.400.body"));
});
