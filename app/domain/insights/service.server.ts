/**
 * The service figures of an area and period (docs/metrics.md: repeat buyers,
 * median days from payment to pickup, on-time handover rate, dispute rate),
 * read from the monthly rollups of rollups.server.ts — never from orders or
 * order events. The same two functions serve a village, a district, a region
 * and the whole country: an area is a list of villages (or "all").
 */
import type { Db } from "../../db.server";
import { prepared } from "../catalog/search.server";
import { addMonths, MONTH_PATTERN } from "./calendar";
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

function assertArea(villageIds: number[] | "all", months: string[]): void {
  if (villageIds !== "all" && !villageIds.every((id) => Number.isSafeInteger(id))) throw new Error("village ids must be integers");
  for (const month of months) if (!MONTH_PATTERN.test(month)) throw new Error(`not a month: ${month}`);
}

interface Counts {
  villageId: number;
  pickups: number;
  onlinePickups: number;
  disputes: number;
  handoversDue: number;
  handoversOnTime: number;
}

/**
 * The three reads, as fixed SQL texts prepared once per connection (the
 * villages and months are JSON parameters). The primary keys start
 * (village_id, month): listed villages are one key range each. The whole
 * country's buyers are read through the covering index
 * insights_village_buyers_buyer (buyer first), so the per-buyer sums stream
 * out in order without a sort of every buyer row of the period; an area's
 * through insights_village_buyers_orders (the primary key's order with the
 * orders), never reading the table.
 */
function statements(all: boolean, byVillage: boolean) {
  const scope = "month BETWEEN @first AND @last AND month IN (SELECT value FROM json_each(@months))";
  // An area's villages drive the loop, each one key range of the table: with `village_id IN (…)`
  // SQLite skip-scanned a secondary index over every village instead (190 ms → 12 ms for a
  // region's pickup hours on the bench's million orders). The ids are distinct (see `read`).
  const from = (table: string) => (all ? table : `json_each(@villages) AS area CROSS JOIN ${table} ON village_id = area.value`);
  // One group for the whole area (village 0) or one per village.
  const group = byVillage ? "village_id" : "0";
  const buyersFrom = all && !byVillage ? "insights_village_buyers INDEXED BY insights_village_buyers_buyer" : "insights_village_buyers INDEXED BY insights_village_buyers_orders";
  return {
    counts: `SELECT ${group} AS villageId, SUM(pickups) AS pickups, SUM(online_pickups) AS onlinePickups, SUM(disputes) AS disputes,
           SUM(handovers_due) AS handoversDue, SUM(handovers_on_time) AS handoversOnTime
      FROM ${from("insights_village_months")} WHERE ${scope} GROUP BY 1`,
    // A buyer is a repeat buyer of the area over the whole period, whichever of its villages and months the orders fell in.
    buyers: `SELECT villageId, COUNT(*) AS buyers, SUM(orders >= 2) AS repeatBuyers
      FROM (SELECT ${group} AS villageId, buyer_id, SUM(orders_completed) AS orders
              FROM ${from(buyersFrom)} WHERE ${scope} GROUP BY ${byVillage ? "1, buyer_id" : "buyer_id"} HAVING SUM(orders_completed) > 0)
     GROUP BY villageId`,
    hours: `SELECT ${group} AS villageId, hours, SUM(orders) AS orders
      FROM ${from("insights_pickup_hours")} WHERE ${scope} GROUP BY 1, hours ORDER BY 1, hours`,
  };
}

function read(db: Db, villageIds: number[] | "all", months: string[], byVillage: boolean) {
  const all = villageIds === "all";
  const text = statements(all, byVillage);
  const sorted = [...months].sort();
  const params: Record<string, string> = { first: sorted[0]!, last: sorted[sorted.length - 1]!, months: JSON.stringify(months) };
  if (!all) params.villages = JSON.stringify([...new Set(villageIds)]);
  const counts = prepared(db, text.counts).all(params) as Counts[];
  const buyers = prepared(db, text.buyers).all(params) as { villageId: number; buyers: number; repeatBuyers: number }[];
  const hours = prepared(db, text.hours).all(params) as ({ villageId: number } & HourCount)[];
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

/**
 * The whole country over two sets of months (a period and the one before): the
 * same figures as two serviceMetrics calls, but (when each set is a run of
 * consecutive months, as a period is) the buyers and the pickup hours are
 * each read in one pass of their hours-first and buyer-first
 * covering indexes (which are read whole whatever the months), with one sum
 * per set of months.
 */
const COUNTRY_BUYERS_PAIR = `
  SELECT SUM(a > 0) AS buyersA, SUM(a >= 2) AS repeatA, SUM(b > 0) AS buyersB, SUM(b >= 2) AS repeatB
    FROM (SELECT SUM(CASE WHEN month BETWEEN @firstA AND @lastA THEN orders_completed ELSE 0 END) AS a,
                 SUM(CASE WHEN month BETWEEN @firstB AND @lastB THEN orders_completed ELSE 0 END) AS b
            FROM insights_village_buyers INDEXED BY insights_village_buyers_buyer
           WHERE month BETWEEN @first AND @last
           GROUP BY buyer_id)
   WHERE a > 0 OR b > 0`;
const COUNTRY_HOURS_PAIR = `
  SELECT hours,
         SUM(CASE WHEN month BETWEEN @firstA AND @lastA THEN orders ELSE 0 END) AS a,
         SUM(CASE WHEN month BETWEEN @firstB AND @lastB THEN orders ELSE 0 END) AS b
    FROM insights_pickup_hours INDEXED BY insights_pickup_hours_hours
   WHERE month BETWEEN @first AND @last
   GROUP BY hours`;

export function serviceMetricsPair(db: Db, villageIds: number[] | "all", a: string[], b: string[]): [ServiceMetrics, ServiceMetrics] {
  assertArea(villageIds, [...a, ...b]);
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  // The one-pass reads tell the two sets apart by their bounds: each must be a run of consecutive months.
  if (villageIds !== "all" || !consecutive(sortedA) || !consecutive(sortedB)) return [serviceMetrics(db, villageIds, a), serviceMetrics(db, villageIds, b)];
  const both = [...sortedA, ...sortedB].sort();
  const params = {
    firstA: sortedA[0]!,
    lastA: sortedA[sortedA.length - 1]!,
    firstB: sortedB[0]!,
    lastB: sortedB[sortedB.length - 1]!,
    first: both[0]!,
    last: both[both.length - 1]!,
  };
  const countsText = statements(true, false).counts;
  const countsOf = (months: string[], sorted: string[]) =>
    prepared(db, countsText).all({ first: sorted[0]!, last: sorted[sorted.length - 1]!, months: JSON.stringify(months) }) as Counts[];
  const buyers = prepared(db, COUNTRY_BUYERS_PAIR).get(params) as { buyersA: number | null; repeatA: number | null; buyersB: number | null; repeatB: number | null };
  const hours = prepared(db, COUNTRY_HOURS_PAIR).all(params) as { hours: number; a: number; b: number }[];
  const parts = (counts: Counts[], buyerCount: number | null, repeatBuyers: number | null, histogram: HourCount[]): ReturnType<typeof read> => ({
    counts,
    buyers: buyerCount ?  [{ villageId: 0, buyers: buyerCount, repeatBuyers: repeatBuyers ?? 0 }] : [],
    hours: histogram.map((h) => ({ villageId: 0, ...h })),
  });
  return [
    assemble(0, parts(countsOf(a, sortedA), buyers.buyersA, buyers.repeatA, hours.map((h) => ({ hours: h.hours, orders: h.a })))),
    assemble(0, parts(countsOf(b, sortedB), buyers.buyersB, buyers.repeatB, hours.map((h) => ({ hours: h.hours, orders: h.b })))),
  ];
}

/** Sorted months without a gap or a repeat (and at least one). */
function consecutive(sorted: readonly string[]): boolean {
  if (sorted.length === 0) return false;
  for (let i = 1; i < sorted.length; i++) if (addMonths(sorted[i - 1]!, 1) !== sorted[i]) return false;
  return true;
}
