/**
 * For the evidence spec: `tsx tests/e2e/support/evidence-world.ts <kk|ru|en> <n>`
 * makes, in the e2e server's database (DATABASE_PATH) through the real use
 * cases, an approved seller in Besagash and the village's coordinator, and
 * prints their session tokens and the seller's shop id as JSON. `n` keeps
 * phones apart between tests and retries.
 */
import { getConnection, writeTransaction } from "../../../app/db.server";
import { applyToSell, decideApplication } from "../../../app/domain/identity/sellers.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { isLanguage } from "../../../app/i18n/config";
import { getVillage } from "../../../app/domain/geo/geo.server";

const [language, n] = process.argv.slice(2);
if (!isLanguage(language) || !/^\d{1,2}$/.test(n ?? "")) {
  console.error("usage: evidence-world.ts <kk|ru|en> <0-99>");
  process.exit(2);
}
const L = { kk: "1", ru: "2", en: "3" }[language];
const N = n!.padStart(2, "0");
/** +7 703 9LN Nrr 5: one number per language, test and role. */
const phone = (role: number) => `+77039${L}${N}${String(role).padStart(2, "0")}5`;

const { sqlite, db } = getConnection();
const now = new Date();
const village = getVillage(db, "besagash");
if (!village) throw new Error("no village besagash");
const coordinator = findOrCreateUser(db, phone(1), now);
setPreferredLanguage(db, coordinator.id, language);
grantRole(db, { actorUserId: null, userId: coordinator.id, role: "coordinator", villageId: village.id, ip: "e2e" }, now);
const seller = findOrCreateUser(db, phone(2), now);
setPreferredLanguage(db, seller.id, language);
const applied = applyToSell(db, { userId: seller.id, villageSlug: village.slug, name: `Evidence shop ${L}${N}`, craft: "киіз", taxId: null, ip: "e2e" }, now);
if (!applied.ok && applied.reason !== "identity.already_seller") throw new Error(applied.reason);
if (applied.ok) {
  const decided = decideApplication(db, { actorUserId: coordinator.id, villageId: village.id, applicationId: applied.applicationId, approve: true, reason: "", ip: "e2e" }, now);
  if (!decided.ok) throw new Error(decided.reason);
}
const tokens = writeTransaction(db, (tx) => ({ coordinator: createSession(tx, coordinator.id, now), seller: createSession(tx, seller.id, now) }));
console.log(JSON.stringify({ tokens, shopName: `Evidence shop ${L}${N}` }));
sqlite.close();
