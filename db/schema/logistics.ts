import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { PICKUP_POINT_KINDS } from "../../app/domain/logistics/pickup-point-kinds";
import { villages } from "./geo";
import { users } from "./identity";

/**
 * Where parcels wait for buyers: run by the village cooperative. Name, address
 * and hours are written by the coordinator in their own words (one language).
 * Operators are role grants (`role_grants.pickup_point_id`).
 */
export const pickupPoints = sqliteTable(
  "pickup_points",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    kind: text("kind", { enum: PICKUP_POINT_KINDS }).notNull(),
    name: text("name").notNull(),
    address: text("address").notNull(),
    openingHours: text("opening_hours").notNull(),
    storageDays: integer("storage_days").notNull().default(7),
    /** Whether buyers may pay cash at this point on collection. */
    acceptsCash: integer("accepts_cash", { mode: "boolean" }).notNull().default(true),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("pickup_points_village").on(t.villageId, t.active),
    check("pickup_points_storage_days", sql`${t.storageDays} BETWEEN 1 AND 30`),
  ],
);
