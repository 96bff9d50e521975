/**
 * The way back's reads (issue 14 §5–6): when an order was collected, whether its goods may be
 * returned, whether its storage was already extended, and who is told when a step is late.
 * Everything is derived from the order's events and its listings: no column copies it.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { categories, listings, orderEvents, orderItems, roleGrants } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { returnRefusal, returnWindowEnd, type ReturnRefusal } from "./returns";

type Reader = Db | Tx;

function firstEventAt(db: Reader, orderId: number, event: string): Date | null {
  return (
    db
      .select({ at: orderEvents.at })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, event)))
      .orderBy(asc(orderEvents.id))
      .limit(1)
      .get()?.at ?? null
  );
}

/** When the buyer collected the order, or null if they never did. */
export function pickedUpAt(db: Reader, orderId: number): Date | null {
  return firstEventAt(db, orderId, "pickup");
}

/** The buyer extends storage once per order. */
export function storageExtended(db: Reader, orderId: number): boolean {
  return firstEventAt(db, orderId, "extend_storage") !== null;
}

const parents = alias(categories, "parent_categories");

/** Why this order's goods may not be sent back now (returns.ts), or null when they may. */
export function orderReturnRefusal(db: Reader, orderId: number, now: Date): ReturnRefusal | null {
  const goods = db
    .select({ madeToOrder: listings.madeToOrder, unit: listings.unit, categorySlug: categories.slug, parentCategorySlug: parents.slug })
    .from(orderItems)
    .innerJoin(listings, eq(listings.id, orderItems.listingId))
    .innerJoin(categories, eq(categories.id, listings.categoryId))
    .leftJoin(parents, eq(parents.id, categories.parentId))
    .where(eq(orderItems.orderId, orderId))
    .all();
  return returnRefusal({ pickedUpAt: pickedUpAt(db, orderId), now, goods });
}

/** Until when the buyer may still ask for a return (for the order page), or null. */
export function returnOpenUntil(db: Reader, orderId: number, now: Date): Date | null {
  const at = pickedUpAt(db, orderId);
  return at && orderReturnRefusal(db, orderId, now) === null ? returnWindowEnd(at) : null;
}

/** The coordinators of a village (user ids), told when a step of the way back is late. */
export function villageCoordinatorIds(db: Reader, villageId: number): number[] {
  return db
    .select({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(and(eq(roleGrants.villageId, villageId), eq(roleGrants.role, "coordinator"), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.userId))
    .all()
    .map((r) => r.userId);
}
