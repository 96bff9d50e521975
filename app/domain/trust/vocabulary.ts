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

/** Why a buyer opens a dispute (the fixed list of the open form). */
export const DISPUTE_REASONS = ["not_as_described", "damaged", "missing_parts", "wrong_item", "not_working", "other"] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/**
 * Where a dispute stands on its ladder (issue 16 §4, decision: dispute ladder): the seller answers,
 * the coordinator decides, either side may appeal, the neutral reviewer decides, closed.
 */
export const DISPUTE_STEPS = ["answer", "decide", "appeal", "review", "closed"] as const;
export type DisputeStep = (typeof DISPUTE_STEPS)[number];

/** What a decision does with the money held: all to the seller, a part back, all back, or the goods back first. */
export const DISPUTE_OUTCOMES = ["release", "partial", "refund", "return_first"] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

export const DISPUTE_SIDES = ["buyer", "seller"] as const;
export type DisputeSide = (typeof DISPUTE_SIDES)[number];
