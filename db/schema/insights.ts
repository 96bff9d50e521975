import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { categories } from "./catalog";
import { villages } from "./geo";
import { sellers } from "./identity";

/**
 * Daily sales of a village by category (docs/metrics.md), so that no
 * dashboard scans the orders table (DESIGN §6). `day` is the order's
 * completion (or refund) date in Asia/Almaty, 'YYYY-MM-DD'; the village is
 * the seller's village as copied on the order.
 *
 * Every column is additive over categories: an order counts once, in its
 * main category (the one with the largest line total; on a tie the lowest
 * category id), and money is split over its categories by line total, the
 * tiyn left over by rounding going to the largest remainders
 * (app/domain/insights/outcome.ts). Summing a village's rows over categories
 * therefore gives its exact totals.
 *
 * Kept up to date in the transaction that completes or refunds an order
 * (recordOrderOutcome), and recomputable from orders and the ledger with
 * rebuildRollups.
 */
export const insightsVillageDays = sqliteTable(
  "insights_village_days",
  {
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    day: text("day").notNull(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    /** Orders completed that day (status `completed`, partial refunds included). */
    ordersCompleted: integer("orders_completed").notNull().default(0),
    /** Completed orders' totals minus what was refunded on them. */
    gmvTiyn: integer("gmv_tiyn").notNull().default(0),
    /** Money given back to buyers after the goods reached them: partial refunds of completed orders and full refunds of disputed ones. */
    refundedTiyn: integer("refunded_tiyn").notNull().default(0),
    /** Orders that ended `refunded` that day (a dispute resolved as a full refund). */
    ordersRefunded: integer("orders_refunded").notNull().default(0),
    /** Units sold in completed orders. */
    items: integer("items").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.day, t.categoryId] }),
    index("insights_village_days_day").on(t.day),
    check("insights_village_days_day_format", sql`${t.day} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`),
    check("insights_village_days_nonnegative", sql`${t.ordersCompleted} >= 0 AND ${t.gmvTiyn} >= 0 AND ${t.refundedTiyn} >= 0 AND ${t.ordersRefunded} >= 0 AND ${t.items} >= 0`),
  ],
);

/**
 * Monthly sales of one seller ('YYYY-MM' in Asia/Almaty), the same measures
 * as insights_village_days without the category split. It answers "active
 * sellers", "active shops" and the seller's own sales page without scanning
 * orders.
 */
export const insightsSellerMonths = sqliteTable(
  "insights_seller_months",
  {
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    month: text("month").notNull(),
    ordersCompleted: integer("orders_completed").notNull().default(0),
    gmvTiyn: integer("gmv_tiyn").notNull().default(0),
    refundedTiyn: integer("refunded_tiyn").notNull().default(0),
    ordersRefunded: integer("orders_refunded").notNull().default(0),
    items: integer("items").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.month, t.sellerId] }),
    index("insights_seller_months_seller").on(t.sellerId, t.month),
    check("insights_seller_months_month_format", sql`${t.month} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'`),
    check(
      "insights_seller_months_nonnegative",
      sql`${t.ordersCompleted} >= 0 AND ${t.gmvTiyn} >= 0 AND ${t.refundedTiyn} >= 0 AND ${t.ordersRefunded} >= 0 AND ${t.items} >= 0`,
    ),
  ],
);
