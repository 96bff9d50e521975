/**
 * How a seller's parcel reaches a pickup point, what it costs and when it
 * arrives (issue 17 §2, decision lanes-and-delivery-fees): pure, plain data in,
 * a quote or a refusal code out. No database, no clock: `dropOffAt` is given.
 *
 * A route is one lane from the seller's hub to the point, or two: hub → a
 * sorting hub, then a lane from that sorting hub to the point. Its fee is the
 * sum of the lanes' tariffs for the parcel's weight class; its dates chain: a
 * leg leaves on the lane's first running day after the parcel is there (the
 * drop-off day, or the day the previous leg arrives) and arrives `transitDays`
 * later. Of several routes the cheapest wins, then the earliest, then the
 * lowest lane ids (so a quote never changes between two page views).
 */
import { WEIGHT_CLASSES } from "../catalog/vocabulary";

export type WeightClass = (typeof WEIGHT_CLASSES)[number];

export const DAY_MS = 86_400_000;
/** Kazakhstan's one time zone since 2024 (UTC+5): calendar days are counted in it. */
const ZONE_OFFSET_MS = 5 * 3_600_000;
/** Weekday bits: bit 0 Monday … bit 6 Sunday. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const ALL_WEEKDAYS = 0b1111111;

export interface RouteLane {
  id: number;
  fromVillageId: number | null;
  fromPointId: number | null;
  toPointId: number;
  weekdays: number;
  transitDays: number;
  tariffs: Record<WeightClass, number | null>;
}

export interface RouteLeg {
  laneId: number;
  feeTiyn: number;
  departsAt: Date;
  arrivesAt: Date;
}

export type RouteRefusal = "orders.no_lane" | "orders.lane_too_heavy";
export type RouteQuote = { ok: true; feeTiyn: number; arrivesAt: Date; legs: RouteLeg[] } | { ok: false; reason: RouteRefusal };

/** The heavier of the classes; the heaviest of an order's lines is its parcel's class. */
export function heaviestClass(classes: readonly WeightClass[]): WeightClass {
  let rank = 0;
  for (const c of classes) rank = Math.max(rank, WEIGHT_CLASSES.indexOf(c));
  return WEIGHT_CLASSES[rank] ?? "upTo15kg";
}

/** Whether a point that takes up to `max` takes a parcel of class `parcel`. */
export function classFits(parcel: WeightClass, max: WeightClass): boolean {
  return WEIGHT_CLASSES.indexOf(parcel) <= WEIGHT_CLASSES.indexOf(max);
}

/** The day number (days since 1970-01-01 in Kazakhstan's time) of an instant. */
export const dayOf = (at: Date): number => Math.floor((at.getTime() + ZONE_OFFSET_MS) / DAY_MS);
/** Noon of a day number in Kazakhstan's time: shown as that date in any time zone from UTC−7 to UTC+11. */
export const noonOf = (day: number): Date => new Date(day * DAY_MS - ZONE_OFFSET_MS + 12 * 3_600_000);
/** 0 Monday … 6 Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (day + 3) % 7;

/** The lane's first running day strictly after `day`. */
export function nextRunDay(day: number, weekdays: number): number {
  if ((weekdays & ALL_WEEKDAYS) === 0) throw new RangeError("a lane runs on at least one weekday");
  for (let d = day + 1; ; d++) if (weekdays & (1 << weekdayOf(d))) return d;
}

/**
 * When a parcel leaving the hub now on a lane arrives: the lane's first running day from today on
 * (today itself when it runs today), plus its transit days — the same calendar checkout quotes with.
 */
export function laneArrival(now: Date, weekdays: number, transitDays: number): Date {
  return noonOf(nextRunDay(dayOf(now) - 1, weekdays) + transitDays);
}

/** The weekdays as a bit mask from their names (`["mon", "thu"]` → 0b0001001). */
export function weekdayMask(days: readonly string[]): number {
  return WEEKDAYS.reduce((mask, name, i) => (days.includes(name) ? mask | (1 << i) : mask), 0);
}

function legOf(lane: RouteLane, readyDay: number, weightClass: WeightClass): { leg: RouteLeg; arrivalDay: number } | null {
  const feeTiyn = lane.tariffs[weightClass];
  if (feeTiyn === null) return null;
  const departDay = nextRunDay(readyDay, lane.weekdays);
  const arrivalDay = departDay + lane.transitDays;
  return { leg: { laneId: lane.id, feeTiyn, departsAt: noonOf(departDay), arrivesAt: noonOf(arrivalDay) }, arrivalDay };
}

/** Every route from the hub to the point (one or two legs) for a parcel of this class. */
function routes(lanes: readonly RouteLane[], fromVillageId: number, toPointId: number, weightClass: WeightClass, dropOffDay: number): RouteLeg[][] {
  const found: RouteLeg[][] = [];
  for (const first of lanes) {
    if (first.fromVillageId !== fromVillageId) continue;
    const one = legOf(first, dropOffDay, weightClass);
    if (!one) continue;
    if (first.toPointId === toPointId) {
      found.push([one.leg]);
      continue;
    }
    for (const second of lanes) {
      if (second.fromPointId !== first.toPointId || second.toPointId !== toPointId) continue;
      const two = legOf(second, one.arrivalDay, weightClass);
      if (two) found.push([one.leg, two.leg]);
    }
  }
  return found;
}

const total = (legs: readonly RouteLeg[]) => legs.reduce((sum, l) => sum + l.feeTiyn, 0);
const arrival = (legs: readonly RouteLeg[]) => legs[legs.length - 1]!.arrivesAt.getTime();
const ids = (legs: readonly RouteLeg[]) => legs.map((l) => l.laneId).join(",");

/**
 * The route a parcel of `weightClass`, dropped at the hub at `dropOffAt`, takes
 * to the point: cheapest, then earliest, then by lane ids. Refused when no lane
 * (or pair of lanes) joins them, or when they do but none carries the class.
 */
export function quoteRoute(input: {
  lanes: readonly RouteLane[];
  fromVillageId: number;
  toPointId: number;
  weightClass: WeightClass;
  dropOffAt: Date;
}): RouteQuote {
  const day = dayOf(input.dropOffAt);
  const options = routes(input.lanes, input.fromVillageId, input.toPointId, input.weightClass, day);
  if (options.length === 0) {
    const anyClass = routes(input.lanes, input.fromVillageId, input.toPointId, "upTo15kg", day).length > 0;
    return { ok: false, reason: anyClass ? "orders.lane_too_heavy" : "orders.no_lane" };
  }
  options.sort((a, b) => total(a) - total(b) || arrival(a) - arrival(b) || ids(a).localeCompare(ids(b)));
  const best = options[0]!;
  return { ok: true, feeTiyn: total(best), arrivesAt: best[best.length - 1]!.arrivesAt, legs: best };
}

/**
 * When the seller is expected to drop the parcel at the hub: the day after the
 * order (a day to accept and carry it in), or the day after the goods are
 * promised ready when they are made to order.
 */
export function expectedDropOff(now: Date, promisedReadyAt: Date | null): Date {
  const from = promisedReadyAt && promisedReadyAt > now ? promisedReadyAt : now;
  return new Date(from.getTime() + DAY_MS);
}
