import crypto from "node:crypto";
import { and, count, countDistinct, desc, eq, gte, isNull, lt, notExists, type SQL } from "drizzle-orm";
import { sessions, signInCodes, users } from "../../../db/schema";
import { getSigningSecret } from "./signing-secret.server";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { translator } from "../../i18n/translate.server";
import { enqueueSms } from "../notify/outbox.server";
import { recordAudit } from "./audit.server";
import { checkChallenge, issueChallenge, type Challenge, type ChallengeRefusal } from "./challenge.server";
import { maskPhone } from "./phone";
import {
  budgetShares,
  canTryCode,
  CODE_TTL_MS,
  DEFAULT_SEND_LIMITS,
  sendVerdict,
  signInStage,
  type CodeRefusal,
  type SendLimitHit,
  type SendLimits,
  type SignInStage,
} from "./rules";
import { createSession, hashSessionToken } from "./sessions.server";

/** Keyed with the app's secret: six digits alone would fall to a dictionary in a leaked copy. */
function hashCode(secret: string, phone: string, code: string): string {
  return crypto.createHmac("sha256", secret).update(`${phone}:${code}`).digest("hex");
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Codes of the last hour, all of them and those to numbers without a usable account. */
function hourCounts(tx: Db | Tx, now: Date) {
  const hourAgo = new Date(now.getTime() - HOUR);
  const withAccount = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.phone, signInCodes.phone), isNull(users.disabledAt)));
  const row = tx
    .select({ all: count(), addresses: countDistinct(signInCodes.ip) })
    .from(signInCodes)
    .where(gte(signInCodes.createdAt, hourAgo))
    .get();
  const unknown = tx
    .select({ n: count() })
    .from(signInCodes)
    .where(and(gte(signInCodes.createdAt, hourAgo), notExists(withAccount)))
    .get();
  return { globalHour: row?.all ?? 0, addressesHour: row?.addresses ?? 0, unknownHour: unknown?.n ?? 0 };
}

export type RequestCodeRefusal =
  | { ok: false; reason: "identity.too_many_codes"; limit: SendLimitHit }
  | { ok: false; reason: "identity.challenge_required" | ChallengeRefusal };
export type RequestCodeResult = { ok: true } | RequestCodeRefusal;

/**
 * Sends a sign-in code to a normalised phone. The answer is the same whether
 * or not an account exists (SEC-06) until a flood has spent the share for
 * new numbers; only the send limits can refuse, and, while many codes are
 * being asked for, a missing or wrong answer to the check question
 * (decision 0012). A flood cannot spend the whole hour's budget: see
 * `sendVerdict`.
 */
export function requestSignInCode(
  db: Db,
  input: { phone: string; ip: string; language: Language; challenge?: { token: string; typed: string } | null },
  now: Date,
  limits: SendLimits = DEFAULT_SEND_LIMITS,
): RequestCodeResult {
  const secret = getSigningSecret(db);
  const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, "0");
  const answered = input.challenge ? checkChallenge(secret, input.challenge, now) : null;
  return writeTransaction(db, (tx): RequestCodeResult => {
    const since = (ms: number) => new Date(now.getTime() - ms);
    const countWhere = (where: SQL | undefined) =>
      tx.select({ n: count() }).from(signInCodes).where(where).get()?.n ?? 0;
    const user = tx.select().from(users).where(eq(users.phone, input.phone)).get();
    const knownPhone = Boolean(user && !user.disabledAt);
    const hour = hourCounts(tx, now);
    // An answer counts once: its id goes onto the code's row (unique).
    const challengeId =
      answered?.ok && !tx.select({ id: signInCodes.id }).from(signInCodes).where(eq(signInCodes.challengeId, answered.id)).get()
        ? answered.id
        : null;
    const verdict = sendVerdict(
      {
        phone15Min: countWhere(and(eq(signInCodes.phone, input.phone), gte(signInCodes.createdAt, since(15 * MINUTE)))),
        phoneDay: countWhere(and(eq(signInCodes.phone, input.phone), gte(signInCodes.createdAt, since(24 * HOUR)))),
        ipHour: countWhere(and(eq(signInCodes.ip, input.ip), gte(signInCodes.createdAt, since(HOUR)))),
        globalHour: hour.globalHour,
        unknownHour: hour.unknownHour,
      },
      { knownPhone, challenged: challengeId !== null },
      limits,
    );
    const details = { phone: maskPhone(input.phone) };
    if (!verdict.ok && "challenge" in verdict) {
      // Not audited: under a flood that would be one row per request; the flood notices are.
      return { ok: false, reason: input.challenge ? "identity.challenge_wrong" : "identity.challenge_required" };
    }
    if (!verdict.ok) {
      recordAudit(tx, { action: "code.limited", subjectUserId: user?.id, ip: input.ip, details: { ...details, limit: verdict.limit } }, now);
      return { ok: false, reason: "identity.too_many_codes", limit: verdict.limit };
    }
    // Old codes only matter for the daily limit: keep two days, the audit log keeps the history.
    tx.delete(signInCodes).where(lt(signInCodes.createdAt, since(48 * HOUR))).run();
    tx.insert(signInCodes)
      .values({
        phone: input.phone,
        codeHash: hashCode(secret, input.phone, code),
        ip: input.ip,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CODE_TTL_MS),
        challengeId,
      })
      .run();
    const language = user?.preferredLanguage ?? input.language;
    enqueueSms(
      tx,
      {
        kind: "sign_in_code",
        userId: user?.id ?? null,
        to: input.phone,
        language,
        text: translator(language, "identity")("sms.code", { code, minutes: CODE_TTL_MS / MINUTE }),
        sensitive: true,
      },
      now,
    );
    recordAudit(tx, { action: "code.sent", subjectUserId: user?.id, ip: input.ip, details }, now);
    noteStageChange(tx, hour, { globalHour: hour.globalHour + 1, unknownHour: hour.unknownHour + (knownPhone ? 0 : 1) }, input.ip, limits, now);
    return { ok: true };
  });
}

/**
 * The admins' alert (issue 13 §1): when this code moved sign-in into a
 * harder stage, one audit row says so, with the hour's figures. A rolling
 * hour can cross a threshold again later: again one row.
 */
function noteStageChange(
  tx: Tx,
  before: { globalHour: number; unknownHour: number },
  after: { globalHour: number; unknownHour: number },
  ip: string,
  limits: SendLimits,
  now: Date,
) {
  const stage = signInStage(after, limits);
  if (stage === signInStage(before, limits)) return;
  const figures = hourCounts(tx, now);
  recordAudit(
    tx,
    {
      action: "code.flood",
      ip,
      details: { stage, codesHour: figures.globalHour, newNumbersHour: figures.unknownHour, addressesHour: figures.addressesHour, budgetHour: limits.globalHour },
    },
    now,
  );
}

export interface SignInLoad {
  stage: SignInStage;
  codesHour: number;
  newNumbersHour: number;
  addressesHour: number;
  budgetHour: number;
}

/** The last hour of sign-in codes, for the admins' page. */
export function getSignInLoad(db: Db, now: Date, limits: SendLimits = DEFAULT_SEND_LIMITS): SignInLoad {
  const hour = hourCounts(db, now);
  return {
    stage: signInStage(hour, limits),
    codesHour: hour.globalHour,
    newNumbersHour: hour.unknownHour,
    addressesHour: hour.addressesHour,
    budgetHour: limits.globalHour,
  };
}

/** A new check question when the form must ask one now, else null. */
export function getSignInChallenge(db: Db, now: Date, limits: SendLimits = DEFAULT_SEND_LIMITS): Challenge | null {
  const codesHour = db.select({ n: count() }).from(signInCodes).where(gte(signInCodes.createdAt, new Date(now.getTime() - HOUR))).get()?.n ?? 0;
  return codesHour >= budgetShares(limits).challengeFrom ? issueChallenge(getSigningSecret(db), now) : null;
}

export type VerifyRefusal = CodeRefusal | "identity.code_wrong" | "identity.account_disabled";
export type VerifyResult = { ok: true; userId: number; token: string; isNew: boolean } | { ok: false; reason: VerifyRefusal };

/**
 * Checks a code against the phone's latest one: single use, 5 minutes, at
 * most 5 tries (SEC-05). On success signs in with a new session id, ending
 * the session the browser had before (SEC-02).
 */
export function verifySignInCode(
  db: Db,
  input: { phone: string; code: string; ip: string; language: Language; previousToken?: string | null },
  now: Date,
): VerifyResult {
  const secret = getSigningSecret(db);
  return writeTransaction(db, (tx): VerifyResult => {
    const latest = tx.select().from(signInCodes).where(eq(signInCodes.phone, input.phone)).orderBy(desc(signInCodes.id)).limit(1).get();
    const user = tx.select().from(users).where(eq(users.phone, input.phone)).get();
    const fail = (reason: VerifyRefusal, attempt?: number): VerifyResult => {
      recordAudit(tx, { action: "code.failed", subjectUserId: user?.id, ip: input.ip, details: { phone: maskPhone(input.phone), reason, attempt: attempt ?? null } }, now);
      return { ok: false, reason };
    };
    if (!latest) return fail("identity.code_wrong");
    const allowed = canTryCode(latest, now);
    if (!allowed.ok) return fail(allowed.reason);
    const attempts = latest.attempts + 1;
    tx.update(signInCodes).set({ attempts }).where(eq(signInCodes.id, latest.id)).run();
    const expected = Buffer.from(latest.codeHash, "hex");
    const actual = Buffer.from(hashCode(secret, input.phone, input.code), "hex");
    if (!crypto.timingSafeEqual(expected, actual)) return fail("identity.code_wrong", attempts);
    tx.update(signInCodes).set({ usedAt: now }).where(eq(signInCodes.id, latest.id)).run();

    if (user && (user.disabledAt || user.deletedAt)) return fail("identity.account_disabled", attempts);
    let userId = user?.id;
    if (userId === undefined) {
      userId = tx
        .insert(users)
        .values({ phone: input.phone, preferredLanguage: input.language, createdAt: now })
        .returning({ id: users.id })
        .get().id;
    }
    if (input.previousToken) tx.delete(sessions).where(eq(sessions.id, hashSessionToken(input.previousToken))).run();
    const token = createSession(tx, userId, now);
    recordAudit(tx, { action: "signin", actorUserId: userId, subjectUserId: userId, ip: input.ip, details: { phone: maskPhone(input.phone), newAccount: !user } }, now);
    return { ok: true, userId, token, isNew: !user };
  });
}
