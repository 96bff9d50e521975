/**
 * Money as text, the one module for it (MONEY-01: integer tiyn everywhere
 * else). Screens: formatMoney in the reader's language. Inputs, URLs and CSV:
 * plain numbers that parseTenge reads back. Rates: percent ↔ basis points.
 * No amount passes through a float on the way in.
 */
import type { Language } from "./config";
import { numberFormat } from "./format";

/**
 * Integer tiyn → whole tenge with the ₸ sign: "1 500 ₸" in kk and ru, "₸1,500"
 * in English. Tiyn are shown only when the amount has some.
 */
export function formatMoney(amountTiyn: number, language: Language): string {
  assertTiyn(amountTiyn);
  const hasTiyn = amountTiyn % 100 !== 0;
  const format = numberFormat(language, hasTiyn ? "money2" : "money0", {
    style: "currency",
    currency: "KZT",
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: hasTiyn ? 2 : 0,
    maximumFractionDigits: hasTiyn ? 2 : 0,
  });
  return format.format(amountTiyn / 100);
}

/**
 * Tenge as people type them ("1500", "1 500", "1 500,50", "1500.5", "1500 ₸")
 * → integer tiyn. Undefined for anything else, including more than two
 * decimals, so no amount is ever rounded silently.
 */
export function parseTenge(input: string): number | undefined {
  const cleaned = input.replace(/[\s\u00a0\u202f₸]|тг|тенге|теңге/gi, "").replace(",", ".");
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  const tiyn = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(tiyn) ? tiyn : undefined;
}

/** Tiyn as a seller would type the amount again, for an input's value: "25000", "1500,50". */
export function tengeInputText(tiyn: number): string {
  return plainTenge(tiyn, ",", false);
}

/** Tiyn in a URL's query (the catalog's price filter): "25000", "1500.50". */
export function tengeQueryText(tiyn: number): string {
  return plainTenge(tiyn, ".", false);
}

/** Tiyn → "1234.50" (tenge with two decimals, a plain number for a spreadsheet). */
export function tengeCsvText(tiyn: number): string {
  return plainTenge(tiyn, ".", true);
}

/** "2,5" → 250; undefined for anything that is not a percentage with at most two decimals. */
export function parsePercentToBp(input: string): number | undefined {
  const cleaned = input.replace(/[\s\u00a0\u202f%]/g, "").replace(",", ".");
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 250 → "2,5" (kk, ru) or "2.5" (en), for an input's value. */
export function bpToPercentText(bp: number, language: Language): string {
  const whole = Math.floor(bp / 100);
  const fraction = String(bp % 100).padStart(2, "0").replace(/0$/, "");
  if (fraction === "" || bp % 100 === 0) return String(whole);
  return `${whole}${language === "en" ? "." : ","}${fraction}`;
}

/** 250 → "2,5 %" (kk, ru) or "2.5%" (en), for reading. */
export function formatRateBp(bp: number, language: Language): string {
  return language === "en" ? `${bpToPercentText(bp, language)}%` : `${bpToPercentText(bp, language)}\u00a0%`;
}

function assertTiyn(tiyn: number): void {
  if (!Number.isSafeInteger(tiyn)) throw new TypeError(`money must be integer tiyn, got ${tiyn}`);
}

/** Whole tenge, then the tiyn after `decimal` when there are any (or always). */
function plainTenge(tiyn: number, decimal: "," | ".", alwaysTiyn: boolean): string {
  assertTiyn(tiyn);
  const sign = tiyn < 0 ? "-" : "";
  const abs = Math.abs(tiyn);
  const rest = abs % 100;
  const whole = `${sign}${Math.floor(abs / 100)}`;
  return rest === 0 && !alwaysTiyn ? whole : `${whole}${decimal}${String(rest).padStart(2, "0")}`;
}
