import type { Language } from "../../i18n/config";

type Suffix = "Kk" | "Ru" | "En";
const SUFFIX: Record<Language, Suffix> = { kk: "Kk", ru: "Ru", en: "En" };

type Texts<F extends string> = { [K in `${F}${Suffix}`]: string | null } & { language: Language };

/**
 * A listing's text for a reader (DESIGN §5): their language when the seller
 * wrote or translated it, otherwise the original, whose language the page
 * then marks (`lang` attribute and a note).
 */
export function listingText<F extends "title" | "description">(
  row: Texts<F>,
  field: F,
  reader: Language,
): { text: string; language: Language; isOriginalFallback: boolean } {
  const own = row[`${field}${SUFFIX[reader]}` as `${F}${Suffix}`];
  if (own && own.trim() !== "") return { text: own, language: reader, isOriginalFallback: false };
  const original = row[`${field}${SUFFIX[row.language]}` as `${F}${Suffix}`] ?? "";
  return { text: original, language: row.language, isOriginalFallback: row.language !== reader };
}
