import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { CARRIER_KINDS } from "../../app/domain/shipping/vocabulary";
import { villages } from "./geo";

/**
 * Shipments of a village hub by month of arrival ('YYYY-MM' in Asia/Almaty) and carrier kind
 * (docs/metrics.md "Logistics"; decision insights-logistics-rollups). Every column adds up over
 * carrier kinds, villages and months, so an area's figures are sums. Recomputed from shipments,
 * their parcels and order_legs by rebuildLogisticsRollups (with rebuildRollups, and for the
 * current and last month by the scheduled jobs).
 */
export const insightsLogisticsMonths = sqliteTable(
  "insights_logistics_months",
  {
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    month: text("month").notNull(),
    carrierKind: text("carrier_kind", { enum: CARRIER_KINDS }).notNull(),
    /** Shipments from the hub that arrived in the month. */
    shipmentsArrived: integer("shipments_arrived").notNull().default(0),
    /** Parcels that rode in them (shipment_parcels rows of those shipments). */
    parcelsShipped: integer("parcels_shipped").notNull().default(0),
    /** Of those, parcels whose order has a priced leg to the shipment's point. */
    parcelsPriced: integer("parcels_priced").notNull().default(0),
    /** The buyers' delivery fees of those legs (order_legs.fee_tiyn), integer tiyn. */
    deliveryFeeTiyn: integer("delivery_fee_tiyn").notNull().default(0),
    /** Arrived shipments that had an expected arrival day. */
    shipmentsDue: integer("shipments_due").notNull().default(0),
    /** Of those, arrived on or before that day (Kazakhstan time). */
    shipmentsOnTime: integer("shipments_on_time").notNull().default(0),
    /** Parcels of those shipments resolved as lost. */
    parcelsLost: integer("parcels_lost").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.month, t.carrierKind] }),
    index("insights_logistics_months_month").on(t.month),
    check("insights_logistics_months_month_format", sql`${t.month} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'`),
    check(
      "insights_logistics_months_nonnegative",
      sql`${t.shipmentsArrived} >= 0 AND ${t.parcelsShipped} >= ${t.parcelsPriced} AND ${t.parcelsPriced} >= 0 AND ${t.deliveryFeeTiyn} >= 0 AND ${t.shipmentsDue} >= ${t.shipmentsOnTime} AND ${t.shipmentsOnTime} >= 0 AND ${t.parcelsLost} >= 0`,
    ),
  ],
);
