/**
 * Consolidated shipments (issue 17 §3–4, decision 0031): a village hub puts the parcels that
 * wait for one pickup point into one shipment on one carrier; each parcel is scanned at every
 * handover; what is missing or extra at arrival opens a discrepancy its hub resolves. The
 * orders move only through the order machine's events (send, arrive, parcel_lost), in the
 * shipment's own transaction.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { orders, pickupPoints, shipmentDiscrepancies, shipmentParcels, shipments } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { applyOrderEventIn, type EventRefusal } from "../orders/order-events.server";
import { loadShipment, nextStops } from "./chain.server";
import { hubName, orderOfCode, pointName, recordCustody } from "./custody.server";
import { readParcelCode } from "./parcel-code";
import { arriveReturn, isReturnRide, resolveReturn, sendReturn } from "./returns-shipping.server";
import { carrierFromLane } from "./shipment-lanes.server";
import { carrierInput, expectedArrivalRefusal, type CarrierInput } from "./shipment-rules";
import type { DiscrepancyOutcome, ShipmentStatus } from "./vocabulary";

export type ShipmentRefusal =
  | "shipping.no_parcels"
  | "shipping.parcel_not_here"
  | "shipping.not_found"
  | "shipping.not_allowed_now"
  | "shipping.code_unknown"
  | "shipping.not_in_shipment"
  | "shipping.already_scanned"
  | "shipping.nothing_scanned"
  | "shipping.arrival_date"
  | "shipping.carrier_name"
  | "shipping.carrier_phone"
  | "shipping.lane_not_found"
  | "shipping.no_hub_point";
type Refused = { ok: false; reason: ShipmentRefusal | EventRefusal };
const refuse = (reason: ShipmentRefusal | EventRefusal): Refused => ({ ok: false, reason });

/** Parcels this hub may put in a shipment to that point (their next stop): received, not yet sent, in no open shipment. */
function shippable(tx: Tx, villageId: number, pickupPointId: number, orderIds: number[]) {
  if (orderIds.length === 0) return [];
  const rows = tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(inArray(orders.id, orderIds), eq(orders.sellerVillageId, villageId), eq(orders.status, "handed_over"), eq(orders.sameVillage, false)))
    .all()
    .filter((o) => tx.select({ state: shipmentParcels.state }).from(shipmentParcels).innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId)).where(and(eq(shipmentParcels.orderId, o.id), eq(shipments.status, "loaded"))).get() === undefined);
  // The first lane of a two-leg route ends at its sorting hub (decision chained-shipments).
  const stops = nextStops(tx, rows.map((r) => r.id), null);
  return rows.filter((r) => stops.get(r.id) === pickupPointId).map((r) => r.id);
}

/** The hub groups parcels for one point into a shipment on a carrier (state loaded), on one of its lanes or none. */
export function createShipment(
  db: Db,
  input: { villageId: number; pickupPointId: number; orderIds: number[]; carrier: CarrierInput; laneId?: number | null; actorUserId: number },
  now: Date,
): { ok: true; shipmentId: number } | Refused {
  const laneId = input.laneId ?? null;
  const onLane = laneId === null ? null : carrierFromLane(db, { villageId: input.villageId, pickupPointId: input.pickupPointId, laneId, carrier: input.carrier });
  if (onLane && !onLane.ok) return refuse(onLane.reason);
  const carrier = carrierInput(onLane?.carrier ?? input.carrier);
  if (!carrier.ok) return refuse(carrier.reason);
  return writeTransaction(db, (tx) => {
    const unique = [...new Set(input.orderIds)];
    if (unique.length === 0) return refuse("shipping.no_parcels");
    const ids = shippable(tx, input.villageId, input.pickupPointId, unique);
    // All or nothing: a parcel that is not (or no longer) waiting here is named, never dropped silently.
    if (ids.length !== unique.length) return refuse("shipping.parcel_not_here");
    const shipmentId = loadShipment(tx, { fromVillageId: input.villageId, toPickupPointId: input.pickupPointId, ...carrier.value, laneId, createdBy: input.actorUserId }, ids, now);
    return { ok: true as const, shipmentId };
  });
}

function parcelByCode(tx: Tx, shipmentId: number, typed: string) {
  const code = readParcelCode(typed);
  if (!code) return refuse("shipping.code_unknown");
  const orderId = orderOfCode(tx, code);
  if (orderId === null) return refuse("shipping.code_unknown");
  const parcel = tx.select().from(shipmentParcels).where(and(eq(shipmentParcels.shipmentId, shipmentId), eq(shipmentParcels.orderId, orderId))).get();
  return { ok: true as const, orderId, parcel: parcel ?? null };
}

/**
 * A typed or camera-read code at this shipment: while it is loaded, the parcel is checked onto
 * the carrier; once it departed, the parcel is taken off at the point (the order arrives, the
 * buyer gets the code by SMS). A code from another shipment at arrival opens an "extra" discrepancy.
 */
export function scanParcel(
  db: Db,
  input: { shipmentId: number; code: string; actorUserId: number; expect?: ShipmentStatus },
  now: Date,
): { ok: true; orderId: number; side: "depart" | "arrive" | "back" | "extra" } | Refused {
  return writeTransaction(db, (tx) => {
    const shipment = tx.select().from(shipments).where(eq(shipments.id, input.shipmentId)).get();
    if (!shipment) return refuse("shipping.not_found");
    // The state the person's permission was checked against: a shipment that moved on meanwhile is refused.
    if (shipment.status === "arrived" || (input.expect && input.expect !== shipment.status)) return refuse("shipping.not_allowed_now");
    const found = parcelByCode(tx, shipment.id, input.code);
    if (!found.ok) return found;
    const { orderId, parcel } = found;
    if (shipment.status === "loaded") {
      if (!parcel) return refuse("shipping.not_in_shipment");
      if (parcel.loadedScanAt) return refuse("shipping.already_scanned");
      tx.update(shipmentParcels).set({ loadedScanAt: now }).where(and(eq(shipmentParcels.shipmentId, shipment.id), eq(shipmentParcels.orderId, orderId))).run();
      return { ok: true as const, orderId, side: "depart" as const };
    }
    if (!parcel) {
      const open = tx.select({ id: shipmentDiscrepancies.id }).from(shipmentDiscrepancies).where(and(eq(shipmentDiscrepancies.shipmentId, shipment.id), eq(shipmentDiscrepancies.orderId, orderId))).get();
      if (!open) tx.insert(shipmentDiscrepancies).values({ shipmentId: shipment.id, orderId, kind: "extra", openedAt: now, openedBy: input.actorUserId }).run();
      return { ok: true as const, orderId, side: "extra" as const };
    }
    if (parcel.state !== "departed") return refuse("shipping.already_scanned");
    // A return back at its seller's hub says so, not that a buyer was texted.
    const side = isReturnRide(tx, orderId) ? ("back" as const) : ("arrive" as const);
    const arrived = arriveParcel(tx, shipment, orderId, input.actorUserId, now);
    if (!arrived.ok) return arrived;
    return { ok: true as const, orderId, side };
  });
}

/** Whether the shipment ends at this parcel's own point; otherwise it stops at a sorting hub on the way. */
function endsAtBuyersPoint(tx: Tx, shipment: typeof shipments.$inferSelect, orderId: number): boolean {
  return tx.select({ pickupPointId: orders.pickupPointId }).from(orders).where(eq(orders.id, orderId)).get()?.pickupPointId === shipment.toPickupPointId;
}

function arriveParcel(tx: Tx, shipment: typeof shipments.$inferSelect, orderId: number, actorUserId: number, now: Date): { ok: true } | Refused {
  if (isReturnRide(tx, orderId)) {
    // A return back at its seller's hub (decision returns-ride-shipments).
    const back = arriveReturn(tx, shipment.id, orderId, actorUserId, now);
    if (!back.ok) return back;
    tx.update(shipmentParcels).set({ state: "arrived", arrivedScanAt: now }).where(and(eq(shipmentParcels.shipmentId, shipment.id), eq(shipmentParcels.orderId, orderId))).run();
    return { ok: true };
  }
  // At a sorting hub the parcel is only held (still in transit, the buyer not told): `arrive` fires at the buyer's point.
  const last = endsAtBuyersPoint(tx, shipment, orderId);
  if (last) {
    const moved = applyOrderEventIn(tx, { orderId, event: "arrive", by: "operator", actorUserId }, now);
    if (!moved.ok) return moved;
  }
  tx.update(shipmentParcels).set({ state: "arrived", arrivedScanAt: now }).where(and(eq(shipmentParcels.shipmentId, shipment.id), eq(shipmentParcels.orderId, orderId))).run();
  recordCustody(tx, { orderId, handover: last ? "arrive" : "transit", holder: "point", holderName: pointName(tx, shipment.toPickupPointId), shipmentId: shipment.id, actorUserId }, now);
  return { ok: true };
}

/**
 * The carrier leaves with the parcels scanned onto it (each order is sent); parcels not scanned
 * stay at the hub and leave the shipment. The expected arrival is what on-time is measured against.
 */
export function departShipment(
  db: Db,
  input: { shipmentId: number; expectedArrivalAt: Date; actorUserId: number },
  now: Date,
): { ok: true; departed: number } | Refused {
  const dateRefusal = expectedArrivalRefusal(input.expectedArrivalAt, now);
  if (dateRefusal) return refuse(dateRefusal);
  try {
    return departIn(db, input, now);
  } catch (error) {
    if (error instanceof ShipmentAbort) return refuse(error.reason);
    throw error;
  }
}

function departIn(db: Db, input: { shipmentId: number; expectedArrivalAt: Date; actorUserId: number }, now: Date): { ok: true; departed: number } | Refused {
  return writeTransaction(db, (tx) => {
    const shipment = tx.select().from(shipments).where(eq(shipments.id, input.shipmentId)).get();
    if (!shipment) return refuse("shipping.not_found");
    if (shipment.status !== "loaded") return refuse("shipping.not_allowed_now");
    const parcels = tx.select().from(shipmentParcels).where(eq(shipmentParcels.shipmentId, shipment.id)).all();
    const scanned = parcels.filter((p) => p.loadedScanAt !== null);
    if (scanned.length === 0) return refuse("shipping.nothing_scanned");
    tx.delete(shipmentParcels).where(and(eq(shipmentParcels.shipmentId, shipment.id), isNull(shipmentParcels.loadedScanAt))).run();
    const carrier = shipment.carrierName;
    for (const parcel of scanned) {
      // From a point (a sorting hub) the orders are already in transit: only the custody moves.
      // A return leaving its point fires the point's return_send (decision returns-ride-shipments).
      const sent = isReturnRide(tx, parcel.orderId)
        ? sendReturn(tx, parcel.orderId, input.actorUserId, now)
        : shipment.fromPickupPointId === null
          ? applyOrderEventIn(tx, { orderId: parcel.orderId, event: "send", by: "hub", actorUserId: input.actorUserId }, now)
          : stillInTransit(tx, parcel.orderId);
      // One parcel that changed meanwhile (cancelled at the hub) rolls the whole departure back.
      if (!sent.ok) throw new ShipmentAbort(sent.reason);
      tx.update(shipmentParcels).set({ state: "departed" }).where(and(eq(shipmentParcels.shipmentId, shipment.id), eq(shipmentParcels.orderId, parcel.orderId))).run();
      recordCustody(tx, { orderId: parcel.orderId, handover: "depart", holder: "carrier", holderName: carrier, shipmentId: shipment.id, actorUserId: input.actorUserId }, now);
    }
    tx.update(shipments).set({ status: "departed", departedAt: now, departedBy: input.actorUserId, expectedArrivalAt: input.expectedArrivalAt }).where(eq(shipments.id, shipment.id)).run();
    return { ok: true as const, departed: scanned.length };
  });
}

function stillInTransit(tx: Tx, orderId: number): { ok: true } | { ok: false; reason: EventRefusal } {
  const status = tx.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).get()?.status;
  return status === "in_transit" ? { ok: true } : { ok: false, reason: "orders.not_allowed_now" };
}

/** Thrown inside a transaction to roll it back with a refusal; departShipment turns it back into one. */
export class ShipmentAbort extends Error {
  constructor(readonly reason: EventRefusal) {
    super(reason);
  }
}

/** The point finishes unloading: every parcel not scanned off the carrier is missing (a discrepancy each). */
export function finishArrival(db: Db, input: { shipmentId: number; actorUserId: number }, now: Date): { ok: true; missing: number } | Refused {
  return writeTransaction(db, (tx) => {
    const shipment = tx.select().from(shipments).where(eq(shipments.id, input.shipmentId)).get();
    if (!shipment) return refuse("shipping.not_found");
    if (shipment.status !== "departed") return refuse("shipping.not_allowed_now");
    const missing = tx.select().from(shipmentParcels).where(and(eq(shipmentParcels.shipmentId, shipment.id), eq(shipmentParcels.state, "departed"))).all();
    for (const parcel of missing) {
      tx.update(shipmentParcels).set({ state: "missing" }).where(and(eq(shipmentParcels.shipmentId, shipment.id), eq(shipmentParcels.orderId, parcel.orderId))).run();
      tx.insert(shipmentDiscrepancies).values({ shipmentId: shipment.id, orderId: parcel.orderId, kind: "missing", openedAt: now, openedBy: input.actorUserId }).onConflictDoNothing().run();
    }
    tx.update(shipments).set({ status: "arrived", arrivedAt: now, arrivedBy: input.actorUserId }).where(eq(shipments.id, shipment.id)).run();
    return { ok: true as const, missing: missing.length };
  });
}

/**
 * The hub that sent the shipment resolves a discrepancy. Found: the parcel reached the point after
 * all, and arrives now (the buyer is told). Lost (a missing parcel only): the order is refunded in
 * full through the machine's parcel_lost; the goods never come back to the shop.
 */
export function resolveDiscrepancy(
  db: Db,
  input: { shipmentId: number; discrepancyId: number; outcome: DiscrepancyOutcome; note: string; actorUserId: number },
  now: Date,
): { ok: true; orderId: number } | Refused {
  return writeTransaction(db, (tx) => {
    const found = tx.select().from(shipmentDiscrepancies).where(eq(shipmentDiscrepancies.id, input.discrepancyId)).get();
    if (!found || found.shipmentId !== input.shipmentId) return refuse("shipping.not_found");
    if (found.outcome) return refuse("shipping.not_allowed_now");
    const shipment = tx.select().from(shipments).where(eq(shipments.id, found.shipmentId)).get();
    if (!shipment) return refuse("shipping.not_found");
    const order = tx.select({ status: orders.status, pickupPointId: orders.pickupPointId }).from(orders).where(eq(orders.id, found.orderId)).get();
    if (order?.status === "return_in_transit") {
      // A return on its way back (decision returns-ride-shipments): found arrives, lost is refunded.
      const moved = resolveReturn(tx, shipment, { orderId: found.orderId, kind: found.kind, outcome: input.outcome, note: input.note, actorUserId: input.actorUserId }, now);
      if (!moved.ok) return moved;
    } else if (input.outcome === "found") {
      // An extra parcel counts as arrived only at its own point, and only while it is on its way;
      // a missing one found at a sorting hub is held there, still in transit (decision chained-shipments).
      if (!order || order.status !== "in_transit") return refuse("shipping.not_allowed_now");
      if (order.pickupPointId === shipment.toPickupPointId) {
        const moved = applyOrderEventIn(tx, { orderId: found.orderId, event: "arrive", by: "hub", actorUserId: input.actorUserId, reason: input.note || null }, now);
        if (!moved.ok) return moved;
      } else if (found.kind !== "missing") return refuse("shipping.not_allowed_now");
      recordCustody(tx, { orderId: found.orderId, handover: order.pickupPointId === shipment.toPickupPointId ? "arrive" : "transit", holder: "point", holderName: pointName(tx, shipment.toPickupPointId), shipmentId: shipment.id, actorUserId: input.actorUserId }, now);
    } else {
      if (found.kind !== "missing") return refuse("shipping.not_allowed_now");
      const lost = applyOrderEventIn(tx, { orderId: found.orderId, event: "parcel_lost", by: "resolver", actorUserId: input.actorUserId, reason: input.note || null }, now);
      if (!lost.ok) return lost;
    }
    if (found.kind === "missing") {
      tx.update(shipmentParcels).set({ state: input.outcome }).where(and(eq(shipmentParcels.shipmentId, shipment.id), eq(shipmentParcels.orderId, found.orderId))).run();
    }
    tx.update(shipmentDiscrepancies).set({ outcome: input.outcome, resolvedAt: now, resolvedBy: input.actorUserId, note: input.note || null }).where(eq(shipmentDiscrepancies.id, found.id)).run();
    return { ok: true as const, orderId: found.orderId };
  });
}

/** The seller hands the parcel to the hub: the coordinator types the code the seller shows (drop-off scan). */
export function receiveByCode(db: Db, input: { villageId: number; code: string; actorUserId: number }, now: Date): { ok: true; orderId: number } | Refused {
  return writeTransaction(db, (tx) => {
    const code = readParcelCode(input.code);
    const orderId = code ? orderOfCode(tx, code) : null;
    if (orderId === null) return refuse("shipping.code_unknown");
    const order = tx.select({ sellerVillageId: orders.sellerVillageId, receivedAtHubAt: orders.receivedAtHubAt }).from(orders).where(eq(orders.id, orderId)).get();
    if (!order || order.sellerVillageId !== input.villageId) return refuse("shipping.parcel_not_here");
    if (order.receivedAtHubAt) return refuse("shipping.already_scanned");
    const moved = applyOrderEventIn(tx, { orderId, event: "receive", by: "hub", actorUserId: input.actorUserId }, now);
    if (!moved.ok) return moved;
    recordCustody(tx, { orderId, handover: "drop", holder: "hub", holderName: hubName(tx, input.villageId), actorUserId: input.actorUserId }, now);
    return { ok: true as const, orderId };
  });
}

/** The destination's village, for can(). */
export function shipmentResource(db: Db, shipmentId: number) {
  const row = db
    .select({ status: shipments.status, fromVillageId: shipments.fromVillageId, fromPickupPointId: shipments.fromPickupPointId, toPickupPointId: shipments.toPickupPointId, toVillageId: pickupPoints.villageId })
    .from(shipments)
    .innerJoin(pickupPoints, eq(pickupPoints.id, shipments.toPickupPointId))
    .where(eq(shipments.id, shipmentId))
    .get();
  return row ? { type: "shipment" as const, ...row } : null;
}
