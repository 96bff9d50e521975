/**
 * For the insights spec: `tsx tests/e2e/support/insights-world.ts <kk|ru|en> <n>`
 * makes, in the e2e server's database (DATABASE_PATH), an analyst of the
 * Almaty region (KZ-19, where the demo history makes Besagash an e-commerce
 * village) and a coordinator of Besagash, and prints their session tokens as
 * JSON. The demo history itself is the server's: the spec starts once /ready
 * says it is written.
 */
import { eq } from "drizzle-orm";
import { regions } from "../../../db/schema";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { isLanguage, type Language } from "../../../app/i18n/config";
import { getVillage } from "../../../app/domain/geo/geo.server";

const [language, n] = process.argv.slice(2);
if (!isLanguage(language) || !/^\d{1,2}$/.test(n ?? "")) {
  console.error("usage: insights-world.ts <kk|ru|en> <0-99>");
  process.exit(2);
}
const L = { kk: "1", ru: "2", en: "3" }[language];
const N = n!.padStart(2, "0");
/** +7 704 6LN Nrr 5: one number per language, test and role. */
const phone = (role: number) => `+77046${L}${N}${String(role).padStart(2, "0")}5`;

const { sqlite, db } = getConnection();
const now = new Date();
const besagash = getVillage(db, "besagash");
const almaty = db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, "KZ-19")).get();
if (!besagash || !almaty) throw new Error("no Besagash or KZ-19: is the database seeded with demo data?");

function person(role: number) {
  const user = findOrCreateUser(db, phone(role), now);
  setPreferredLanguage(db, user.id, language as Language);
  return user;
}

const analyst = person(1);
grantRole(db, { actorUserId: null, userId: analyst.id, role: "analyst", regionId: almaty.id, ip: "e2e" }, now);
const coordinator = person(2);
grantRole(db, { actorUserId: null, userId: coordinator.id, role: "coordinator", villageId: besagash.id, ip: "e2e" }, now);
const tokens = writeTransaction(db, (tx) => ({ analyst: createSession(tx, analyst.id, now), coordinator: createSession(tx, coordinator.id, now) }));
console.log(JSON.stringify({ tokens }));
sqlite.close();
