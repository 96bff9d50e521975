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

type Named = { nameKk: unknown; nameRu: unknown; nameEn: unknown };

/**
 * The three names of a table's columns or of a row, to select or pass on
 * together: `{ slug: villages.slug, ...names(villages) }`.
 */
export function names<T extends Named>(source: T): Pick<T, keyof Named> {
  return { nameKk: source.nameKk, nameRu: source.nameRu, nameEn: source.nameEn };
}

/** The three names under a prefix: `namesAs("village", villages)` → `{ villageKk, villageRu, villageEn }`. */
export function namesAs<P extends string, T extends Named>(
  prefix: P,
  source: T,
): { [K in `${P}Kk`]: T["nameKk"] } & { [K in `${P}Ru`]: T["nameRu"] } & { [K in `${P}En`]: T["nameEn"] } {
  return { [`${prefix}Kk`]: source.nameKk, [`${prefix}Ru`]: source.nameRu, [`${prefix}En`]: source.nameEn } as never;
}

/** The three names a raw SQL row carries under a prefix: `namesFrom(row, "districtName")` reads districtNameKk, …Ru, …En. */
export function namesFrom<P extends string, R extends Record<`${P}Kk` | `${P}Ru` | `${P}En`, unknown>>(
  row: R,
  prefix: P,
): { nameKk: R[`${P}Kk`]; nameRu: R[`${P}Ru`]; nameEn: R[`${P}En`] } {
  return { nameKk: row[`${prefix}Kk`], nameRu: row[`${prefix}Ru`], nameEn: row[`${prefix}En`] };
}
