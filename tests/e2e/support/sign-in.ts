import type { Browser, Page } from "@playwright/test";
import { expect, expectLanguage, localeText, type Language } from "../fixtures";
import { answerSignInCheck } from "../sign-in-check";

/** A phone as a person types it, and as the pages and the outbox show it. */
export interface TypedPhone {
  typed: string;
  shown: string;
}

/**
 * Signs in with a phone as a person does with no SMS gateway configured: asks
 * for a code, reads it on the development outbox page, enters it.
 */
export async function signInThroughOutbox(page: Page, language: Language, phone: TypedPhone): Promise<void> {
  const text = (key: string) => localeText(language, "identity", key);
  await page.goto("/signin");
  await expectLanguage(page, language);
  await page.getByLabel(text("signin.phoneLabel")).fill(phone.typed);
  // Another spec's flood test may have the form asking its check digits (issue 13 §1).
  await answerSignInCheck(page);
  await page.getByRole("button", { name: text("signin.send") }).click();
  await enterCodeFromOutbox(page, language, phone);
}

/** On the code page: reads the code on the development outbox page and enters it. */
export async function enterCodeFromOutbox(page: Page, language: Language, phone: TypedPhone): Promise<void> {
  const text = (key: string) => localeText(language, "identity", key);
  await expect(page).toHaveURL("/signin/code");
  await expect(page.getByRole("main")).toContainText(phone.shown);

  // Delivery runs after the answer: reload the outbox until the code is there, as a person would.
  let code: string | undefined;
  await expect(async () => {
    await page.goto("/dev/sms");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("outbox.title"));
    const sms = await page.locator(".messages li").filter({ hasText: phone.shown }).first().locator(".sms").innerText({ timeout: 1000 });
    code = /\b(\d{6})\b/.exec(sms)?.[1];
    expect(code, `a code in "${sms}"`).toBeTruthy();
  }).toPass({ timeout: 20_000 });

  await page.goto("/signin/code");
  await page.getByLabel(text("code.label")).fill(code ?? "");
  await page.getByRole("button", { name: text("code.submit") }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  // Signed in, the header links to the person's profile instead of the sign-in page.
  await expect(page.locator('.nav-user[href="/profile"]')).toBeVisible();
}

/** A page in a browser context of its own (another person), with JavaScript off; `viewport` for a phone's screen. */
export async function newPage(browser: Browser, locale: string | undefined, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled: false, ...(viewport ? { viewport } : {}) });
  return context.newPage();
}
