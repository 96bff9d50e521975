/**
 * Where the fraud rules run (issue 16 §6; docs/decisions/0030-quality-index-and-fraud-signals.md):
 * inside the transaction of the event that can raise them — a checkout, a
 * review, a payout batch, a listing saved, a message sent anyway, a report —
 * so a flag and its event commit together. Each raises at most one flag per
 * rule and subject, with its reason and the evidence it saw, and never
 * refuses, hides or holds the action itself.
 */
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { fraudFlags, listings, messages, messageThreads, orders, payoutDestinations, payoutLines, pickupPoints, reviews, sellers, users } from "../../../db/schema";
import type { Tx } from "../../db.server";
import { sharedSignInAddress } from "./reputation.server";
import { isReviewBurst, isRiskyPayout, listingTransferFlag, priceOutlier, selfPurchaseReason, BURST_WINDOW_MS, NEW_ACCOUNT_MS, SELF_PURCHASE_WINDOW_MS } from "./fraud-rules";
import type { FlagRule, FlagSubject } from "./quality-vocabulary";

interface NewFlag {
  rule: FlagRule;
  subjectType: FlagSubject;
  subjectId: number;
  sellerId: number | null;
  villageId: number | null;
  evidence: Record<string, string | number | null>;
}

/** Records a flag once per rule and subject; a report on something already decided opens it again. */
export function raiseFlag(tx: Tx, flag: NewFlag, now: Date): void {
  const values = { ...flag, evidence: JSON.stringify(flag.evidence), createdAt: now };
  if (flag.rule === "reported_listing" || flag.rule === "reported_review") {
    tx.insert(fraudFlags)
      .values(values)
      .onConflictDoUpdate({
        target: [fraudFlags.rule, fraudFlags.subjectType, fraudFlags.subjectId],
        set: { status: "open", evidence: values.evidence, note: null, decidedBy: null, decidedAt: null, createdAt: now },
        setWhere: sql`${fraudFlags.status} <> 'open'`,
      })
      .run();
    return;
  }
  tx.insert(fraudFlags).values(values).onConflictDoNothing().run();
}

/** Rule 1, at checkout: the order's buyer is the seller, shares their address, or keeps collecting at the seller's own door. */
export function checkSelfPurchase(tx: Tx, orderId: number, now: Date): void {
  const row = tx
    .select({ order: orders, sellerUserId: sellers.userId, pointVillageId: pickupPoints.villageId })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(pickupPoints, eq(pickupPoints.id, orders.pickupPointId))
    .where(eq(orders.id, orderId))
    .get();
  if (!row) return;
  const { order } = row;
  const since = new Date(now.getTime() - SELF_PURCHASE_WINDOW_MS);
  const sharedIp = sharedSignInAddress(tx, order.buyerUserId, row.sellerUserId, since);
  const samePoint =
    row.pointVillageId === order.sellerVillageId
      ? (tx
          .select({ n: sql<number>`count(*)` })
          .from(orders)
          .where(and(eq(orders.buyerUserId, order.buyerUserId), eq(orders.sellerId, order.sellerId), eq(orders.pickupPointId, order.pickupPointId), gte(orders.createdAt, since)))
          .get()?.n ?? 0)
      : 0;
  const reason = selfPurchaseReason({ buyerUserId: order.buyerUserId, sellerUserId: row.sellerUserId, sharedAddress: sharedIp !== null, samePointOrdersInSellerVillage: samePoint });
  if (!reason) return;
  raiseFlag(
    tx,
    {
      rule: "self_purchase",
      subjectType: "order",
      subjectId: order.id,
      sellerId: order.sellerId,
      villageId: order.sellerVillageId,
      evidence: { how: reason, orderId: order.id, buyerUserId: order.buyerUserId, sellerUserId: row.sellerUserId, address: reason === "shared_address" ? sharedIp : null, orders: samePoint, totalTiyn: order.totalTiyn },
    },
    now,
  );
}

/** Rule 2, when a review is written: the seller's 5★ reviews from new accounts within the window. */
export function checkReviewBurst(tx: Tx, reviewId: number, now: Date): void {
  const review = tx.select({ sellerId: reviews.sellerId, sellerRating: reviews.sellerRating }).from(reviews).where(eq(reviews.id, reviewId)).get();
  if (!review || review.sellerRating !== 5) return;
  const since = new Date(now.getTime() - BURST_WINDOW_MS);
  const burst = tx
    .select({ id: reviews.id })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.buyerUserId))
    .where(and(eq(reviews.sellerId, review.sellerId), eq(reviews.sellerRating, 5), gte(reviews.createdAt, since), sql`${reviews.createdAt} - ${users.createdAt} < ${NEW_ACCOUNT_MS}`))
    .orderBy(asc(reviews.id))
    .all();
  if (!isReviewBurst(burst.length)) return;
  const seller = tx.select({ villageId: sellers.villageId }).from(sellers).where(eq(sellers.id, review.sellerId)).get();
  // One flag per burst: it is named by the burst's first review.
  raiseFlag(
    tx,
    { rule: "review_burst", subjectType: "review", subjectId: burst[0]!.id, sellerId: review.sellerId, villageId: seller?.villageId ?? null, evidence: { reviews: burst.length, days: BURST_WINDOW_MS / 86_400_000, accountDays: NEW_ACCOUNT_MS / 86_400_000, reviewIds: burst.map((r) => r.id).join(", ") } },
    now,
  );
}

/** Rule 3, when a payout batch is prepared: a large line to a destination changed shortly before. */
export function checkPayoutBatch(tx: Tx, batchId: number, now: Date): void {
  const lines = tx
    .select({ lineId: payoutLines.id, sellerId: payoutLines.sellerId, amountTiyn: payoutLines.amountTiyn, changedAt: payoutDestinations.updatedAt, villageId: sellers.villageId })
    .from(payoutLines)
    .innerJoin(payoutDestinations, eq(payoutDestinations.sellerId, payoutLines.sellerId))
    .innerJoin(sellers, eq(sellers.id, payoutLines.sellerId))
    .where(eq(payoutLines.batchId, batchId))
    .all();
  for (const line of lines) {
    if (!isRiskyPayout({ amountTiyn: line.amountTiyn, destinationChangedAt: line.changedAt, payoutAt: now })) continue;
    const hours = Math.round((now.getTime() - line.changedAt.getTime()) / 3_600_000);
    raiseFlag(tx, { rule: "payout_destination_changed", subjectType: "payout_line", subjectId: line.lineId, sellerId: line.sellerId, villageId: line.villageId, evidence: { batchId, lineId: line.lineId, amountTiyn: line.amountTiyn, hours } }, now);
  }
}

/** Rules 4 and 5, when a listing is saved: its price against its category's, its words against the messages' patterns. */
export function checkListing(tx: Tx, listingId: number, now: Date): void {
  const listing = tx.select().from(listings).where(eq(listings.id, listingId)).get();
  if (!listing) return;
  const flag = listingTransferFlag([listing.titleKk, listing.titleRu, listing.titleEn, listing.descriptionKk, listing.descriptionRu, listing.descriptionEn]);
  if (flag) raiseFlag(tx, { rule: "direct_transfer_listing", subjectType: "listing", subjectId: listing.id, sellerId: listing.sellerId, villageId: listing.villageId, evidence: { found: flag } }, now);
  if (listing.status !== "active") return;
  const others = and(eq(listings.categoryId, listing.categoryId), eq(listings.status, "active"), sql`${listings.id} <> ${listing.id}`);
  const count = tx.select({ n: sql<number>`count(*)` }).from(listings).where(others).get()?.n ?? 0;
  if (count === 0) return;
  const median = tx.select({ price: listings.priceTiyn }).from(listings).where(others).orderBy(asc(listings.priceTiyn)).limit(1).offset(Math.floor((count - 1) / 2)).get()?.price ?? null;
  const side = priceOutlier(listing.priceTiyn, median, count);
  if (side) raiseFlag(tx, { rule: "price_outlier", subjectType: "listing", subjectId: listing.id, sellerId: listing.sellerId, villageId: listing.villageId, evidence: { side, priceTiyn: listing.priceTiyn, medianTiyn: median, listings: count } }, now);
}

/** Rule 5 for messages: one the sender sent anyway after the warning. */
export function flagSentMessage(tx: Tx, messageId: number, now: Date): void {
  const row = tx
    .select({ flag: messages.flag, sellerId: messageThreads.sellerId, villageId: sellers.villageId, threadId: messageThreads.id })
    .from(messages)
    .innerJoin(messageThreads, eq(messageThreads.id, messages.threadId))
    .innerJoin(sellers, eq(sellers.id, messageThreads.sellerId))
    .where(eq(messages.id, messageId))
    .get();
  if (!row?.flag) return;
  raiseFlag(tx, { rule: "direct_transfer_message", subjectType: "message", subjectId: messageId, sellerId: row.sellerId, villageId: row.villageId, evidence: { found: row.flag, threadId: row.threadId } }, now);
}

/** A report filed on a listing or a review joins the admins' queue too. */
export function flagReport(tx: Tx, subject: { type: "listing" | "review"; id: number; reason: string }, now: Date): void {
  const owner =
    subject.type === "listing"
      ? tx.select({ sellerId: listings.sellerId, villageId: listings.villageId }).from(listings).where(eq(listings.id, subject.id)).get()
      : tx.select({ sellerId: reviews.sellerId, villageId: sellers.villageId }).from(reviews).innerJoin(sellers, eq(sellers.id, reviews.sellerId)).where(eq(reviews.id, subject.id)).get();
  if (!owner) return;
  raiseFlag(tx, { rule: subject.type === "listing" ? "reported_listing" : "reported_review", subjectType: subject.type, subjectId: subject.id, sellerId: owner.sellerId, villageId: owner.villageId, evidence: { reason: subject.reason } }, now);
}
