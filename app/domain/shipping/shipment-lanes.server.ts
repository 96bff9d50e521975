/**
 * Shipments on lanes (decision lanes-and-delivery-fees, "Lanes on shipments"): the lanes a hub's
 * shipment to a point may ride and the carrier and arrival they pre-fill; what a shipment's
 * parcels paid for delivery against sending each alone; and on-time arrivals per lane
 * (docs/metrics.md, issue 17 §6).
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { lanes, listings, orderItems, orderLegs, shipmentParcels, shipments } from "../../../db/schema";
import type { Db } from "../../db.server";
import { heaviestClass, laneArrival, type WeightClass } from "../logistics/delivery-route";
import type { CarrierInput } from "./shipment-rules";
import { arrivedOnTime } from "./shipment-rules";
import type { CarrierKind } from "./vocabulary";

type Lane = typeof lanes.$inferSelect;

/** A lane's carrier kind as a shipment names it: the cooperative's own van is the "coop_van". */
const shipmentCarrierKind = (kind: Lane["carrierKind"]): CarrierKind => (kind === "own_van" ? "coop_van" : kind);

const tariffOf = (lane: Pick<Lane, "upTo15kgTiyn" | "from15to50kgTiyn" | "over50kgTiyn">, weightClass: WeightClass): number | null =>
  weightClass === "upTo15kg" ? lane.upTo15kgTiyn : weightClass === "15to50kg" ? lane.from15to50kgTiyn : lane.over50kgTiyn;

/** The open lanes from this hub's village to each of these points, as the new-shipment form offers them. */
export function lanesToPoints(db: Db, villageId: number, pointIds: number[]) {
  const rows = pointIds.length
    ? db
        .select()
        .from(lanes)
        .where(and(eq(lanes.fromVillageId, villageId), eq(lanes.active, true), inArray(lanes.toPointId, pointIds)))
        .orderBy(lanes.id)
        .all()
    : [];
  const byPoint = new Map<number, { id: number; carrierKind: CarrierKind; carrierName: string; carrierPhone: string }[]>();
  for (const lane of rows) {
    const list = byPoint.get(lane.toPointId) ?? [];
    list.push({ id: lane.id, carrierKind: shipmentCarrierKind(lane.carrierKind), carrierName: lane.carrierName, carrierPhone: lane.carrierPhone ?? "" });
    byPoint.set(lane.toPointId, list);
  }
  return byPoint;
}

/**
 * The carrier of a new shipment on a lane: what the form sent, each field left empty taken from
 * the lane. Refused when the lane is not open from this hub to this point.
 */
export function carrierFromLane(
  db: Db,
  input: { villageId: number; pickupPointId: number; laneId: number; carrier: CarrierInput },
): { ok: true; carrier: CarrierInput } | { ok: false; reason: "shipping.lane_not_found" } {
  const lane = db.select().from(lanes).where(eq(lanes.id, input.laneId)).get();
  if (!lane || !lane.active || lane.fromVillageId !== input.villageId || lane.toPointId !== input.pickupPointId) return { ok: false, reason: "shipping.lane_not_found" };
  const { kind, name, phone } = input.carrier;
  return { ok: true, carrier: { kind: kind || shipmentCarrierKind(lane.carrierKind), name: name.trim() || lane.carrierName, phone: phone.trim() || (lane.carrierPhone ?? "") } };
}

/** A shipment's lane with its tariffs, and the arrival day its schedule gives a departure now (YYYY-MM-DD). */
export function shipmentLane(db: Db, laneId: number | null, now: Date) {
  if (laneId === null) return null;
  const lane = db.select().from(lanes).where(eq(lanes.id, laneId)).get();
  if (!lane) return null;
  const arrival = laneArrival(now, lane.weekdays, lane.transitDays);
  return {
    id: lane.id,
    active: lane.active,
    carrierName: lane.carrierName,
    weekdays: lane.weekdays,
    transitDays: lane.transitDays,
    tariffs: { upTo15kg: lane.upTo15kgTiyn, "15to50kg": lane.from15to50kgTiyn, over50kg: lane.over50kgTiyn } satisfies Record<WeightClass, number | null>,
    expectedArrivalDay: arrival.toISOString().slice(0, 10),
  };
}

/** Each order's weight class: its heaviest line's. */
function parcelClasses(db: Db, orderIds: number[]): Map<number, WeightClass> {
  const lines = orderIds.length
    ? db.select({ orderId: orderItems.orderId, weightClass: listings.weightClass }).from(orderItems).innerJoin(listings, eq(listings.id, orderItems.listingId)).where(inArray(orderItems.orderId, orderIds)).all()
    : [];
  const byOrder = new Map<number, WeightClass[]>();
  for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line.weightClass]);
  return new Map([...byOrder].map(([orderId, classes]) => [orderId, heaviestClass(classes)]));
}

export interface ParcelCosts {
  parcels: number;
  /** The delivery fees those parcels carried for this leg (order_legs), in tiyn. */
  feesTiyn: number;
  /** Parcels on shipments that ride a lane, and what each alone would cost at its lane's tariff. */
  laneParcels: number;
  aloneTiyn: number;
  /** Per parcel, rounded to whole tiyn; null when there is nothing to divide. */
  feePerParcelTiyn: number | null;
  alonePerParcelTiyn: number | null;
}

/**
 * Cost per parcel against sending alone (docs/metrics.md): for each parcel of these shipments,
 * the fee its order paid for the leg the shipment carried (its order_legs row on the shipment's
 * lane; with no lane, the leg leaving the hub; no leg: 0), and, on a lane, the lane's tariff
 * today for one parcel of its weight class — what it costs sent by itself on that lane.
 */
export function parcelCosts(db: Db, shipmentIds: number[]): ParcelCosts {
  const rows = shipmentIds.length
    ? db
        .select({ orderId: shipmentParcels.orderId, laneId: shipments.laneId, fromVillageId: shipments.fromVillageId })
        .from(shipmentParcels)
        .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
        .where(inArray(shipments.id, shipmentIds))
        .all()
    : [];
  const orderIds = rows.map((r) => r.orderId);
  const legs = orderIds.length
    ? db.select({ orderId: orderLegs.orderId, laneId: orderLegs.laneId, feeTiyn: orderLegs.feeTiyn, fromVillageId: lanes.fromVillageId }).from(orderLegs).innerJoin(lanes, eq(lanes.id, orderLegs.laneId)).where(inArray(orderLegs.orderId, orderIds)).all()
    : [];
  const laneIds = [...new Set(rows.map((r) => r.laneId).filter((id): id is number => id !== null))];
  const tariffs = new Map(laneIds.length ? db.select().from(lanes).where(inArray(lanes.id, laneIds)).all().map((l) => [l.id, l] as const) : []);
  const classes = parcelClasses(db, orderIds);
  let feesTiyn = 0;
  let laneParcels = 0;
  let aloneTiyn = 0;
  for (const row of rows) {
    const leg = legs.find((l) => l.orderId === row.orderId && (row.laneId === null ? l.fromVillageId === row.fromVillageId : l.laneId === row.laneId));
    feesTiyn += leg?.feeTiyn ?? 0;
    const lane = row.laneId === null ? undefined : tariffs.get(row.laneId);
    const alone = lane ? tariffOf(lane, classes.get(row.orderId) ?? "upTo15kg") : null;
    if (alone !== null) {
      laneParcels += 1;
      aloneTiyn += alone;
    }
  }
  const per = (sum: number, n: number) => (n ? Math.round(sum / n) : null);
  return { parcels: rows.length, feesTiyn, laneParcels, aloneTiyn, feePerParcelTiyn: per(feesTiyn, rows.length), alonePerParcelTiyn: per(aloneTiyn, laneParcels) };
}

/** On-time arrivals per lane: of the shipments on each lane that arrived, those on or before their expected day. */
export function onTimeByLane(db: Db, laneIds: number[]): Map<number, { arrived: number; onTime: number }> {
  const rows = laneIds.length
    ? db
        .select({ laneId: shipments.laneId, expectedArrivalAt: shipments.expectedArrivalAt, arrivedAt: shipments.arrivedAt })
        .from(shipments)
        .where(and(inArray(shipments.laneId, laneIds), isNotNull(shipments.arrivedAt)))
        .all()
    : [];
  const figures = new Map<number, { arrived: number; onTime: number }>();
  for (const row of rows) {
    const lane = figures.get(row.laneId!) ?? { arrived: 0, onTime: 0 };
    lane.arrived += 1;
    if (arrivedOnTime(row)) lane.onTime += 1;
    figures.set(row.laneId!, lane);
  }
  return figures;
}
