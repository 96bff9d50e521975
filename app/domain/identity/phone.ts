/**
 * Kazakhstan mobile numbers (kazakhstan-facts.md §2). People type them as
 * `8 701 123 45 67`, `+7 (701) 123-45-67`, `87011234567`, `701 123 4567`…
 * All become E.164 `+77011234567`. Only mobile ranges can receive a code;
 * the operator is never inferred from the prefix (numbers are portable).
 */

/** libphonenumber's KZ mobile pattern: 700–702, 705–708, 747, 760–764, 771, 775–778, 785. */
const KZ_MOBILE = /^7(?:0[0-25-8]|47|6[0-4]|7[15-8]|85)\d{7}$/;

export type PhoneRefusal = "identity.phone_invalid" | "identity.phone_not_mobile";

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: PhoneRefusal };

export function normalizePhone(input: string): PhoneResult {
  const trimmed = input.trim();
  // Only digits, one leading +, and the separators people type.
  if (!/^\+?[\d\s\-().\u00a0]+$/.test(trimmed)) return { ok: false, reason: "identity.phone_invalid" };
  const digits = trimmed.replace(/\D/g, "");
  let national: string;
  if (trimmed.startsWith("+")) {
    if (digits.length !== 11 || !digits.startsWith("7")) return { ok: false, reason: "identity.phone_invalid" };
    national = digits.slice(1);
  } else if (digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7"))) {
    national = digits.slice(1); // 8 is the trunk prefix; 7 is +7 typed without the plus
  } else if (digits.length === 10) {
    national = digits;
  } else {
    return { ok: false, reason: "identity.phone_invalid" };
  }
  // A well-formed number that is a landline, toll-free, or not Kazakh at all.
  if (!KZ_MOBILE.test(national)) return { ok: false, reason: "identity.phone_not_mobile" };
  return { ok: true, phone: `+7${national}` };
}

/** `+77011234567` → `+7 701 123 45 67`, how people read it. */
export function formatPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ${m[2]} ${m[3]} ${m[4]}` : e164;
}

/** For logs and the audit trail: `+7 701 ••• •• 67`. */
export function maskPhone(e164: string): string {
  const m = /^\+7(\d{3})\d{3}\d{2}(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ••• •• ${m[2]}` : "•••";
}
