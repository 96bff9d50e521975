/**
 * For the money spec: `tsx tests/e2e/support/payout-world.ts <kk|ru|en> <retry>`
 * in the e2e server's database (DATABASE_PATH): an admin in that language,
 * the platform's legal entity, and one demo seller who is owed money given a
 * payout account (each language and retry its own seller). Prints the
 * admin's session token and the seller's shop name, as JSON.
 */
import { eq } from "drizzle-orm";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { balancesOfKind } from "../../../app/domain/escrow/ledger-reads.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { setPayoutDestination } from "../../../app/domain/payouts/destinations.server";
import { ibanCheckDigits } from "../../../app/domain/payouts/iban";
import { setPlatformEntity } from "../../../app/domain/payouts/platform-entity.server";
import { isLanguage } from "../../../app/i18n/config";
import { payoutDestinations, sellers } from "../../../db/schema";

const [language, retry] = process.argv.slice(2);
if (!isLanguage(language) || !/^\d{1,2}$/.test(retry ?? "")) {
  console.error("usage: payout-world.ts <kk|ru|en> <0-99>");
  process.exit(2);
}
const L = { kk: 0, ru: 1, en: 2 }[language];
const { sqlite, db } = getConnection();
const now = new Date();
const admin = findOrCreateUser(db, `+77048${L + 1}${retry!.padStart(2, "0")}005`, now);
setPreferredLanguage(db, admin.id, language);
grantRole(db, { actorUserId: null, userId: admin.id, role: "admin", ip: "e2e" }, now);
const kz = (bban: string) => `KZ${ibanCheckDigits("KZ", bban)}${bban}`;
const entity = setPlatformEntity(db, { name: "ТОО «Auyl Hub»", bin: "180540000012", iban: kz("601A861000123456"), actorUserId: admin.id, ip: "e2e" }, now);
if (!entity.ok) throw new Error(JSON.stringify(entity.errors));
const owed = balancesOfKind(db, "seller_payable")
  .filter((a) => a.balanceTiyn > 0)
  .map((a) => Number(a.code.slice("seller_payable:".length)))
  .filter((id) => !db.select().from(payoutDestinations).where(eq(payoutDestinations.sellerId, id)).get());
const sellerId = owed[L * 10 + Number(retry)];
if (sellerId === undefined) throw new Error("no demo seller is owed money");
const shop = db.select().from(sellers).where(eq(sellers.id, sellerId)).get()!;
const saved = setPayoutDestination(db, { sellerId, actorUserId: shop.userId, iban: kz(`722S0000${String(sellerId).padStart(8, "0")}`), holderName: shop.name ?? "Seller", holderTaxId: "921029350851", ip: "e2e" }, now);
if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
const token = writeTransaction(db, (tx) => createSession(tx, admin.id, now));
console.log(JSON.stringify({ token, shop: shop.name, sellerId }));
sqlite.close();
