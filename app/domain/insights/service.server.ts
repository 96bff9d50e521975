/**
 * The service figures of an area and period (docs/metrics.md: repeat buyers,
 * median days from payment to pickup, on-time handover rate, dispute rate),
 * read from the monthly rollups of rollups.server.ts — never from orders or
 * order events. The same two functions serve a village, a district, a region
 * and the whole country: an area is a list of villages (or "all").
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db.server";
import { MONTH_PATTERN } from "./calendar";
import { medianHours, type HourCount } from "./outcome";

export interface ServiceMetrics {
  /** Distinct buyers with a completed order from the area's sellers in the months. */
  buyers: number;
  /** Of those, the buyers with two or more such orders over the months. */
  repeatBuyers: number;
  /** Orders collected at a pickup point (online and cash). */
  pickups: number;
  /** Median days from payment to pickup, to one decimal; null without pickups. */
  medianPickupDays: number | null;
  /** Handovers to the hub that fell due: dropped, or cancelled by the drop deadline. */
  handoversDue: number;
  /** Of those, dropped before the deadline. */
  handoversOnTime: number;
  /** Online orders collected: the dispute rate's denominator. */
  onlinePickups: number;
  /** Disputes opened. */
  disputes: number;
}

export const ZERO_SERVICE: ServiceMetrics = {
  buyers: 0,
  repeatBuyers: 0,
  pickups: 0,
  medianPickupDays: null,
  handoversDue: 0,
  handoversOnTime: 0,
  onlinePickups: 0,
  disputes: 0,
};

const list = (values: readonly (number | string)[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

function assertArea(villageIds: number[] | "all", months: string[]): void {
  if (villageIds !== "all" && !villageIds.every((id) => Number.isSafeInteger(id))) throw new Error("village ids must be integers");
  for (const month of months) if (!MONTH_PATTERN.test(month)) throw new Error(`not a month: ${month}`);
}

/** The rows of one area and period, as a WHERE clause on any of the three rollups. */
function where(villageIds: number[] | "all", months: string[]): SQL {
  const sorted = [...months].sort();
  // The primary keys start (village_id, month): for listed villages the months' bounds make one key
  // range per village; "all" reads most of the table anyway, and one pass is cheaper than seeks.
  const inMonths = sql`month BETWEEN ${sorted[0]} AND ${sorted[sorted.length - 1]} AND month IN (${list(months)})`;
  return villageIds === "all" ? inMonths : sql`village_id IN (${list(villageIds)}) AND ${inMonths}`;
}

interface Counts {
  villageId: number;
  pickups: number;
  onlinePickups: number;
  disputes: number;
  handoversDue: number;
  handoversOnTime: number;
}

function read(db: Db, villageIds: number[] | "all", months: string[], byVillage: boolean) {
  const scope = where(villageIds, months);
  // One group for the whole area (village 0) or one per village.
  const group = byVillage ? sql`village_id` : sql`0`;
  const counts = db.all<Counts>(sql`
    SELECT ${group} AS villageId, SUM(pickups) AS pickups, SUM(online_pickups) AS onlinePickups, SUM(disputes) AS disputes,
           SUM(handovers_due) AS handoversDue, SUM(handovers_on_time) AS handoversOnTime
      FROM insights_village_months WHERE ${scope} GROUP BY 1`);
  // A buyer is a repeat buyer of the area over the whole period, whichever of its villages and months the orders fell in.
  const buyers = db.all<{ villageId: number; buyers: number; repeatBuyers: number }>(sql`
    SELECT villageId, COUNT(*) AS buyers, SUM(orders >= 2) AS repeatBuyers
      FROM (SELECT ${group} AS villageId, buyer_id, SUM(orders_completed) AS orders
              FROM insights_village_buyers WHERE ${scope} GROUP BY 1, buyer_id HAVING SUM(orders_completed) > 0)
     GROUP BY villageId`);
  const hours = db.all<{ villageId: number } & HourCount>(sql`
    SELECT ${group} AS villageId, hours, SUM(orders) AS orders
      FROM insights_pickup_hours WHERE ${scope} GROUP BY 1, hours ORDER BY 1, hours`);
  return { counts, buyers, hours };
}

function assemble(villageId: number, parts: ReturnType<typeof read>): ServiceMetrics {
  const counts = parts.counts.find((c) => c.villageId === villageId);
  const buyers = parts.buyers.find((b) => b.villageId === villageId);
  const median = medianHours(parts.hours.filter((h) => h.villageId === villageId));
  return {
    buyers: buyers?.buyers ?? 0,
    repeatBuyers: buyers?.repeatBuyers ?? 0,
    pickups: counts?.pickups ?? 0,
    medianPickupDays: median === null ? null : Math.round((median / 24) * 10) / 10,
    handoversDue: counts?.handoversDue ?? 0,
    handoversOnTime: counts?.handoversOnTime ?? 0,
    onlinePickups: counts?.onlinePickups ?? 0,
    disputes: counts?.disputes ?? 0,
  };
}

/** The area's figures over the months, taken together (a buyer counts once however many villages they bought from). */
export function serviceMetrics(db: Db, villageIds: number[] | "all", months: string[]): ServiceMetrics {
  assertArea(villageIds, months);
  if (months.length === 0 || (villageIds !== "all" && villageIds.length === 0)) return { ...ZERO_SERVICE };
  return assemble(0, read(db, villageIds, months, false));
}

/** The same for each village of the area that has any figure; villages with none are absent. */
export function serviceMetricsByVillage(db: Db, villageIds: number[] | "all", months: string[]): Map<number, ServiceMetrics> {
  assertArea(villageIds, months);
  const out = new Map<number, ServiceMetrics>();
  if (months.length === 0 || (villageIds !== "all" && villageIds.length === 0)) return out;
  const parts = read(db, villageIds, months, true);
  const ids = new Set([...parts.counts, ...parts.buyers, ...parts.hours].map((row) => row.villageId));
  for (const id of [...ids].sort((a, b) => a - b)) out.set(id, assemble(id, parts));
  return out;
}
