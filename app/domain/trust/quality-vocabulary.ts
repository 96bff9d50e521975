/**
 * The quality index's and the fraud signals' vocabulary (issue 16 §5–6,
 * docs/decisions/0030-quality-index-and-fraud-signals.md). Import-free, so
 * db/schema and app/domain share this one home.
 */

/** The monthly figures a seller is held against, in the order the screen shows them. */
export const QUALITY_METRICS = ["cancellations", "delays", "qualityReturns", "rating"] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

/** What a month that crossed a threshold brings, step by step over consecutive months; 0: nothing. */
export const QUALITY_STEPS = ["none", "coaching", "warning", "review"] as const;
export type QualityStep = (typeof QUALITY_STEPS)[number];

/** The rules that raise a flag (fraud-rules.ts), and the reports people file. */
export const FLAG_RULES = [
  "self_purchase",
  "review_burst",
  "payout_destination_changed",
  "price_outlier",
  "direct_transfer_listing",
  "direct_transfer_message",
  "reported_listing",
  "reported_review",
] as const;
export type FlagRule = (typeof FLAG_RULES)[number];

/** What a flag is about. */
export const FLAG_SUBJECTS = ["order", "review", "listing", "message", "payout_line"] as const;
export type FlagSubject = (typeof FLAG_SUBJECTS)[number];

/** open: waits in the admin queue; referred: the coordinator was asked to look; the rest are decided. */
export const FLAG_STATUSES = ["open", "referred", "dismissed", "hidden"] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** The admins' queue shows the open flags, those sent to coordinators, or the decided ones. */
export const QUEUE_VIEWS = ["open", "referred", "decided"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
