/**
 * `npm run admin:grant -- +77011234567`: makes the person with this phone an
 * administrator (the account is created if they have not signed in yet), so
 * the first admin exists without anyone clicking through a screen. Writes to
 * DATABASE_PATH, migrating it first if needed; recorded in the audit log.
 */
import { getConnection } from "../app/db.server";
import { getEnv } from "../app/env.server";
import { formatPhone, normalizePhone } from "../app/domain/identity/phone";
import { findOrCreateUser, grantRole } from "../app/domain/identity/users.server";

const typed = process.argv.slice(2).join(" ").trim();
const phone = normalizePhone(typed);
if (!typed || !phone.ok) {
  console.error(`Usage: npm run admin:grant -- +77011234567  (a Kazakhstan mobile number; got ${JSON.stringify(typed)}${typed ? `: ${phone.ok ? "" : phone.reason}` : ""})`);
  process.exit(2);
}

const { sqlite, db } = getConnection();
const now = new Date();
const user = findOrCreateUser(db, phone.phone, now);
const result = grantRole(db, { actorUserId: null, userId: user.id, role: "admin", ip: "command line" }, now);
if (result.ok) console.log(`${getEnv().DATABASE_PATH}: ${formatPhone(phone.phone)} (user #${user.id}) is now an administrator.`);
else if (result.reason === "identity.role_exists") console.log(`${formatPhone(phone.phone)} (user #${user.id}) already is an administrator.`);
else {
  console.error(`Could not grant the admin role: ${result.reason}`);
  process.exitCode = 1;
}
sqlite.close();
