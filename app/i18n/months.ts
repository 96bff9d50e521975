import type { Language } from "./config";

const INTL_LOCALE: Record<Language, string> = { kk: "kk-KZ", ru: "ru-KZ", en: "en-KZ" };
const cache = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar month 'YYYY-MM' in the reader's language: "2026 ж. қараша",
 * "ноябрь 2026 г.", "November 2026" (long) or "қар.", "нояб.", "Nov" (short,
 * for chart labels). Formatted on the server: browsers word Kazakh months differently.
 */
export function formatMonth(month: string, language: Language, style: "long" | "short" = "long"): string {
  const id = `${language}:${style}`;
  let format = cache.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[language], style === "long" ? { month: "long", year: "numeric", timeZone: "UTC" } : { month: "short", timeZone: "UTC" });
    cache.set(id, format);
  }
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return format.format(new Date(Date.UTC(year, monthNumber - 1, 15)));
}
