/**
 * The trust module's vocabulary: the names the schema stores and the rules
 * check. Import-free, so db/schema and app/domain share this one home.
 */
export const REVIEW_STATUSES = ["published", "removed"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A thread is about a listing (asked before buying) or inside an order. */
export const THREAD_KINDS = ["listing", "order"] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

/** Why a message was marked for moderation (message-flags.ts finds them). */
export const MESSAGE_FLAGS = ["phone", "card", "off_platform"] as const;
export type MessageFlag = (typeof MESSAGE_FLAGS)[number];

/** Why an order does not count toward its seller's reputation (reputation-rules.ts). */
export const UNCOUNTED_REASONS = ["own_phone", "household", "repeat_pair", "tiny", "refunded"] as const;
export type UncountedReason = (typeof UNCOUNTED_REASONS)[number];
