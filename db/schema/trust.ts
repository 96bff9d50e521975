import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { DISPUTE_OUTCOMES, DISPUTE_REASONS, DISPUTE_SIDES, DISPUTE_STEPS, MESSAGE_FLAGS, REVIEW_STATUSES, THREAD_KINDS, UNCOUNTED_REASONS } from "../../app/domain/trust/vocabulary";
import { listings } from "./catalog";
import { sellers, users } from "./identity";
import { orders } from "./orders";

/**
 * Whether a completed order counts toward its seller's reputation, decided
 * once when it completes (decision: reputation). `reason` is why not.
 */
export const reputationOrders = sqliteTable(
  "reputation_orders",
  {
    orderId: integer("order_id")
      .primaryKey()
      .references(() => orders.id),
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    counts: integer("counts", { mode: "boolean" }).notNull(),
    reason: text("reason", { enum: UNCOUNTED_REASONS }),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // "Once per buyer–seller pair per period" looks up the pair's counted orders.
    index("reputation_orders_pair").on(t.sellerId, t.buyerUserId, t.counts, t.completedAt),
    check("reputation_orders_reason", sql`(${t.counts} = 1 AND ${t.reason} IS NULL) OR (${t.counts} = 0 AND ${t.reason} IS NOT NULL)`),
  ],
);

/**
 * A seller's reputation at a glance, kept up to date in the transactions of
 * the events that change it, so buyer pages read one row (DESIGN §6).
 */
export const sellerReputation = sqliteTable("seller_reputation", {
  sellerId: integer("seller_id")
    .primaryKey()
    .references(() => sellers.id),
  countedOrders: integer("counted_orders").notNull().default(0),
  ratingCount: integer("rating_count").notNull().default(0),
  ratingSum: integer("rating_sum").notNull().default(0),
  /** The Bayesian average × 1000 (reputation-rules.ts); copied onto the seller's listings for the catalog's sort. */
  ratingMilli: integer("rating_milli").notNull(),
  dropsOnTime: integer("drops_on_time").notNull().default(0),
  dropsLate: integer("drops_late").notNull().default(0),
  disputesLost: integer("disputes_lost").notNull().default(0),
  answerMedianMinutes: integer("answer_median_minutes"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * A verified-purchase review: one per completed order, by its buyer, with
 * the seller's one public answer. Text keeps the language it was written in.
 */
export const reviews = sqliteTable(
  "reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .unique()
      .references(() => orders.id),
    /** The order's first item: the listing page shows the review. */
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    itemRating: integer("item_rating").notNull(),
    sellerRating: integer("seller_rating").notNull(),
    text: text("text").notNull(),
    language: text("language", { enum: ["kk", "ru", "en"] }).notNull(),
    /** JSON array of up to 3 photo hashes. */
    photos: text("photos").notNull().default("[]"),
    /** Whether the rating counts (its order counts: reputation_orders). */
    counts: integer("counts", { mode: "boolean" }).notNull(),
    status: text("status", { enum: REVIEW_STATUSES }).notNull().default("published"),
    removedReason: text("removed_reason"),
    removedBy: integer("removed_by").references(() => users.id),
    removedAt: integer("removed_at", { mode: "timestamp_ms" }),
    answerText: text("answer_text"),
    answerLanguage: text("answer_language", { enum: ["kk", "ru", "en"] }),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("reviews_listing").on(t.listingId, t.status, t.createdAt),
    index("reviews_seller").on(t.sellerId, t.status, t.createdAt),
    check("reviews_ratings", sql`${t.itemRating} BETWEEN 1 AND 5 AND ${t.sellerRating} BETWEEN 1 AND 5`),
  ],
);

/** A conversation between a buyer and a seller, about a listing or inside an order. */
export const messageThreads = sqliteTable(
  "message_threads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: THREAD_KINDS }).notNull(),
    listingId: integer("listing_id").references(() => listings.id),
    orderId: integer("order_id").references(() => orders.id),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    buyerUnread: integer("buyer_unread").notNull().default(0),
    sellerUnread: integer("seller_unread").notNull().default(0),
    /** The last "a message is waiting" SMS to each side (rate limit). */
    buyerSmsAt: integer("buyer_sms_at", { mode: "timestamp_ms" }),
    sellerSmsAt: integer("seller_sms_at", { mode: "timestamp_ms" }),
    lastMessageAt: integer("last_message_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("message_threads_listing_buyer").on(t.listingId, t.buyerUserId).where(sql`${t.kind} = 'listing'`),
    uniqueIndex("message_threads_order").on(t.orderId).where(sql`${t.kind} = 'order'`),
    index("message_threads_buyer").on(t.buyerUserId, t.lastMessageAt),
    index("message_threads_seller").on(t.sellerId, t.lastMessageAt),
    check(
      "message_threads_subject",
      sql`(${t.kind} = 'listing' AND ${t.listingId} IS NOT NULL AND ${t.orderId} IS NULL) OR (${t.kind} = 'order' AND ${t.orderId} IS NOT NULL)`,
    ),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    threadId: integer("thread_id")
      .notNull()
      .references(() => messageThreads.id),
    senderUserId: integer("sender_user_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    /** What message-flags.ts found (the sender was warned and sent anyway); marked for moderation. */
    flag: text("flag", { enum: MESSAGE_FLAGS }),
    /** A seller's answer: seconds since the buyer's first unanswered message. */
    answerSeconds: integer("answer_seconds"),
    /** An admin hid it from the moderation queue (issue 16 §6): the other side no longer sees it. */
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("messages_thread").on(t.threadId, t.id), index("messages_sender_answers").on(t.senderUserId, t.answerSeconds, t.id)],
);

/**
 * A dispute's file and its ladder (issue 16 §4, docs/decisions/0033-dispute-ladder.md): one per
 * order, opened by its buyer after pickup. The order stays `disputed` while the file climbs; the
 * order's one deadline (orders.deadline_kind) is the current step's. Money moves only when a
 * decision is final: the appeal window passed, or the neutral reviewer decided.
 */
export const disputes = sqliteTable(
  "disputes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .unique()
      .references(() => orders.id),
    sellerVillageId: integer("seller_village_id").notNull(),
    step: text("step", { enum: DISPUTE_STEPS }).notNull(),
    reason: text("reason", { enum: DISPUTE_REASONS }).notNull(),
    /** The buyer asked to pass by the seller's own cooperative (it earns a fee on the sale). */
    bypass: integer("bypass", { mode: "boolean" }).notNull().default(false),
    buyerText: text("buyer_text").notNull(),
    /** JSON arrays of up to 3 photo hashes (the listing photo pipeline). */
    buyerPhotos: text("buyer_photos").notNull().default("[]"),
    sellerText: text("seller_text"),
    sellerPhotos: text("seller_photos").notNull().default("[]"),
    sellerAnsweredAt: integer("seller_answered_at", { mode: "timestamp_ms" }),
    /** The seller's 3 days passed without an answer: the file went on without their side. */
    sellerMissedAt: integer("seller_missed_at", { mode: "timestamp_ms" }),
    decision: text("decision", { enum: DISPUTE_OUTCOMES }),
    decisionRefundTiyn: integer("decision_refund_tiyn"),
    decisionReason: text("decision_reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    appealedBy: text("appealed_by", { enum: DISPUTE_SIDES }),
    appealText: text("appeal_text"),
    appealedAt: integer("appealed_at", { mode: "timestamp_ms" }),
    /** The appointed reviewer the file went to; null: the admins' queue. */
    reviewerUserId: integer("reviewer_user_id").references(() => users.id),
    finalOutcome: text("final_outcome", { enum: DISPUTE_OUTCOMES }),
    finalRefundTiyn: integer("final_refund_tiyn"),
    finalReason: text("final_reason"),
    finalBy: integer("final_by").references(() => users.id),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    stepStartedAt: integer("step_started_at", { mode: "timestamp_ms" }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("disputes_step").on(t.step, t.openedAt),
    index("disputes_reviewer").on(t.reviewerUserId, t.step),
    check("disputes_refunds", sql`coalesce(${t.decisionRefundTiyn}, 1) > 0 AND coalesce(${t.finalRefundTiyn}, 1) > 0`),
  ],
);

/**
 * Coordinators an admin appointed as neutral reviewers of appeals (issue 16 §4): a file goes to one
 * who coordinates another village than the seller's. Revoking keeps the row (who, when).
 */
export const disputeReviewers = sqliteTable("dispute_reviewers", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  appointedBy: integer("appointed_by").references(() => users.id),
  appointedAt: integer("appointed_at", { mode: "timestamp_ms" }).notNull(),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
});
