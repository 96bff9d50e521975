/**
 * Commission rates as people type and read them: a percentage with at most
 * two decimals ("3", "2,5", "0.75") ↔ integer basis points, with no float on
 * the way (MONEY-01).
 */
import type { Language } from "../../i18n/config";

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
