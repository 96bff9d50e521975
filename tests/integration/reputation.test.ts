/**
 * Reputation kept in the transactions that change it (issue 16 §2): the
 * anti-gaming rules against the real database, each with a case that counts
 * and a near miss that does not; reviews moving the Bayesian rating; the
 * catalog's sort by rating through its index.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { prepared, searchCatalog } from "../../app/domain/catalog/search.server";
import { applyOrderEvent } from "../../app/domain/orders/order-events.server";
import type { OrderEvent, EventSource } from "../../app/domain/orders/order-machine";
import { getReputation } from "../../app/domain/trust/reputation.server";
import { MIN_COUNTED_ORDER_TIYN, PAIR_PERIOD_MS } from "../../app/domain/trust/reputation-rules";
import { removeReview, writeReview } from "../../app/domain/trust/reviews.server";
import { listings, orderItems, orders, reputationOrders, signInCodes, users } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makePickupPoint, makeOrder, makeSeller, makeUser, makeVillage } from "../support/ledger";
import { DAY, makeListing } from "../support/orders";

const T = new Date("2026-06-01T10:00:00Z");
const later = (days: number) => new Date(T.getTime() + days * DAY);

function world(db: Db) {
  const village = makeVillage(db, "Бесағаш");
  const seller = makeSeller(db, village, "Асқар");
  const point = makePickupPoint(db, village);
  const listingId = makeListing(db, seller, { priceTiyn: 2_500_000, stock: 50 });
  return { village, seller, point, listingId };
}

function step(db: Db, orderId: number, event: OrderEvent, by: EventSource, actorUserId: number | null, now: Date) {
  const result = applyOrderEvent(db, { orderId, event, by, actorUserId }, now);
  if (!result.ok) throw new Error(`${event}: ${result.reason}`);
}

/** A cash order the buyer has picked up, then confirmed at `now` (the real transition). */
function completed(db: Db, w: ReturnType<typeof world>, buyerUserId: number, totalTiyn: number, now: Date): number {
  const order = makeOrder(db, { buyerUserId, seller: w.seller, pickupPointId: w.point, totalTiyn, paymentMethod: "cash", status: "picked_up" });
  db.insert(orderItems).values({ orderId: order.orderId, listingId: w.listingId, title: "Орындық", language: "kk", priceTiyn: totalTiyn, quantity: 1, lineTiyn: totalTiyn }).run();
  step(db, order.orderId, "confirm", "buyer", buyerUserId, now);
  return order.orderId;
}

function verdict(db: Db, orderId: number) {
  return db.select({ counts: reputationOrders.counts, reason: reputationOrders.reason }).from(reputationOrders).where(eq(reputationOrders.orderId, orderId)).get();
}

function review(db: Db, orderId: number, buyerUserId: number, sellerRating: number, now: Date) {
  const result = writeReview(db, { orderId, buyerUserId, itemRating: sellerRating, sellerRating, text: "Жақсы орындық", language: "kk", photoHashes: [] }, now);
  if (!result.ok) throw new Error(result.reason);
  return result.reviewId;
}

const phoneOf = (db: Db, userId: number) => db.select({ phone: users.phone }).from(users).where(eq(users.id, userId)).get()?.phone ?? "";

function signInFrom(db: Db, userId: number, ip: string, at: Date) {
  db.insert(signInCodes).values({ phone: phoneOf(db, userId), codeHash: `h-${Math.random()}`, ip, createdAt: at, expiresAt: at }).run();
}

describe("which completed orders count", () => {
  it("a fair order counts; the seller's own phone buying from the shop does not", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const buyer = makeUser(db);
    expect(verdict(db, completed(db, w, buyer, 2_500_000, T))).toEqual({ counts: true, reason: null });
    expect(verdict(db, completed(db, w, w.seller.userId, 2_500_000, T))).toEqual({ counts: false, reason: "own_phone" });
    expect(getReputation(db, w.seller.sellerId, T)?.completedOrders).toBe(1);
  });

  it("an order below the threshold does not count; one at it does", () => {
    const { db } = freshDatabase();
    const w = world(db);
    expect(verdict(db, completed(db, w, makeUser(db), MIN_COUNTED_ORDER_TIYN - 1, T))).toEqual({ counts: false, reason: "tiny" });
    expect(verdict(db, completed(db, w, makeUser(db), MIN_COUNTED_ORDER_TIYN, T))).toEqual({ counts: true, reason: null });
    expect(getReputation(db, w.seller.sellerId, T)?.completedOrders).toBe(1);
  });

  it("a pair counts once per period: the second order inside it does not, one after it does", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const buyer = makeUser(db);
    expect(verdict(db, completed(db, w, buyer, 2_500_000, T))?.counts).toBe(true);
    expect(verdict(db, completed(db, w, buyer, 2_500_000, later(29)))).toEqual({ counts: false, reason: "repeat_pair" });
    expect(verdict(db, completed(db, w, buyer, 2_500_000, new Date(T.getTime() + PAIR_PERIOD_MS + 1)))?.counts).toBe(true);
    expect(getReputation(db, w.seller.sellerId, later(31))?.completedOrders).toBe(2);
  });

  it("a household (sign-ins from the seller's address in the period) does not count; an old shared address does", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const household = makeUser(db);
    const oldNeighbour = makeUser(db);
    signInFrom(db, w.seller.userId, "10.0.0.7", later(-2));
    signInFrom(db, household, "10.0.0.7", later(-1));
    signInFrom(db, oldNeighbour, "10.0.0.7", later(-40));
    signInFrom(db, oldNeighbour, "10.9.9.9", later(-1));
    expect(verdict(db, completed(db, w, household, 2_500_000, T))).toEqual({ counts: false, reason: "household" });
    expect(verdict(db, completed(db, w, oldNeighbour, 2_500_000, T))).toEqual({ counts: true, reason: null });
  });

  it("a dispute the seller lost (refund) never completes, never counts, and is counted as lost; a release counts", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const coordinator = makeUser(db);
    const lost = makeOrder(db, { buyerUserId: makeUser(db), seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "disputed" });
    step(db, lost.orderId, "resolve_refund", "resolver", coordinator, T);
    expect(verdict(db, lost.orderId)).toBeUndefined();
    const won = makeOrder(db, { buyerUserId: makeUser(db), seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "disputed" });
    step(db, won.orderId, "resolve_release", "resolver", coordinator, T);
    expect(verdict(db, won.orderId)?.counts).toBe(true);
    const reputation = getReputation(db, w.seller.sellerId, T);
    expect(reputation?.disputesLost).toBe(1);
    expect(reputation?.completedOrders).toBe(1);
  });

  it("drop-offs made count as on time; a missed drop-off deadline as late", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const dropped = makeOrder(db, { buyerUserId: makeUser(db), seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "accepted" });
    step(db, dropped.orderId, "drop", "seller", w.seller.userId, T);
    const missed = makeOrder(db, { buyerUserId: makeUser(db), seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "accepted" });
    step(db, missed.orderId, "drop", "seller", w.seller.userId, T);
    const late = makeOrder(db, { buyerUserId: makeUser(db), seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "accepted" });
    db.update(orders).set({ deadlineKind: "drop", deadlineAt: later(-1) }).where(eq(orders.id, late.orderId)).run();
    step(db, late.orderId, "drop_deadline", "clock", null, T);
    expect(getReputation(db, w.seller.sellerId, T)?.onTimePercent).toBe(67);
  });
});

describe("reviews move the rating", () => {
  it("a counted review changes the seller's rating and the listing's sort key; a self-purchase review changes nothing", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const buyer = makeUser(db);
    const fair = completed(db, w, buyer, 2_500_000, T);
    const self = completed(db, w, w.seller.userId, 2_500_000, T);
    review(db, self, w.seller.userId, 5, later(1));
    expect(getReputation(db, w.seller.sellerId, later(1))).toMatchObject({ ratingMilli: null, ratingCount: 0 });
    review(db, fair, buyer, 5, later(1));
    expect(getReputation(db, w.seller.sellerId, later(1))).toMatchObject({ ratingMilli: 4167, ratingCount: 1 });
    expect(db.select({ key: listings.sellerRatingMilli }).from(listings).where(eq(listings.id, w.listingId)).get()?.key).toBe(4167);
  });

  it("only the buyer, only once, only within 30 days", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const buyer = makeUser(db);
    const orderId = completed(db, w, buyer, 2_500_000, T);
    const input = { orderId, itemRating: 4, sellerRating: 4, text: "Жақсы", language: "kk" as const, photoHashes: [] };
    expect(writeReview(db, { ...input, buyerUserId: makeUser(db) }, later(1))).toEqual({ ok: false, reason: "review.not_found" });
    expect(writeReview(db, { ...input, buyerUserId: buyer }, later(30.5))).toEqual({ ok: false, reason: "review.window_closed" });
    expect(writeReview(db, { ...input, buyerUserId: buyer }, later(29)).ok).toBe(true);
    expect(writeReview(db, { ...input, buyerUserId: buyer }, later(29))).toEqual({ ok: false, reason: "review.already_written" });
    const unfinished = makeOrder(db, { buyerUserId: buyer, seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "picked_up" });
    expect(writeReview(db, { ...input, orderId: unfinished.orderId, buyerUserId: buyer }, later(1))).toEqual({ ok: false, reason: "review.not_completed" });
  });

  it("a removed review no longer counts; the rating goes back", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const buyer = makeUser(db);
    const reviewId = review(db, completed(db, w, buyer, 2_500_000, T), buyer, 1, later(1));
    expect(getReputation(db, w.seller.sellerId, later(1))?.ratingMilli).toBe(3500);
    expect(removeReview(db, { reviewId, actorUserId: makeUser(db), reason: "offensive" }, later(2)).ok).toBe(true);
    expect(getReputation(db, w.seller.sellerId, later(2))?.ratingMilli).toBeNull();
    expect(db.select({ key: listings.sellerRatingMilli }).from(listings).where(eq(listings.id, w.listingId)).get()?.key).toBe(4000);
  });
});

describe("the catalog sorted by rating", () => {
  it("puts the better-rated seller's goods first, through listings_status_rating", () => {
    const { db } = freshDatabase();
    const a = world(db);
    const village = makeVillage(db, "Қарабұлақ");
    const sellerB = makeSeller(db, village, "Гүлнар");
    const listingB = makeListing(db, sellerB, { priceTiyn: 1_800_000, stock: 5 });
    const buyer = makeUser(db);
    review(db, completed(db, a, buyer, 2_500_000, T), buyer, 2, later(1));
    const result = searchCatalog(db, { q: "", inStock: false, sort: "rating", page: 1 });
    if (!result.ok) throw new Error("catalog refused");
    expect(result.cards.map((c) => c.id)).toEqual([listingB, a.listingId]);
    const plan = (prepared(db, "EXPLAIN QUERY PLAN SELECT listings.id AS id FROM listings WHERE listings.status = 'active' ORDER BY listings.seller_rating_milli DESC, listings.id DESC LIMIT 25 OFFSET 0").all() as { detail: string }[])
      .map((row) => row.detail)
      .join("\n");
    expect(plan).toContain("listings_status_rating");
    expect(plan).not.toContain("TEMP B-TREE");
    // The card carries the figures.
    expect(result.cards[1]?.reputation).toEqual({ ratingMilli: 3667, completedOrders: 1 });
  });
});

