import type { Language } from "./config";

/** The Intl locale for each language: -KZ so that tenge shows as ₸, not KZT. */
const INTL_LOCALE: Record<Language, string> = { kk: "kk-KZ", ru: "ru-KZ", en: "en-KZ" };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** One Intl formatter per language and kind, made once. */
export function numberFormat(language: Language, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${language}:${key}`;
  let format = cache.get(id) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[language], options);
    cache.set(id, format);
  }
  return format;
}

export function formatNumber(value: number, language: Language): string {
  return numberFormat(language, "number", {}).format(value);
}

/** A calendar date in the reader's language: "2026 ж. 15 қаңтар", "15 января 2026 г.". */
export function formatDate(date: Date, language: Language): string {
  const id = `${language}:date`;
  let format = cache.get(id) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: "long", timeZone: "Asia/Almaty" });
    cache.set(id, format);
  }
  return format.format(date);
}

/** A date with the time of day, Almaty time: for logs and message lists. */
export function formatDateTime(date: Date, language: Language): string {
  const id = `${language}:datetime`;
  let format = cache.get(id) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Almaty" });
    cache.set(id, format);
  }
  return format.format(date);
}
