/**
 * For the assisted payout spec: `tsx tests/e2e/support/assisted-payout-world.ts <kk|ru|en> <retry>`
 * in the e2e server's database (DATABASE_PATH): a coordinator of Besagash in
 * that language, and one Besagash demo seller (each language and retry its
 * own) who chose assisted selling. Prints the coordinator's session token and
 * the seller's shop, as JSON.
 */
import { eq } from "drizzle-orm";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { getVillage } from "../../../app/domain/geo/geo.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { isLanguage } from "../../../app/i18n/config";
import { users } from "../../../db/schema";
import { assistedDemoSeller } from "./assisted-seller";

const [language, retry] = process.argv.slice(2);
if (!isLanguage(language) || !/^\d{1,2}$/.test(retry ?? "")) {
  console.error("usage: assisted-payout-world.ts <kk|ru|en> <0-99>");
  process.exit(2);
}
const L = { kk: 0, ru: 1, en: 2 }[language];
const { sqlite, db } = getConnection();
const now = new Date();
const besagash = getVillage(db, "besagash");
if (!besagash) throw new Error("no village besagash");
const coordinator = findOrCreateUser(db, `+77049${L + 1}${retry!.padStart(2, "0")}005`, now);
setPreferredLanguage(db, coordinator.id, language);
grantRole(db, { actorUserId: null, userId: coordinator.id, role: "coordinator", villageId: besagash.id, ip: "e2e" }, now);
// The walk's demo seller (+7 700 000 00 11) keeps their own settings.
const walkSeller = db.select({ id: users.id }).from(users).where(eq(users.phone, "+77000000011")).get()?.id ?? 0;
const shop = assistedDemoSeller(db, besagash.id, walkSeller, 1 + L * 10 + Number(retry));
const token = writeTransaction(db, (tx) => createSession(tx, coordinator.id, now));
console.log(JSON.stringify({ token, sellerId: shop.id, shop: shop.name }));
sqlite.close();
