/**
 * What a message must not carry on a marketplace that holds the money until
 * the buyer has the goods: a phone number, a card number, or a request to pay
 * outside the platform (decision: messages). The sender is warned and may
 * send anyway; the message is then marked for moderation. Pure.
 */
import { normalizePhone } from "../identity/phone";
import type { MessageFlag } from "./vocabulary";

/** Runs of digits with the separators people type between them. */
const DIGIT_RUNS = /\+?\d[\d\s\-().]{6,24}\d/g;

/**
 * Words that ask to pay around the escrow, in Kazakh, Russian and English
 * (folded to lower case; stems so that endings do not matter).
 */
const OFF_PLATFORM_STEMS = [
  // Kazakh: "аударыңыз", "аударып жіберіңіз", "картаға", "тікелей төле…"
  "аудар",
  "картаға",
  "тікелей төле",
  // Russian: "переведите", "перевод", "перекиньте", "скиньте на карту", "на карту", "Каспи"
  "перевед",
  "перевод",
  "перекин",
  "скинь",
  "скиньте",
  "на карту",
  "каспи",
  "халык",
  // English
  "transfer",
  "pay me directly",
  "pay directly",
  "outside the site",
  "bank card",
  // Payment apps and messengers people move to (any language)
  "kaspi",
  "halyk",
  "qiwi",
  "whatsapp",
  "ватсап",
  "вотсап",
  "telegram",
  "телеграм",
] as const;

/** The Luhn check every bank card number passes. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The first thing found in a message, or null when it is clean. */
export function messageFlag(text: string): MessageFlag | null {
  for (const match of text.matchAll(DIGIT_RUNS)) {
    const run = match[0];
    const digits = run.replace(/\D/g, "");
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return "card";
    if (normalizePhone(run).ok) return "phone";
    // A number written without its first digits or with spaces of its own still reads as one.
    if (digits.length >= 10 && digits.length <= 11 && /^(?:[78]?7\d{9})$/.test(digits)) return "phone";
  }
  const folded = text.toLowerCase().replace(/\s+/g, " ");
  if (OFF_PLATFORM_STEMS.some((stem) => folded.includes(stem))) return "off_platform";
  return null;
}
