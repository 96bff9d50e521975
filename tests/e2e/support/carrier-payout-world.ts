/**
 * For the carrier payouts spec: `tsx tests/e2e/support/carrier-payout-world.ts <kk|ru|en> <n>`
 * in the e2e server's database (DATABASE_PATH): a bus driver's lane of its own
 * from Besagash to a demo city point (the cheapest, so checkout
 * takes it), one order over it paid through the development provider's
 * signed webhook and released as the order machine does at completion — so
 * the lane is owed its delivery fee (carrier_payable) — plus Besagash's
 * coordinator, an admin and the platform's legal entity. Prints the session
 * tokens, the lane and its carrier's name as JSON.
 */
import { and, eq, gte, like } from "drizzle-orm";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { releaseEscrow } from "../../../app/domain/escrow/ledger-posting.server";
import { getVillage } from "../../../app/domain/geo/geo.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { setPaymentProvider } from "../../../app/domain/payments/payments.server";
import { ibanCheckDigits } from "../../../app/domain/payouts/iban";
import { setPlatformEntity } from "../../../app/domain/payouts/platform-entity.server";
import { lanes, listings, orderLegs, orders, pickupPoints } from "../../../db/schema";
import { DEMO_CITY_POINTS } from "../../../db/seed/pickup-points";
import { buy, devProvider, payCheckout } from "../../support/orders";
import { worldArgs } from "./world-phones";

const { language, phone, N, L } = worldArgs("carrier-payout-world.ts <kk|ru|en> <0-99>");
const { sqlite, db } = getConnection();
const now = new Date();

function person(role: number, grant?: "coordinator" | "admin") {
  const user = findOrCreateUser(db, phone(role), now);
  setPreferredLanguage(db, user.id, language);
  if (grant === "admin") grantRole(db, { actorUserId: null, userId: user.id, role: "admin", ip: "e2e" }, now);
  if (grant === "coordinator") grantRole(db, { actorUserId: null, userId: user.id, role: "coordinator", villageId: besagash.id, ip: "e2e" }, now);
  return { userId: user.id, token: writeTransaction(db, (tx) => createSession(tx, user.id, now)) };
}

const besagash = getVillage(db, "besagash")!;
const coordinator = person(1, "coordinator");
const admin = person(2, "admin");
const buyer = person(3);
const kz = (bban: string) => `KZ${ibanCheckDigits("KZ", bban)}${bban}`;
const entity = setPlatformEntity(db, { name: "ТОО «Auyl Hub»", bin: "180540000012", iban: kz("601A861000123456"), actorUserId: admin.userId, ip: "e2e" }, now);
if (!entity.ok) throw new Error(JSON.stringify(entity.errors));

// A point of the spec's own per language (a copy of the demo Almaty shop, closed again once the order is
// placed): a one-tiyn lane to a demo point would become every other spec's cheapest route there, and a lane
// to the demo Astana point would make it reachable (lanes.spec and city-journey.spec count on both).
const ownName = `${DEMO_CITY_POINTS[0]!.name} · carrier ${L}`;
const point =
  db.select({ id: pickupPoints.id }).from(pickupPoints).where(eq(pickupPoints.name, ownName)).get() ??
  (() => {
    const { id: _id, ...demo } = db.select().from(pickupPoints).where(eq(pickupPoints.name, DEMO_CITY_POINTS[0]!.name)).get()!;
    return db.insert(pickupPoints).values({ ...demo, name: ownName, createdAt: now }).returning({ id: pickupPoints.id }).get();
  })();
db.update(pickupPoints).set({ active: true }).where(eq(pickupPoints.id, point.id)).run();
const carrierName = `Bus ${L}${N}`;
// An earlier try's lane (a retry) would be as cheap and older: it is closed first.
db.update(lanes)
  .set({ active: false })
  .where(and(eq(lanes.fromVillageId, besagash.id), eq(lanes.toPointId, point.id), like(lanes.carrierName, `Bus ${L}%`)))
  .run();
// One tiyn a parcel: cheaper than the demo lanes, so the route takes this lane.
const laneId = db
  .insert(lanes)
  .values({ fromVillageId: besagash.id, toPointId: point.id, carrierKind: "bus_driver", carrierName, weekdays: 127, transitDays: 1, upTo15kgTiyn: 1, from15to50kgTiyn: 1, over50kgTiyn: 1, createdAt: now })
  .returning({ id: lanes.id })
  .get().id;

const listing = db
  .select({ id: listings.id })
  .from(listings)
  .where(and(eq(listings.villageId, besagash.id), eq(listings.status, "active"), eq(listings.weightClass, "upTo15kg"), gte(listings.stock, 3)))
  .get();
if (!listing) throw new Error("no demo listing in Besagash to buy");
const provider = devProvider(() => now);
setPaymentProvider(provider);
const placed = buy(db, { buyerUserId: buyer.userId, pickupPointId: point.id, lines: [{ listingId: listing.id, quantity: 1 }] }, now);
if (!placed.ok) throw new Error(placed.reason);
const orderId = placed.orderIds[0]!;
if (db.select({ laneId: orderLegs.laneId }).from(orderLegs).where(eq(orderLegs.orderId, orderId)).get()?.laneId !== laneId) throw new Error("checkout did not take the spec's lane");
db.update(pickupPoints).set({ active: false }).where(eq(pickupPoints.id, point.id)).run();

const main = async () => {
  await payCheckout(db, provider, placed.checkoutId, now);
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get()!;
  writeTransaction(db, (tx) => {
    releaseEscrow(tx, { key: `order:${orderId}:release`, orderId, sellerId: order.sellerId, sellerVillageId: order.sellerVillageId, platformRateBp: order.platformRateBp, coopRateBp: order.coopRateBp, at: now });
    tx.update(orders).set({ status: "completed" }).where(eq(orders.id, orderId)).run();
  });
  console.log(JSON.stringify({ coordinator: coordinator.token, admin: admin.token, laneId, carrierName, feeTiyn: order.deliveryTiyn, iban: kz(`722S000077${L}${N}000`) }));
  sqlite.close();
};
void main();
