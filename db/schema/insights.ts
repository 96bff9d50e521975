import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { categories } from "./catalog";
import { villages } from "./geo";
import { sellers, users } from "./identity";

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
    /** Covering, category first: the country's categories of a period in one pass without a sort or a table read (areas.server.ts). */
    index("insights_village_days_category").on(t.categoryId, t.day, t.gmvTiyn, t.ordersCompleted, t.items),
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
    /** The primary key's order with every measure: an area's months are read from the index alone, never from the table (areas.server.ts). */
    index("insights_seller_months_sums").on(t.villageId, t.month, t.sellerId, t.ordersCompleted, t.gmvTiyn, t.refundedTiyn, t.ordersRefunded, t.items),
    check("insights_seller_months_month_format", sql`${t.month} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'`),
    check(
      "insights_seller_months_nonnegative",
      sql`${t.ordersCompleted} >= 0 AND ${t.gmvTiyn} >= 0 AND ${t.refundedTiyn} >= 0 AND ${t.ordersRefunded} >= 0 AND ${t.items} >= 0`,
    ),
  ],
);

/**
 * What happened in a village's month besides sales (docs/metrics.md): the
 * parcels collected, the disputes opened and the seller handovers that fell
 * due. Written in the transaction of the order event that counts (pickup,
 * dispute, drop or the drop deadline), by the event's month in Asia/Almaty.
 */
export const insightsVillageMonths = sqliteTable(
  "insights_village_months",
  {
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    month: text("month").notNull(),
    /** Orders collected at a pickup point (online and cash). */
    pickups: integer("pickups").notNull().default(0),
    /** Online orders collected: the denominator of the dispute rate (cash orders cannot be disputed). */
    onlinePickups: integer("online_pickups").notNull().default(0),
    /** Disputes opened by buyers. */
    disputes: integer("disputes").notNull().default(0),
    /** Accepted orders whose handover to the hub was settled: dropped, or cancelled by the drop deadline. */
    handoversDue: integer("handovers_due").notNull().default(0),
    /** Of those, dropped before the deadline. */
    handoversOnTime: integer("handovers_on_time").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.month] }),
    check("insights_village_months_month_format", sql`${t.month} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'`),
    check(
      "insights_village_months_nonnegative",
      sql`${t.pickups} >= 0 AND ${t.onlinePickups} >= 0 AND ${t.disputes} >= 0 AND ${t.handoversDue} >= 0 AND ${t.handoversOnTime} >= 0 AND ${t.handoversOnTime} <= ${t.handoversDue}`,
    ),
  ],
);

/**
 * A histogram of whole hours from payment to pickup per village and month
 * (of the pickup), so the median of any set of villages and months is read
 * from here rather than from order events.
 */
export const insightsPickupHours = sqliteTable(
  "insights_pickup_hours",
  {
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    month: text("month").notNull(),
    hours: integer("hours").notNull(),
    orders: integer("orders").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.month, t.hours] }),
    /** Covering, hours first: the country's histogram of a period in one pass without a sort (service.server.ts). */
    index("insights_pickup_hours_hours").on(t.hours, t.month, t.orders),
    check("insights_pickup_hours_nonnegative", sql`${t.hours} >= 0 AND ${t.orders} >= 0`),
  ],
);

/**
 * Completed orders per buyer, village and month: the repeat-buyer share of
 * any area and period. Only ids: it never leaves the server as rows.
 */
export const insightsVillageBuyers = sqliteTable(
  "insights_village_buyers",
  {
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    month: text("month").notNull(),
    buyerId: integer("buyer_id").notNull(),
    ordersCompleted: integer("orders_completed").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.month, t.buyerId] }),
    /** Covering, buyer first: the country's distinct and repeat buyers in one pass without a sort (service.server.ts). */
    index("insights_village_buyers_buyer").on(t.buyerId, t.month, t.villageId, t.ordersCompleted),
    /** The primary key's order with the orders: an area's buyers are read from the index alone, never from the table. */
    index("insights_village_buyers_orders").on(t.villageId, t.month, t.buyerId, t.ordersCompleted),
    check("insights_village_buyers_nonnegative", sql`${t.ordersCompleted} >= 0`),
  ],
);

/**
 * A seller's consent to let the coordinators of their village print their
 * sales history (the evidence pack for a microcredit programme). Consent is
 * given by the seller, for a purpose, until it expires or is withdrawn; the
 * rows are kept as the record.
 */
export const evidenceConsents = sqliteTable(
  "evidence_consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    /** Who to show it to, in the seller's words (e.g. "Auyl Amanaty, Talgar branch"). */
    purpose: text("purpose").notNull(),
    givenAt: integer("given_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("evidence_consents_seller").on(t.sellerId, t.givenAt)],
);

/**
 * Tokens for the read-only JSON API (/api/v1). Only a SHA-256 of the token is
 * kept; the analyst sees it once. A token acts with its user's analyst grants
 * as they are at the time of each request.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    label: text("label").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_tokens_user").on(t.userId)],
);
