/**
 * For the logistics insights spec: `tsx tests/e2e/support/logistics-world.ts <kk|ru|en> <n>`
 * makes, in the e2e server's database (DATABASE_PATH), an analyst of the Almaty region (KZ-19)
 * and three arrived shipments from the Besagash hub carrying demo orders it sent to other hubs
 * (two by the cooperative's van, one on time and one a day late, one by Kazpost), 36 days ago so
 * that the hub screen's live 30-day figures stay as other specs expect. Their month's logistics
 * rollup is rebuilt by the real path; the session token is printed as JSON.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { orders, regions, shipmentParcels, shipments } from "../../../db/schema";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { isLanguage, type Language } from "../../../app/i18n/config";
import { getVillage } from "../../../app/domain/geo/geo.server";
import { addMonths, almatyDay, almatyDayStart, almatyMonth } from "../../../app/domain/insights/calendar";
import { rebuildLogisticsRollups } from "../../../app/domain/insights/logistics-rollups.server";

const [language, n] = process.argv.slice(2);
if (!isLanguage(language) || !/^\d{1,2}$/.test(n ?? "")) {
  console.error("usage: logistics-world.ts <kk|ru|en> <0-99>");
  process.exit(2);
}
const L = { kk: "1", ru: "2", en: "3" }[language];
const now = new Date();
const { sqlite, db } = getConnection();
const besagash = getVillage(db, "besagash");
const almaty = db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, "KZ-19")).get();
if (!besagash || !almaty) throw new Error("no Besagash or KZ-19: is the database seeded with demo data?");

const analyst = findOrCreateUser(db, `+77045${L}${n!.padStart(2, "0")}015`, now);
setPreferredLanguage(db, analyst.id, language as Language);
grantRole(db, { actorUserId: null, userId: analyst.id, role: "analyst", regionId: almaty.id, ip: "e2e" }, now);

const DAY = 86_400_000;
const departed = new Date(now.getTime() - 36 * DAY);
const day = almatyDay(departed);
// The expected day is the day after departure, stored as 18:00 of that day in Kazakhstan (as the form does).
const expected = new Date(almatyDayStart(day).getTime() + DAY + 18 * 3_600_000);
const sent = db
  .select({ id: orders.id, pointId: orders.pickupPointId })
  .from(orders)
  .where(and(eq(orders.sellerVillageId, besagash.id), eq(orders.sameVillage, false), eq(orders.status, "completed")))
  .orderBy(desc(orders.id))
  .limit(5)
  .all();
if (sent.length < 5) throw new Error("the demo history has no orders Besagash sent away");

const token = writeTransaction(db, (tx) => {
  const shipment = (carrierKind: "coop_van" | "kazpost", arrivedAt: Date, parcels: { id: number; pointId: number }[]) => {
    const id = tx
      .insert(shipments)
      .values({ fromVillageId: besagash.id, toPickupPointId: parcels[0]!.pointId, status: "arrived", carrierKind, carrierName: "E2E", carrierPhone: "+77010000000", createdAt: departed, departedAt: departed, expectedArrivalAt: expected, arrivedAt })
      .returning({ id: shipments.id })
      .get().id;
    for (const parcel of parcels) tx.insert(shipmentParcels).values({ shipmentId: id, orderId: parcel.id, state: "arrived", loadedScanAt: departed, arrivedScanAt: arrivedAt }).run();
  };
  shipment("coop_van", new Date(expected.getTime() + 3_600_000), sent.slice(0, 2));
  shipment("coop_van", new Date(expected.getTime() + DAY), sent.slice(2, 4));
  shipment("kazpost", new Date(expected.getTime()), sent.slice(4, 5));
  // The months the arrivals fall in, rebuilt as rebuildRollups would.
  const first = almatyMonth(departed);
  const last = almatyMonth(new Date(expected.getTime() + DAY));
  rebuildLogisticsRollups(tx, almatyDayStart(`${first}-01`), almatyDayStart(`${addMonths(last, 1)}-01`), first, last);
  return createSession(tx, analyst.id, now);
});
const count = db.get<{ n: number }>(sql`SELECT SUM(shipments_arrived) AS n FROM insights_logistics_months WHERE village_id = ${besagash.id}`)?.n ?? 0;
console.log(JSON.stringify({ token, shipments: count }));
sqlite.close();
