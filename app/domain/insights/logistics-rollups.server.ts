/**
 * The logistics rollup (docs/metrics.md "Logistics"; decision insights-logistics-rollups):
 * insights_logistics_months, village hub × month of arrival × carrier kind, recomputed from
 * shipments, their parcels and order_legs — with the other rollups by rebuildRollups, and for the
 * current and the last month by the scheduled jobs (refreshLogisticsRollups), since an arrival,
 * a lost parcel and a late checkout leg are written by the shipping module's own transactions.
 * The dashboards read the rollup, never shipments.
 */
import { and, gte, lt, sql } from "drizzle-orm";
import { insightsLogisticsMonths } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { prepared } from "../catalog/search.server";
import type { CarrierKind } from "../shipping/vocabulary";
import { addMonths, almatyDay, almatyDayStart, almatyMonth, MONTH_PATTERN } from "./calendar";
import { logisticsMetricsOf, ZERO_LOGISTICS, type LogisticsMeasures, type LogisticsMetrics } from "./logistics";

interface ArrivedShipment {
  villageId: number;
  carrierKind: CarrierKind;
  arrivedAt: number;
  expectedAt: number | null;
  parcels: number;
  priced: number;
  feeTiyn: number;
  lost: number;
}

/**
 * Each arrived shipment of the range with its parcels. A parcel's fee is its order's leg to the
 * shipment's point (order_legs by lanes.to_point_id): the leg this shipment carried.
 */
const arrivedShipments = (start: Date | null, end: Date | null) => sql`
  SELECT s.from_village_id AS villageId, s.carrier_kind AS carrierKind, s.arrived_at AS arrivedAt, s.expected_arrival_at AS expectedAt,
         COUNT(DISTINCT p.order_id) AS parcels,
         COUNT(DISTINCT l.order_id) AS priced,
         COALESCE(SUM(l.fee_tiyn), 0) AS feeTiyn,
         COUNT(DISTINCT CASE WHEN p.state = 'lost' THEN p.order_id END) AS lost
    FROM shipments s
    LEFT JOIN shipment_parcels p ON p.shipment_id = s.id
    LEFT JOIN order_legs l ON l.order_id = p.order_id AND l.lane_id IN (SELECT ln.id FROM lanes ln WHERE ln.to_point_id = s.to_pickup_point_id)
   WHERE s.status = 'arrived' AND s.arrived_at IS NOT NULL
     ${start ? sql`AND s.arrived_at >= ${start.getTime()}` : sql``} ${end ? sql`AND s.arrived_at < ${end.getTime()}` : sql``}
   GROUP BY s.id`;

/** What one arrived shipment adds to its village's month and carrier kind. */
export function shipmentMeasures(s: Omit<ArrivedShipment, "villageId" | "carrierKind">): LogisticsMeasures {
  const due = s.expectedAt !== null;
  return {
    shipmentsArrived: 1,
    parcelsShipped: s.parcels,
    parcelsPriced: s.priced,
    deliveryFeeTiyn: s.feeTiyn,
    shipmentsDue: due ? 1 : 0,
    // The expected arrival is a day: arrival any time that day (Kazakhstan time) is on time.
    shipmentsOnTime: due && almatyDay(new Date(s.arrivedAt)) <= almatyDay(new Date(s.expectedAt!)) ? 1 : 0,
    parcelsLost: s.lost,
  };
}

type LogisticsRow = { villageId: number; month: string; carrierKind: CarrierKind } & LogisticsMeasures;

/** The rollup's rows of [start, end) (null: unbounded), summed from the arrived shipments. */
function logisticsRows(reader: Db | Tx, start: Date | null, end: Date | null): LogisticsRow[] {
  const rows = new Map<string, LogisticsRow>();
  for (const s of reader.all<ArrivedShipment>(arrivedShipments(start, end))) {
    const month = almatyMonth(new Date(s.arrivedAt));
    const key = `${s.villageId}|${month}|${s.carrierKind}`;
    const row = rows.get(key) ?? { villageId: s.villageId, month, carrierKind: s.carrierKind, ...ZERO_LOGISTICS };
    const add = shipmentMeasures(s);
    for (const k of Object.keys(add) as (keyof LogisticsMeasures)[]) row[k] += add[k];
    rows.set(key, row);
  }
  return [...rows.values()];
}

/** Replaces the rollup's rows of the months firstMonth … lastMonth (null: unbounded). */
function replaceMonths(tx: Tx, rows: LogisticsRow[], firstMonth: string | null, lastMonth: string | null): void {
  tx.delete(insightsLogisticsMonths)
    .where(and(firstMonth ? gte(insightsLogisticsMonths.month, firstMonth) : undefined, lastMonth ? lt(insightsLogisticsMonths.month, addMonths(lastMonth, 1)) : undefined))
    .run();
  for (let i = 0; i < rows.length; i += 500) tx.insert(insightsLogisticsMonths).values(rows.slice(i, i + 500)).run();
}

/** Recomputes the logistics rollup of [start, end) (whole months, firstMonth … lastMonth; null: unbounded) inside the caller's transaction. */
export function rebuildLogisticsRollups(tx: Tx, start: Date | null, end: Date | null, firstMonth: string | null, lastMonth: string | null): void {
  replaceMonths(tx, logisticsRows(tx, start, end), firstMonth, lastMonth);
}

/**
 * The scheduled catch-up: the last month and the current one, where arrivals and lost parcels
 * still change. The shipments are read before the write transaction, so the write lock is held
 * only to replace a few rows; a shipment that arrives in between is counted at the next run.
 */
export function refreshLogisticsRollups(db: Db, now: Date): void {
  const month = almatyMonth(now);
  const first = addMonths(month, -1);
  const rows = logisticsRows(db, almatyDayStart(`${first}-01`), almatyDayStart(`${addMonths(month, 1)}-01`));
  // Nothing arrived or was lost since the last run: no write, so the buyers' kept pages and the
  // remembered reads, which every write to a public table forgets, stay (decision 0034).
  const kept = db.select().from(insightsLogisticsMonths).where(and(gte(insightsLogisticsMonths.month, first), lt(insightsLogisticsMonths.month, addMonths(month, 1)))).all();
  if (sameRows(kept, rows)) return;
  writeTransaction(db, (tx) => replaceMonths(tx, rows, first, month));
}

function sameRows(a: LogisticsRow[], b: LogisticsRow[]): boolean {
  if (a.length !== b.length) return false;
  const key = (r: LogisticsRow) => `${r.villageId}|${r.month}|${r.carrierKind}`;
  const byKey = new Map(a.map((r) => [key(r), r]));
  return b.every((r) => {
    const other = byKey.get(key(r));
    return other !== undefined && (Object.keys(ZERO_LOGISTICS) as (keyof LogisticsMeasures)[]).every((k) => other[k] === r[k]);
  });
}

const LOGISTICS_OF = (all: boolean) => `
  SELECT carrier_kind AS carrierKind, SUM(shipments_arrived) AS shipmentsArrived, SUM(parcels_shipped) AS parcelsShipped,
         SUM(parcels_priced) AS parcelsPriced, SUM(delivery_fee_tiyn) AS deliveryFeeTiyn, SUM(shipments_due) AS shipmentsDue,
         SUM(shipments_on_time) AS shipmentsOnTime, SUM(parcels_lost) AS parcelsLost
    FROM ${all ? "insights_logistics_months" : "json_each(@villages) AS area CROSS JOIN insights_logistics_months ON village_id = area.value"}
   WHERE month IN (SELECT value FROM json_each(@months))
   GROUP BY carrier_kind`;

/** The area's logistics over the months ("all": the country), from the rollup. */
export function logisticsMetrics(db: Db, villageIds: number[] | "all", months: string[]): LogisticsMetrics {
  if (villageIds !== "all" && !villageIds.every((id) => Number.isSafeInteger(id))) throw new Error("village ids must be integers");
  for (const month of months) if (!MONTH_PATTERN.test(month)) throw new Error(`not a month: ${month}`);
  if (months.length === 0 || (villageIds !== "all" && villageIds.length === 0)) return logisticsMetricsOf([]);
  const params: Record<string, string> = { months: JSON.stringify(months) };
  // Distinct ids: the area's villages drive the loop, one key range each (service.server.ts says why).
  if (villageIds !== "all") params.villages = JSON.stringify([...new Set(villageIds)]);
  return logisticsMetricsOf(prepared(db, LOGISTICS_OF(villageIds === "all")).all(params) as ({ carrierKind: CarrierKind } & LogisticsMeasures)[]);
}
