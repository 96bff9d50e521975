import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { WEIGHT_CLASSES } from "../../app/domain/catalog/vocabulary";
import { CARRIER_KINDS, PICKUP_POINT_KINDS } from "../../app/domain/logistics/pickup-point-kinds";
import { katoUnits, villages } from "./geo";
import { users } from "./identity";

/**
 * Where parcels wait for buyers. Name, address and hours are written by whoever
 * opened it, in their own words (one language). Operators are role grants
 * (`role_grants.pickup_point_id`). `villageId` is the village hub that answers
 * for the point (its cash, its returns); `settlementCode` is where it stands —
 * any KATO settlement, a city as well as the hub's own village (decision
 * lanes-and-delivery-fees).
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
    /** The KATO settlement the point stands in; null only for a point of a hub opened without a code. */
    settlementCode: text("settlement_code").references(() => katoUnits.code),
    /** Parcels it can hold at once; null: no limit recorded. */
    capacityParcels: integer("capacity_parcels"),
    /** The heaviest weight class it takes in. */
    maxWeightClass: text("max_weight_class", { enum: WEIGHT_CLASSES }).notNull().default("over50kg"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("pickup_points_village").on(t.villageId, t.active),
    index("pickup_points_settlement").on(t.settlementCode),
    check("pickup_points_storage_days", sql`${t.storageDays} BETWEEN 1 AND 30`),
  ],
);

/**
 * A lane: a carrier's regular run from a village hub (or from a sorting hub,
 * `fromPointId`) to a pickup point, on some weekdays (`weekdays`: bit 0 is
 * Monday … bit 6 Sunday), arriving `transitDays` later, for a price per parcel
 * by weight class (integer tiyn; null: it does not carry that class).
 */
export const lanes = sqliteTable(
  "lanes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    fromVillageId: integer("from_village_id").references(() => villages.id),
    fromPointId: integer("from_point_id").references(() => pickupPoints.id),
    toPointId: integer("to_point_id")
      .notNull()
      .references(() => pickupPoints.id),
    carrierKind: text("carrier_kind", { enum: CARRIER_KINDS }).notNull(),
    carrierName: text("carrier_name").notNull(),
    /** The carrier's phone, copied onto each shipment that rides the lane; null: not recorded. */
    carrierPhone: text("carrier_phone"),
    weekdays: integer("weekdays").notNull(),
    transitDays: integer("transit_days").notNull(),
    upTo15kgTiyn: integer("up_to_15kg_tiyn"),
    from15to50kgTiyn: integer("from_15_to_50kg_tiyn"),
    over50kgTiyn: integer("over_50kg_tiyn"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("lanes_from_village").on(t.fromVillageId, t.active),
    index("lanes_from_point").on(t.fromPointId, t.active),
    index("lanes_to_point").on(t.toPointId, t.active),
    check("lanes_one_origin", sql`(${t.fromVillageId} IS NULL) <> (${t.fromPointId} IS NULL)`),
    check("lanes_weekdays", sql`${t.weekdays} BETWEEN 1 AND 127`),
    check("lanes_transit_days", sql`${t.transitDays} BETWEEN 0 AND 30`),
    check(
      "lanes_tariffs",
      sql`(${t.upTo15kgTiyn} IS NULL OR ${t.upTo15kgTiyn} >= 0) AND (${t.from15to50kgTiyn} IS NULL OR ${t.from15to50kgTiyn} >= 0) AND (${t.over50kgTiyn} IS NULL OR ${t.over50kgTiyn} >= 0)`,
    ),
  ],
);
