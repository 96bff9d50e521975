import crypto from "node:crypto";
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { sessions, signInCodes, users } from "../../../db/schema";
import { getSigningSecret } from "./signing-secret.server";
import { writeTransaction, type Db } from "../../db.server";
import type { Language } from "../../i18n/config";
import { translator } from "../../i18n/translate.server";
import { enqueueSms } from "../notify/outbox.server";
import { recordAudit } from "./audit.server";
import { maskPhone } from "./phone";
import {
  canTryCode,
  CODE_TTL_MS,
  DEFAULT_SEND_LIMITS,
  sendLimitHit,
  type CodeRefusal,
  type SendLimitHit,
  type SendLimits,
} from "./rules";
import { createSession, hashSessionToken } from "./sessions.server";

/** Keyed with the app's secret: six digits alone would fall to a dictionary in a leaked copy. */
function hashCode(secret: string, phone: string, code: string): string {
  return crypto.createHmac("sha256", secret).update(`${phone}:${code}`).digest("hex");
}

const MINUTE = 60_000;

export type RequestCodeResult = { ok: true } | { ok: false; reason: "identity.too_many_codes"; limit: SendLimitHit };

/**
 * Sends a sign-in code to a normalised phone. The answer is the same whether
 * or not an account exists (SEC-06); only the send limits can refuse.
 */
export function requestSignInCode(
  db: Db,
  input: { phone: string; ip: string; language: Language },
  now: Date,
  limits: SendLimits = DEFAULT_SEND_LIMITS,
): RequestCodeResult {
  const secret = getSigningSecret(db);
  const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, "0");
  return writeTransaction(db, (tx) => {
    const since = (ms: number) => new Date(now.getTime() - ms);
    const countWhere = (where: SQL | undefined) =>
      tx.select({ n: count() }).from(signInCodes).where(where).get()?.n ?? 0;
    const hit = sendLimitHit(
      {
        phone15Min: countWhere(and(eq(signInCodes.phone, input.phone), gte(signInCodes.createdAt, since(15 * MINUTE)))),
        phoneDay: countWhere(and(eq(signInCodes.phone, input.phone), gte(signInCodes.createdAt, since(24 * 60 * MINUTE)))),
        ipHour: countWhere(and(eq(signInCodes.ip, input.ip), gte(signInCodes.createdAt, since(60 * MINUTE)))),
        globalHour: countWhere(gte(signInCodes.createdAt, since(60 * MINUTE))),
      },
      limits,
    );
    const user = tx.select().from(users).where(eq(users.phone, input.phone)).get();
    const details = { phone: maskPhone(input.phone) };
    if (hit) {
      recordAudit(tx, { action: "code.limited", subjectUserId: user?.id, ip: input.ip, details: { ...details, limit: hit } }, now);
      return { ok: false, reason: "identity.too_many_codes", limit: hit };
    }
    // Old codes only matter for the daily limit: keep two days, the audit log keeps the history.
    tx.delete(signInCodes).where(lt(signInCodes.createdAt, since(48 * 60 * MINUTE))).run();
    tx.insert(signInCodes)
      .values({
        phone: input.phone,
        codeHash: hashCode(secret, input.phone, code),
        ip: input.ip,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CODE_TTL_MS),
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
    return { ok: true };
  });
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
