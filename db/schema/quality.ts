import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { FLAG_RULES, FLAG_STATUSES, FLAG_SUBJECTS } from "../../app/domain/trust/quality-vocabulary";
import { sellers, users } from "./identity";
import { villages } from "./geo";

/**
 * One seller's month against the quality thresholds (issue 16 §5), written
 * once by the background job: the primary key makes a second run a no-op,
 * and the SMS leaves only with the row that was inserted.
 */
export const qualityMonths = sqliteTable(
  "quality_months",
  {
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    /** "2026-11": a calendar month in UTC. */
    month: text("month").notNull(),
    orders: integer("orders").notNull(),
    sellerCancels: integer("seller_cancels").notNull(),
    drops: integer("drops").notNull(),
    dropsLate: integer("drops_late").notNull(),
    disputesLost: integer("disputes_lost").notNull(),
    qualityReturns: integer("quality_returns").notNull(),
    /** The seller's rating when the month was judged, × 1000; null before the first counted review. */
    ratingMilli: integer("rating_milli"),
    /** Enough orders to be judged (the minimum is a setting). */
    judged: integer("judged", { mode: "boolean" }).notNull(),
    /** JSON array of the metrics that crossed their thresholds. */
    crossed: text("crossed").notNull().default("[]"),
    /** 0 none, 1 coaching, 2 warning, 3 the coordinator's review (QUALITY_STEPS). */
    step: integer("step").notNull(),
    /** The thresholds the month was judged against (JSON), so a later change does not rewrite history. */
    thresholds: text("thresholds").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sellerId, t.month] }),
    index("quality_months_month_step").on(t.month, t.step),
    check("quality_months_step", sql`${t.step} BETWEEN 0 AND 3`),
  ],
);

/**
 * A signal that something may be wrong (issue 16 §6): a rule's reason and its
 * evidence, or a report, waiting for a person. A flag never acts by itself.
 */
export const fraudFlags = sqliteTable(
  "fraud_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rule: text("rule", { enum: FLAG_RULES }).notNull(),
    subjectType: text("subject_type", { enum: FLAG_SUBJECTS }).notNull(),
    subjectId: integer("subject_id").notNull(),
    sellerId: integer("seller_id").references(() => sellers.id),
    villageId: integer("village_id").references(() => villages.id),
    /** JSON: the facts the rule saw (figures, ids, times), shown to the admin as they were. */
    evidence: text("evidence").notNull(),
    status: text("status", { enum: FLAG_STATUSES }).notNull().default("open"),
    note: text("note"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // One flag per rule and subject: a rule that fires again finds its flag.
    uniqueIndex("fraud_flags_rule_subject").on(t.rule, t.subjectType, t.subjectId),
    index("fraud_flags_status").on(t.status, t.createdAt),
    index("fraud_flags_village").on(t.villageId, t.status),
  ],
);
