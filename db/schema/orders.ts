import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { DEADLINE_KINDS, ORDER_STATUSES, PAYMENT_METHODS } from "../../app/domain/orders/order-status";
import { listings } from "./catalog";
import { villages } from "./geo";
import { sellers, users } from "./identity";
import { lanes, pickupPoints } from "./logistics";

/**
 * What a browser means to buy. `cartKey` is `u:<userId>` for a signed-in
 * person or `c:<sha256 of the cart cookie>` before sign-in; signing in moves
 * the cookie's lines onto the user's cart.
 */
export const cartItems = sqliteTable(
  "cart_items",
  {
    cartKey: text("cart_key").notNull(),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    quantity: integer("quantity").notNull(),
    addedAt: integer("added_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cartKey, t.listingId] }), check("cart_items_quantity", sql`${t.quantity} BETWEEN 1 AND 999`)],
);

/**
 * One checkout: the buyer's pickup point and payment for every order it made
 * (one order per seller). An online checkout is paid once for all its orders.
 */
export const checkouts = sqliteTable(
  "checkouts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    pickupPointId: integer("pickup_point_id")
      .notNull()
      .references(() => pickupPoints.id),
    paymentMethod: text("payment_method", { enum: PAYMENT_METHODS }).notNull(),
    totalTiyn: integer("total_tiyn").notNull(),
    /** The form's idempotency key: a repeated submit finds this row (MONEY-07). */
    idempotencyKey: text("idempotency_key").notNull().unique(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("checkouts_buyer").on(t.buyerUserId, t.createdAt), check("checkouts_total_positive", sql`${t.totalTiyn} > 0`)],
);

/**
 * One seller's part of a checkout. Commission rates are copied at checkout in
 * basis points so a later change of rates never changes an order's split.
 * The pickup code is kept only as an HMAC (`pickupCodeHash`).
 */
export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    checkoutId: integer("checkout_id")
      .notNull()
      .references(() => checkouts.id),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    sellerVillageId: integer("seller_village_id")
      .notNull()
      .references(() => villages.id),
    pickupPointId: integer("pickup_point_id")
      .notNull()
      .references(() => pickupPoints.id),
    paymentMethod: text("payment_method", { enum: PAYMENT_METHODS }).notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    /** What the buyer pays for this order: the goods and `deliveryTiyn`. */
    totalTiyn: integer("total_tiyn").notNull(),
    /** The delivery fee inside totalTiyn (the sum of order_legs' fees); 0 within the hub's village. */
    deliveryTiyn: integer("delivery_tiyn").notNull().default(0),
    /** The arrival day checkout promised from the lanes' schedule; null within the village or between hubs with no lane. */
    expectedArrivalAt: integer("expected_arrival_at", { mode: "timestamp_ms" }),
    platformRateBp: integer("platform_rate_bp").notNull(),
    coopRateBp: integer("coop_rate_bp").notNull(),
    /** The seller and the pickup point are in the same village: no transit leg. */
    sameVillage: integer("same_village", { mode: "boolean" }).notNull(),
    deadlineKind: text("deadline_kind", { enum: DEADLINE_KINDS }),
    deadlineAt: integer("deadline_at", { mode: "timestamp_ms" }),
    pickupCodeHash: text("pickup_code_hash"),
    pickupCodeSalt: text("pickup_code_salt"),
    pickupAttempts: integer("pickup_attempts").notNull().default(0),
    pickupLockedAt: integer("pickup_locked_at", { mode: "timestamp_ms" }),
    receivedAtHubAt: integer("received_at_hub_at", { mode: "timestamp_ms" }),
    cashCollectedTiyn: integer("cash_collected_tiyn"),
    /** Made to order: the day the seller promised the goods ready (from the listing's lead time, then as accepted). */
    promisedReadyAt: integer("promised_ready_at", { mode: "timestamp_ms" }),
    /** A later ready date the seller asked for, waiting for the buyer's yes (the `agree` deadline). */
    proposedReadyAt: integer("proposed_ready_at", { mode: "timestamp_ms" }),
    /** When the seller asked for more time after accepting: once per order. */
    extensionAskedAt: integer("extension_asked_at", { mode: "timestamp_ms" }),
    /** When a deadline passed that only a person can act on (hub, transit, dispute): the admins' queue. */
    flaggedAt: integer("flagged_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("orders_buyer").on(t.buyerUserId, t.createdAt),
    index("orders_seller").on(t.sellerId, t.status, t.createdAt),
    index("orders_checkout").on(t.checkoutId),
    index("orders_seller_village").on(t.sellerVillageId, t.status),
    index("orders_pickup_point").on(t.pickupPointId, t.status),
    index("orders_deadline").on(t.deadlineAt),
    index("orders_flagged").on(t.flaggedAt),
    /** Rebuilding the rollups of a month reads the orders finished in it. */
    index("orders_completed_at").on(t.completedAt),
    check("orders_total_positive", sql`${t.totalTiyn} > 0`),
    check("orders_rates", sql`${t.platformRateBp} BETWEEN 0 AND 5000 AND ${t.coopRateBp} BETWEEN 0 AND 5000`),
  ],
);

/** What was bought, with the title and price as the buyer saw them. */
export const orderItems = sqliteTable(
  "order_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    title: text("title").notNull(),
    language: text("language", { enum: ["kk", "ru", "en"] }).notNull(),
    priceTiyn: integer("price_tiyn").notNull(),
    quantity: integer("quantity").notNull(),
    lineTiyn: integer("line_tiyn").notNull(),
  },
  (t) => [
    index("order_items_order").on(t.orderId),
    check("order_items_line", sql`${t.lineTiyn} = ${t.priceTiyn} * ${t.quantity} AND ${t.quantity} > 0`),
  ],
);

/** Every transition of an order: who, when, from, to, why. Append-only (triggers). */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** NULL when the clock did it (a deadline) or the payment provider did. */
    actorUserId: integer("actor_user_id").references(() => users.id),
    event: text("event").notNull(),
    fromStatus: text("from_status", { enum: ORDER_STATUSES }),
    toStatus: text("to_status", { enum: ORDER_STATUSES }).notNull(),
    reason: text("reason"),
  },
  (t) => [index("order_events_order").on(t.orderId, t.at)],
);

/**
 * The reminders sent before a deadline (issue 14 §3): one row per order, deadline kind and
 * deadline time, so the job never sends the same reminder twice, and a moved deadline gets its own.
 */
export const orderReminders = sqliteTable(
  "order_reminders",
  {
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    deadlineKind: text("deadline_kind", { enum: DEADLINE_KINDS }).notNull(),
    deadlineAt: integer("deadline_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.deadlineKind, t.deadlineAt] })],
);

/**
 * The lanes an order's parcel rides (one, or two via a sorting hub), with the
 * fee and the dates checkout quoted; on release each leg's fee goes to its
 * lane's carrier account (decision lanes-and-delivery-fees).
 */
export const orderLegs = sqliteTable(
  "order_legs",
  {
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    leg: integer("leg").notNull(),
    laneId: integer("lane_id")
      .notNull()
      .references(() => lanes.id),
    feeTiyn: integer("fee_tiyn").notNull(),
    departsAt: integer("departs_at", { mode: "timestamp_ms" }).notNull(),
    arrivesAt: integer("arrives_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.leg] }), index("order_legs_lane").on(t.laneId), check("order_legs_fee", sql`${t.feeTiyn} >= 0`)],
);
