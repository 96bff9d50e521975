/**
 * The geography's vocabulary: the names the schema stores and the rules check.
 * Import-free, so db/schema and app/domain share this one home (docs/architecture.md).
 */

/** KATO units kept below the district: rural okrugs and town administrations, and settlements. */
export const KATO_UNIT_KINDS = ["okrug", "settlement"] as const;

/** What a village hub is known for; each is a key of the geo locale namespace (`specialty.*`). */
export const SPECIALTIES = ["furniture", "felt_carpets", "honey", "dried_fruit", "dairy", "crafts", "meat", "vegetables", "fish"] as const;
export type Specialty = (typeof SPECIALTIES)[number];

/**
 * KATO's kinds of settlement (its Russian abbreviations, as the classifier file
 * derives them) and the locale key each is shown by (`settlementType.*`).
 * A settlement whose name has no marker (wintering places, farms) is "other".
 */
export const SETTLEMENT_TYPES: Readonly<Record<string, string>> = {
  село: "village",
  город: "town",
  посёлок: "settlement",
  станция: "station",
  разъезд: "siding",
  участок: "site",
  отгон: "pasture",
  отделение: "division",
  "крестьянское хозяйство": "farm",
};

/** The locale key (`settlementType.*`) of a settlement's kind. */
export function settlementTypeKey(typeRu: string | null): string {
  return `settlementType.${(typeRu && SETTLEMENT_TYPES[typeRu]) || "other"}`;
}
