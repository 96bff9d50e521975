/**
 * Chained shipments (issue 17 §3, decision chained-shipments): a parcel whose route goes through a
 * sorting hub rides one shipment from its village hub to the sorting hub and another from there to
 * the buyer's point. Its next stop comes from the lanes checkout chose (order_legs); at the sorting
 * hub it is held, still in transit, until the hub's operator puts it in a shipment onwards.
 */
import { and, asc, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { lanes, orderLegs, orders, pickupPoints, sellers, shipmentDiscrepancies, shipmentParcels, shipments } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { ensureParcelCode } from "./custody.server";
import { carrierInput, type CarrierInput } from "./shipment-rules";
import type { ShipmentRefusal } from "./shipments.server";

type Reader = Db | Tx;

/**
 * Where each parcel goes next from `at` (null: its village hub): the lane of its route that leaves
 * from there, else the buyer's own point (a one-lane route, or an order placed before lanes).
 */
export function nextStops(db: Reader, orderIds: number[], at: number | null): Map<number, number> {
  const stops = new Map<number, number>();
  if (orderIds.length === 0) return stops;
  for (const o of db.select({ id: orders.id, pickupPointId: orders.pickupPointId }).from(orders).where(inArray(orders.id, orderIds)).all()) stops.set(o.id, o.pickupPointId);
  const legs = db
    .select({ orderId: orderLegs.orderId, leg: orderLegs.leg, fromPointId: lanes.fromPointId, toPointId: lanes.toPointId })
    .from(orderLegs)
    .innerJoin(lanes, eq(lanes.id, orderLegs.laneId))
    .where(inArray(orderLegs.orderId, orderIds))
    .orderBy(asc(orderLegs.orderId), asc(orderLegs.leg))
    .all();
  const decided = new Set<number>();
  for (const leg of legs) {
    if (decided.has(leg.orderId)) continue;
    if (at === null ? leg.leg === 1 : leg.fromPointId === at) {
      stops.set(leg.orderId, leg.toPointId);
      decided.add(leg.orderId);
    }
  }
  return stops;
}

/** The shipment a parcel rode or rides last, with its place in it. */
function lastRide(db: Reader, orderId: number) {
  return db
    .select({ shipmentId: shipments.id, status: shipments.status, toPickupPointId: shipments.toPickupPointId, state: shipmentParcels.state })
    .from(shipmentParcels)
    .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
    .where(eq(shipmentParcels.orderId, orderId))
    .orderBy(desc(shipments.id))
    .limit(1)
    .get();
}

/** Whether the parcel sits at this point on its way elsewhere: its last shipment arrived here and it came off it. */
function heldAt(db: Reader, orderId: number, pointId: number): boolean {
  const ride = lastRide(db, orderId);
  return ride !== undefined && ride.status === "arrived" && ride.toPickupPointId === pointId && (ride.state === "arrived" || ride.state === "found");
}

/** Parcels a point holds on their way to another point (a sorting hub's shelf), grouped by where each goes next. */
export function heldParcels(db: Db, pointId: number) {
  const candidates = db
    .select({ id: orders.id, sellerName: sellers.name })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(shipmentParcels, eq(shipmentParcels.orderId, orders.id))
    .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
    .where(and(eq(orders.status, "in_transit"), ne(orders.pickupPointId, pointId), eq(shipments.toPickupPointId, pointId), eq(shipments.status, "arrived")))
    .orderBy(asc(orders.id))
    .limit(1000)
    .all();
  const held = [...new Map(candidates.map((c) => [c.id, c])).values()].filter((c) => heldAt(db, c.id, pointId));
  const stops = nextStops(db, held.map((h) => h.id), pointId);
  const names = new Map(
    stops.size
      ? db.select({ id: pickupPoints.id, name: pickupPoints.name }).from(pickupPoints).where(inArray(pickupPoints.id, [...new Set(stops.values())])).all().map((p) => [p.id, p.name])
      : [],
  );
  const groups = new Map<number, { pickupPointId: number; pointName: string; parcels: { id: number; sellerName: string | null }[] }>();
  for (const parcel of held) {
    const to = stops.get(parcel.id)!;
    const group = groups.get(to) ?? { pickupPointId: to, pointName: names.get(to) ?? "", parcels: [] };
    group.parcels.push({ id: parcel.id, sellerName: parcel.sellerName });
    groups.set(to, group);
  }
  return [...groups.values()];
}

type Refused = { ok: false; reason: ShipmentRefusal };

export type PointShipmentInput = { fromPickupPointId: number; toPickupPointId: number; orderIds: number[]; carrier: CarrierInput; actorUserId: number };

/**
 * The point's operator puts parcels it holds into a shipment to their next stop (state loaded);
 * the hub that answers for the point answers for the shipment. From here it loads, departs and
 * arrives like a hub's: departure fires no `send` (the orders are already in transit).
 */
export function createPointShipment(db: Db, input: PointShipmentInput, now: Date): { ok: true; shipmentId: number } | Refused {
  return loadFromPoint(db, input, now, (tx, unique) => {
    const stops = nextStops(tx, unique, input.fromPickupPointId);
    const statuses = new Map(tx.select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, unique)).all().map((o) => [o.id, o.status]));
    // All or nothing, as at the hub: a parcel not held here, or going elsewhere, is refused by name.
    const here = unique.every((id) => statuses.get(id) === "in_transit" && stops.get(id) === input.toPickupPointId && heldAt(tx, id, input.fromPickupPointId));
    return here ? null : "shipping.parcel_not_here";
  });
}

/**
 * A shipment leaving a point (an onward leg, or returns going back): the carrier checked, then in
 * one transaction the parcels checked by `refusal` (null: every one may go) and loaded, all or nothing.
 */
export function loadFromPoint(db: Db, input: PointShipmentInput, now: Date, refusal: (tx: Tx, unique: number[]) => ShipmentRefusal | null): { ok: true; shipmentId: number } | Refused {
  const carrier = carrierInput(input.carrier);
  if (!carrier.ok) return { ok: false, reason: carrier.reason };
  return writeTransaction(db, (tx) => {
    const unique = [...new Set(input.orderIds)];
    if (unique.length === 0) return { ok: false as const, reason: "shipping.no_parcels" as const };
    const from = tx.select({ villageId: pickupPoints.villageId }).from(pickupPoints).where(eq(pickupPoints.id, input.fromPickupPointId)).get();
    if (!from) return { ok: false as const, reason: "shipping.not_found" as const };
    const refused = refusal(tx, unique);
    if (refused) return { ok: false as const, reason: refused };
    const route = { fromVillageId: from.villageId, fromPickupPointId: input.fromPickupPointId, toPickupPointId: input.toPickupPointId };
    return { ok: true as const, shipmentId: loadShipment(tx, { ...route, ...carrier.value, createdBy: input.actorUserId }, unique, now) };
  });
}

/** A new shipment in state loaded with these parcels (each given its code): the hub's and a point's alike. */
export function loadShipment(tx: Tx, values: Omit<typeof shipments.$inferInsert, "status" | "createdAt">, orderIds: number[], now: Date): number {
  const shipment = tx
    .insert(shipments)
    .values({ ...values, status: "loaded", createdAt: now })
    .returning({ id: shipments.id })
    .get();
  for (const orderId of orderIds) {
    ensureParcelCode(tx, orderId, now);
    tx.insert(shipmentParcels).values({ shipmentId: shipment.id, orderId, state: "loaded" }).run();
  }
  return shipment.id;
}

/** What a point sends on: parcels it holds by next stop, its shipments still loading or on the way, and the open discrepancies of those it sent. */
export function pointSending(db: Db, pointId: number) {
  const open = db
    .select({ id: shipments.id, status: shipments.status, pointName: pickupPoints.name, carrierName: shipments.carrierName })
    .from(shipments)
    .innerJoin(pickupPoints, eq(pickupPoints.id, shipments.toPickupPointId))
    .where(and(eq(shipments.fromPickupPointId, pointId), inArray(shipments.status, ["loaded", "departed"])))
    .orderBy(desc(shipments.id))
    .limit(100)
    .all();
  const discrepancies = db
    .select({ id: shipmentDiscrepancies.id, shipmentId: shipmentDiscrepancies.shipmentId, orderId: shipmentDiscrepancies.orderId, kind: shipmentDiscrepancies.kind })
    .from(shipmentDiscrepancies)
    .innerJoin(shipments, eq(shipments.id, shipmentDiscrepancies.shipmentId))
    .where(and(eq(shipments.fromPickupPointId, pointId), isNull(shipmentDiscrepancies.outcome)))
    .orderBy(asc(shipmentDiscrepancies.id))
    .all();
  return { groups: heldParcels(db, pointId), open, discrepancies };
}
