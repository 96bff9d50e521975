/**
 * Returns ride shipments (issue 17 §5, decision returns-ride-shipments): parcels waiting at a
 * pickup point to go back ("to return") ride a shipment from that point to the seller's village
 * hub, whose own point (its cooperative warehouse or hub shop) is the shipment's destination. The
 * same scans as outward shipments fire the same order events the single-parcel buttons fire:
 * return_send at departure, return_arrive at the arrival scan; a return lost on the way is
 * refunded through the machine's return_lost.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { orders, pickupPoints, sellers, shipmentParcels, shipments } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { applyOrderEventIn, type EventRefusal } from "../orders/order-events.server";
import { loadFromPoint, type PointShipmentInput } from "./chain.server";
import { hubName, recordCustody } from "./custody.server";
import type { ShipmentRefusal } from "./shipments.server";
import type { DiscrepancyOutcome } from "./vocabulary";

type Reader = Db | Tx;
type Moved = { ok: true } | { ok: false; reason: EventRefusal };

/** The kinds of point that stand at a village hub itself, the first one found is where returns are unloaded. */
const HUB_POINT_KINDS = ["coop_warehouse", "hub_shop"] as const;

/** The village hub's own point (its cooperative warehouse, else its hub shop; the oldest open one), or null. */
export function hubPointOf(db: Reader, villageId: number): number | null {
  const rows = db
    .select({ id: pickupPoints.id, kind: pickupPoints.kind })
    .from(pickupPoints)
    .where(and(eq(pickupPoints.villageId, villageId), eq(pickupPoints.active, true), inArray(pickupPoints.kind, [...HUB_POINT_KINDS])))
    .orderBy(asc(pickupPoints.id))
    .all();
  return (rows.find((r) => r.kind === "coop_warehouse") ?? rows[0])?.id ?? null;
}

/** Returns waiting at this point to go back to another village, in no shipment still loading. */
function waitingReturns(db: Reader, pointId: number, orderIds?: number[]) {
  const rows = db
    .select({ id: orders.id, sellerVillageId: orders.sellerVillageId, sellerName: sellers.name })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .where(and(eq(orders.pickupPointId, pointId), eq(orders.status, "to_return"), eq(orders.sameVillage, false), orderIds ? inArray(orders.id, orderIds) : undefined))
    .orderBy(asc(orders.id))
    .limit(1000)
    .all();
  if (rows.length === 0) return [];
  const loading = new Set(
    db
      .select({ orderId: shipmentParcels.orderId })
      .from(shipmentParcels)
      .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
      .where(and(eq(shipments.status, "loaded"), inArray(shipmentParcels.orderId, rows.map((r) => r.id))))
      .all()
      .map((r) => r.orderId),
  );
  return rows.filter((r) => !loading.has(r.id));
}

/**
 * The point's "Returns to send back" groups: one per seller's village hub that has its own point.
 * A return whose village has none is not grouped; it still goes back by its button.
 */
export function returnsToSendBack(db: Db, pointId: number) {
  const hubs = new Map<number, number | null>();
  const groups = new Map<number, { pickupPointId: number; pointName: string; parcels: { id: number; sellerName: string | null }[] }>();
  for (const parcel of waitingReturns(db, pointId)) {
    if (!hubs.has(parcel.sellerVillageId)) hubs.set(parcel.sellerVillageId, hubPointOf(db, parcel.sellerVillageId));
    const to = hubs.get(parcel.sellerVillageId);
    if (to == null) continue;
    const group = groups.get(to) ?? { pickupPointId: to, pointName: hubName(db, parcel.sellerVillageId), parcels: [] };
    group.parcels.push({ id: parcel.id, sellerName: parcel.sellerName });
    groups.set(to, group);
  }
  return [...groups.values()];
}

/**
 * The point's operator puts returns waiting here into a shipment to their seller's village hub
 * point (state loaded). All or nothing: a parcel not waiting here, or going to another hub, is refused.
 */
export function createReturnShipment(db: Db, input: PointShipmentInput, now: Date): { ok: true; shipmentId: number } | { ok: false; reason: ShipmentRefusal } {
  // The point's own hub answers for the shipment, as for a chained leg (decision chained-shipments).
  return loadFromPoint(db, input, now, (tx, unique) => {
    const waiting = waitingReturns(tx, input.fromPickupPointId, unique);
    if (waiting.length !== unique.length) return "shipping.parcel_not_here";
    for (const parcel of waiting) {
      const hub = hubPointOf(tx, parcel.sellerVillageId);
      if (hub === null) return "shipping.no_hub_point";
      if (hub !== input.toPickupPointId) return "shipping.parcel_not_here";
    }
    return null;
  });
}

function statusOf(tx: Tx, orderId: number) {
  return tx.select({ status: orders.status, sellerVillageId: orders.sellerVillageId }).from(orders).where(eq(orders.id, orderId)).get();
}

/** Whether this parcel rides the shipment on its way back (it left the point as a return). */
export function isReturnRide(tx: Tx, orderId: number): boolean {
  const status = statusOf(tx, orderId)?.status;
  return status === "to_return" || status === "return_in_transit";
}

/** Departure of a return: the same return_send the point's button fires, by the point's side. */
export function sendReturn(tx: Tx, orderId: number, actorUserId: number, now: Date): Moved {
  return applyOrderEventIn(tx, { orderId, event: "return_send", by: "hub", actorUserId }, now);
}

/** A return scanned off at its seller's hub (or found there later): return_arrive, and the hub holds it. */
export function arriveReturn(tx: Tx, shipmentId: number, orderId: number, actorUserId: number, now: Date, reason: string | null = null): Moved {
  const moved = applyOrderEventIn(tx, { orderId, event: "return_arrive", by: "hub", actorUserId, reason }, now);
  if (!moved.ok) return moved;
  recordCustody(tx, { orderId, handover: "return_arrive", holder: "hub", holderName: hubName(tx, statusOf(tx, orderId)!.sellerVillageId), shipmentId, actorUserId }, now);
  return { ok: true };
}

/** The sender's outcome for a return missing at its hub: found (it arrives now) or lost (refunded through return_lost). */
export function resolveReturn(
  tx: Tx,
  shipment: { id: number; toPickupPointId: number },
  input: { orderId: number; kind: string; outcome: DiscrepancyOutcome; note: string; actorUserId: number },
  now: Date,
): Moved {
  const order = statusOf(tx, input.orderId);
  if (order?.status !== "return_in_transit") return { ok: false, reason: "orders.not_allowed_now" };
  if (input.outcome === "found") {
    // Found counts as back only where this shipment was unloaded is the parcel's own hub.
    if (hubPointOf(tx, order.sellerVillageId) !== shipment.toPickupPointId) return { ok: false, reason: "orders.not_allowed_now" };
    return arriveReturn(tx, shipment.id, input.orderId, input.actorUserId, now, input.note || null);
  }
  if (input.kind !== "missing") return { ok: false, reason: "orders.not_allowed_now" };
  return applyOrderEventIn(tx, { orderId: input.orderId, event: "return_lost", by: "resolver", actorUserId: input.actorUserId, reason: input.note || null }, now);
}
