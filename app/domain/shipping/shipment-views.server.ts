/**
 * What the shipping screens read (issue 17 §3–4): a hub's parcels to group by destination, its
 * open shipments and discrepancies, a point's incoming shipments, one shipment with its parcels
 * (the manifest and the labels read the same).
 */
import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, count, desc, eq, gte, inArray, isNull, or } from "drizzle-orm";
import { listings, orderItems, orders, parcelCodes, pickupPoints, sellers, shipmentDiscrepancies, shipmentParcels, shipments, users, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import type { WEIGHT_CLASSES } from "../catalog/vocabulary";
import { nextStops } from "./chain.server";
import { formatParcelCode } from "./parcel-code";
import { parcelCosts } from "./shipment-lanes.server";
import { arrivedOnTime } from "./shipment-rules";

type WeightClass = (typeof WEIGHT_CLASSES)[number];
const WEIGHT_ORDER: WeightClass[] = ["upTo15kg", "15to50kg", "over50kg"];

/** An order's weight class is its heaviest item's. */
function weightClasses(db: Db, orderIds: number[]): Map<number, WeightClass> {
  const map = new Map<number, WeightClass>();
  if (orderIds.length === 0) return map;
  const rows = db
    .select({ orderId: orderItems.orderId, weightClass: listings.weightClass })
    .from(orderItems)
    .innerJoin(listings, eq(listings.id, orderItems.listingId))
    .where(inArray(orderItems.orderId, orderIds))
    .all();
  for (const row of rows) {
    const had = map.get(row.orderId);
    if (!had || WEIGHT_ORDER.indexOf(row.weightClass) > WEIGHT_ORDER.indexOf(had)) map.set(row.orderId, row.weightClass);
  }
  return map;
}

/** The point a chained leg leaves from (decision chained-shipments). */
const fromPoints = alias(pickupPoints, "from_points");

const shipmentColumns = {
  id: shipments.id,
  status: shipments.status,
  fromVillageId: shipments.fromVillageId,
  toPickupPointId: shipments.toPickupPointId,
  pointName: pickupPoints.name,
  pointAddress: pickupPoints.address,
  carrierKind: shipments.carrierKind,
  carrierName: shipments.carrierName,
  carrierPhone: shipments.carrierPhone,
  laneId: shipments.laneId,
  createdAt: shipments.createdAt,
  departedAt: shipments.departedAt,
  expectedArrivalAt: shipments.expectedArrivalAt,
  arrivedAt: shipments.arrivedAt,
};

/** The hub's shipping: parcels waiting to leave grouped by point, its open shipments, shipments coming to its points, open discrepancies. */
export function hubShipping(db: Db, villageId: number) {
  const waiting = db
    .select({ id: orders.id, pickupPointId: orders.pickupPointId, pointName: pickupPoints.name, sellerName: sellers.name })
    .from(orders)
    .innerJoin(pickupPoints, eq(pickupPoints.id, orders.pickupPointId))
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .where(and(eq(orders.sellerVillageId, villageId), eq(orders.status, "handed_over"), eq(orders.sameVillage, false)))
    .orderBy(asc(orders.id))
    .limit(1000)
    .all();
  const loaded = new Set(
    waiting.length
      ? db
          .select({ orderId: shipmentParcels.orderId })
          .from(shipmentParcels)
          .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
          .where(and(eq(shipments.status, "loaded"), inArray(shipmentParcels.orderId, waiting.map((w) => w.id))))
          .all()
          .map((r) => r.orderId)
      : [],
  );
  // Grouped by the next stop: the sorting hub for a two-leg route (decision chained-shipments).
  const stops = nextStops(db, waiting.map((w) => w.id), null);
  const stopNames = new Map(
    stops.size ? db.select({ id: pickupPoints.id, name: pickupPoints.name }).from(pickupPoints).where(inArray(pickupPoints.id, [...new Set(stops.values())])).all().map((p) => [p.id, p.name]) : [],
  );
  const groups = new Map<number, { pickupPointId: number; pointName: string; parcels: { id: number; sellerName: string | null }[] }>();
  for (const parcel of waiting) {
    if (loaded.has(parcel.id)) continue;
    const to = stops.get(parcel.id) ?? parcel.pickupPointId;
    const group = groups.get(to) ?? { pickupPointId: to, pointName: stopNames.get(to) ?? parcel.pointName, parcels: [] };
    group.parcels.push({ id: parcel.id, sellerName: parcel.sellerName });
    groups.set(to, group);
  }
  const open = db
    .select(shipmentColumns)
    .from(shipments)
    .innerJoin(pickupPoints, eq(pickupPoints.id, shipments.toPickupPointId))
    .where(and(or(eq(shipments.fromVillageId, villageId), eq(pickupPoints.villageId, villageId)), inArray(shipments.status, ["loaded", "departed"])))
    .orderBy(desc(shipments.id))
    .limit(100)
    .all();
  const discrepancies = db
    .select({ id: shipmentDiscrepancies.id, shipmentId: shipmentDiscrepancies.shipmentId, orderId: shipmentDiscrepancies.orderId, kind: shipmentDiscrepancies.kind, openedAt: shipmentDiscrepancies.openedAt })
    .from(shipmentDiscrepancies)
    .innerJoin(shipments, eq(shipments.id, shipmentDiscrepancies.shipmentId))
    .where(and(eq(shipments.fromVillageId, villageId), isNull(shipmentDiscrepancies.outcome)))
    .orderBy(asc(shipmentDiscrepancies.id))
    .all();
  return { groups: [...groups.values()], open, discrepancies };
}

/** Shipments on their way to a point, for its operators. */
export function incomingShipments(db: Db, pickupPointId: number) {
  return db
    .select(shipmentColumns)
    .from(shipments)
    .innerJoin(pickupPoints, eq(pickupPoints.id, shipments.toPickupPointId))
    .where(and(eq(shipments.toPickupPointId, pickupPointId), eq(shipments.status, "departed")))
    .orderBy(asc(shipments.id))
    .all();
}

/** One shipment with its parcels, the people at each end and its discrepancies. */
export function getShipment(db: Db, shipmentId: number) {
  const shipment = db
    .select({ ...shipmentColumns, fromPointName: fromPoints.name, fromNameKk: villages.nameKk, fromNameRu: villages.nameRu, fromNameEn: villages.nameEn, departedBy: shipments.departedBy, arrivedBy: shipments.arrivedBy })
    .from(shipments)
    .innerJoin(pickupPoints, eq(pickupPoints.id, shipments.toPickupPointId))
    .innerJoin(villages, eq(villages.id, shipments.fromVillageId))
    .leftJoin(fromPoints, eq(fromPoints.id, shipments.fromPickupPointId))
    .where(eq(shipments.id, shipmentId))
    .get();
  if (!shipment) return null;
  const rows = db
    .select({ orderId: shipmentParcels.orderId, state: shipmentParcels.state, loadedScanAt: shipmentParcels.loadedScanAt, arrivedScanAt: shipmentParcels.arrivedScanAt, code: parcelCodes.code, sellerName: sellers.name })
    .from(shipmentParcels)
    .innerJoin(orders, eq(orders.id, shipmentParcels.orderId))
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .leftJoin(parcelCodes, eq(parcelCodes.orderId, shipmentParcels.orderId))
    .where(eq(shipmentParcels.shipmentId, shipmentId))
    .orderBy(asc(shipmentParcels.orderId))
    .all();
  const weights = weightClasses(db, rows.map((r) => r.orderId));
  const parcels = rows.map((r) => ({ ...r, code: r.code ? formatParcelCode(r.code) : "", weightClass: weights.get(r.orderId) ?? "upTo15kg" }));
  const person = (id: number | null) => (id === null ? null : (db.select({ name: users.displayName, phone: users.phone }).from(users).where(eq(users.id, id)).get() ?? null));
  const discrepancies = db.select().from(shipmentDiscrepancies).where(eq(shipmentDiscrepancies.shipmentId, shipmentId)).orderBy(asc(shipmentDiscrepancies.id)).all();
  return { shipment, parcels, handedOverBy: person(shipment.departedBy), receivedBy: person(shipment.arrivedBy), discrepancies };
}

/**
 * The hub's logistics figures since a day (docs/metrics.md, issue 17 §6): shipments that departed,
 * their parcels, parcels per shipment, trips saved (parcels − shipments), and of those arrived, how
 * many on or before their expected day (Kazakhstan time); the delivery fee per parcel against sending alone.
 */
export function shippingFigures(db: Db, villageId: number, since: Date) {
  const rows = db
    .select({ id: shipments.id, expectedArrivalAt: shipments.expectedArrivalAt, arrivedAt: shipments.arrivedAt })
    .from(shipments)
    .where(and(eq(shipments.fromVillageId, villageId), gte(shipments.departedAt, since)))
    .all();
  const parcels = rows.length
    ? (db.select({ n: count() }).from(shipmentParcels).where(inArray(shipmentParcels.shipmentId, rows.map((r) => r.id))).get()?.n ?? 0)
    : 0;
  const arrived = rows.filter((r) => r.arrivedAt !== null);
  const onTime = arrived.filter(arrivedOnTime).length;
  return {
    shipments: rows.length,
    parcels,
    parcelsPerShipment: rows.length ? Math.round((parcels / rows.length) * 10) / 10 : null,
    tripsSaved: parcels - rows.length,
    arrived: arrived.length,
    onTime,
    costs: parcelCosts(db, rows.map((r) => r.id)),
  };
}
