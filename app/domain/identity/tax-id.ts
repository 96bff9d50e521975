/**
 * IIN (a person) and BIN (a business): 12 digits with a check digit
 * (kazakhstan-facts.md §1.3, matching python-stdnum). A prefix whose both
 * passes give 10 is never issued, so it is invalid.
 */

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit for the first 11 digits, or null when no valid number has this prefix. */
export function kzCheckDigit(first11: string): number | null {
  const sum = (weights: number[]) => weights.reduce((s, w, i) => s + w * (first11.charCodeAt(i) - 48), 0);
  let c = sum(W1) % 11;
  if (c === 10) c = sum(W2) % 11;
  return c === 10 ? null : c;
}

export function hasValidChecksum(value: string): boolean {
  return /^\d{12}$/.test(value) && kzCheckDigit(value.slice(0, 11)) === value.charCodeAt(11) - 48;
}

export type TaxIdKind = "iin" | "bin";

/** Digit 5 tells them apart: 0–3 is the first digit of a birth day (IIN), 4–6 an entity type (BIN). */
export function taxIdKind(value: string): TaxIdKind {
  return Number(value[4]) >= 4 ? "bin" : "iin";
}

export type TaxIdRefusal = "identity.tax_id_format" | "identity.tax_id_checksum" | "identity.tax_id_structure";

export type TaxIdResult = { ok: true; value: string; kind: TaxIdKind } | { ok: false; reason: TaxIdRefusal };

/** Checks what was typed (spaces allowed) as an IIN or BIN: format, structure, then the checksum. */
export function parseTaxId(input: string): TaxIdResult {
  const value = input.replace(/[\s-]/g, "");
  if (!/^\d{12}$/.test(value)) return { ok: false, reason: "identity.tax_id_format" };
  const month = Number(value.slice(2, 4));
  if (month < 1 || month > 12) return { ok: false, reason: "identity.tax_id_structure" };
  const kind = taxIdKind(value);
  if (kind === "iin") {
    const day = Number(value.slice(4, 6));
    if (day < 1 || day > 31 || Number(value[6]) > 6) return { ok: false, reason: "identity.tax_id_structure" };
  } else if (Number(value[4]) > 6 || Number(value[5]) > 3) {
    return { ok: false, reason: "identity.tax_id_structure" };
  }
  if (!hasValidChecksum(value)) return { ok: false, reason: "identity.tax_id_checksum" };
  return { ok: true, value, kind };
}

/** `921029350851` → `9210••••0851`: shown everywhere but on the village coordinator's screen. */
export function maskTaxId(value: string): string {
  return value.length === 12 ? `${value.slice(0, 4)}••••${value.slice(8)}` : "••••";
}
