/**
 * What the order screens read: a buyer's orders, one order with its timeline,
 * a seller's incoming orders, a village hub's parcels, a pickup point's shelf;
 * and the plain reads of one order, its items, events and checkout.
 */
import { and, asc, desc, eq, inArray, isNotNull, like, lte, notInArray, or, sql } from "drizzle-orm";
import { checkouts, ledgerAccounts, ledgerTransfers, orderEvents, orderItems, orders, payments, pickupPoints, sellers, shipmentParcels, shipments, users, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import type { Language } from "../../i18n/config";
import { localized, namesAs } from "../../i18n/localized";
import { orderHeldTiyn } from "../escrow/ledger-reads.server";
import { TERMINAL_STATUSES, type OrderStatus } from "./order-status";

export type OrderRow = typeof orders.$inferSelect;

const listColumns = {
  id: orders.id,
  checkoutId: orders.checkoutId,
  status: orders.status,
  paymentMethod: orders.paymentMethod,
  totalTiyn: orders.totalTiyn,
  deliveryTiyn: orders.deliveryTiyn,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
  deadlineKind: orders.deadlineKind,
  deadlineAt: orders.deadlineAt,
  sameVillage: orders.sameVillage,
  receivedAtHubAt: orders.receivedAtHubAt,
  pickupLockedAt: orders.pickupLockedAt,
  sellerId: orders.sellerId,
  sellerName: sellers.name,
  pickupPointId: orders.pickupPointId,
  pointName: pickupPoints.name,
  pointVillageId: pickupPoints.villageId,
  sellerVillageId: orders.sellerVillageId,
  promisedReadyAt: orders.promisedReadyAt,
  proposedReadyAt: orders.proposedReadyAt,
  extensionAskedAt: orders.extensionAskedAt,
  flaggedAt: orders.flaggedAt,
};

/** Who an order's buyer and seller are (user ids), for can(). */
const accessColumns = {
  buyerUserId: orders.buyerUserId,
  sellerUserId: sellers.userId,
  sellerAssisted: sellers.assistedOrders,
};

export type OrderListRow = Awaited<ReturnType<typeof withItems>>[number];

/** Adds each order's first item title and item count, in one query. */
function withItems<T extends { id: number }>(db: Db, rows: T[]) {
  const ids = rows.map((r) => r.id);
  const items = ids.length
    ? db
        .select({ orderId: orderItems.orderId, title: orderItems.title, language: orderItems.language, quantity: orderItems.quantity })
        .from(orderItems)
        .where(inArray(orderItems.orderId, ids))
        .orderBy(asc(orderItems.id))
        .all()
    : [];
  return rows.map((row) => {
    const mine = items.filter((i) => i.orderId === row.id);
    return {
      ...row,
      firstTitle: mine[0]?.title ?? "",
      firstLanguage: mine[0]?.language ?? "kk",
      itemCount: mine.reduce((n, i) => n + i.quantity, 0),
    };
  });
}

function baseQuery(db: Db) {
  return db
    .select(listColumns)
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(pickupPoints, eq(pickupPoints.id, orders.pickupPointId));
}

export function buyerOrders(db: Db, userId: number, limit = 100) {
  return withItems(db, baseQuery(db).where(eq(orders.buyerUserId, userId)).orderBy(desc(orders.id)).limit(limit).all());
}

/** A seller's orders across their shops, newest first, with the ones that need them on top. */
export function sellerOrders(db: Db, userId: number, limit = 200) {
  const rows = baseQuery(db).where(eq(sellers.userId, userId)).orderBy(desc(orders.id)).limit(limit).all();
  return withItems(db, rows);
}

/**
 * The village hub's work: parcels its sellers must bring or have brought,
 * parcels to send out, parcels coming to its points, locked parcels and
 * disputes about its sellers.
 */
export function hubParcels(db: Db, villageId: number) {
  const active: OrderStatus[] = ["paid", "accepted", "handed_over", "in_transit", "disputed", "ready_for_pickup", "return_requested", "return_approved", "to_return", "return_in_transit"];
  // Its sellers' orders and its points' orders, each found by its own index: a plain OR across the
  // two joined tables read every order ever made (540 ms on the bench's million, issue 17).
  const fromItsSellers = db.select({ id: orders.id }).from(orders).where(and(eq(orders.sellerVillageId, villageId), inArray(orders.status, active)));
  const forItsPoints = db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(pickupPoints, eq(pickupPoints.id, orders.pickupPointId))
    .where(and(eq(pickupPoints.villageId, villageId), inArray(orders.status, active)));
  // The hub's buttons are decided per order by can(), so these rows carry who its people are.
  const rows = db
    .select({ ...listColumns, ...accessColumns })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(pickupPoints, eq(pickupPoints.id, orders.pickupPointId))
    .where(and(inArray(orders.status, active), or(inArray(orders.id, fromItsSellers), inArray(orders.id, forItsPoints))))
    .orderBy(asc(orders.id))
    .limit(500)
    .all();
  const list = withItems(db, rows);
  const fromHere = (o: (typeof list)[number]) => o.sellerVillageId === villageId;
  const toHere = (o: (typeof list)[number]) => o.pointVillageId === villageId;
  // A parcel loaded into a shipment leaves with it (issue 17): it is listed there, not here with a button of its own.
  // So is a return loaded into a shipment back to its hub (decision returns-ride-shipments).
  const received = list.filter((o) => fromHere(o) && o.status === "handed_over" && o.receivedAtHubAt !== null && !o.sameVillage);
  const sendBack = list.filter((o) => toHere(o) && o.status === "to_return");
  const loaded = inLoadingShipment(db, [...received, ...sendBack].map((o) => o.id));
  return {
    toReceive: list.filter((o) => fromHere(o) && (o.status === "accepted" || (o.status === "handed_over" && !o.receivedAtHubAt))),
    toSend: received.filter((o) => !loaded.has(o.id)),
    toShelve: list.filter(
      (o) => toHere(o) && ((o.status === "in_transit") || (o.status === "handed_over" && o.sameVillage && o.receivedAtHubAt !== null)),
    ),
    // A return code locks like a pickup code (five wrong tries at the point).
    locked: list.filter((o) => toHere(o) && (o.status === "ready_for_pickup" || o.status === "return_approved") && o.pickupLockedAt !== null),
    disputes: list.filter((o) => fromHere(o) && o.status === "disputed"),
    // Sellers who asked the coordinator to handle their orders (issue 14 §4): orders to accept or bring.
    assisted: list.filter((o) => fromHere(o) && o.sellerAssisted && (o.status === "paid" || (o.status === "accepted" && !o.receivedAtHubAt))),
    // The way back (issue 14 §5–6): returns its sellers must answer, parcels at its points to send
    // back (or, within the village, to take back to the hub), parcels on their way back to it.
    returnRequests: list.filter((o) => fromHere(o) && o.status === "return_requested"),
    toSendBack: sendBack.filter((o) => !loaded.has(o.id)),
    comingBack: list.filter((o) => fromHere(o) && o.status === "return_in_transit"),
  };
}

/** A pickup point's shelf: parcels waiting for buyers, parcels on their way in, and the way back. */
export function pointParcels(db: Db, pickupPointId: number) {
  const rows = baseQuery(db)
    .where(
      and(
        eq(orders.pickupPointId, pickupPointId),
        or(
          inArray(orders.status, ["ready_for_pickup", "in_transit", "to_return", "return_approved"]),
          and(eq(orders.status, "handed_over"), eq(orders.sameVillage, true), isNotNull(orders.receivedAtHubAt)),
        ),
      ),
    )
    .orderBy(asc(orders.id))
    .limit(500)
    .all();
  const list = withItems(db, rows);
  return {
    ready: list.filter((o) => o.status === "ready_for_pickup"),
    arriving: list.filter((o) => o.status === "in_transit" || o.status === "handed_over"),
    // The way back: returns a buyer will bring (against their return code), parcels to send back.
    returnsExpected: list.filter((o) => o.status === "return_approved"),
    toReturn: list.filter((o) => o.status === "to_return"),
  };
}

/** Which of these orders sit in a shipment still loading: they leave with it, not by a button of their own. */
export function inLoadingShipment(db: Db, orderIds: number[]): Set<number> {
  if (orderIds.length === 0) return new Set();
  return new Set(
    db
      .select({ orderId: shipmentParcels.orderId })
      .from(shipmentParcels)
      .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
      .where(and(eq(shipments.status, "loaded"), inArray(shipmentParcels.orderId, orderIds)))
      .all()
      .map((r) => r.orderId),
  );
}

/** One order with everything its page shows. */
export function orderPage(db: Db, orderId: number, language: Language) {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) return undefined;
  const seller = db
    .select({ id: sellers.id, name: sellers.name, userId: sellers.userId, villageSlug: villages.slug, ...namesAs("village", villages) })
    .from(sellers)
    .innerJoin(villages, eq(villages.id, sellers.villageId))
    .where(eq(sellers.id, order.sellerId))
    .get();
  const items = db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id)).all();
  const events = db
    .select({ id: orderEvents.id, at: orderEvents.at, event: orderEvents.event, fromStatus: orderEvents.fromStatus, toStatus: orderEvents.toStatus, reason: orderEvents.reason, actorUserId: orderEvents.actorUserId })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(asc(orderEvents.id))
    .all();
  const payment = db.select({ status: payments.status }).from(payments).where(eq(payments.checkoutId, order.checkoutId)).get();
  const buyer = db.select({ name: users.displayName }).from(users).where(eq(users.id, order.buyerUserId)).get();
  // What went back to the buyer: every transfer of this order into their refund account.
  const refunded = db
    .select({ tiyn: sql<number>`coalesce(sum(${ledgerTransfers.amountTiyn}), 0)` })
    .from(ledgerTransfers)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerTransfers.creditAccountId))
    .where(and(eq(ledgerTransfers.orderId, orderId), like(ledgerAccounts.code, "refund_payable:%")))
    .get();
  return {
    order,
    items,
    events,
    paymentStatus: payment?.status ?? null,
    refundedTiyn: refunded?.tiyn ?? 0,
    buyerName: buyer?.name ?? null,
    seller: seller
      ? { id: seller.id, name: seller.name ?? "", userId: seller.userId, villageSlug: seller.villageSlug, villageName: localized({ nameKk: seller.villageKk, nameRu: seller.villageRu, nameEn: seller.villageEn }, "name", language) }
      : null,
  };
}

/**
 * Money held past its deadline (issue 14 §2): orders flagged for a person (the hub did not
 * send, the parcel did not arrive, the dispute was not decided) and orders whose deadline
 * passed and the job has not applied yet — oldest first, with what each holds.
 */
export function heldPastDeadline(db: Db, now: Date, limit = 200) {
  const rows = db
    .select({
      id: orders.id,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      totalTiyn: orders.totalTiyn,
      createdAt: orders.createdAt,
      deadlineKind: orders.deadlineKind,
      deadlineAt: orders.deadlineAt,
      flaggedAt: orders.flaggedAt,
      sellerName: sellers.name,
      ...namesAs("village", villages),
    })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(villages, eq(villages.id, orders.sellerVillageId))
    .where(and(notInArray(orders.status, [...TERMINAL_STATUSES]), or(isNotNull(orders.flaggedAt), lte(orders.deadlineAt, now))))
    .orderBy(asc(sql`coalesce(${orders.flaggedAt}, ${orders.deadlineAt})`))
    .limit(limit)
    .all();
  return rows.map((row) => ({ ...row, heldTiyn: orderHeldTiyn(db, row.id, row.paymentMethod), lateSince: row.flaggedAt ?? row.deadlineAt }));
}

/** How many orders of a checkout still wait for the payment's outcome (the return page refreshes until none). */
export function pendingInCheckout(db: Db, checkoutId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(orders)
      .where(and(eq(orders.checkoutId, checkoutId), eq(orders.status, "pending_payment")))
      .get()?.n ?? 0
  );
}

/** What can() needs to decide about an order. */
export function orderAccess(db: Db, orderId: number) {
  return db
    .select({
      id: orders.id,
      buyerUserId: orders.buyerUserId,
      sellerUserId: sellers.userId,
      sellerVillageId: orders.sellerVillageId,
      pickupPointId: orders.pickupPointId,
      pickupVillageId: pickupPoints.villageId,
      sellerAssisted: sellers.assistedOrders,
    })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(pickupPoints, eq(pickupPoints.id, orders.pickupPointId))
    .where(eq(orders.id, orderId))
    .get();
}

export function getOrder(db: Db, orderId: number) {
  return db.select().from(orders).where(eq(orders.id, orderId)).get();
}

export function orderItemsOf(db: Db, orderIds: number[]) {
  if (orderIds.length === 0) return [];
  return db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.id)).all();
}

export function orderTimeline(db: Db, orderId: number) {
  return db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id)).all();
}

export function ordersOfCheckout(db: Db, checkoutId: number) {
  return db.select().from(orders).where(eq(orders.checkoutId, checkoutId)).orderBy(asc(orders.id)).all();
}

export function getCheckout(db: Db, checkoutId: number) {
  return db.select().from(checkouts).where(eq(checkouts.id, checkoutId)).get();
}
