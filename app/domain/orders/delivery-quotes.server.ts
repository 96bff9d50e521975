/**
 * Delivery at checkout (issue 17 §1–2): for each seller's order of the cart, the
 * price and the expected arrival at a pickup point, or why the point cannot
 * take it (no lane, too heavy for the point or the lanes, the point is full).
 * The checkout page shows these for every point offered; checkout charges them.
 */
import { eq } from "drizzle-orm";
import { pickupPoints } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { expectedDropOff, heaviestClass, type RouteLeg } from "../logistics/delivery-route";
import { parcelsBound, pointHubVillageId, quoteDelivery, type DeliveryPoint, type DeliveryRefusal } from "../logistics/lanes.server";
import type { CartGroup } from "./cart.server";
import { DAY_MS } from "./deadlines";

export type CheckoutDeliveryRefusal = DeliveryRefusal | "orders.point_full";

export type GroupDelivery =
  | { sellerId: number; ok: true; sameVillage: boolean; feeTiyn: number; arrivesAt: Date | null; legs: RouteLeg[] }
  | { sellerId: number; ok: false; reason: DeliveryRefusal };

export interface PointDelivery {
  groups: GroupDelivery[];
  feeTiyn: number;
  /** The first reason the point cannot take this cart, if any. */
  refusal: CheckoutDeliveryRefusal | null;
}

export type QuotedPoint = DeliveryPoint & { capacityParcels: number | null };

/** When a group's goods are ready: now, or after the slowest made-to-order line's lead days. */
export function promisedReady(group: CartGroup, now: Date): Date | null {
  const leadDays = Math.max(0, ...group.lines.map((l) => l.leadDays ?? 0));
  return leadDays > 0 ? new Date(now.getTime() + leadDays * DAY_MS) : null;
}

/** Every seller's order of the cart, delivered to this point. */
export function quoteCartDelivery(db: Db | Tx, groups: readonly CartGroup[], point: QuotedPoint, now: Date): PointDelivery {
  const hubVillageId = pointHubVillageId(db, point);
  const quoted: GroupDelivery[] = groups.map((group) => {
    const quote = quoteDelivery(db, {
      fromVillageId: group.villageId,
      point,
      pointHubVillageId: hubVillageId,
      weightClass: heaviestClass(group.lines.map((l) => l.weightClass)),
      dropOffAt: expectedDropOff(now, promisedReady(group, now)),
    });
    return { sellerId: group.sellerId, ...quote };
  });
  const refused = quoted.find((g): g is Extract<GroupDelivery, { ok: false }> => !g.ok);
  const full = point.capacityParcels !== null && parcelsBound(db, point.id) + groups.length > point.capacityParcels;
  return {
    groups: quoted,
    feeTiyn: quoted.reduce((sum, g) => sum + (g.ok ? g.feeTiyn : 0), 0),
    refusal: refused ? refused.reason : full ? "orders.point_full" : null,
  };
}

/** The point's delivery facts by id (open or not). */
export function getQuotedPoint(db: Db | Tx, id: number): (QuotedPoint & { active: boolean; acceptsCash: boolean; storageDays: number }) | undefined {
  return db
    .select({
      id: pickupPoints.id,
      villageId: pickupPoints.villageId,
      settlementCode: pickupPoints.settlementCode,
      maxWeightClass: pickupPoints.maxWeightClass,
      capacityParcels: pickupPoints.capacityParcels,
      active: pickupPoints.active,
      acceptsCash: pickupPoints.acceptsCash,
      storageDays: pickupPoints.storageDays,
    })
    .from(pickupPoints)
    .where(eq(pickupPoints.id, id))
    .get();
}
