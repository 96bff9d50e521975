import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

export { expect };

export type Language = "kk" | "ru" | "en";

/** The project's locale (kk-KZ, ru-RU, en-US) as the app's language. */
export function languageOf(locale: string | undefined): Language {
  const language = (locale ?? "").slice(0, 2);
  if (language === "kk" || language === "ru" || language === "en") return language;
  throw new Error(`No app language for the test locale ${JSON.stringify(locale)}`);
}

const catalogues = new Map<string, unknown>();

/**
 * A string from the app's own locale files, e.g. `localeText("ru", "common", "errors.status.404.title")`:
 * the tests check that the right language's text is on the page without copying its wording.
 */
export function localeText(language: Language, namespace: string, key: string): string {
  const file = path.join("locales", language, `${namespace}.json`);
  if (!catalogues.has(file)) catalogues.set(file, JSON.parse(fs.readFileSync(file, "utf8")));
  let node = catalogues.get(file);
  for (const part of key.split(".")) {
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== "string") throw new Error(`${file} has no string at ${key}`);
  return node;
}

/** Texts match whatever space Intl puts in numbers (U+00A0, U+202F) or none. */
export function looseSpaces(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(escaped.replace(/ /g, "[\\s\\u00a0\\u202f]"));
}

export interface ConsoleErrors {
  /** Console errors this test expects (e.g. the browser's note that a document answered 404). */
  allow(pattern: RegExp): void;
}

interface Fixtures {
  language: Language;
  consoleErrors: ConsoleErrors & { allowed: RegExp[] };
}

/**
 * Every test's page fails the test when it logs a console error, throws, or a
 * request fails (STYLE.md habit 9): a missing favicon or stylesheet shows up here.
 */
export const test = base.extend<Fixtures>({
  language: async ({ locale }, use) => {
    await use(languageOf(locale));
  },
  // Playwright reads a fixture's dependencies from its first parameter: this one has none.
  consoleErrors: async ({}, use) => {
    const allowed: RegExp[] = [];
    await use({ allowed, allow: (pattern) => allowed.push(pattern) });
  },
  page: async ({ page, consoleErrors }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => {
      // The browser aborts what it was still fetching (the icon, say) when a click navigates away.
      if (request.failure()?.errorText === "net::ERR_ABORTED") return;
      errors.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
    });
    await use(page);
    const unexpected = errors.filter((error) => !consoleErrors.allowed.some((pattern) => pattern.test(error)));
    expect(unexpected, "the page logged errors").toEqual([]);
  },
});

/** The browser's own console line for a document answered with this status. */
export function statusConsoleError(status: number): RegExp {
  return new RegExp(`^console: Failed to load resource: the server responded with a status of ${status}\\b`);
}

export async function expectLanguage(page: Page, language: Language): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("lang", language);
}
