/**
 * A seller's reputation, kept in `seller_reputation` by the transactions of
 * the events that change it (decision: reputation): an order completes, a
 * drop-off is made or missed, a dispute is decided, a review is written or
 * removed, a message is answered. Buyer pages read the one row.
 */
import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { listings, messages, reputationOrders, reviews, sellerReputation, sellers, signInCodes, users } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import type { OrderEvent } from "../orders/order-machine";
import type { OrderStatus } from "../orders/order-status";
import {
  ANSWER_SAMPLE,
  bayesianRatingMilli,
  median,
  onTimeShare,
  orderCounts,
  PAIR_PERIOD_MS,
  RATING_PRIOR_MEAN_MILLI,
  yearsSince,
} from "./reputation-rules";

type Counter = "countedOrders" | "dropsOnTime" | "dropsLate" | "disputesLost";

function ensureRow(tx: Tx, sellerId: number, now: Date): void {
  tx.insert(sellerReputation).values({ sellerId, ratingMilli: RATING_PRIOR_MEAN_MILLI, updatedAt: now }).onConflictDoNothing().run();
}

function bump(tx: Tx, sellerId: number, counter: Counter, now: Date): void {
  ensureRow(tx, sellerId, now);
  const column = sellerReputation[counter];
  tx.update(sellerReputation)
    .set({ [counter]: sql`${column} + 1`, updatedAt: now })
    .where(eq(sellerReputation.sellerId, sellerId))
    .run();
}

/**
 * A network address the buyer and the seller both asked for sign-in codes
 * from since `since` — one household's connection — or null. The machine
 * itself (a development server, a test) says nothing about a household.
 * Reputation (decision 0027) and the self-purchase flag (decision 0030) use it.
 */
export function sharedSignInAddress(tx: Tx, buyerUserId: number, sellerUserId: number, since: Date): string | null {
  if (buyerUserId === sellerUserId) return null;
  const phones = tx
    .select({ id: users.id, phone: users.phone })
    .from(users)
    .where(sql`${users.id} IN (${buyerUserId}, ${sellerUserId})`)
    .all();
  const buyerPhone = phones.find((p) => p.id === buyerUserId)?.phone;
  const sellerPhone = phones.find((p) => p.id === sellerUserId)?.phone;
  if (!buyerPhone || !sellerPhone) return null;
  const shared = tx
    .select({ ip: signInCodes.ip })
    .from(signInCodes)
    .where(
      and(
        eq(signInCodes.phone, buyerPhone),
        gt(signInCodes.createdAt, since),
        sql`${signInCodes.ip} IN (SELECT ip FROM sign_in_codes WHERE phone = ${sellerPhone} AND created_at > ${since.getTime()})`,
        sql`${signInCodes.ip} NOT IN ('127.0.0.1', '::1', '::ffff:127.0.0.1')`,
      ),
    )
    .limit(1)
    .get();
  return shared?.ip ?? null;
}

/** Whether the buyer and the seller share a household's connection within the period (decision: reputation). */
function sharesHousehold(tx: Tx, buyerUserId: number, sellerUserId: number, now: Date): boolean {
  return sharedSignInAddress(tx, buyerUserId, sellerUserId, new Date(now.getTime() - PAIR_PERIOD_MS)) !== null;
}

interface OrderRowLike {
  id: number;
  buyerUserId: number;
  sellerId: number;
  totalTiyn: number;
}

/** Judges a completed order once: counts it or records why not. Returns whether it counts. */
function judgeCompletedOrder(tx: Tx, order: OrderRowLike, refunded: boolean, now: Date): void {
  const seller = tx.select({ userId: sellers.userId }).from(sellers).where(eq(sellers.id, order.sellerId)).get();
  if (!seller) return;
  const recent = tx
    .select({ orderId: reputationOrders.orderId })
    .from(reputationOrders)
    .where(
      and(
        eq(reputationOrders.sellerId, order.sellerId),
        eq(reputationOrders.buyerUserId, order.buyerUserId),
        eq(reputationOrders.counts, true),
        gt(reputationOrders.completedAt, new Date(now.getTime() - PAIR_PERIOD_MS)),
      ),
    )
    .limit(1)
    .get();
  const verdict = orderCounts({
    buyerUserId: order.buyerUserId,
    sellerUserId: seller.userId,
    totalTiyn: order.totalTiyn,
    refunded,
    sharesHousehold: order.buyerUserId !== seller.userId && sharesHousehold(tx, order.buyerUserId, seller.userId, now),
    pairCountedRecently: recent !== undefined,
  });
  const inserted = tx
    .insert(reputationOrders)
    .values({
      orderId: order.id,
      sellerId: order.sellerId,
      buyerUserId: order.buyerUserId,
      counts: verdict.counts,
      reason: verdict.counts ? null : verdict.reason,
      completedAt: now,
    })
    .onConflictDoNothing()
    .run();
  if (inserted.changes === 1 && verdict.counts) bump(tx, order.sellerId, "countedOrders", now);
}

/** Called by every order transition, in its transaction (order-events.server.ts). */
export function recordReputationEvent(tx: Tx, order: OrderRowLike, step: { event: OrderEvent; from: OrderStatus; to: OrderStatus }, now: Date): void {
  if (step.to === "completed") judgeCompletedOrder(tx, order, step.event === "resolve_partial", now);
  if (step.from === "accepted" && step.to === "handed_over") bump(tx, order.sellerId, "dropsOnTime", now);
  if (step.event === "drop_deadline") bump(tx, order.sellerId, "dropsLate", now);
  // A dispute's final outcome (the ladder settles only then, decision 0033): any money or goods back is a dispute lost.
  if (step.event === "resolve_partial" || step.event === "resolve_refund" || step.event === "resolve_return") bump(tx, order.sellerId, "disputesLost", now);
}

/** Recounts the seller's rating from their published reviews that count, and copies it to their listings. */
export function refreshRating(tx: Tx, sellerId: number, now: Date): void {
  ensureRow(tx, sellerId, now);
  const totals = tx
    .select({ n: sql<number>`count(*)`, sum: sql<number>`coalesce(sum(${reviews.sellerRating}), 0)` })
    .from(reviews)
    .where(and(eq(reviews.sellerId, sellerId), eq(reviews.status, "published"), eq(reviews.counts, true)))
    .get() ?? { n: 0, sum: 0 };
  const ratingMilli = bayesianRatingMilli(totals.n, totals.sum);
  tx.update(sellerReputation)
    .set({ ratingCount: totals.n, ratingSum: totals.sum, ratingMilli, updatedAt: now })
    .where(eq(sellerReputation.sellerId, sellerId))
    .run();
  // The catalog sorts by the rating through listings_status_rating (no join per row).
  tx.update(listings).set({ sellerRatingMilli: ratingMilli }).where(eq(listings.sellerId, sellerId)).run();
}

/** After a seller's answer: the median of their latest answer times. */
export function refreshAnswerTime(tx: Tx, sellerId: number, sellerUserId: number, now: Date): void {
  const latest = tx
    .select({ seconds: messages.answerSeconds })
    .from(messages)
    .where(and(eq(messages.senderUserId, sellerUserId), isNotNull(messages.answerSeconds)))
    .orderBy(desc(messages.id))
    .limit(ANSWER_SAMPLE)
    .all()
    .map((row) => row.seconds ?? 0);
  const seconds = median(latest);
  ensureRow(tx, sellerId, now);
  tx.update(sellerReputation)
    .set({ answerMedianMinutes: seconds === null ? null : Math.max(1, Math.round(seconds / 60)), updatedAt: now })
    .where(eq(sellerReputation.sellerId, sellerId))
    .run();
}

/** What a buyer page shows about a seller (one row by key, one seller row). */
export function getReputation(db: Db, sellerId: number, now: Date) {
  const row = db
    .select({ reputation: sellerReputation, approvedAt: sellers.approvedAt, verifiedAt: sellers.verifiedAt })
    .from(sellers)
    .leftJoin(sellerReputation, eq(sellerReputation.sellerId, sellers.id))
    .where(eq(sellers.id, sellerId))
    .get();
  if (!row) return undefined;
  const r = row.reputation;
  return {
    completedOrders: r?.countedOrders ?? 0,
    ratingCount: r?.ratingCount ?? 0,
    ratingMilli: r && r.ratingCount > 0 ? r.ratingMilli : null,
    onTimePercent: r ? onTimeShare(r.dropsOnTime, r.dropsLate) : null,
    disputesLost: r?.disputesLost ?? 0,
    answerMedianMinutes: r?.answerMedianMinutes ?? null,
    yearsSelling: yearsSince(row.approvedAt, now),
    verified: row.verifiedAt !== null,
  };
}

export type Reputation = NonNullable<ReturnType<typeof getReputation>>;
