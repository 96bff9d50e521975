/** The numbers behind sign-in (SEC-05, SEC-06) and sessions (SEC-01, SEC-02), in one place. */

export const CODE_DIGITS = 6;
export const CODE_TTL_MS = 5 * 60_000;
/** The sixth try fails even with the right code; a new code must be requested. */
export const MAX_CODE_ATTEMPTS = 5;

export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
/** A session's expiry rolls forward at most this often, so a page view rarely writes. */
export const SESSION_REFRESH_AFTER_MS = 24 * 60 * 60_000;
/** How long a replaced session id still answers, for loaders of the same page already running. */
export const SESSION_REPLACED_GRACE_MS = 10_000;

export interface SendLimits {
  perPhone15Min: number;
  perPhoneDay: number;
  perIpHour: number;
  globalHour: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = { perPhone15Min: 3, perPhoneDay: 10, perIpHour: 20, globalHour: 500 };

export interface SendCounts {
  phone15Min: number;
  phoneDay: number;
  ipHour: number;
  globalHour: number;
}

export type SendLimitHit = "phone" | "ip" | "global";

/** Which budget, if any, a new code would exceed. */
export function sendLimitHit(counts: SendCounts, limits: SendLimits): SendLimitHit | null {
  if (counts.phone15Min >= limits.perPhone15Min || counts.phoneDay >= limits.perPhoneDay) return "phone";
  if (counts.ipHour >= limits.perIpHour) return "ip";
  if (counts.globalHour >= limits.globalHour) return "global";
  return null;
}

export type CodeState = { usedAt: Date | null; expiresAt: Date; attempts: number };
export type CodeRefusal = "identity.code_used" | "identity.code_expired" | "identity.code_too_many_attempts";

/** Whether a code may still be tried at `now` (before counting this try). */
export function canTryCode(code: CodeState, now: Date): { ok: true } | { ok: false; reason: CodeRefusal } {
  if (code.usedAt) return { ok: false, reason: "identity.code_used" };
  if (code.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: "identity.code_too_many_attempts" };
  if (now.getTime() >= code.expiresAt.getTime()) return { ok: false, reason: "identity.code_expired" };
  return { ok: true };
}
