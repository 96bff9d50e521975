/**
 * For the page walk: `tsx tests/e2e/support/walk-world.ts <role>` prints, as
 * JSON, a session for that role in the e2e server's database (DATABASE_PATH),
 * made through the real use cases for the README's demo people: Besagash's
 * coordinator (+7 700 000 00 01), a furniture maker there (+7 700 000 00 11),
 * the national analyst (+7 700 000 00 07). The demo has no operator and no
 * administrator: the coordinator appoints one to Besagash's cooperative
 * warehouse, and one is granted as `npm run admin:grant` would. For the
 * coordinator, the seller first lets them see their evidence (a consent), so
 * that page has something to show. Safe to run again (a retried test).
 */
import { and, eq } from "drizzle-orm";
import { pickupPoints, sellers, users } from "../../../db/schema";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole } from "../../../app/domain/identity/users.server";
import { appointOperator } from "../../../app/domain/logistics/pickup-points.server";
import { getVillage } from "../../../app/domain/geo/geo.server";
import { DEFAULT_CONSENT_DAYS } from "../../../app/domain/insights/evidence-rules";
import { giveConsent } from "../../../app/domain/insights/evidence.server";

const ROLES = ["seller", "coordinator", "operator", "analyst", "admin"] as const;
const role = process.argv[2];
if (!ROLES.includes(role as (typeof ROLES)[number])) {
  console.error(`usage: walk-world.ts <${ROLES.join("|")}>`);
  process.exit(2);
}

const PHONES = { coordinator: "+77000000001", seller: "+77000000011", analyst: "+77000000007", operator: "+77029000015", admin: "+77029000019" };

const { sqlite, db } = getConnection();
const now = new Date();

function demoUser(phone: string): number {
  const row = db.select({ id: users.id }).from(users).where(eq(users.phone, phone)).get();
  if (!row) throw new Error(`no demo user ${phone}: is the server seeded with DEMO_DATA?`);
  return row.id;
}

function besagashId(): number {
  const village = getVillage(db, "besagash");
  if (!village) throw new Error("no village besagash");
  return village.id;
}

function operator(): number {
  const point = db
    .select({ id: pickupPoints.id })
    .from(pickupPoints)
    .where(and(eq(pickupPoints.villageId, besagashId()), eq(pickupPoints.kind, "coop_warehouse")))
    .get();
  if (!point) throw new Error("Besagash has no cooperative warehouse (demo pickup points)");
  // Appointing needs an account: the operator has signed in once.
  const userId = findOrCreateUser(db, PHONES.operator, now).id;
  const appointed = appointOperator(
    db,
    { actorUserId: demoUser(PHONES.coordinator), villageId: besagashId(), pickupPointId: point.id, phone: PHONES.operator, ip: "e2e" },
    now,
  );
  if (!appointed.ok && appointed.reason !== "logistics.operator_exists") throw new Error(appointed.reason);
  return userId;
}

function admin(): number {
  const userId = findOrCreateUser(db, PHONES.admin, now).id;
  const granted = grantRole(db, { actorUserId: null, userId, role: "admin", ip: "e2e" }, now);
  if (!granted.ok && granted.reason !== "identity.role_exists") throw new Error(granted.reason);
  return userId;
}

function coordinator(): number {
  const seller = demoUser(PHONES.seller);
  const shop = db.select({ id: sellers.id }).from(sellers).where(eq(sellers.userId, seller)).get();
  if (!shop) throw new Error("the demo seller has no shop");
  const consented = giveConsent(db, { userId: seller, sellerId: shop.id, purpose: "Грант акимата на станок для мастерской", days: DEFAULT_CONSENT_DAYS }, now);
  if (!consented.ok) throw new Error(consented.reason);
  return demoUser(PHONES.coordinator);
}

const userId =
  role === "operator" ? operator() : role === "admin" ? admin() : role === "coordinator" ? coordinator() : demoUser(role === "seller" ? PHONES.seller : PHONES.analyst);
console.log(JSON.stringify({ token: writeTransaction(db, (tx) => createSession(tx, userId, now)) }));
sqlite.close();
