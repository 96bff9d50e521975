/**
 * Lanes (issue 17 §2): a hub's carriers, their days and tariffs; and the
 * delivery quote checkout asks for (delivery-route.ts does the arithmetic).
 */
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { katoUnits, lanes, orderLegs, orders, pickupPoints, villages } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { localized, names } from "../../i18n/localized";
import { recordAudit } from "../identity/audit.server";
import { classFits, quoteRoute, type RouteLane, type RouteLeg, type WeightClass } from "./delivery-route";
import type { LaneInput } from "./lane-rules";

type Reader = Db | Tx;
export type Lane = typeof lanes.$inferSelect;

const toRouteLane = (lane: Lane): RouteLane => ({
  id: lane.id,
  fromVillageId: lane.fromVillageId,
  fromPointId: lane.fromPointId,
  toPointId: lane.toPointId,
  weekdays: lane.weekdays,
  transitDays: lane.transitDays,
  tariffs: { upTo15kg: lane.upTo15kgTiyn, "15to50kg": lane.from15to50kgTiyn, over50kg: lane.over50kgTiyn },
});

/** The open lanes a parcel from this hub may ride: the hub's own, and those leaving the points they reach. */
function routeLanes(db: Reader, fromVillageId: number): RouteLane[] {
  const first = db.select().from(lanes).where(and(eq(lanes.fromVillageId, fromVillageId), eq(lanes.active, true))).all();
  const onward = first.length === 0 ? [] : db.select().from(lanes).where(and(inArray(lanes.fromPointId, [...new Set(first.map((l) => l.toPointId))]), eq(lanes.active, true))).all();
  return [...first, ...onward].map(toRouteLane);
}

/** Statuses in which an order's parcel is promised to, on its way to, or waiting at its pickup point: what fills it. */
const FILLING = ["pending_payment", "paid", "accepted", "handed_over", "in_transit", "ready_for_pickup"] as const;

/** Parcels a point holds or expects now. */
export function parcelsBound(db: Reader, pickupPointId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(orders)
      .where(and(eq(orders.pickupPointId, pickupPointId), inArray(orders.status, [...FILLING])))
      .get()?.n ?? 0
  );
}

export interface DeliveryPoint {
  id: number;
  villageId: number;
  settlementCode: string | null;
  maxWeightClass: WeightClass;
}

/** The village hub a point stands in, if it stands in one (its hub's own village when it has no code). */
export function pointHubVillageId(db: Reader, point: Pick<DeliveryPoint, "villageId" | "settlementCode">): number | null {
  if (point.settlementCode === null) return point.villageId;
  return db.select({ id: villages.id }).from(villages).where(eq(villages.katoCode, point.settlementCode)).get()?.id ?? null;
}

export type DeliveryRefusal = "orders.no_lane" | "orders.lane_too_heavy" | "orders.point_too_heavy";
export type DeliveryQuote =
  | { ok: true; sameVillage: boolean; feeTiyn: number; arrivesAt: Date | null; legs: RouteLeg[] }
  | { ok: false; reason: DeliveryRefusal };

/**
 * What one seller's parcel costs to reach the point, and when it arrives:
 * nothing within the hub's own village; by lanes otherwise. Between two village
 * hubs with no lane the parcel still travels as before lanes existed — free,
 * with no date promised — so that existing village points keep working; a point
 * outside every hub (a city's) is reached by lanes only.
 */
export function quoteDelivery(
  db: Reader,
  input: { fromVillageId: number; point: DeliveryPoint; pointHubVillageId: number | null; weightClass: WeightClass; dropOffAt: Date },
): DeliveryQuote {
  if (!classFits(input.weightClass, input.point.maxWeightClass)) return { ok: false, reason: "orders.point_too_heavy" };
  if (input.pointHubVillageId === input.fromVillageId) return { ok: true, sameVillage: true, feeTiyn: 0, arrivesAt: null, legs: [] };
  const route = quoteRoute({ lanes: routeLanes(db, input.fromVillageId), fromVillageId: input.fromVillageId, toPointId: input.point.id, weightClass: input.weightClass, dropOffAt: input.dropOffAt });
  if (route.ok) return { ok: true, sameVillage: false, feeTiyn: route.feeTiyn, arrivesAt: route.arrivesAt, legs: route.legs };
  if (route.reason === "orders.no_lane" && input.pointHubVillageId !== null) return { ok: true, sameVillage: false, feeTiyn: 0, arrivesAt: null, legs: [] };
  return route;
}

// ---- The coordinator's lanes ----

export interface LaneRow {
  id: number;
  fromVillageId: number | null;
  fromPointId: number | null;
  fromPointName: string | null;
  toPointId: number;
  toPointName: string;
  toPlace: string;
  carrierKind: Lane["carrierKind"];
  carrierName: string;
  carrierPhone: string | null;
  weekdays: number;
  transitDays: number;
  upTo15kgTiyn: number | null;
  from15to50kgTiyn: number | null;
  over50kgTiyn: number | null;
}

/**
 * The open lanes leaving this hub or its points (a sorting hub the village runs),
 * or, with no village, every open lane (the admin's view).
 */
export function listLanes(db: Db, language: Language, villageId: number | null): LaneRow[] {
  const from = db.select({ id: pickupPoints.id, name: pickupPoints.name }).from(pickupPoints).all();
  const fromNames = new Map(from.map((p) => [p.id, p.name]));
  const ownPoints = villageId === null ? [] : db.select({ id: pickupPoints.id }).from(pickupPoints).where(eq(pickupPoints.villageId, villageId)).all().map((p) => p.id);
  const rows = db
    .select({ lane: lanes, toName: pickupPoints.name, settlement: names(katoUnits), hub: names(villages) })
    .from(lanes)
    .innerJoin(pickupPoints, eq(pickupPoints.id, lanes.toPointId))
    .innerJoin(villages, eq(villages.id, pickupPoints.villageId))
    .leftJoin(katoUnits, eq(katoUnits.code, pickupPoints.settlementCode))
    .where(
      and(
        eq(lanes.active, true),
        villageId === null ? undefined : or(eq(lanes.fromVillageId, villageId), ownPoints.length ? inArray(lanes.fromPointId, ownPoints) : sql`0`),
      ),
    )
    .orderBy(asc(lanes.fromVillageId), asc(lanes.fromPointId), asc(pickupPoints.name), asc(lanes.id))
    .all();
  return rows.map(({ lane, toName, settlement, hub }) => ({
    id: lane.id,
    fromVillageId: lane.fromVillageId,
    fromPointId: lane.fromPointId,
    fromPointName: lane.fromPointId === null ? null : (fromNames.get(lane.fromPointId) ?? null),
    toPointId: lane.toPointId,
    toPointName: toName,
    toPlace: localized(settlement ?? hub, "name", language),
    carrierKind: lane.carrierKind,
    carrierName: lane.carrierName,
    carrierPhone: lane.carrierPhone,
    weekdays: lane.weekdays,
    transitDays: lane.transitDays,
    upTo15kgTiyn: lane.upTo15kgTiyn,
    from15to50kgTiyn: lane.from15to50kgTiyn,
    over50kgTiyn: lane.over50kgTiyn,
  }));
}

export type LaneRefusal = "logistics.lane_destination" | "logistics.lane_not_found";

/**
 * Opens a lane from the hub (or from one of its sorting hubs, `fromPointId`) to
 * an open point elsewhere. A point in the hub's own village needs no lane.
 */
export function createLane(
  db: Db,
  input: { actorUserId: number; villageId: number; fromPointId: number | null; lane: LaneInput; ip: string | null },
  now: Date,
): { ok: true; id: number } | { ok: false; reason: LaneRefusal } {
  return writeTransaction(db, (tx) => {
    const to = tx.select().from(pickupPoints).where(eq(pickupPoints.id, input.lane.toPointId)).get();
    if (!to || !to.active) return { ok: false, reason: "logistics.lane_destination" } as const;
    if (input.fromPointId === null ? pointHubVillageId(tx, to) === input.villageId : to.id === input.fromPointId) {
      return { ok: false, reason: "logistics.lane_destination" } as const;
    }
    const { toPointId, carrierKind, carrierName, carrierPhone, weekdays, transitDays } = input.lane;
    const row = tx
      .insert(lanes)
      .values({
        fromVillageId: input.fromPointId === null ? input.villageId : null,
        fromPointId: input.fromPointId,
        toPointId,
        carrierKind,
        carrierName,
        carrierPhone,
        weekdays,
        transitDays,
        upTo15kgTiyn: input.lane.upTo15kg,
        from15to50kgTiyn: input.lane.from15to50kg,
        over50kgTiyn: input.lane.over50kg,
        createdBy: input.actorUserId,
        createdAt: now,
      })
      .returning({ id: lanes.id })
      .get();
    recordAudit(tx, { action: "lane.opened", actorUserId: input.actorUserId, subjectUserId: null, ip: input.ip, details: { laneId: row.id, villageId: input.villageId, toPointId } }, now);
    return { ok: true, id: row.id } as const;
  });
}

/** Closes a lane of this hub: new checkouts no longer use it; orders already on it keep their fee and date. */
export function closeLane(
  db: Db,
  input: { actorUserId: number; villageId: number; laneId: number; ip: string | null },
  now: Date,
): { ok: true } | { ok: false; reason: LaneRefusal } {
  return writeTransaction(db, (tx) => {
    const own = ownLaneIds(tx, input.villageId);
    if (!own.includes(input.laneId)) return { ok: false, reason: "logistics.lane_not_found" } as const;
    tx.update(lanes).set({ active: false }).where(eq(lanes.id, input.laneId)).run();
    recordAudit(tx, { action: "lane.closed", actorUserId: input.actorUserId, subjectUserId: null, ip: input.ip, details: { laneId: input.laneId, villageId: input.villageId } }, now);
    return { ok: true } as const;
  });
}

/** The open lanes this hub answers for: leaving its village or one of its (sorting hub) points. */
export function ownLaneIds(tx: Reader, villageId: number): number[] {
  return tx
    .select({ id: lanes.id })
    .from(lanes)
    .leftJoin(pickupPoints, eq(pickupPoints.id, lanes.fromPointId))
    .where(and(eq(lanes.active, true), or(eq(lanes.fromVillageId, villageId), eq(pickupPoints.villageId, villageId))))
    .all()
    .map((r) => r.id);
}

/** An order's legs as the buyer and the seller read them: carrier, fee, dates. */
export function listOrderLegs(db: Reader, orderId: number) {
  return db
    .select({ leg: orderLegs.leg, feeTiyn: orderLegs.feeTiyn, departsAt: orderLegs.departsAt, arrivesAt: orderLegs.arrivesAt, carrierKind: lanes.carrierKind, carrierName: lanes.carrierName })
    .from(orderLegs)
    .innerJoin(lanes, eq(lanes.id, orderLegs.laneId))
    .where(eq(orderLegs.orderId, orderId))
    .orderBy(asc(orderLegs.leg))
    .all();
}
