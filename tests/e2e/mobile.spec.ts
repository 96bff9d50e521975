import { expect, expectLanguage, statusConsoleError, test } from "./fixtures";

/** The narrowest phone the hub is built for (DESIGN: buyers mostly on cheap Android phones). */
const WIDTH = 360;
test.use({ viewport: { width: WIDTH, height: 640 } });

const PAGES = [
  { path: "/", status: 200 },
  { path: "/regions/kz-63", status: 200 },
  { path: "/regions/kz-63/katonkaragay", status: 200 },
  { path: "/villages/besagash", status: 200 },
  { path: "/about", status: 200 },
  { path: "/no-such-page", status: 404 },
];

for (const { path, status } of PAGES) {
  test(`${path} fits a ${WIDTH} px wide screen without sideways scrolling`, async ({ page, language, consoleErrors }) => {
    if (status !== 200) consoleErrors.allow(statusConsoleError(status));
    const response = await page.goto(path);
    expect(response?.status()).toBe(status);
    await expectLanguage(page, language);

    const layout = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // The elements that stick out, to say what to fix when the check fails.
      const sticking = [...document.querySelectorAll("body *")]
        .map((element) => ({ element, right: element.getBoundingClientRect().right }))
        .filter(({ right }) => right > width + 0.5)
        .slice(0, 5)
        .map(({ element, right }) => `<${element.tagName.toLowerCase()} class="${element.className}"> ends at ${Math.round(right)} px`);
      return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, sticking };
    });
    expect(layout.clientWidth).toBe(WIDTH);
    expect(layout.scrollWidth, `too wide: ${layout.sticking.join("; ")}`).toBeLessThanOrEqual(WIDTH);
  });
}
