import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import { expect, expectLanguage, localeText, test, type Language } from "./fixtures";
import { coordinatorSession } from "./support/coordinator-session";

/**
 * Issue 19 §4 on a 360 px phone with JavaScript off: a coordinator of
 * Besagash opens the poster from the desk, picks the poster's language (the
 * next one after their own) and the cooperative's warehouse as the pickup
 * point, and prints it: the PDF (read with pdftotext) has the village's name,
 * the warehouse's address and the page's address on one A4 page, and the QR
 * code in the page is the one the QR library draws for the village's URL.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const SUFFIX: Record<Language, string> = { kk: "1", ru: "2", en: "3" };
const OTHER: Record<Language, Language> = { kk: "ru", ru: "en", en: "kk" };
const BESAGASH: Record<Language, string> = { kk: "Бесағаш", ru: "Бесагаш", en: "Besagash" };
/** A seeded pickup point of Besagash (db/seed/pickup-points.ts), written in Kazakh by its coordinator. */
const WAREHOUSE = { name: "Бесағаш кооперативінің қоймасы", address: "Бесағаш ауылы, Абай көшесі, 12" };

test("a coordinator prints the village's A4 poster in a language they choose, with the QR code of the village page and the pickup point's address", async ({ browser, language, locale }, info) => {
  const s = (lang: Language, key: string) => localeText(lang, "storefront", key);
  const baseURL = info.project.use.baseURL ?? "http://127.0.0.1:3100";
  const token = coordinatorSession(`+770155607${info.retry % 10}${SUFFIX[language]}`, language);
  const context = await browser.newContext({ locale, javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  await context.addCookies([{ name: "sid", value: token, url: baseURL }]);
  const page = await context.newPage();

  await page.goto("/coordinator/besagash");
  await page.getByRole("link", { name: s(language, "poster.link") }).click();
  await expect(page).toHaveURL(/\/coordinator\/besagash\/poster$/);
  await expectLanguage(page, language);

  const posterLanguage = OTHER[language];
  await page.getByLabel(s(language, "poster.language")).selectOption(posterLanguage);
  await page.getByLabel(s(language, "poster.point")).selectOption({ label: WAREHOUSE.name });
  await page.getByRole("button", { name: s(language, "poster.show") }).click();
  await expect(page).toHaveURL(new RegExp(`language=${posterLanguage}`));
  // The screen stays in the coordinator's language; the poster is in the chosen one.
  await expectLanguage(page, language);
  const poster = page.locator("article.poster");
  await expect(poster).toHaveAttribute("lang", posterLanguage);
  await expect(poster.getByRole("heading", { name: BESAGASH[posterLanguage] })).toBeVisible();
  await expect(poster).toContainText(s(posterLanguage, "poster.tagline"));
  await expect(poster).toContainText(WAREHOUSE.address);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "wider than the phone").toBeLessThanOrEqual(360);

  // The QR code: an SVG drawn on the server, exactly the library's drawing of the village page's address.
  const villageUrl = `${baseURL}/villages/besagash`;
  const qr = poster.getByRole("img", { name: s(posterLanguage, "share.qrLabel").replace("{{url}}", villageUrl) });
  await expect(qr.locator("svg")).toBeVisible();
  // The modules are the dark path's drawing: the same as the library's for this exact text, and no other text's.
  const drawn = (svg: string) => /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  const expected = drawn(await QRCode.toString(villageUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2 }));
  expect(expected).toBeTruthy();
  expect(drawn(await qr.innerHTML())).toBe(expected);
  expect(drawn(await QRCode.toString(`${villageUrl}?lang=${posterLanguage}`, { type: "svg", errorCorrectionLevel: "M", margin: 2 }))).not.toBe(expected);

  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header.top")).toBeHidden();
  await expect(page.getByRole("button", { name: s(language, "poster.show") })).toBeHidden();
  await expect(qr.locator("svg")).toBeVisible();
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g), "pages of the printed poster").toHaveLength(1);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auyl-poster-")), "poster.pdf");
  fs.writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  expect(text).toContain(BESAGASH[posterLanguage]);
  expect(text).toContain(WAREHOUSE.address);
  expect(text).toContain(villageUrl);
  expect(text).not.toContain(s(language, "poster.printHint").slice(0, 20));
  await context.close();
});
