/**
 * The dispute ladder (issue 16 §4, docs/decisions/0033-dispute-ladder.md). The buyer opens a file
 * with a reason, text and photos; the seller answers within 3 days; the coordinator of the seller's
 * village decides within 10; either side may appeal once within 5 to a neutral reviewer (an admin,
 * or a coordinator of another village an admin appointed), who decides finally within 10. A buyer
 * may pass by a conflicted coordinator: the file then goes from the seller's answer straight to the
 * neutral reviewer. The order stays `disputed` until a decision is final; then the order machine
 * moves the money (one transaction with the file's last step). Each step texts whoever acts next.
 */
import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import { disputeReviewers, disputes, orders, roleGrants, sellers, users } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { formatDate } from "../../i18n/format";
import { formatMoney } from "../../i18n/money";
import { translator } from "../../i18n/translate.server";
import { photosAvailable, unstagePhotos } from "../catalog/photo-staging.server";
import { orderHeldTiyn } from "../escrow/ledger-reads.server";
import { enqueueSms } from "../notify/outbox.server";
import { deadlineSettings } from "../orders/deadline-settings.server";
import { ladderDeadline, type Deadlines } from "../orders/deadlines";
import { applyOrderEventIn, type EventRefusal } from "../orders/order-events.server";
import type { OrderRow } from "../orders/order-views.server";
import { filesWaiting } from "./dispute-reads.server";
import { decisionRefusal, isConflicted, MAX_DISPUTE_PHOTOS, OUTCOME_EVENTS, type AmountRefusal, type OpenInput } from "./dispute-rules";
import type { DisputeOutcome, DisputeSide, DisputeStep } from "./vocabulary";

export type DisputeRefusal =
  | AmountRefusal
  | "dispute.not_found"
  | "dispute.not_now"
  | "dispute.already_open"
  | "dispute.not_conflicted"
  | "dispute.too_many_photos"
  | "dispute.photo_expired"
  | "dispute.reviewer_not_found"
  | "dispute.reviewer_not_coordinator";

export type DisputeResult = { ok: true } | { ok: false; reason: DisputeRefusal | EventRefusal };

type DisputeRow = typeof disputes.$inferSelect;

const REFUSED = (reason: DisputeRefusal) => ({ ok: false, reason }) as const;

/** The buyer opens the file: the order becomes disputed and the seller has 3 days to answer. */
export function openDispute(
  db: Db,
  input: OpenInput & { orderId: number; buyerUserId: number; photoHashes: string[] },
  now: Date,
  deadlines: Deadlines = deadlineSettings(),
): DisputeResult {
  if (input.photoHashes.length > MAX_DISPUTE_PHOTOS) return REFUSED("dispute.too_many_photos");
  return writeTransaction(db, (tx) => {
    const order = tx.select().from(orders).where(and(eq(orders.id, input.orderId), eq(orders.buyerUserId, input.buyerUserId))).get();
    if (!order) return REFUSED("dispute.not_found");
    if (tx.select({ id: disputes.id }).from(disputes).where(eq(disputes.orderId, order.id)).get()) return REFUSED("dispute.already_open");
    if (input.bypass && !isConflicted(order)) return REFUSED("dispute.not_conflicted");
    if (!photosAvailable(tx, input.photoHashes)) return REFUSED("dispute.photo_expired");
    // The machine checks the order was picked up.
    const moved = applyOrderEventIn(tx, { orderId: order.id, event: "dispute", by: "buyer", actorUserId: input.buyerUserId, reason: input.text }, now, deadlines);
    if (!moved.ok) return moved;
    tx.insert(disputes)
      .values({
        orderId: order.id,
        sellerVillageId: order.sellerVillageId,
        step: "answer",
        reason: input.reason,
        bypass: input.bypass,
        buyerText: input.text,
        buyerPhotos: JSON.stringify(input.photoHashes),
        openedAt: now,
        stepStartedAt: now,
      })
      .run();
    unstagePhotos(tx, input.photoHashes);
    // The seller's 3 days to answer replace the order's default dispute deadline; the seller is told the date.
    const deadline = ladderDeadline("dispute_answer", now, deadlines);
    tx.update(orders).set({ deadlineKind: deadline.kind, deadlineAt: deadline.at }).where(eq(orders.id, order.id)).run();
    const sellerUserId = tx.select({ userId: sellers.userId }).from(sellers).where(eq(sellers.id, order.sellerId)).get()?.userId;
    if (sellerUserId !== undefined) tell(tx, sellerUserId, "to_answer", order.id, now, (language) => ({ date: formatDate(deadline.at, language) }));
    return { ok: true } as const;
  });
}

/** The seller's side, within 3 days: the file goes to the coordinator, or to the neutral reviewer when bypassed. */
export function answerDispute(db: Db, input: { orderId: number; sellerUserId: number; text: string; photoHashes: string[] }, now: Date, deadlines: Deadlines = deadlineSettings()): DisputeResult {
  if (input.photoHashes.length > MAX_DISPUTE_PHOTOS) return REFUSED("dispute.too_many_photos");
  return writeTransaction(db, (tx) => {
    const file = loadFile(tx, input.orderId);
    if (!file || file.sellerUserId !== input.sellerUserId) return REFUSED("dispute.not_found");
    if (file.dispute.step !== "answer") return REFUSED("dispute.not_now");
    if (!photosAvailable(tx, input.photoHashes)) return REFUSED("dispute.photo_expired");
    tx.update(disputes).set({ sellerText: input.text, sellerPhotos: JSON.stringify(input.photoHashes), sellerAnsweredAt: now }).where(eq(disputes.id, file.dispute.id)).run();
    unstagePhotos(tx, input.photoHashes);
    afterAnswer(tx, file, now, deadlines);
    return { ok: true } as const;
  });
}

type Decision = { orderId: number; outcome: DisputeOutcome; refundTiyn: number | null; reason: string };

/** A decision at its step, checked against the money held, then `apply` in the same transaction. */
function atDecisionStep(db: Db, input: Decision, step: "decide" | "review", apply: (tx: Tx, file: File) => DisputeResult): DisputeResult {
  return writeTransaction(db, (tx) => {
    const file = loadFile(tx, input.orderId);
    if (!file) return REFUSED("dispute.not_found");
    if (file.dispute.step !== step) return REFUSED("dispute.not_now");
    const refusal = amountRefusal(tx, file.order, input.outcome, input.refundTiyn);
    if (refusal) return REFUSED(refusal);
    return apply(tx, file);
  });
}

/** The coordinator's decision: it stands once the 5-day appeal window passes without an appeal. */
export function decideDispute(db: Db, input: Decision & { deciderUserId: number }, now: Date, deadlines: Deadlines = deadlineSettings()): DisputeResult {
  return atDecisionStep(db, input, "decide", (tx, file) => {
    tx.update(disputes)
      .set({ decision: input.outcome, decisionRefundTiyn: input.outcome === "partial" ? input.refundTiyn : null, decisionReason: input.reason, decidedBy: input.deciderUserId, decidedAt: now })
      .where(eq(disputes.id, file.dispute.id))
      .run();
    const deadline = moveStep(tx, file, "appeal", now, deadlines);
    const vars = (language: "kk" | "ru" | "en") => ({ ...outcomeVars(tx, input.outcome, input.refundTiyn, language), date: formatDate(deadline, language) });
    tell(tx, file.order.buyerUserId, "decided", file.order.id, now, vars);
    tell(tx, file.sellerUserId, "decided", file.order.id, now, vars);
    return { ok: true };
  });
}

/** Either side, once, within the appeal window: the file goes to a neutral reviewer. */
export function appealDispute(db: Db, input: { orderId: number; userId: number; text: string }, now: Date, deadlines: Deadlines = deadlineSettings()): DisputeResult {
  return writeTransaction(db, (tx) => {
    const file = loadFile(tx, input.orderId);
    const side: DisputeSide | null = !file ? null : file.order.buyerUserId === input.userId ? "buyer" : file.sellerUserId === input.userId ? "seller" : null;
    if (!file || !side) return REFUSED("dispute.not_found");
    if (file.dispute.step !== "appeal" || file.dispute.appealedAt) return REFUSED("dispute.not_now");
    tx.update(disputes).set({ appealedBy: side, appealText: input.text, appealedAt: now }).where(eq(disputes.id, file.dispute.id)).run();
    toReviewer(tx, file, now, deadlines);
    return { ok: true } as const;
  });
}

/** The neutral reviewer's final decision: the money moves now. */
export function reviewDispute(db: Db, input: Decision & { reviewerUserId: number }, now: Date, deadlines: Deadlines = deadlineSettings()): DisputeResult {
  return atDecisionStep(db, input, "review", (tx, file) =>
    settle(tx, file, { outcome: input.outcome, refundTiyn: input.refundTiyn, reason: input.reason, byUserId: input.reviewerUserId }, now, deadlines),
  );
}

/**
 * The ladder's deadlines that move the file on by themselves (deadlines.ts, `ladder` outcomes),
 * each in its own transaction; a late coordinator or reviewer is flagged by runDueDeadlines.
 */
export function runDueDisputeSteps(db: Db, now: Date, deadlines: Deadlines = deadlineSettings()): number {
  const due = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(inArray(orders.deadlineKind, ["dispute_answer", "appeal"]), lte(orders.deadlineAt, now)))
    .orderBy(asc(orders.deadlineAt))
    .limit(500)
    .all();
  let moved = 0;
  for (const row of due) {
    const done = writeTransaction(db, (tx) => {
      const order = tx.select().from(orders).where(eq(orders.id, row.id)).get();
      if (!order || order.status !== "disputed" || !order.deadlineAt || order.deadlineAt.getTime() > now.getTime()) return false;
      const file = loadFile(tx, order.id);
      if (!file) {
        // A dispute opened before the ladder existed has no file: its coordinator decides as before.
        const next = ladderDeadline("decide", now, deadlines);
        tx.update(orders).set({ deadlineKind: next.kind, deadlineAt: next.at, updatedAt: now }).where(eq(orders.id, order.id)).run();
        return true;
      }
      if (order.deadlineKind === "dispute_answer" && file.dispute.step === "answer") {
        tx.update(disputes).set({ sellerMissedAt: now }).where(eq(disputes.id, file.dispute.id)).run();
        afterAnswer(tx, file, now, deadlines);
        return true;
      }
      const { decision, decisionRefundTiyn, decisionReason, decidedBy } = file.dispute;
      if (order.deadlineKind === "appeal" && file.dispute.step === "appeal" && decision) {
        const result = settle(tx, file, { outcome: decision, refundTiyn: decisionRefundTiyn, reason: decisionReason ?? "", byUserId: decidedBy }, now, deadlines);
        return result.ok;
      }
      return false;
    });
    if (done) moved++;
  }
  return moved;
}

interface File {
  dispute: DisputeRow;
  order: OrderRow;
  sellerUserId: number;
}

function loadFile(tx: Tx, orderId: number): File | undefined {
  const row = tx
    .select({ dispute: disputes, order: orders, sellerUserId: sellers.userId })
    .from(disputes)
    .innerJoin(orders, eq(orders.id, disputes.orderId))
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .where(eq(disputes.orderId, orderId))
    .get();
  return row ?? undefined;
}

function amountRefusal(tx: Tx, order: OrderRow, outcome: DisputeOutcome, refundTiyn: number | null): AmountRefusal | null {
  return decisionRefusal({ outcome, refundTiyn, heldTiyn: orderHeldTiyn(tx, order.id, order.paymentMethod), cash: order.paymentMethod === "cash" });
}

/** The seller answered or let the time pass: the coordinator decides, or the neutral reviewer when bypassed. */
function afterAnswer(tx: Tx, file: File, now: Date, deadlines: Deadlines): void {
  if (file.dispute.bypass) return toReviewer(tx, file, now, deadlines);
  moveStep(tx, file, "decide", now, deadlines);
  for (const userId of coordinatorIds(tx, file.order.sellerVillageId)) tell(tx, userId, "to_decide", file.order.id, now);
}

/** A neutral reviewer takes the file: the appointed one with the fewest open files, or the admins' queue. */
function toReviewer(tx: Tx, file: File, now: Date, deadlines: Deadlines): void {
  const reviewer = pickReviewer(tx, file);
  tx.update(disputes).set({ reviewerUserId: reviewer }).where(eq(disputes.id, file.dispute.id)).run();
  moveStep(tx, file, "review", now, deadlines);
  for (const userId of reviewer === null ? adminIds(tx) : [reviewer]) tell(tx, userId, "to_review", file.order.id, now);
}

/**
 * Appointed reviewers who coordinate another village and not the seller's, and who are neither
 * side of the order; the one with the fewest files waiting, then the lowest id.
 */
function pickReviewer(tx: Tx, file: File): number | null {
  const appointed = tx.select({ userId: disputeReviewers.userId }).from(disputeReviewers).where(isNull(disputeReviewers.revokedAt)).all().map((r) => r.userId);
  const grants = tx
    .select({ userId: roleGrants.userId, villageId: roleGrants.villageId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, "coordinator"), isNull(roleGrants.revokedAt)))
    .all();
  const village = file.order.sellerVillageId;
  const candidates = appointed.filter(
    (userId) =>
      userId !== file.order.buyerUserId &&
      userId !== file.sellerUserId &&
      grants.some((g) => g.userId === userId && g.villageId !== village) &&
      !grants.some((g) => g.userId === userId && g.villageId === village),
  );
  if (candidates.length === 0) return null;
  const load = filesWaiting(tx);
  return candidates.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0] ?? null;
}

/** The file's new step and the order's one deadline with it; a flag was about the step before. */
function moveStep(tx: Tx, file: File, step: Exclude<DisputeStep, "answer" | "closed">, now: Date, deadlines: Deadlines): Date {
  const deadline = ladderDeadline(step, now, deadlines);
  tx.update(disputes).set({ step, stepStartedAt: now }).where(eq(disputes.id, file.dispute.id)).run();
  tx.update(orders).set({ deadlineKind: deadline.kind, deadlineAt: deadline.at, flaggedAt: null, updatedAt: now }).where(eq(orders.id, file.order.id)).run();
  return deadline.at;
}

/** A final decision: the order machine moves the money, the file closes, both sides are told. */
function settle(
  tx: Tx,
  file: File,
  decision: { outcome: DisputeOutcome; refundTiyn: number | null; reason: string; byUserId: number | null },
  now: Date,
  deadlines: Deadlines,
): DisputeResult {
  const refundTiyn = decision.outcome === "partial" ? decision.refundTiyn : null;
  const moved = applyOrderEventIn(
    tx,
    { orderId: file.order.id, event: OUTCOME_EVENTS[decision.outcome], by: "resolver", actorUserId: decision.byUserId, reason: decision.reason || null, refundTiyn: refundTiyn ?? undefined },
    now,
    deadlines,
  );
  if (!moved.ok) return moved;
  tx.update(disputes)
    .set({ step: "closed", stepStartedAt: now, finalOutcome: decision.outcome, finalRefundTiyn: refundTiyn, finalReason: decision.reason, finalBy: decision.byUserId, closedAt: now })
    .where(eq(disputes.id, file.dispute.id))
    .run();
  const vars = (language: "kk" | "ru" | "en") => outcomeVars(tx, decision.outcome, refundTiyn, language);
  tell(tx, file.order.buyerUserId, "final", file.order.id, now, vars);
  tell(tx, file.sellerUserId, "final", file.order.id, now, vars);
  return { ok: true };
}

function outcomeVars(_tx: Tx, outcome: DisputeOutcome, refundTiyn: number | null, language: "kk" | "ru" | "en") {
  const t = translator(language, "disputes");
  return { outcome: t(`outcome.${outcome}`), amount: refundTiyn ? formatMoney(refundTiyn, language) : "" };
}

function coordinatorIds(tx: Tx, villageId: number): number[] {
  return tx
    .select({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, "coordinator"), eq(roleGrants.villageId, villageId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.userId))
    .all()
    .map((r) => r.userId);
}

function adminIds(tx: Tx): number[] {
  return tx
    .select({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, "admin"), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.userId))
    .all()
    .map((r) => r.userId);
}

/** One SMS, in the reader's language, from locales/<language>/disputes.json `sms.<key>`. */
function tell(tx: Tx, userId: number, key: string, orderId: number, now: Date, vars: (language: "kk" | "ru" | "en") => Record<string, string> = () => ({})): void {
  const user = tx.select({ phone: users.phone, language: users.preferredLanguage, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId)).get();
  if (!user?.phone || user.deletedAt) return;
  const t = translator(user.language, "disputes");
  enqueueSms(tx, { kind: `dispute.${key}`, userId, to: user.phone, language: user.language, text: t(`sms.${key}`, { order: orderId, ...vars(user.language) }) }, now);
}

/** An admin appoints a coordinator (found by phone) as a neutral reviewer of appeals, or appoints them again. */
export function appointReviewer(db: Db, input: { phone: string; adminUserId: number }, now: Date): DisputeResult {
  return writeTransaction(db, (tx) => {
    const user = tx.select({ id: users.id, deletedAt: users.deletedAt }).from(users).where(eq(users.phone, input.phone)).get();
    if (!user || user.deletedAt) return REFUSED("dispute.reviewer_not_found");
    const coordinates = tx.select({ id: roleGrants.id }).from(roleGrants).where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, "coordinator"), isNull(roleGrants.revokedAt))).get();
    if (!coordinates) return REFUSED("dispute.reviewer_not_coordinator");
    tx.insert(disputeReviewers)
      .values({ userId: user.id, appointedBy: input.adminUserId, appointedAt: now })
      .onConflictDoUpdate({ target: disputeReviewers.userId, set: { appointedBy: input.adminUserId, appointedAt: now, revokedAt: null } })
      .run();
    return { ok: true } as const;
  });
}

/** Ends an appointment; files already sent to the reviewer stay theirs (an admin may decide them too). */
export function revokeReviewer(db: Db, input: { userId: number }, now: Date): DisputeResult {
  const done = db.update(disputeReviewers).set({ revokedAt: now }).where(and(eq(disputeReviewers.userId, input.userId), isNull(disputeReviewers.revokedAt))).run();
  return done.changes === 1 ? { ok: true } : REFUSED("dispute.reviewer_not_found");
}
