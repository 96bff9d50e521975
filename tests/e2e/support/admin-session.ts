/**
 * For the backups spec: `tsx tests/e2e/support/admin-session.ts <kk|ru|en> <n>`
 * makes an administrator in the e2e server's database (DATABASE_PATH), in the
 * given language, and prints a session token for the browser's `sid` cookie.
 */
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { isLanguage } from "../../../app/i18n/config";

const [language, n] = process.argv.slice(2);
if (!isLanguage(language) || !/^\d{1,2}$/.test(n ?? "")) {
  console.error("usage: admin-session.ts <kk|ru|en> <0-99>");
  process.exit(2);
}
const L = { kk: "1", ru: "2", en: "3" }[language];
const { sqlite, db } = getConnection();
const now = new Date();
const admin = findOrCreateUser(db, `+77047${L}${n!.padStart(2, "0")}005`, now);
setPreferredLanguage(db, admin.id, language);
grantRole(db, { actorUserId: null, userId: admin.id, role: "admin", ip: "e2e" }, now);
const token = writeTransaction(db, (tx) => createSession(tx, admin.id, now));
console.log(JSON.stringify({ token }));
sqlite.close();
