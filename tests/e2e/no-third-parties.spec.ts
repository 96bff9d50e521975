import { expect, localeText, statusConsoleError, test } from "./fixtures";

/**
 * Buyer pages render on the server and load no JavaScript, and nothing from
 * another host: no fonts, analytics or CDNs (DESIGN §6, and the hub must work
 * from a village's own server when the wider internet is slow or gone).
 */
test("a walk through every page requests only the app's own files and no JavaScript", async ({
  page,
  baseURL,
  language,
  consoleErrors,
}) => {
  consoleErrors.allow(statusConsoleError(404));
  const requests: { url: URL; type: string; method: string }[] = [];
  page.on("request", (request) => requests.push({ url: new URL(request.url()), type: request.resourceType(), method: request.method() }));

  const visited: string[] = [];
  async function expectNoScripts() {
    visited.push(new URL(page.url()).pathname);
    await expect(page.locator('script:not([type="application/ld+json"])')).toHaveCount(0);
    await expect(page.locator('link[rel="modulepreload"], link[as="script"]')).toHaveCount(0);
  }

  for (const path of ["/", "/regions/kz-63", "/regions/kz-63/katonkaragay", "/villages/ulken-naryn", "/about", "/no-such-page"]) {
    await page.goto(path);
    await expectNoScripts();
  }
  // Following links and switching language (a POST and its redirect) count too.
  await page.goto("/villages/besagash");
  await expectNoScripts();
  await page.locator('main a[href="/regions/kz-19/talgar"]').first().click();
  await expectNoScripts();
  const other = language === "en" ? "kk" : "en";
  await page.getByRole("button", { name: localeText(language, "common", `language.${other}`) }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", other);
  await expectNoScripts();
  await page.getByRole("button", { name: localeText(other, "common", `language.${language}`) }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  await expectNoScripts();

  const own = new URL(baseURL ?? "").origin;
  const foreign = requests.filter(({ url }) => url.origin !== own && url.protocol !== "data:").map(({ url }) => url.href);
  expect(foreign, "requests to other hosts").toEqual([]);
  const scripts = requests.filter(({ url, type }) => type === "script" || /\.m?js$/.test(url.pathname)).map(({ url }) => url.href);
  expect(scripts, "JavaScript loaded").toEqual([]);

  // The listener saw the walk: every page, its stylesheet, and the language form's POST.
  expect(visited).toHaveLength(10);
  expect(requests.filter(({ type }) => type === "document").length).toBeGreaterThanOrEqual(10);
  expect(requests.some(({ type, url }) => type === "stylesheet" && url.pathname.endsWith(".css"))).toBe(true);
  expect(requests.some(({ method, url }) => method === "POST" && url.pathname === "/language")).toBe(true);
});
