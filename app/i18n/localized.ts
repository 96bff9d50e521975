import type { Language } from "./config";

type Suffix = "Kk" | "Ru" | "En";
const SUFFIX: Record<Language, Suffix> = { kk: "Kk", ru: "Ru", en: "En" };

/**
 * Picks the reader's language from a row that stores a text three times
 * (`nameKk`, `nameRu`, `nameEn`).
 */
export function localized<F extends string>(
  row: { [K in `${F}${Suffix}`]: string | null },
  field: F,
  language: Language,
): string {
  return row[`${field}${SUFFIX[language]}` as `${F}${Suffix}`] ?? row[`${field}Kk` as `${F}${Suffix}`] ?? "";
}
