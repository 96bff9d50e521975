import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES } from "../../app/domain/identity/vocabulary";
import { regions, villages } from "./geo";

/**
 * People, by phone. Deleting an account keeps the row (orders and the audit
 * log point at it) with the personal fields emptied: `phone` and
 * `displayName` become NULL and `deletedAt` is set.
 */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** E.164, `+77XXXXXXXXX`; NULL once the account is deleted. */
    phone: text("phone").unique(),
    displayName: text("display_name"),
    preferredLanguage: text("preferred_language", { enum: ["kk", "ru", "en"] }).notNull().default("kk"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
  },
  (t) => [check("users_phone_e164", sql`${t.phone} IS NULL OR ${t.phone} GLOB '+77[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`)],
);

/**
 * Signed-in browsers. `id` is the SHA-256 of the cookie's 32 random bytes, so
 * a copy of the database cannot be replayed as cookies (SEC-01, SEC-02).
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** Set when the user's roles change: the next page view issues a new id. */
    rotationDue: integer("rotation_due", { mode: "boolean" }).notNull().default(false),
    /** When a newer id replaced this one; it stays valid a few seconds for requests already in flight. */
    replacedAt: integer("replaced_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/**
 * One-time sign-in codes (SEC-05). Only an HMAC of the code is kept. Rows are
 * also the record the send limits count (SEC-06), per phone, per IP and overall.
 * `challengeId` is the check question answered before a code was sent while
 * many codes were being asked for (decision 0012): unique, so one answer
 * yields one code.
 */
export const signInCodes = sqliteTable(
  "sign_in_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    phone: text("phone").notNull(),
    codeHash: text("code_hash").notNull(),
    ip: text("ip").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    challengeId: text("challenge_id"),
  },
  (t) => [
    uniqueIndex("sign_in_codes_challenge").on(t.challengeId),
    index("sign_in_codes_phone").on(t.phone, t.createdAt),
    index("sign_in_codes_ip").on(t.ip, t.createdAt),
    index("sign_in_codes_created").on(t.createdAt),
  ],
);


/**
 * Roles with their scope. buyer is not stored: everyone signed in is one.
 * seller and coordinator have a village; operator a pickup point (the table
 * comes with logistics, so no foreign key yet); analyst a region or none
 * (national); admin none. Revoking sets `revokedAt`, so the history stays.
 */
export const roleGrants = sqliteTable(
  "role_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: ROLES }).notNull(),
    villageId: integer("village_id").references(() => villages.id),
    regionId: integer("region_id").references(() => regions.id),
    pickupPointId: integer("pickup_point_id"),
    grantedBy: integer("granted_by").references(() => users.id),
    grantedAt: integer("granted_at", { mode: "timestamp_ms" }).notNull(),
    revokedBy: integer("revoked_by").references(() => users.id),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("role_grants_user").on(t.userId),
    index("role_grants_village").on(t.villageId, t.role),
    check(
      "role_grants_scope",
      sql`(${t.role} IN ('seller', 'coordinator') AND ${t.villageId} IS NOT NULL AND ${t.regionId} IS NULL AND ${t.pickupPointId} IS NULL)
        OR (${t.role} = 'operator' AND ${t.pickupPointId} IS NOT NULL AND ${t.villageId} IS NULL AND ${t.regionId} IS NULL)
        OR (${t.role} = 'analyst' AND ${t.villageId} IS NULL AND ${t.pickupPointId} IS NULL)
        OR (${t.role} = 'admin' AND ${t.villageId} IS NULL AND ${t.regionId} IS NULL AND ${t.pickupPointId} IS NULL)`,
    ),
  ],
);

/**
 * A person's request to sell in a village. `taxId` is an IIN (a person) or a
 * BIN (a business), checked with the checksum; only the village's coordinator
 * sees it unmasked.
 */
export const sellerApplications = sqliteTable(
  "seller_applications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    /** The name buyers will see; NULL once the account is deleted. */
    name: text("name"),
    craft: text("craft"),
    taxIdKind: text("tax_id_kind", { enum: ["iin", "bin"] }),
    taxId: text("tax_id"),
    status: text("status", { enum: ["pending", "approved", "rejected"] }).notNull().default("pending"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    reason: text("reason"),
  },
  (t) => [index("seller_applications_village").on(t.villageId, t.status), index("seller_applications_user").on(t.userId)],
);

/** A seller in a village: made when an application is approved. Listings will belong here. */
export const sellers = sqliteTable(
  "sellers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    applicationId: integer("application_id")
      .notNull()
      .references(() => sellerApplications.id),
    name: text("name"),
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }).notNull(),
    /** "Verified by the cooperative": a coordinator checked documents in person. */
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }),
    verifiedBy: integer("verified_by").references(() => users.id),
    /** Whether buyers may pay this seller in cash at the pickup point (issue 5: "where the seller allows it"). */
    acceptsCash: integer("accepts_cash", { mode: "boolean" }).notNull().default(true),
    /** The seller asked the village coordinator to accept, decline and drop orders for them (assisted selling, issue 14 §4). */
    assistedOrders: integer("assisted_orders", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("sellers_user_village").on(t.userId, t.villageId),
    // A village's producers on its storefront (10 000 sellers: a scan was 4 ms a page).
    index("sellers_village").on(t.villageId),
  ],
);
