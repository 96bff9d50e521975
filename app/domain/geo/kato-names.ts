/**
 * How a KATO row is named on the hub: pure, no database.
 *
 * The official names carry abbreviations ("Бесағаш а.", "с.Бесагаш",
 * "Талғар ауданы", "Бесағаш а.о."). A settlement is shown by its own name, as
 * its people write it ("Бесағаш", "Бесагаш"); an administrative unit keeps its
 * official name in Kazakh and Russian. The English name is the romanised
 * Kazakh name (romanize.ts) with the unit's kind in English words.
 */
import type { KatoRow } from "./kato-csv";
import { romanize, slugify } from "./romanize";

export type KatoUnitKind = "region" | "district" | "okrug" | "settlement";

/**
 * A settlement is a level-4 row, or a regional centre's city proper, which the
 * classifier lists at level 3 with no level-4 row under it.
 */
export function unitKind(row: Pick<KatoRow, "level" | "typeRu">): KatoUnitKind {
  if (row.level === 1) return "region";
  if (row.level === 2) return "district";
  if (row.level === 4 || row.typeRu === "город") return "settlement";
  return "okrug";
}

export interface PlaceNames {
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

/** The Kazakh marker of a settlement (ауыл, қала, кент), with the typos the file has ("а" without its full stop). */
const SETTLEMENT_KK = /\s+(?:а\.?|қ\.|к\.)$/u;
/** The Russian marker of a settlement: "с.", "г.", "п." before the name, or "с." after it. */
const SETTLEMENT_RU_BEFORE = /^(?:с|г|п)\.\s*/u;
const SETTLEMENT_RU_AFTER = /\s+с\.$/u;

/** Kazakh markers of administrative units, and the English words for them (typos of the file included). */
const UNIT_KK: readonly [RegExp, string][] = [
  [/\s*ауданы$/u, "District"],
  [/\s*а\.\s?о\s?\.?$/u, "Rural Okrug"],
  [/\s*а\.ә\.?$/u, "Rural Administration"],
  [/\s*к\.ә\.?$/u, "Settlement Administration"],
  [/\s*қ\.ә\.?$/iu, "City Administration"],
  [/\s*Г\.А\.$/u, "City Administration"],
];

/** The unit's name without its Kazakh marker, and the marker's English words (null when it has none). */
function unitBase(nameKk: string): { base: string; english: string | null } {
  for (const [marker, english] of UNIT_KK) {
    if (marker.test(nameKk)) return { base: nameKk.replace(marker, "").trim(), english };
  }
  return { base: nameKk, english: null };
}

/** The names a unit is shown by, in the three languages. */
export function unitNames(row: Pick<KatoRow, "level" | "typeRu" | "nameKk" | "nameRu">): PlaceNames {
  if (unitKind(row) === "settlement") {
    const nameKk = row.nameKk.replace(SETTLEMENT_KK, "").trim() || row.nameKk;
    const nameRu = row.nameRu.replace(SETTLEMENT_RU_BEFORE, "").replace(SETTLEMENT_RU_AFTER, "").trim() || row.nameRu;
    return { nameKk, nameRu, nameEn: romanize(nameKk) };
  }
  const { base, english } = unitBase(row.nameKk);
  return { nameKk: row.nameKk, nameRu: row.nameRu, nameEn: english ? `${romanize(base)} ${english}` : romanize(row.nameKk) };
}

/** A district's URL part: its romanised Kazakh name without "ауданы" ("Талғар ауданы" → "talgar"). */
export function districtSlug(nameKk: string): string {
  return slugify(unitBase(nameKk).base) || "district";
}
