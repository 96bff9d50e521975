/**
 * Reputation rules (decision: reputation, anti-gaming). Pure: plain data in,
 * plain data out; no database, no clock.
 */
import type { UncountedReason } from "./vocabulary";

/**
 * The Bayesian prior: every seller starts as if they had RATING_PRIOR_WEIGHT
 * ratings of RATING_PRIOR_MEAN. One 5★ gives (5·4 + 5) / 6 ≈ 4.17; two
 * hundred 4.8★ give (5·4 + 960) / 205 ≈ 4.78 — the long record wins.
 */
export const RATING_PRIOR_MEAN_MILLI = 4000;
export const RATING_PRIOR_WEIGHT = 5;

/** An order counts once per buyer–seller pair in this period (Taobao counts a pair's points once a month). */
export const PAIR_PERIOD_MS = 30 * 24 * 60 * 60 * 1000;
/** Orders below this do not count: 1 000 ₸, far below any real piece of furniture or felt, above a test purchase. */
export const MIN_COUNTED_ORDER_TIYN = 1000 * 100;
/** A buyer reviews within this many days of completion. */
export const REVIEW_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/** The median answer time is taken over the seller's latest answers. */
export const ANSWER_SAMPLE = 50;

/** The rating shown and sorted by, × 1000, rounded half up (integer arithmetic only). */
export function bayesianRatingMilli(ratingCount: number, ratingSum: number): number {
  const numerator = RATING_PRIOR_WEIGHT * RATING_PRIOR_MEAN_MILLI + ratingSum * 1000;
  const denominator = RATING_PRIOR_WEIGHT + ratingCount;
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** What is known about a completed order when it is judged. */
export interface OrderFacts {
  buyerUserId: number;
  sellerUserId: number;
  totalTiyn: number;
  /** Part of the order went back to the buyer (a partial refund after a dispute). */
  refunded: boolean;
  /** The buyer and the seller asked for sign-in codes from one address (a household's connection). */
  sharesHousehold: boolean;
  /** The pair already has an order that counted within PAIR_PERIOD_MS before this one. */
  pairCountedRecently: boolean;
}

/** Whether an order counts toward its seller's reputation, or why not (the first rule that applies). */
export function orderCounts(facts: OrderFacts): { counts: true } | { counts: false; reason: UncountedReason } {
  if (facts.buyerUserId === facts.sellerUserId) return { counts: false, reason: "own_phone" };
  if (facts.sharesHousehold) return { counts: false, reason: "household" };
  if (facts.refunded) return { counts: false, reason: "refunded" };
  if (facts.totalTiyn < MIN_COUNTED_ORDER_TIYN) return { counts: false, reason: "tiny" };
  if (facts.pairCountedRecently) return { counts: false, reason: "repeat_pair" };
  return { counts: true };
}

/** The median of whole numbers (the lower middle for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

/** Whole years since a date, for "selling for N years". */
export function yearsSince(from: Date, now: Date): number {
  let years = now.getUTCFullYear() - from.getUTCFullYear();
  const anniversary = new Date(from);
  anniversary.setUTCFullYear(from.getUTCFullYear() + years);
  if (anniversary.getTime() > now.getTime()) years--;
  return Math.max(0, years);
}

/** On-time drop-off share in whole percent, or null before the first drop-off. */
export function onTimeShare(onTime: number, late: number): number | null {
  const all = onTime + late;
  return all === 0 ? null : Math.round((onTime * 100) / all);
}
