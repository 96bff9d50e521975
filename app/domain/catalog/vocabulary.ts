/**
 * The catalog's vocabulary: the names the schema stores and the rules check.
 * Import-free, so db/schema and app/domain share this one home (docs/architecture.md).
 */
export const LISTING_UNITS = ["piece", "kg", "litre", "m2", "set"] as const;
export const WEIGHT_CLASSES = ["upTo15kg", "15to50kg", "over50kg"] as const;
export const LISTING_STATUSES = ["draft", "active", "paused", "sold_out", "removed"] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** Why a buyer reports a listing, and why a coordinator removes one. */
export const REPORT_REASONS = ["prohibited", "fake", "wrong_price", "offensive", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
