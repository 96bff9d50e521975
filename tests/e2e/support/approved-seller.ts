/**
 * For the e2e specs (seller listing, storefront): `tsx tests/e2e/support/approved-seller.ts +77017770011 besagash "Name" ru`
 * makes an approved seller in the village of DATABASE_PATH through the real
 * use cases (a coordinator of the village approves the application) and
 * prints a session token for the browser's `sid` cookie, as JSON.
 */
import { getConnection, writeTransaction } from "../../../app/db.server";
import { applyToSell, decideApplication } from "../../../app/domain/identity/sellers.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { isLanguage } from "../../../app/i18n/config";
import { getVillage } from "../../../app/domain/geo/geo.server";

const [phone, villageSlug, name, language] = process.argv.slice(2);
if (!phone || !villageSlug || !name || !isLanguage(language)) {
  console.error("usage: approved-seller.ts <phone> <village slug> <name> <kk|ru|en>");
  process.exit(2);
}
const { sqlite, db } = getConnection();
const now = new Date();
const village = getVillage(db, villageSlug);
if (!village) throw new Error(`no village ${villageSlug}`);
// The coordinator's phone is the seller's with its last digit group changed.
const coordinator = findOrCreateUser(db, phone.replace(/\d{2}$/, "99"), now);
grantRole(db, { actorUserId: null, userId: coordinator.id, role: "coordinator", villageId: village.id, ip: "e2e" }, now);
const seller = findOrCreateUser(db, phone, now);
// A signed-in person's pages are in their preferred language.
setPreferredLanguage(db, seller.id, language);
const applied = applyToSell(db, { userId: seller.id, villageSlug, name, craft: "ағаш шебері", taxId: null, ip: "e2e" }, now);
// A retried test finds its seller already approved: a new session is all it needs.
if (!applied.ok && applied.reason !== "identity.already_seller") throw new Error(applied.reason);
if (applied.ok) {
  const decided = decideApplication(db, { actorUserId: coordinator.id, villageId: village.id, applicationId: applied.applicationId, approve: true, reason: "", ip: "e2e" }, now);
  if (!decided.ok) throw new Error(decided.reason);
}
const token = writeTransaction(db, (tx) => createSession(tx, seller.id, now));
console.log(JSON.stringify({ token, userId: seller.id }));
sqlite.close();
