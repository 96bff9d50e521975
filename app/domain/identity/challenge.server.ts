import crypto from "node:crypto";
import { CHALLENGE_DIGITS, CHALLENGE_TTL_MS } from "./rules";

/**
 * The check question the sign-in form asks while many codes are being asked
 * for (decision 0012): "type these digits". It is rendered by the server and
 * answered in a plain form, so it works with JavaScript off on any phone.
 * The token carries a random id and an expiry, signed together with the
 * digits; nothing is stored until it is used, when the id goes onto the
 * code's row (unique: one answer, one code).
 *
 * It does not stop a program written against this form: it turns a plain
 * flood of POSTs into one that must read each page, and the budget's shares
 * (rules.ts) bound what a program that does so can spend.
 */
export interface Challenge {
  token: string;
  digits: string;
}

function mac(secret: string, payload: string, digits: string): string {
  return crypto.createHmac("sha256", secret).update(`challenge:${payload}:${digits}`).digest("base64url");
}

export function issueChallenge(secret: string, now: Date): Challenge {
  const digits = crypto.randomInt(0, 10 ** CHALLENGE_DIGITS).toString().padStart(CHALLENGE_DIGITS, "0");
  const payload = `${crypto.randomBytes(12).toString("base64url")}.${now.getTime() + CHALLENGE_TTL_MS}`;
  return { token: `${payload}.${mac(secret, payload, digits)}`, digits };
}

export type ChallengeRefusal = "identity.challenge_wrong";

/**
 * Whether the typed answer matches the token's digits before its expiry;
 * gives the id to record. Spaces in the answer are ignored. An expired,
 * altered or wrong answer is one refusal: the form shows new digits.
 */
export function checkChallenge(
  secret: string,
  answer: { token: string; typed: string },
  now: Date,
): { ok: true; id: string } | { ok: false; reason: ChallengeRefusal } {
  const refused = { ok: false, reason: "identity.challenge_wrong" } as const;
  const [id, expiresAt, signature, ...rest] = answer.token.split(".");
  const digits = answer.typed.replace(/\s/g, "");
  if (!id || !expiresAt || !signature || rest.length > 0 || !/^\d+$/.test(expiresAt)) return refused;
  if (!new RegExp(`^\\d{${CHALLENGE_DIGITS}}$`).test(digits)) return refused;
  if (now.getTime() >= Number(expiresAt)) return refused;
  const expected = Buffer.from(mac(secret, `${id}.${expiresAt}`, digits));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return refused;
  return { ok: true, id };
}
