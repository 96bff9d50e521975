/**
 * Completed sales through the real use cases, for the insights tests: a cash
 * order placed, dropped at the hub, sent, arrived and handed over against the
 * buyer's pickup code (which completes it and writes the rollups).
 */
import type { Db } from "../../app/db.server";
import { buyerPickupCode, handOver } from "../../app/domain/orders/handover.server";
import { applyOrderEvent } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { roleGrants } from "../../db/schema";
import { buy, DAY, HOUR } from "./orders";

export interface SaleWorld {
  buyerUserId: number;
  hubUserId: number;
  operatorUserId: number;
  pointId: number;
}

/** A cash order of one listing collected `daysAgo` days before `now`; returns its id. */
export function cashSale(
  db: Db,
  world: SaleWorld,
  sale: { listingId: number; sellerUserId: number; quantity: number; daysAgo: number; buyerUserId?: number },
  now = new Date(),
): number {
  const at = (hours: number) => new Date(now.getTime() - sale.daysAgo * DAY + hours * HOUR);
  const placed = buy(db, { buyerUserId: sale.buyerUserId ?? world.buyerUserId, pickupPointId: world.pointId, lines: [{ listingId: sale.listingId, quantity: sale.quantity }], paymentMethod: "cash" }, at(-6));
  if (!placed.ok) throw new Error(`checkout: ${placed.reason}`);
  const id = placed.orderIds[0]!;
  // An order collected in the seller's own village skips the shipment.
  const sameVillage = getOrder(db, id)!.sameVillage;
  for (const [event, by, actor, hours] of [
    ["drop", "seller", sale.sellerUserId, -5],
    ["receive", "hub", world.hubUserId, -4],
    ...(sameVillage ? [] : ([["send", "hub", world.hubUserId, -3]] as const)),
    ["arrive", "operator", world.operatorUserId, -2],
  ] as const) {
    const result = applyOrderEvent(db, { orderId: id, event, by, actorUserId: actor }, at(hours));
    if (!result.ok) throw new Error(`${event}: ${result.reason}`);
  }
  const order = getOrder(db, id)!;
  const handed = handOver(db, { orderId: id, code: buyerPickupCode(db, order)!, actorUserId: world.operatorUserId, cashTiyn: order.totalTiyn }, at(0));
  if (!handed.ok) throw new Error(`handover: ${handed.reason}`);
  // The hub keeps the cash until the buyer's word (issue 14 §7): the buyer confirms at the counter.
  const confirmed = applyOrderEvent(db, { orderId: id, event: "confirm", by: "buyer", actorUserId: sale.buyerUserId ?? world.buyerUserId }, at(0));
  if (!confirmed.ok) throw new Error(`confirm: ${confirmed.reason}`);
  return id;
}

/** The seller role a shop's person holds once approved (the ledger factories make shops without it). */
export function grantSellerRole(db: Db, userId: number, villageId: number): void {
  db.insert(roleGrants).values({ userId, role: "seller", villageId, grantedAt: new Date() }).run();
}
