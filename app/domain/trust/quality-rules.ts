/**
 * The gentle quality index (issue 16 §5; docs/decisions/0030-quality-index-and-fraud-signals.md).
 * Pure: a month's figures and the thresholds in, what crossed and which step out.
 */
import type { QualityMetric } from "./quality-vocabulary";

export interface QualityThresholds {
  /** The rating must be at least this, × 1000 (4000 = 4,0★). */
  minRatingMilli: number;
  /** Seller-caused cancellations must stay below this share of the month's orders, basis points. */
  maxCancellationsBp: number;
  /** Late drop-offs must stay below this share of the month's drop-offs, basis points. */
  maxDelaysBp: number;
  /** Quality returns (orders refunded after a dispute) must stay below this share of the month's orders, basis points. */
  maxQualityReturnsBp: number;
  /** A month with fewer orders is not judged: small numbers say little. */
  minOrders: number;
}

/** Kaspi's quality index as the reference (DESIGN §8): rating ≥ 4, cancellations < 3 %, delays < 10 %, quality returns < 2 %. */
export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  minRatingMilli: 4000,
  maxCancellationsBp: 300,
  maxDelaysBp: 1000,
  maxQualityReturnsBp: 200,
  minOrders: 5,
};

export interface MonthFigures {
  orders: number;
  sellerCancels: number;
  drops: number;
  dropsLate: number;
  disputesLost: number;
  qualityReturns: number;
  ratingMilli: number | null;
}

/** n of d in basis points, rounded half up; 0 when d is 0. */
export function shareBp(n: number, d: number): number {
  return d === 0 ? 0 : Math.floor((n * 20_000 + d) / (2 * d));
}

/** The metrics whose thresholds the month crossed (a share at the limit crosses it: the limits are "below"). */
export function crossedMetrics(f: MonthFigures, t: QualityThresholds): QualityMetric[] {
  const crossed: QualityMetric[] = [];
  if (f.sellerCancels > 0 && shareBp(f.sellerCancels, f.orders) >= t.maxCancellationsBp) crossed.push("cancellations");
  if (f.dropsLate > 0 && shareBp(f.dropsLate, f.drops) >= t.maxDelaysBp) crossed.push("delays");
  if (f.qualityReturns > 0 && shareBp(f.qualityReturns, f.orders) >= t.maxQualityReturnsBp) crossed.push("qualityReturns");
  if (f.ratingMilli !== null && f.ratingMilli < t.minRatingMilli) crossed.push("rating");
  return crossed;
}

/** Whether a month has enough orders to be judged. */
export function isJudged(f: MonthFigures, t: QualityThresholds): boolean {
  return f.orders >= t.minOrders;
}

/**
 * The step a month brings: a month that crossed goes one step further than
 * the month before it (coaching, warning, the coordinator's review, and no
 * further); a month judged and clean, or too small to judge, starts over.
 * Nothing here suspends anyone.
 */
export function nextStep(previousStep: number, judged: boolean, crossed: readonly QualityMetric[]): number {
  if (!judged || crossed.length === 0) return 0;
  return Math.min(3, Math.max(0, previousStep) + 1);
}
