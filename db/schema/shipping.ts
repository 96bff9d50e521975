import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  CARRIER_KINDS,
  DISCREPANCY_KINDS,
  DISCREPANCY_OUTCOMES,
  HANDOVERS,
  HOLDERS,
  SHIPMENT_PARCEL_STATES,
  SHIPMENT_STATUSES,
} from "../../app/domain/shipping/vocabulary";
import { villages } from "./geo";
import { users } from "./identity";
import { lanes, pickupPoints } from "./logistics";
import { orders } from "./orders";

/** A parcel's short code for its label (issue 17 §3): six characters without look-alikes, one per order. */
export const parcelCodes = sqliteTable(
  "parcel_codes",
  {
    orderId: integer("order_id")
      .primaryKey()
      .references(() => orders.id),
    code: text("code").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("parcel_codes_code").on(t.code)],
);

/**
 * Parcels from one village hub (or one point, on a chained leg) to one destination, on one
 * carrier (issue 17 §3; decisions shipments-and-custody, chained-shipments). The route is (from
 * hub or point, to pickup point); `laneId` names the lane it rides when it rides one (null: a
 * hired car, a lift), and its carrier columns were filled from it.
 */
export const shipments = sqliteTable(
  "shipments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    fromVillageId: integer("from_village_id")
      .notNull()
      .references(() => villages.id),
    /**
     * A chained leg (decision chained-shipments): the point it leaves from — a sorting hub sending
     * parcels on, or a point sending returns back. Null: it leaves the village hub itself.
     * `fromVillageId` stays the hub that answers for the shipment (the origin point's village).
     */
    fromPickupPointId: integer("from_pickup_point_id").references(() => pickupPoints.id),
    toPickupPointId: integer("to_pickup_point_id")
      .notNull()
      .references(() => pickupPoints.id),
    status: text("status", { enum: SHIPMENT_STATUSES }).notNull(),
    carrierKind: text("carrier_kind", { enum: CARRIER_KINDS }).notNull(),
    carrierName: text("carrier_name").notNull(),
    carrierPhone: text("carrier_phone").notNull(),
    /** The lane it rides, if any (decision lanes-and-delivery-fees, "Lanes on shipments"). */
    laneId: integer("lane_id").references(() => lanes.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    departedBy: integer("departed_by").references(() => users.id),
    departedAt: integer("departed_at", { mode: "timestamp_ms" }),
    /** Entered at departure: the on-time figure is measured against it. */
    expectedArrivalAt: integer("expected_arrival_at", { mode: "timestamp_ms" }),
    arrivedBy: integer("arrived_by").references(() => users.id),
    arrivedAt: integer("arrived_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("shipments_from").on(t.fromVillageId, t.status), index("shipments_to").on(t.toPickupPointId, t.status), index("shipments_from_point").on(t.fromPickupPointId, t.status),
    // The logistics rollup's minute refresh reads the last two months' arrivals (decision 0035).
    index("shipments_arrived").on(t.arrivedAt),
  ],
);

/** The parcels in a shipment, each with where it stands in it. A parcel rides one open shipment at a time. */
export const shipmentParcels = sqliteTable(
  "shipment_parcels",
  {
    shipmentId: integer("shipment_id")
      .notNull()
      .references(() => shipments.id),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    state: text("state", { enum: SHIPMENT_PARCEL_STATES }).notNull(),
    /** Scanned onto the carrier at departure, and off it at arrival. */
    loadedScanAt: integer("loaded_scan_at", { mode: "timestamp_ms" }),
    arrivedScanAt: integer("arrived_scan_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.shipmentId, t.orderId] }), index("shipment_parcels_order").on(t.orderId)],
);

/** Each handover of a parcel (issue 17 §4): who held it after, from when. The custody chain. */
export const custodyScans = sqliteTable(
  "custody_scans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    handover: text("handover", { enum: HANDOVERS }).notNull(),
    holder: text("holder", { enum: HOLDERS }).notNull(),
    /** The holder in words: the hub's village, the carrier's name, the point's name. */
    holderName: text("holder_name").notNull(),
    shipmentId: integer("shipment_id").references(() => shipments.id),
    actorUserId: integer("actor_user_id").references(() => users.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("custody_scans_order").on(t.orderId, t.at)],
);

/** A parcel missing from a shipment at arrival, or one that came without being in it; the coordinator resolves it. */
export const shipmentDiscrepancies = sqliteTable(
  "shipment_discrepancies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shipmentId: integer("shipment_id")
      .notNull()
      .references(() => shipments.id),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    kind: text("kind", { enum: DISCREPANCY_KINDS }).notNull(),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    openedBy: integer("opened_by").references(() => users.id),
    outcome: text("outcome", { enum: DISCREPANCY_OUTCOMES }),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    resolvedBy: integer("resolved_by").references(() => users.id),
    note: text("note"),
  },
  (t) => [
    uniqueIndex("shipment_discrepancies_one").on(t.shipmentId, t.orderId),
    check("shipment_discrepancies_resolved", sql`(${t.outcome} IS NULL) = (${t.resolvedAt} IS NULL)`),
  ],
);
