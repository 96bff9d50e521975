/**
 * For the e2e identity spec: `tsx tests/e2e/support/sign-in-flood.ts +77015550491 ru`
 * leaves in DATABASE_PATH what a flood of sign-in requests leaves: codes sent
 * this hour to random numbers from 20 addresses, as many as it takes for the
 * sign-in form to ask its check question (issue 13 §1) — only the rows that
 * the send limits count, no SMS, so the development outbox stays readable
 * for the other specs. Makes the given phone an administrator reading in the
 * given language and prints a session token for the browser's `sid` cookie,
 * as JSON.
 */
import crypto from "node:crypto";
import { count, gte } from "drizzle-orm";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { getEnv } from "../../../app/env.server";
import { budgetShares, DEFAULT_SEND_LIMITS } from "../../../app/domain/identity/rules";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { isLanguage } from "../../../app/i18n/config";
import { signInCodes } from "../../../db/schema";

const [adminPhone, language] = process.argv.slice(2);
if (!adminPhone || !/^\+77\d{9}$/.test(adminPhone) || !isLanguage(language)) {
  console.error("usage: sign-in-flood.ts <admin phone +77…> <kk|ru|en>");
  process.exit(2);
}
const { sqlite, db } = getConnection();
const now = new Date();
const { challengeFrom } = budgetShares({ ...DEFAULT_SEND_LIMITS, globalHour: getEnv().SIGN_IN_CODES_GLOBAL_HOUR });
const inserted = writeTransaction(db, (tx) => {
  const sent = tx.select({ n: count() }).from(signInCodes).where(gte(signInCodes.createdAt, new Date(now.getTime() - 60 * 60_000))).get()?.n ?? 0;
  const missing = Math.max(0, challengeFrom - sent);
  for (let i = 0; i < missing; i++) {
    tx.insert(signInCodes)
      .values({
        phone: `+7700${crypto.randomInt(0, 10_000_000).toString().padStart(7, "0")}`,
        codeHash: crypto.randomBytes(32).toString("hex"),
        ip: `203.0.113.${(i % 20) + 1}`,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 5 * 60_000),
      })
      .run();
  }
  return missing;
});
const admin = findOrCreateUser(db, adminPhone, now);
setPreferredLanguage(db, admin.id, language);
// A retried test finds its admin already made: a new session is all it needs.
grantRole(db, { actorUserId: null, userId: admin.id, role: "admin", villageId: null, ip: "e2e" }, now);
const token = writeTransaction(db, (tx) => createSession(tx, admin.id, now));
console.log(JSON.stringify({ token, inserted }));
sqlite.close();
