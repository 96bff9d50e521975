/**
 * Verified-purchase reviews (issue 16 §1): only the buyer of a completed
 * order writes one, within 30 days; the seller answers once, publicly;
 * anyone reports one into the village's report queue (listing_reports with
 * a review id); a moderator removes it with a reason its author reads.
 */
import { checkReviewBurst, flagReport } from "./fraud.server";
import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { listingReports, orderItems, orders, reputationOrders, reviews, sellers, users } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import type { Language } from "../../i18n/config";
import { translator } from "../../i18n/translate.server";
import { photosAvailable, unstagePhotos } from "../catalog/photo-staging.server";
import { formatRemovedReason, REPORT_LIMIT, withinLimit, type RateWindow } from "../catalog/moderation";
import type { ReportReason } from "../catalog/vocabulary";
import { enqueueSms } from "../notify/outbox.server";
import { refreshRating } from "./reputation.server";
import { canReviewOrder, MAX_REVIEW_PHOTOS, REVIEWS_PAGE_SIZE, type ReviewInput } from "./review-rules";

export type ReviewRefusal =
  | "review.not_found"
  | "review.not_completed"
  | "review.window_closed"
  | "review.already_written"
  | "review.already_answered"
  | "review.photo_expired"
  | "review.too_many_photos"
  | "review.rate_limited"
  | "review.nothing_open";

type Result<T = object> = ({ ok: true } & T) | { ok: false; reason: ReviewRefusal };

/** The order's review state for its page: the order's facts and its review, if any. */
export function getOrderReview(db: Db, orderId: number, now: Date) {
  const order = db
    .select({ id: orders.id, status: orders.status, completedAt: orders.completedAt, buyerUserId: orders.buyerUserId, sellerId: orders.sellerId })
    .from(orders)
    .where(eq(orders.id, orderId))
    .get();
  if (!order) return undefined;
  const review = db.select().from(reviews).where(eq(reviews.orderId, orderId)).get();
  const window = canReviewOrder(order, now);
  return {
    order,
    review: review ? { ...review, photos: photoList(review.photos) } : null,
    mayWrite: !review && window.ok,
    until: window.ok ? window.until : null,
    closedReason: window.ok ? null : window.reason,
  };
}

function photoList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === "string") : [];
}

/** The buyer's review of their completed order, with photos already uploaded and staged. */
export function writeReview(
  db: Db,
  input: ReviewInput & { orderId: number; buyerUserId: number; language: Language; photoHashes: string[] },
  now: Date,
): Result<{ reviewId: number }> {
  if (input.photoHashes.length > MAX_REVIEW_PHOTOS) return { ok: false, reason: "review.too_many_photos" };
  return writeTransaction(db, (tx) => {
    const order = tx.select().from(orders).where(and(eq(orders.id, input.orderId), eq(orders.buyerUserId, input.buyerUserId))).get();
    if (!order) return { ok: false, reason: "review.not_found" } as const;
    const window = canReviewOrder(order, now);
    if (!window.ok) return window;
    if (tx.select({ id: reviews.id }).from(reviews).where(eq(reviews.orderId, order.id)).get()) return { ok: false, reason: "review.already_written" } as const;
    if (!photosAvailable(tx, input.photoHashes)) return { ok: false, reason: "review.photo_expired" } as const;
    const item = tx.select({ listingId: orderItems.listingId }).from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.id)).get();
    if (!item) return { ok: false, reason: "review.not_found" } as const;
    const judged = tx.select({ counts: reputationOrders.counts }).from(reputationOrders).where(eq(reputationOrders.orderId, order.id)).get();
    const review = tx
      .insert(reviews)
      .values({
        orderId: order.id,
        listingId: item.listingId,
        sellerId: order.sellerId,
        buyerUserId: order.buyerUserId,
        itemRating: input.itemRating,
        sellerRating: input.sellerRating,
        text: input.text,
        language: input.language,
        photos: JSON.stringify(input.photoHashes),
        counts: judged?.counts ?? false,
        createdAt: now,
      })
      .returning({ id: reviews.id })
      .get();
    // The review shows the photos now: the job's sweep of unused uploads must leave them.
    unstagePhotos(tx, input.photoHashes);
    refreshRating(tx, order.sellerId, now);
    checkReviewBurst(tx, review.id, now);
    const seller = tx
      .select({ userId: users.id, phone: users.phone, language: users.preferredLanguage, deletedAt: users.deletedAt })
      .from(sellers)
      .innerJoin(users, eq(users.id, sellers.userId))
      .where(eq(sellers.id, order.sellerId))
      .get();
    if (seller?.phone && !seller.deletedAt) {
      const t = translator(seller.language, "trust");
      enqueueSms(tx, { kind: "review_written", userId: seller.userId, to: seller.phone, language: seller.language, text: t("sms.reviewed", { order: order.id, stars: input.sellerRating }) }, now);
    }
    return { ok: true, reviewId: review.id } as const;
  });
}

/** The seller's one public answer. */
export function answerReview(db: Db, input: { reviewId: number; sellerUserId: number; text: string; language: Language }, now: Date): Result {
  return writeTransaction(db, (tx) => {
    const review = tx
      .select({ id: reviews.id, answeredAt: reviews.answeredAt, status: reviews.status })
      .from(reviews)
      .innerJoin(sellers, eq(sellers.id, reviews.sellerId))
      .where(and(eq(reviews.id, input.reviewId), eq(sellers.userId, input.sellerUserId)))
      .get();
    if (!review || review.status !== "published") return { ok: false, reason: "review.not_found" } as const;
    if (review.answeredAt) return { ok: false, reason: "review.already_answered" } as const;
    tx.update(reviews).set({ answerText: input.text, answerLanguage: input.language, answeredAt: now }).where(and(eq(reviews.id, review.id), isNull(reviews.answeredAt))).run();
    return { ok: true } as const;
  });
}

const reportHits = new Map<string, number[]>();

/** Tests start from a clean slate. */
export function resetReviewReportLimits(): void {
  reportHits.clear();
}

/** Anyone reports a published review; it joins its listing's village queue. */
export function reportReview(
  db: Db,
  input: { reviewId: number; reporterUserId: number | null; reason: ReportReason; note?: string; ip: string },
  now: Date,
  limit: RateWindow = REPORT_LIMIT,
): Result {
  const hits = (reportHits.get(input.ip) ?? []).filter((at) => at > now.getTime() - limit.windowMs);
  if (!withinLimit(hits, now.getTime(), limit)) return { ok: false, reason: "review.rate_limited" };
  const result = writeTransaction(db, (tx): Result => {
    const review = tx.select({ id: reviews.id, listingId: reviews.listingId, status: reviews.status }).from(reviews).where(eq(reviews.id, input.reviewId)).get();
    if (!review || review.status !== "published") return { ok: false, reason: "review.not_found" };
    tx.insert(listingReports)
      .values({ listingId: review.listingId, reviewId: review.id, reporterUserId: input.reporterUserId, reason: input.reason, note: input.note ?? null, createdAt: now })
      .run();
    flagReport(tx, { type: "review", id: review.id, reason: input.reason }, now);
    return { ok: true };
  });
  if (result.ok) reportHits.set(input.ip, [...hits, now.getTime()]);
  return result;
}

/** A moderator removes a review: the reason stays for its author; the rating is recounted without it. */
export function removeReview(db: Db, input: { reviewId: number; actorUserId: number; reason: ReportReason; note?: string }, now: Date): Result {
  return writeTransaction(db, (tx) => {
    const review = tx.select({ id: reviews.id, sellerId: reviews.sellerId, status: reviews.status }).from(reviews).where(eq(reviews.id, input.reviewId)).get();
    if (!review || review.status !== "published") return { ok: false, reason: "review.not_found" } as const;
    tx.update(reviews)
      .set({ status: "removed", removedReason: formatRemovedReason(input.reason, input.note), removedBy: input.actorUserId, removedAt: now })
      .where(eq(reviews.id, review.id))
      .run();
    closeReports(tx, review.id, "actioned", input.actorUserId, now);
    refreshRating(tx, review.sellerId, now);
    return { ok: true } as const;
  });
}

/** The reports on a review were unfounded: they leave the queue, the review stays. */
export function dismissReviewReports(db: Db, input: { reviewId: number; actorUserId: number }, now: Date): Result {
  return writeTransaction(db, (tx) => {
    const changed = closeReports(tx, input.reviewId, "dismissed", input.actorUserId, now);
    return changed === 0 ? ({ ok: false, reason: "review.nothing_open" } as const) : ({ ok: true } as const);
  });
}

function closeReports(tx: Parameters<Parameters<typeof writeTransaction>[1]>[0], reviewId: number, status: "actioned" | "dismissed", actorUserId: number, now: Date): number {
  return tx
    .update(listingReports)
    .set({ status, resolvedBy: actorUserId, resolvedAt: now })
    .where(and(eq(listingReports.reviewId, reviewId), eq(listingReports.status, "open")))
    .run().changes;
}

/** Who may act on a review, for can(). */
export function getReviewResource(db: Db, reviewId: number) {
  const row = db
    .select({ buyerUserId: reviews.buyerUserId, sellerUserId: sellers.userId, sellerVillageId: sellers.villageId, status: reviews.status, orderId: reviews.orderId })
    .from(reviews)
    .innerJoin(sellers, eq(sellers.id, reviews.sellerId))
    .where(eq(reviews.id, reviewId))
    .get();
  return row ? { resource: { type: "review" as const, buyerUserId: row.buyerUserId, sellerUserId: row.sellerUserId, sellerVillageId: row.sellerVillageId }, status: row.status, orderId: row.orderId } : undefined;
}

/** Published reviews of a listing or a seller, newest first, a page at a time (reviews_listing / reviews_seller). */
export function listReviews(db: Db, of: { listingId: number } | { sellerId: number }, page: number) {
  const where = "listingId" in of ? eq(reviews.listingId, of.listingId) : eq(reviews.sellerId, of.sellerId);
  const rows = db
    .select({
      id: reviews.id,
      itemRating: reviews.itemRating,
      sellerRating: reviews.sellerRating,
      text: reviews.text,
      language: reviews.language,
      photos: reviews.photos,
      answerText: reviews.answerText,
      answerLanguage: reviews.answerLanguage,
      answeredAt: reviews.answeredAt,
      createdAt: reviews.createdAt,
      author: users.displayName,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.buyerUserId))
    .where(and(where, eq(reviews.status, "published")))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(REVIEWS_PAGE_SIZE + 1)
    .offset((page - 1) * REVIEWS_PAGE_SIZE)
    .all();
  return {
    // Only the first name is public: a review should not make its author findable.
    reviews: rows.slice(0, REVIEWS_PAGE_SIZE).map((row) => ({ ...row, author: row.author?.trim().split(/\s+/)[0] ?? null, photos: photoList(row.photos) })),
    hasNext: rows.length > REVIEWS_PAGE_SIZE,
  };
}

export type ReviewRow = ReturnType<typeof listReviews>["reviews"][number];

/** Reported reviews of a village's sellers, for the coordinator's queue. */
export function listReviewReportQueue(db: Db, villageId: number) {
  return db
    .select({
      reviewId: reviews.id,
      listingId: reviews.listingId,
      text: reviews.text,
      language: reviews.language,
      sellerRating: reviews.sellerRating,
      itemRating: reviews.itemRating,
      reports: sql<number>`count(${listingReports.id})`,
      reasons: sql<string>`group_concat(DISTINCT ${listingReports.reason})`,
    })
    .from(listingReports)
    .innerJoin(reviews, eq(reviews.id, listingReports.reviewId))
    .innerJoin(sellers, eq(sellers.id, reviews.sellerId))
    .where(and(isNotNull(listingReports.reviewId), eq(listingReports.status, "open"), eq(sellers.villageId, villageId)))
    .groupBy(reviews.id)
    .orderBy(desc(sql`count(${listingReports.id})`))
    .limit(100)
    .all()
    .map((row) => ({ ...row, reasons: (row.reasons ?? "").split(",").filter(Boolean) as ReportReason[] }));
}
