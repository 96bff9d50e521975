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
  /** The most codes sent in any hour, all numbers together: the SMS bill's ceiling. */
  globalHour: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = { perPhone15Min: 3, perPhoneDay: 10, perIpHour: 20, globalHour: 500 };

/**
 * How the hour's budget is shared so that a flood cannot spend it all
 * (issue 13 §1, decision 0012). Shares of `globalHour`:
 * - from CHALLENGE_SHARE on, everyone answers a check question before a code is sent;
 * - numbers without an account may use up to OPEN_SHARE freely, then up to
 *   OVERFLOW_SHARE only from addresses that have had fewer than
 *   OVERFLOW_PER_IP_HOUR codes this hour (a newcomer, not the flood's addresses);
 * - the rest is kept for people who already have an account.
 */
export const CHALLENGE_SHARE = 0.25;
export const OPEN_SHARE = 0.6;
export const OVERFLOW_SHARE = 0.8;
export const OVERFLOW_PER_IP_HOUR = 2;
/** How long a check question may be answered. */
export const CHALLENGE_TTL_MS = 10 * 60_000;
export const CHALLENGE_DIGITS = 4;

export interface SendCounts {
  phone15Min: number;
  phoneDay: number;
  ipHour: number;
  /** Codes sent in the last hour, all numbers. */
  globalHour: number;
  /** …of them to numbers without an account. */
  unknownHour: number;
}

export type SendLimitHit = "phone" | "ip" | "global";
export type SendVerdict = { ok: true } | { ok: false; limit: SendLimitHit } | { ok: false; challenge: true };

/** The budget's thresholds in codes, each at least 1. */
export function budgetShares(limits: SendLimits) {
  const share = (fraction: number) => Math.max(1, Math.floor(limits.globalHour * fraction));
  return { challengeFrom: share(CHALLENGE_SHARE), open: share(OPEN_SHARE), overflow: share(OVERFLOW_SHARE), total: limits.globalHour };
}

/**
 * Whether a new code may be sent. The phone's and the address's own limits
 * come first (no question is worth answering for a refusal); then, under
 * strain, the check question, asked of everyone alike so that it tells
 * nothing about who has an account (SEC-06); then the pools: a known
 * account draws on the whole budget, a new number on its open share and,
 * from a fresh address, on the overflow.
 */
export function sendVerdict(counts: SendCounts, request: { knownPhone: boolean; challenged: boolean }, limits: SendLimits): SendVerdict {
  if (counts.phone15Min >= limits.perPhone15Min || counts.phoneDay >= limits.perPhoneDay) return { ok: false, limit: "phone" };
  if (counts.ipHour >= limits.perIpHour) return { ok: false, limit: "ip" };
  const shares = budgetShares(limits);
  if (!request.challenged && counts.globalHour >= shares.challengeFrom) return { ok: false, challenge: true };
  if (request.knownPhone) return counts.globalHour >= shares.total ? { ok: false, limit: "global" } : { ok: true };
  if (counts.unknownHour >= shares.overflow || counts.globalHour >= shares.total) return { ok: false, limit: "global" };
  if (counts.unknownHour >= shares.open && counts.ipHour >= OVERFLOW_PER_IP_HOUR) return { ok: false, limit: "ip" };
  return { ok: true };
}

/** How hard sign-in is pressed this hour, for the admins' notice and the audit log. */
export type SignInStage = "calm" | "challenge" | "overflow" | "new_numbers_paused";

export function signInStage(counts: { globalHour: number; unknownHour: number }, limits: SendLimits): SignInStage {
  const shares = budgetShares(limits);
  if (counts.unknownHour >= shares.overflow || counts.globalHour >= shares.total) return "new_numbers_paused";
  if (counts.unknownHour >= shares.open) return "overflow";
  if (counts.globalHour >= shares.challengeFrom) return "challenge";
  return "calm";
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
