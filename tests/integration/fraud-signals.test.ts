/**
 * Issue 16 §6: each fraud rule against the real database, through the use
 * case where its event happens, with a case it flags and a near miss it does
 * not; none of them refuses or undoes the action. Then the admins' queue:
 * dismiss with a note, hide, ask the coordinator — each audited.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { createListing, quickEditListing } from "../../app/domain/catalog/listings.server";
import { listingInput } from "../../app/domain/catalog/listing-rules";
import { reportListing } from "../../app/domain/catalog/reports.server";
import { buyerPickupCode, handOver } from "../../app/domain/orders/handover.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { setPayoutDestination } from "../../app/domain/payouts/destinations.server";
import { ibanCheckDigits } from "../../app/domain/payouts/iban";
import { preparePayoutBatch } from "../../app/domain/payouts/payout-batches.server";
import { LARGE_PAYOUT_TIYN } from "../../app/domain/trust/fraud-rules";
import { listingSubject, readThread, sendMessage } from "../../app/domain/trust/messages.server";
import { decideFlag, listModerationQueue, listReferredFlags } from "../../app/domain/trust/moderation-queue.server";
import { writeReview } from "../../app/domain/trust/reviews.server";
import type { FlagRule } from "../../app/domain/trust/quality-vocabulary";
import { auditLog, categories, fraudFlags, listings, orderItems, signInCodes, users } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makeOrder, makePickupPoint, makeSeller, makeUser, makeVillage } from "../support/ledger";
import { applyStep, buy, DAY, devProvider, makeListing, payCheckout, T0 } from "../support/orders";

const at = (days: number) => new Date(T0.getTime() + days * DAY);

function flagsOf(db: Db, rule: FlagRule) {
  return db.select().from(fraudFlags).where(eq(fraudFlags.rule, rule)).all();
}

function shop(db: Db) {
  const village = makeVillage(db, "Бесағаш");
  const seller = makeSeller(db, village, "Асқар");
  const homePoint = makePickupPoint(db, village, "Бесағаш қоймасы");
  const otherPoint = makePickupPoint(db, makeVillage(db, "Шелек"), "Шелек дүкені");
  const listingId = makeListing(db, seller, { priceTiyn: 2_500_000, stock: 100 });
  return { village, seller, homePoint, otherPoint, listingId };
}

const phoneOf = (db: Db, userId: number) => db.select({ phone: users.phone }).from(users).where(eq(users.id, userId)).get()!.phone!;
const signInFrom = (db: Db, userId: number, ip: string, when: Date) =>
  db.insert(signInCodes).values({ phone: phoneOf(db, userId), codeHash: `h-${Math.random()}`, ip, createdAt: when, expiresAt: when }).run();

function order(db: Db, buyerUserId: number, pointId: number, listingId: number, when: Date) {
  const placed = buy(db, { buyerUserId, pickupPointId: pointId, lines: [{ listingId, quantity: 1 }], paymentMethod: "cash" }, when);
  if (!placed.ok) throw new Error(placed.reason);
  return placed.orderIds[0]!;
}

describe("rule 1: buying from oneself or one's household (at checkout)", () => {
  it("flags the seller's own phone; the order is placed all the same", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    const id = order(db, w.seller.userId, w.otherPoint, w.listingId, at(1));
    expect(getOrder(db, id)?.status).toBe("accepted");
    expect(flagsOf(db, "self_purchase")).toEqual([expect.objectContaining({ subjectType: "order", subjectId: id, sellerId: w.seller.sellerId, status: "open" })]);
    expect(JSON.parse(flagsOf(db, "self_purchase")[0]!.evidence)).toMatchObject({ how: "same_phone", orderId: id });
  });

  it("flags a buyer who signed in from the seller's network address within 30 days, not one from another address or 31 days ago", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    const [sharing, elsewhere, longAgo] = [makeUser(db), makeUser(db), makeUser(db)];
    signInFrom(db, w.seller.userId, "10.1.2.3", at(0));
    signInFrom(db, sharing, "10.1.2.3", at(1));
    signInFrom(db, elsewhere, "10.9.9.9", at(1));
    signInFrom(db, longAgo, "10.1.2.3", at(-31));
    const flagged = order(db, sharing, w.otherPoint, w.listingId, at(2));
    order(db, elsewhere, w.otherPoint, w.listingId, at(2));
    const loopback = makeUser(db);
    signInFrom(db, loopback, "127.0.0.1", at(1));
    signInFrom(db, w.seller.userId, "127.0.0.1", at(1));
    order(db, loopback, w.otherPoint, w.listingId, at(2));
    order(db, longAgo, w.otherPoint, w.listingId, at(2));
    expect(flagsOf(db, "self_purchase").map((f) => [f.subjectId, JSON.parse(f.evidence).how, JSON.parse(f.evidence).address])).toEqual([[flagged, "shared_address", "10.1.2.3"]]);
  });

  it("flags the third order within 30 days to one point in the seller's own village; two, or a point elsewhere, are not a pattern", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    const [neighbour, traveller] = [makeUser(db), makeUser(db)];
    order(db, neighbour, w.homePoint, w.listingId, at(1));
    order(db, neighbour, w.homePoint, w.listingId, at(2));
    expect(flagsOf(db, "self_purchase")).toEqual([]);
    for (const day of [1, 2, 3]) order(db, traveller, w.otherPoint, w.listingId, at(day));
    expect(flagsOf(db, "self_purchase")).toEqual([]);
    const third = order(db, neighbour, w.homePoint, w.listingId, at(3));
    expect(flagsOf(db, "self_purchase").map((f) => [f.subjectId, JSON.parse(f.evidence).how, JSON.parse(f.evidence).orders])).toEqual([[third, "pickup_pattern", 3]]);
  });
});

describe("rule 2: a burst of 5★ reviews from new accounts (when a review is written)", () => {
  function reviewedBy(db: Db, w: ReturnType<typeof shop>, accountAgeDays: number, stars: number, when: Date) {
    const buyer = makeUser(db);
    db.update(users).set({ createdAt: new Date(when.getTime() - accountAgeDays * DAY) }).where(eq(users.id, buyer)).run();
    const placed = makeOrder(db, { buyerUserId: buyer, seller: w.seller, pickupPointId: w.otherPoint, totalTiyn: 2_500_000, paymentMethod: "cash", status: "picked_up" });
    db.insert(orderItems).values({ orderId: placed.orderId, listingId: w.listingId, title: "Орындық", language: "kk", priceTiyn: 2_500_000, quantity: 1, lineTiyn: 2_500_000 }).run();
    applyStep(db, placed.orderId, "confirm", "buyer", buyer, when);
    const review = writeReview(db, { orderId: placed.orderId, buyerUserId: buyer, itemRating: stars, sellerRating: stars, text: "Керемет", language: "kk", photoHashes: [] }, when);
    if (!review.ok) throw new Error(review.reason);
    return review.reviewId;
  }

  it("flags three 5★ reviews within 7 days from accounts under 14 days old, naming the first", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    const first = reviewedBy(db, w, 2, 5, at(10));
    reviewedBy(db, w, 3, 5, at(11));
    expect(flagsOf(db, "review_burst")).toEqual([]);
    reviewedBy(db, w, 1, 5, at(12));
    expect(flagsOf(db, "review_burst")).toEqual([expect.objectContaining({ subjectType: "review", subjectId: first, sellerId: w.seller.sellerId })]);
    expect(JSON.parse(flagsOf(db, "review_burst")[0]!.evidence)).toMatchObject({ reviews: 3 });
  });

  it("does not flag the same three from accounts of 20 days, nor 4★ reviews, nor reviews spread over more than 7 days", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    for (const day of [10, 11, 12]) reviewedBy(db, w, 20, 5, at(day));
    for (const day of [10, 11, 12]) reviewedBy(db, w, 2, 4, at(day));
    const other = shop(db);
    for (const day of [10, 18, 26]) reviewedBy(db, other, 2, 5, at(day));
    expect(flagsOf(db, "review_burst")).toEqual([]);
  });
});

describe("rule 3: a payout account changed shortly before a large payout (when a batch is prepared)", () => {
  const iban = `KZ${ibanCheckDigits("KZ", "722S000012345678")}722S000012345678`;

  async function sold(changedDaysBeforePayout: number, priceTiyn: number) {
    const { db } = freshDatabase();
    const w = shop(db);
    const listingId = makeListing(db, w.seller, { priceTiyn, stock: 5 });
    const [buyer, hub, operator] = [makeUser(db), makeUser(db), makeUser(db)];
    const placed = buy(db, { buyerUserId: buyer, pickupPointId: w.homePoint, lines: [{ listingId, quantity: 1 }] }, at(0));
    if (!placed.ok) throw new Error(placed.reason);
    await payCheckout(db, devProvider(() => at(0)), placed.checkoutId, at(0));
    const id = placed.orderIds[0]!;
    applyStep(db, id, "accept", "seller", w.seller.userId, at(1));
    applyStep(db, id, "drop", "seller", w.seller.userId, at(1));
    applyStep(db, id, "receive", "hub", hub, at(1));
    applyStep(db, id, "arrive", "operator", operator, at(1));
    expect(handOver(db, { orderId: id, code: buyerPickupCode(db, getOrder(db, id)!)!, actorUserId: operator }, at(2)).ok).toBe(true);
    applyStep(db, id, "confirm", "buyer", buyer, at(2));
    const payoutAt = at(20);
    expect(setPayoutDestination(db, { sellerId: w.seller.sellerId, actorUserId: w.seller.userId, iban, holderName: "Асқар", holderTaxId: "900101300017", ip: null }, new Date(payoutAt.getTime() - changedDaysBeforePayout * DAY)).ok).toBe(true);
    const batch = preparePayoutBatch(db, { key: `batch-${Math.random()}`, minimumTiyn: 1, actorUserId: hub }, payoutAt);
    expect(batch.batchId).not.toBeNull();
    return { db, w };
  }

  it("flags a line of 200 000 ₸ or more to an account changed 2 days before; the batch is prepared all the same", async () => {
    const { db, w } = await sold(2, 25_000_000);
    const flags = flagsOf(db, "payout_destination_changed");
    expect(flags).toEqual([expect.objectContaining({ subjectType: "payout_line", sellerId: w.seller.sellerId })]);
    expect(JSON.parse(flags[0]!.evidence).amountTiyn).toBeGreaterThanOrEqual(LARGE_PAYOUT_TIYN);
    expect(JSON.parse(flags[0]!.evidence).hours).toBe(48);
  });

  it("does not flag the same line to an account changed 8 days before, nor a small line to one changed 2 days before", async () => {
    expect(flagsOf((await sold(8, 25_000_000)).db, "payout_destination_changed")).toEqual([]);
    expect(flagsOf((await sold(2, 2_000_000)).db, "payout_destination_changed")).toEqual([]);
  });
});

describe("rule 4: a price far from its category's usual range (when a listing is saved)", () => {
  function category(db: Db, w: ReturnType<typeof shop>, others: number) {
    for (let i = 0; i < others; i++) makeListing(db, w.seller, { priceTiyn: 1_000_000 + i * 10_000, stock: 5 });
  }

  it("flags a price above the median × 5 and one below the median ÷ 5 among 10 listings", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    category(db, w, 9);
    const above = makeListing(db, w.seller, { priceTiyn: 1_000_000, stock: 5 });
    const below = makeListing(db, w.seller, { priceTiyn: 1_000_000, stock: 5 });
    expect(quickEditListing(db, { listingId: above, priceTiyn: 6_500_000, stock: 5, by: { userId: w.seller.userId } }, at(1)).ok).toBe(true);
    expect(quickEditListing(db, { listingId: below, priceTiyn: 190_000, stock: 5, by: { userId: w.seller.userId } }, at(1)).ok).toBe(true);
    expect(flagsOf(db, "price_outlier").map((f) => [f.subjectId, JSON.parse(f.evidence).side])).toEqual([
      [above, "above"],
      [below, "below"],
    ]);
  });

  it("does not flag a price at × 4, nor × 10 in a category of fewer than 10 other listings", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    category(db, w, 9);
    const near = makeListing(db, w.seller, { priceTiyn: 1_000_000, stock: 5 });
    expect(quickEditListing(db, { listingId: near, priceTiyn: 4_000_000, stock: 5, by: { userId: w.seller.userId } }, at(1)).ok).toBe(true);
    const small = freshDatabase().db;
    const s = shop(small);
    category(small, s, 7);
    const lonely = makeListing(small, s.seller, { priceTiyn: 1_000_000, stock: 5 });
    expect(quickEditListing(small, { listingId: lonely, priceTiyn: 10_000_000, stock: 5, by: { userId: s.seller.userId } }, at(1)).ok).toBe(true);
    expect(flagsOf(db, "price_outlier")).toEqual([]);
    expect(flagsOf(small, "price_outlier")).toEqual([]);
  });
});

describe("rule 5: listings and messages that ask for a direct transfer", () => {
  function listingWith(db: Db, w: ReturnType<typeof shop>, description: string) {
    const categoryId = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, "furniture")).get()!.id;
    const parsed = listingInput.parse({ language: "ru", title: "Стол из карагача", description, translations: {}, categoryId: String(categoryId), price: "25000", unit: "piece", stock: "3", weightClass: "15to50kg" });
    const created = createListing(db, { sellerId: w.seller.sellerId, listing: parsed, photos: [], publish: true, by: { userId: w.seller.userId } }, at(1));
    if (!created.ok) throw new Error(created.reason);
    return created.listingId;
  }

  it("flags a listing that asks to be paid by Kaspi transfer, and it stays on sale; a plain description is not flagged", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    const asking = listingWith(db, w, "Дешевле, если переведите на Kaspi напрямую.");
    listingWith(db, w, "Стол из карагача, покрыт маслом. Размер 120 на 80.");
    expect(flagsOf(db, "direct_transfer_listing").map((f) => [f.subjectId, JSON.parse(f.evidence).found])).toEqual([[asking, "off_platform"]]);
    expect(db.select({ status: listings.status }).from(listings).where(eq(listings.id, asking)).get()?.status).toBe("active");
  });

  it("flags a message sent anyway after the warning; a warned message not sent, or a clean one, raises nothing", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    const buyer = makeUser(db);
    const subject = () => listingSubject(db, w.listingId, buyer)!;
    expect(sendMessage(db, { subject: subject(), senderUserId: buyer, body: "Скиньте номер карты, переведу", sendAnyway: false }, at(1))).toMatchObject({ ok: false, reason: "message.flagged" });
    expect(sendMessage(db, { subject: subject(), senderUserId: buyer, body: "Есть ли стол побольше?", sendAnyway: false }, at(1)).ok).toBe(true);
    expect(flagsOf(db, "direct_transfer_message")).toEqual([]);
    const sent = sendMessage(db, { subject: subject(), senderUserId: buyer, body: "Скиньте номер карты, переведу", sendAnyway: true }, at(1));
    expect(sent.ok).toBe(true);
    expect(flagsOf(db, "direct_transfer_message")).toEqual([expect.objectContaining({ subjectType: "message", sellerId: w.seller.sellerId, status: "open" })]);
  });
});

describe("the admins' one queue", () => {
  it("lists flags and reports of every village; dismiss needs a note; hide and refer act; each decision is audited", () => {
    const { db } = freshDatabase();
    const w = shop(db);
    const admin = makeUser(db);
    const buyer = makeUser(db);
    order(db, w.seller.userId, w.otherPoint, w.listingId, at(1));
    expect(reportListing(db, { listingId: w.listingId, reporterUserId: null, reason: "fake", ip: "10.0.0.1" }, at(1)).ok).toBe(true);
    const subject = listingSubject(db, w.listingId, buyer)!;
    expect(sendMessage(db, { subject, senderUserId: buyer, body: "Pay me directly, a transfer is cheaper", sendAnyway: true }, at(1)).ok).toBe(true);
    const queue = listModerationQueue(db, "open", "en");
    expect(queue.map((f) => f.rule).sort()).toEqual(["direct_transfer_message", "reported_listing", "self_purchase"]);
    const [self, report, message] = ["self_purchase", "reported_listing", "direct_transfer_message"].map((rule) => queue.find((f) => f.rule === rule)!);

    expect(decideFlag(db, { flagId: self!.id, decision: "dismiss", note: "  ", actorUserId: admin, ip: null }, at(2))).toEqual({ ok: false, reason: "flags.note_required" });
    expect(decideFlag(db, { flagId: self!.id, decision: "hide", note: "", actorUserId: admin, ip: null }, at(2))).toEqual({ ok: false, reason: "flags.cannot_hide" });
    expect(decideFlag(db, { flagId: self!.id, decision: "dismiss", note: "A test purchase, agreed with the coordinator", actorUserId: admin, ip: null }, at(2))).toEqual({ ok: true });
    expect(decideFlag(db, { flagId: self!.id, decision: "dismiss", note: "again", actorUserId: admin, ip: null }, at(2))).toEqual({ ok: false, reason: "flags.already_decided" });

    expect(decideFlag(db, { flagId: message!.id, decision: "hide", note: "", actorUserId: admin, ip: null }, at(2))).toEqual({ ok: true });
    expect(readThread(db, subject.threadId ?? listingSubject(db, w.listingId, buyer)!.threadId!, buyer)?.messages).toEqual([]);

    expect(decideFlag(db, { flagId: report!.id, decision: "refer", note: "Please look at the photos", actorUserId: admin, ip: null }, at(2))).toEqual({ ok: true });
    expect(listReferredFlags(db, w.village, "en").map((f) => f.id)).toEqual([report!.id]);
    expect(decideFlag(db, { flagId: report!.id, decision: "hide", note: "Not his photos", actorUserId: admin, ip: null }, at(3))).toEqual({ ok: true });
    expect(db.select({ status: listings.status }).from(listings).where(eq(listings.id, w.listingId)).get()?.status).toBe("removed");

    expect(listModerationQueue(db, "open", "en")).toEqual([]);
    expect(listModerationQueue(db, "decided", "en").map((f) => f.status).sort()).toEqual(["dismissed", "hidden", "hidden"]);
    const audited = db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.actorUserId, admin))).all().map((a) => a.action).sort();
    expect(audited).toEqual(["flag.dismissed", "flag.hidden", "flag.hidden", "flag.referred"]);
  });
});
