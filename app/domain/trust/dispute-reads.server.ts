/**
 * What the dispute screens read (issue 16 §4): one order's whole file — both sides' words and
 * photos, the order's message thread, the coordinator's decision and reason, the appeal, the final
 * word — and the admins' queue of every village's disputes with their ages.
 */
import { aliasedTable, and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import { disputeReviewers, disputes, messages, messageThreads, orders, roleGrants, sellers, users, villages } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { orderHeldTiyn } from "../escrow/ledger-reads.server";
import { daysBetween, isConflicted } from "./dispute-rules";
import type { DisputeStep } from "./vocabulary";

function photoList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === "string") : [];
}

/** Who the order's file concerns, for can(): its sides, its village and its reviewer. */
export function disputeAccess(db: Db, orderId: number) {
  const row = db
    .select({ buyerUserId: orders.buyerUserId, sellerUserId: sellers.userId, sellerVillageId: orders.sellerVillageId, reviewerUserId: disputes.reviewerUserId })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .leftJoin(disputes, eq(disputes.orderId, orders.id))
    .where(eq(orders.id, orderId))
    .get();
  return row ? { type: "dispute" as const, ...row } : undefined;
}

/** Whether the order's dispute runs on the ladder (opened since decision 0033). */
export function hasDisputeFile(db: Db, orderId: number): boolean {
  return db.select({ id: disputes.id }).from(disputes).where(eq(disputes.orderId, orderId)).get() !== undefined;
}

/** The whole file of one order, or the facts needed to open one; undefined: no such order. */
export function getDisputeFile(db: Db, orderId: number) {
  const buyer = aliasedTable(users, "buyer");
  const row = db
    .select({ order: orders, sellerName: sellers.name, sellerUserId: sellers.userId, buyerName: buyer.displayName, dispute: disputes })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .innerJoin(buyer, eq(buyer.id, orders.buyerUserId))
    .leftJoin(disputes, eq(disputes.orderId, orders.id))
    .where(eq(orders.id, orderId))
    .get();
  if (!row) return undefined;
  const { order, dispute } = row;
  const thread = db.select({ id: messageThreads.id }).from(messageThreads).where(and(eq(messageThreads.kind, "order"), eq(messageThreads.orderId, orderId))).get();
  const thread_messages = thread
    ? db
        .select({ id: messages.id, senderUserId: messages.senderUserId, body: messages.body, createdAt: messages.createdAt })
        .from(messages)
        .where(eq(messages.threadId, thread.id))
        .orderBy(asc(messages.id))
        .all()
        .map((m) => ({ id: m.id, side: m.senderUserId === order.buyerUserId ? ("buyer" as const) : ("seller" as const), body: m.body, createdAt: m.createdAt }))
    : [];
  return {
    order: {
      id: order.id,
      status: order.status,
      totalTiyn: order.totalTiyn,
      paymentMethod: order.paymentMethod,
      heldTiyn: orderHeldTiyn(db, order.id, order.paymentMethod),
      conflicted: isConflicted(order),
      buyerUserId: order.buyerUserId,
      sellerUserId: row.sellerUserId,
      sellerName: row.sellerName,
      buyerName: row.buyerName,
      deadlineKind: order.deadlineKind,
      deadlineAt: order.deadlineAt,
      flaggedAt: order.flaggedAt,
    },
    dispute: dispute ? { ...dispute, buyerPhotos: photoList(dispute.buyerPhotos), sellerPhotos: photoList(dispute.sellerPhotos) } : null,
    messages: thread_messages,
  };
}

export type DisputeFile = NonNullable<ReturnType<typeof getDisputeFile>>;

export interface QueueFilters {
  step: DisputeStep | null;
  villageId: number | null;
  overdue: boolean;
  /** An appointed reviewer sees the files assigned to them only. */
  reviewerUserId: number | null;
}

/** Every dispute across villages (newest first, 200 at most), with days open and days left at its step. */
export function listDisputeQueue(db: Db, filters: QueueFilters, now: Date) {
  const where: SQL[] = [];
  if (filters.step) where.push(eq(disputes.step, filters.step));
  if (filters.villageId) where.push(eq(disputes.sellerVillageId, filters.villageId));
  if (filters.overdue) where.push(and(isNotNull(orders.deadlineAt), lte(orders.deadlineAt, now)) as SQL);
  if (filters.reviewerUserId !== null) where.push(eq(disputes.reviewerUserId, filters.reviewerUserId));
  const rows = db
    .select({ dispute: disputes, deadlineAt: orders.deadlineAt, totalTiyn: orders.totalTiyn, status: orders.status, village: villages })
    .from(disputes)
    .innerJoin(orders, eq(orders.id, disputes.orderId))
    .innerJoin(villages, eq(villages.id, disputes.sellerVillageId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(disputes.openedAt))
    .limit(200)
    .all();
  return rows.map((r) => ({
    orderId: r.dispute.orderId,
    step: r.dispute.step,
    reason: r.dispute.reason,
    bypass: r.dispute.bypass,
    appealed: r.dispute.appealedBy,
    reviewerUserId: r.dispute.reviewerUserId,
    village: r.village,
    totalTiyn: r.totalTiyn,
    daysOpen: daysBetween(r.dispute.openedAt, r.dispute.closedAt ?? now),
    daysLeft: r.dispute.step !== "closed" && r.deadlineAt ? daysBetween(now, r.deadlineAt) : null,
    overdue: r.dispute.step !== "closed" && r.deadlineAt !== null && r.deadlineAt.getTime() <= now.getTime(),
  }));
}

/** Villages that have disputes, for the queue's filter. */
export function disputeVillages(db: Db) {
  return db.selectDistinct({ village: villages }).from(disputes).innerJoin(villages, eq(villages.id, disputes.sellerVillageId)).all().map((r) => r.village);
}

/** The appointed neutral reviewers, with the villages they coordinate and the files waiting on them. */
export function listReviewers(db: Db) {
  const appointed = db
    .select({ userId: disputeReviewers.userId, name: users.displayName, phone: users.phone })
    .from(disputeReviewers)
    .innerJoin(users, eq(users.id, disputeReviewers.userId))
    .where(isNull(disputeReviewers.revokedAt))
    .orderBy(asc(disputeReviewers.userId))
    .all();
  const grants = db
    .select({ userId: roleGrants.userId, villageId: roleGrants.villageId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, "coordinator"), isNull(roleGrants.revokedAt), inArray(roleGrants.userId, appointed.map((a) => a.userId))))
    .all();
  const waiting = filesWaiting(db);
  return appointed.map((a) => ({
    userId: a.userId,
    name: a.name ?? "",
    phone: a.phone ?? "",
    villageIds: grants.filter((g) => g.userId === a.userId && g.villageId !== null).map((g) => g.villageId as number),
    waiting: waiting.get(a.userId) ?? 0,
  }));
}

/** Whether the person is an appointed neutral reviewer, and how many appeals wait on them (their coordinator home links the queue). */
export function reviewerAppointment(db: Db, userId: number): { waiting: number } | null {
  const appointed = db
    .select({ userId: disputeReviewers.userId })
    .from(disputeReviewers)
    .where(and(eq(disputeReviewers.userId, userId), isNull(disputeReviewers.revokedAt)))
    .get();
  return appointed ? { waiting: filesWaiting(db).get(userId) ?? 0 } : null;
}

/** How many files wait on each reviewer (null: the admins' queue). */
export function filesWaiting(db: Db | Tx): Map<number | null, number> {
  return new Map(
    db
      .select({ userId: disputes.reviewerUserId, n: sql<number>`count(*)` })
      .from(disputes)
      .where(eq(disputes.step, "review"))
      .groupBy(disputes.reviewerUserId)
      .all()
      .map((r) => [r.userId, r.n]),
  );
}
