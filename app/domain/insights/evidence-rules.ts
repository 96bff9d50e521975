/**
 * The evidence pack's pure rules (issue 6 §7): which validities a seller may
 * choose, how the consent form is checked, and when a consent is in force.
 * No database here, so the seller's page can use the same constants.
 */
import { cleanLine } from "../identity/person-text";

/** How long a consent lasts, in days; the form offers these and nothing else. */
export const CONSENT_DAYS = [30, 90, 180] as const;
export type ConsentDays = (typeof CONSENT_DAYS)[number];
export const DEFAULT_CONSENT_DAYS: ConsentDays = 90;
export const PURPOSE_MAX_LENGTH = 200;
/** The months a printed pack covers, the current one included. */
export const EVIDENCE_MONTHS = 12;

const DAY_MS = 86_400_000;

export type ConsentRefusal = "evidence.purpose_required" | "evidence.purpose_too_long" | "evidence.validity_unknown" | "evidence.shop_not_found";

export interface ConsentInput {
  purpose: string;
  days: string;
}

/** The form's fields checked: the purpose in the seller's words, and one of the offered validities. */
export function checkConsentInput(input: ConsentInput): { ok: true; purpose: string; days: ConsentDays } | { ok: false; errors: Partial<Record<"purpose" | "days", ConsentRefusal>> } {
  const purpose = cleanLine(input.purpose);
  const days = Number(input.days);
  const errors: Partial<Record<"purpose" | "days", ConsentRefusal>> = {};
  if (purpose.length === 0) errors.purpose = "evidence.purpose_required";
  else if (purpose.length > PURPOSE_MAX_LENGTH) errors.purpose = "evidence.purpose_too_long";
  if (!/^\d+$/.test(input.days) || !(CONSENT_DAYS as readonly number[]).includes(days)) errors.days = "evidence.validity_unknown";
  if (errors.purpose || errors.days) return { ok: false, errors };
  return { ok: true, purpose, days: days as ConsentDays };
}

/** When a consent given at `givenAt` for `days` days ends. */
export function consentExpiry(givenAt: Date, days: ConsentDays): Date {
  return new Date(givenAt.getTime() + days * DAY_MS);
}

/** A consent counts from the moment it is given until it expires or is withdrawn. */
export function isLive(consent: { givenAt: Date; expiresAt: Date; withdrawnAt: Date | null }, now: Date): boolean {
  return consent.withdrawnAt === null && consent.givenAt.getTime() <= now.getTime() && now.getTime() < consent.expiresAt.getTime();
}
