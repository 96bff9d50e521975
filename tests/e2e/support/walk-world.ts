/**
 * For the page walk: `tsx tests/e2e/support/walk-world.ts <role>` prints, as
 * JSON, a session for that role in the e2e server's database (DATABASE_PATH),
 * made through the real use cases for the README's demo people: Besagash's
 * coordinator (+7 700 000 00 01), a furniture maker there (+7 700 000 00 11),
 * the national analyst (+7 700 000 00 07). The demo has no operator and no
 * administrator: the coordinator appoints one to Besagash's cooperative
 * warehouse, and one is granted as `npm run admin:grant` would. For the
 * coordinator, the seller first lets them see their evidence (a consent), so
 * that page has something to show, and another seller there chooses assisted
 * selling, so the desk links to their payout account. For the seller, a demo buyer has asked
 * about one of their listings and reviewed a completed order, so the thread,
 * the review and its report form exist; their paths are printed as `seeds`.
 * Safe to run again (a retried test).
 */
import { and, eq } from "drizzle-orm";
import { checkouts, disputes, listings, orderItems, orders, pickupPoints, reviews, sellers, shipments, users } from "../../../db/schema";
import { openDispute } from "../../../app/domain/trust/disputes.server";
import { listingSubject, sendMessage } from "../../../app/domain/trust/messages.server";
import { writeReview } from "../../../app/domain/trust/reviews.server";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole } from "../../../app/domain/identity/users.server";
import { appointOperator } from "../../../app/domain/logistics/pickup-points.server";
import { getVillage } from "../../../app/domain/geo/geo.server";
import { DEFAULT_CONSENT_DAYS } from "../../../app/domain/insights/evidence-rules";
import { giveConsent } from "../../../app/domain/insights/evidence.server";
import { assistedDemoSeller } from "./assisted-seller";

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
  // Another seller there chose assisted selling, so the desk links to their payout account (issue 15 §2).
  assistedDemoSeller(db, besagashId(), seller, 0);
  // A shipment being loaded at the hub (issue 17 §3), so the hub links to its page, manifest and labels.
  const point = db.select({ id: pickupPoints.id }).from(pickupPoints).where(eq(pickupPoints.villageId, besagashId())).get();
  if (point && !db.select({ id: shipments.id }).from(shipments).where(eq(shipments.fromVillageId, besagashId())).get()) {
    db.insert(shipments).values({ fromVillageId: besagashId(), toPickupPointId: point.id, status: "loaded", carrierKind: "coop_van", carrierName: "Серік", carrierPhone: "+77015554433", createdAt: now }).run();
  }
  return demoUser(PHONES.coordinator);
}

/** A question thread and a reviewed order of the demo seller: the pages only they lead to. */
function sellerSeeds(sellerUserId: number): string[] {
  const shop = db.select({ id: sellers.id, villageId: sellers.villageId }).from(sellers).where(eq(sellers.userId, sellerUserId)).get();
  const listing = shop && db.select({ id: listings.id, priceTiyn: listings.priceTiyn, titleKk: listings.titleKk }).from(listings).where(and(eq(listings.sellerId, shop.id), eq(listings.status, "active"))).get();
  const point = shop && db.select({ id: pickupPoints.id }).from(pickupPoints).where(eq(pickupPoints.villageId, shop.villageId)).get();
  if (!shop || !listing || !point) throw new Error("the demo seller has no active listing or village point");
  const buyerId = findOrCreateUser(db, "+77000020001", now).id;
  const subject = listingSubject(db, listing.id, buyerId);
  if (!subject) throw new Error("no listing subject");
  const threadId = subject.threadId ?? (() => {
    const sent = sendMessage(db, { subject, senderUserId: buyerId, body: "Сәлеметсіз бе! Бұл бар ма?", sendAnyway: false }, now);
    if (!sent.ok) throw new Error(sent.reason);
    return sent.threadId;
  })();
  let review = db.select({ id: reviews.id, orderId: reviews.orderId }).from(reviews).where(eq(reviews.sellerId, shop.id)).get();
  if (!review) {
    // A completed order written as the demo history writes its orders; the review through its use case.
    const orderId = writeTransaction(db, (tx) => {
      const checkoutId = tx.insert(checkouts).values({ buyerUserId: buyerId, pickupPointId: point.id, paymentMethod: "cash", totalTiyn: listing.priceTiyn, idempotencyKey: `walk-${now.getTime()}`, createdAt: now }).returning({ id: checkouts.id }).get().id;
      const id = tx
        .insert(orders)
        .values({ checkoutId, buyerUserId: buyerId, sellerId: shop.id, sellerVillageId: shop.villageId, pickupPointId: point.id, paymentMethod: "cash", status: "completed", totalTiyn: listing.priceTiyn, platformRateBp: 300, coopRateBp: 200, sameVillage: true, createdAt: now, updatedAt: now, completedAt: now })
        .returning({ id: orders.id })
        .get().id;
      tx.insert(orderItems).values({ orderId: id, listingId: listing.id, title: listing.titleKk ?? "—", language: "kk", priceTiyn: listing.priceTiyn, quantity: 1, lineTiyn: listing.priceTiyn }).run();
      return id;
    });
    const written = writeReview(db, { orderId, buyerUserId: buyerId, itemRating: 5, sellerRating: 5, text: "Жақсы жасалған, рақмет!", language: "kk", photoHashes: [] }, now);
    if (!written.ok) throw new Error(written.reason);
    review = { id: written.reviewId, orderId };
  }
  // A dispute file of the seller's (issue 16 §4): a collected order its buyer disputes through the use case.
  let disputed = db.select({ orderId: disputes.orderId }).from(disputes).innerJoin(orders, eq(orders.id, disputes.orderId)).where(eq(orders.sellerId, shop.id)).get()?.orderId;
  if (!disputed) {
    disputed = writeTransaction(db, (tx) => {
      const checkoutId = tx.insert(checkouts).values({ buyerUserId: buyerId, pickupPointId: point.id, paymentMethod: "cash", totalTiyn: listing.priceTiyn, idempotencyKey: `walk-dispute-${now.getTime()}`, createdAt: now }).returning({ id: checkouts.id }).get().id;
      const id = tx
        .insert(orders)
        .values({ checkoutId, buyerUserId: buyerId, sellerId: shop.id, sellerVillageId: shop.villageId, pickupPointId: point.id, paymentMethod: "cash", status: "picked_up", totalTiyn: listing.priceTiyn, platformRateBp: 300, coopRateBp: 200, sameVillage: true, createdAt: now, updatedAt: now })
        .returning({ id: orders.id })
        .get().id;
      tx.insert(orderItems).values({ orderId: id, listingId: listing.id, title: listing.titleKk ?? "—", language: "kk", priceTiyn: listing.priceTiyn, quantity: 1, lineTiyn: listing.priceTiyn }).run();
      return id;
    });
    const opened = openDispute(db, { orderId: disputed, buyerUserId: buyerId, reason: "damaged", text: "Бір аяғы сынған", bypass: false, photoHashes: [] }, now);
    if (!opened.ok) throw new Error(opened.reason);
  }
  return [`/inbox/${threadId}`, `/orders/${review.orderId}/review`, `/reviews/${review.id}/report`, `/orders/${disputed}/dispute`];
}

const userId =
  role === "operator" ? operator() : role === "admin" ? admin() : role === "coordinator" ? coordinator() : demoUser(role === "seller" ? PHONES.seller : PHONES.analyst);
const seeds = role === "seller" ? sellerSeeds(userId) : [];
console.log(JSON.stringify({ token: writeTransaction(db, (tx) => createSession(tx, userId, now)), seeds }));
sqlite.close();
