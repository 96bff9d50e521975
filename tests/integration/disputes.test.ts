/**
 * The dispute ladder's rules against the real database (issue 16 §4, decision 0033): each step's
 * order and deadline, money moving only when a decision is final (MONEY-01, MONEY-05: one
 * transaction, escrow zero after), the one appeal, the bypass of a conflicted coordinator, the
 * missed answer, the reviewer picked outside the seller's village, disputes lost in reputation.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { writeTransaction } from "../../app/db.server";
import { refundPayableAccount, sellerPayableAccount } from "../../app/domain/escrow/accounts";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { captureEscrow } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance, orderEscrowTiyn } from "../../app/domain/escrow/ledger-reads.server";
import { DAY_MS } from "../../app/domain/orders/deadlines";
import { can } from "../../app/domain/identity/can";
import { disputeAccess, getDisputeFile, listDisputeQueue, reviewerAppointment } from "../../app/domain/trust/dispute-reads.server";
import { answerDispute, appealDispute, appointReviewer, decideDispute, openDispute, reviewDispute, runDueDisputeSteps } from "../../app/domain/trust/disputes.server";
import { getReputation } from "../../app/domain/trust/reputation.server";
import { disputeReviewers, orders, outboxMessages, roleGrants, users } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makeOrder, makePickupPoint, makeSeller, makeUser, makeVillage } from "../support/ledger";

const T = new Date("2026-06-01T10:00:00Z");
const at = (days: number, hours = 0) => new Date(T.getTime() + days * DAY_MS + hours * 3_600_000);
const TOTAL = 2_000_000;

function grant(db: Db, userId: number, role: "coordinator" | "admin", villageId: number | null = null) {
  db.insert(roleGrants).values({ userId, role, villageId, grantedAt: T }).run();
}

function appoint(db: Db, userId: number) {
  const phone = db.select({ phone: users.phone }).from(users).where(eq(users.id, userId)).get()?.phone ?? "";
  expect(appointReviewer(db, { phone, adminUserId: userId }, T)).toEqual({ ok: true });
}

function world(db: Db, coopRateBp = 200) {
  const village = makeVillage(db, "Бесағаш");
  const other = makeVillage(db, "Қарабұлақ");
  const seller = makeSeller(db, village, "Асқар");
  const point = makePickupPoint(db, village);
  const buyer = makeUser(db);
  const coordinator = makeUser(db);
  grant(db, coordinator, "coordinator", village);
  const admin = makeUser(db);
  grant(db, admin, "admin");
  // Appointed for appeals: a coordinator of another village; and one of the seller's village, who must never get a file.
  const reviewer = makeUser(db);
  grant(db, reviewer, "coordinator", other);
  appoint(db, reviewer);
  appoint(db, coordinator);
  const order = makeOrder(db, { buyerUserId: buyer, seller, pickupPointId: point, totalTiyn: TOTAL, status: "picked_up", coopRateBp });
  writeTransaction(db, (tx) => captureEscrow(tx, { key: `capture:${order.orderId}`, orderId: order.orderId, amountTiyn: TOTAL, at: T }));
  return { village, other, seller, buyer, coordinator, admin, reviewer, orderId: order.orderId };
}

type World = ReturnType<typeof world>;

const open = (db: Db, w: World, bypass = false) => openDispute(db, { orderId: w.orderId, buyerUserId: w.buyer, reason: "damaged", text: "Аяғы сынық", bypass, photoHashes: [] }, at(0));
const stepOf = (db: Db, w: World) => getDisputeFile(db, w.orderId)?.dispute?.step;
const orderOf = (db: Db, w: World) => db.select().from(orders).where(eq(orders.id, w.orderId)).get()!;
const smsTo = (db: Db, userId: number) => db.select({ kind: outboxMessages.kind }).from(outboxMessages).where(eq(outboxMessages.userId, userId)).all().map((r) => r.kind);

describe("the dispute ladder", () => {
  it("walks evidence → answer → partial refund → the seller's appeal → a full refund, the money moving only at the final word", () => {
    const db = freshDatabase().db;
    const w = world(db);
    expect(open(db, w)).toEqual({ ok: true });
    expect(orderOf(db, w)).toMatchObject({ status: "disputed", deadlineKind: "dispute_answer" });
    expect(orderOf(db, w).deadlineAt?.getTime()).toBe(at(3).getTime());
    // The seller is texted that they must answer, with the date.
    expect(smsTo(db, w.seller.userId)).toContain("dispute.to_answer");
    // Only the seller answers; the coordinator cannot decide before.
    expect(decideDispute(db, { orderId: w.orderId, deciderUserId: w.coordinator, outcome: "release", refundTiyn: null, reason: "—" }, at(1))).toEqual({ ok: false, reason: "dispute.not_now" });
    expect(answerDispute(db, { orderId: w.orderId, sellerUserId: w.buyer, text: "x", photoHashes: [] }, at(1))).toEqual({ ok: false, reason: "dispute.not_found" });
    expect(answerDispute(db, { orderId: w.orderId, sellerUserId: w.seller.userId, text: "Жақсы күйде бердім", photoHashes: [] }, at(1))).toEqual({ ok: true });
    expect(stepOf(db, w)).toBe("decide");
    expect(orderOf(db, w)).toMatchObject({ deadlineKind: "decide" });
    expect(smsTo(db, w.coordinator)).toContain("dispute.to_decide");

    // A partial refund must be above 0 and below what is held.
    expect(decideDispute(db, { orderId: w.orderId, deciderUserId: w.coordinator, outcome: "partial", refundTiyn: TOTAL, reason: "—" }, at(2))).toEqual({ ok: false, reason: "dispute.refund_invalid" });
    expect(decideDispute(db, { orderId: w.orderId, deciderUserId: w.coordinator, outcome: "partial", refundTiyn: 500_000, reason: "Жөндеуге" }, at(2))).toEqual({ ok: true });
    expect(stepOf(db, w)).toBe("appeal");
    // Nothing moved yet: the decision waits for the appeal window.
    expect(orderEscrowTiyn(db, w.orderId)).toBe(TOTAL);
    expect(smsTo(db, w.buyer)).toContain("dispute.decided");

    expect(appealDispute(db, { orderId: w.orderId, userId: w.seller.userId, text: "Сынық жеткізгенде болды" }, at(3))).toEqual({ ok: true });
    // Once: the buyer cannot appeal too.
    expect(appealDispute(db, { orderId: w.orderId, userId: w.buyer, text: "Мен де" }, at(3))).toEqual({ ok: false, reason: "dispute.not_now" });
    const file = getDisputeFile(db, w.orderId)!;
    // The neutral reviewer is the appointed coordinator of another village, never the seller's own.
    expect(file.dispute).toMatchObject({ step: "review", appealedBy: "seller", reviewerUserId: w.reviewer });
    expect(smsTo(db, w.reviewer)).toContain("dispute.to_review");
    expect(orderOf(db, w)).toMatchObject({ deadlineKind: "review" });

    expect(reviewDispute(db, { orderId: w.orderId, reviewerUserId: w.reviewer, outcome: "refund", refundTiyn: null, reason: "Фото бойынша" }, at(4))).toEqual({ ok: true });
    expect(stepOf(db, w)).toBe("closed");
    expect(orderOf(db, w).status).toBe("refunded");
    expect(orderEscrowTiyn(db, w.orderId)).toBe(0);
    expect(accountBalance(db, refundPayableAccount(w.buyer))).toBe(TOTAL);
    expect(accountBalance(db, sellerPayableAccount(w.seller.sellerId))).toBe(0);
    expect(checkLedgerInvariants(db)).toEqual([]);
    expect(getReputation(db, w.seller.sellerId, at(4))?.disputesLost).toBe(1);
    expect(smsTo(db, w.seller.userId)).toContain("dispute.final");
  });

  it("a decision nobody appeals stands when the window passes: the partial refund splits the escrow, fees on the seller's part", () => {
    const db = freshDatabase().db;
    const w = world(db);
    open(db, w);
    answerDispute(db, { orderId: w.orderId, sellerUserId: w.seller.userId, text: "Жауап", photoHashes: [] }, at(1));
    decideDispute(db, { orderId: w.orderId, deciderUserId: w.coordinator, outcome: "partial", refundTiyn: 500_000, reason: "Жөндеуге" }, at(1));
    expect(runDueDisputeSteps(db, at(5))).toBe(0);
    expect(runDueDisputeSteps(db, at(6, 1))).toBe(1);
    expect(orderOf(db, w).status).toBe("completed");
    expect(accountBalance(db, refundPayableAccount(w.buyer))).toBe(500_000);
    const sellerShare = TOTAL - 500_000;
    expect(accountBalance(db, sellerPayableAccount(w.seller.sellerId))).toBe(sellerShare - Math.floor((sellerShare * 300) / 10_000) - Math.floor((sellerShare * 200) / 10_000));
    expect(checkLedgerInvariants(db)).toEqual([]);
    // Run again: nothing moves twice.
    expect(runDueDisputeSteps(db, at(7))).toBe(0);
  });

  it("a seller who does not answer in 3 days: the file goes to the coordinator without their side", () => {
    const db = freshDatabase().db;
    const w = world(db);
    open(db, w);
    expect(runDueDisputeSteps(db, at(2, 23))).toBe(0);
    expect(stepOf(db, w)).toBe("answer");
    expect(runDueDisputeSteps(db, at(3, 1))).toBe(1);
    const file = getDisputeFile(db, w.orderId)!;
    expect(file.dispute).toMatchObject({ step: "decide", sellerText: null });
    expect(file.dispute?.sellerMissedAt).not.toBeNull();
    expect(smsTo(db, w.coordinator)).toContain("dispute.to_decide");
    expect(answerDispute(db, { orderId: w.orderId, sellerUserId: w.seller.userId, text: "Кеш", photoHashes: [] }, at(4))).toEqual({ ok: false, reason: "dispute.not_now" });
  });

  it("a conflicted coordinator is passed by at the buyer's request: after the answer the neutral reviewer decides, finally", () => {
    const db = freshDatabase().db;
    const w = world(db);
    expect(open(db, w, true)).toEqual({ ok: true });
    answerDispute(db, { orderId: w.orderId, sellerUserId: w.seller.userId, text: "Жауап", photoHashes: [] }, at(1));
    expect(getDisputeFile(db, w.orderId)?.dispute).toMatchObject({ step: "review", bypass: true, reviewerUserId: w.reviewer });
    // The reviewer's coordinator home links the appeal waiting on them; someone not appointed has no such link.
    expect(reviewerAppointment(db, w.reviewer)).toEqual({ waiting: 1 });
    expect(reviewerAppointment(db, w.seller.userId)).toBeNull();
    expect(smsTo(db, w.coordinator)).not.toContain("dispute.to_decide");
    expect(decideDispute(db, { orderId: w.orderId, deciderUserId: w.coordinator, outcome: "release", refundTiyn: null, reason: "—" }, at(2))).toEqual({ ok: false, reason: "dispute.not_now" });
    // The seller's own coordinator may not review it even though appointed.
    const resource = disputeAccess(db, w.orderId)!;
    const actor = (userId: number, grants: { role: "coordinator" | "admin"; villageId: number | null }[]) => ({ userId, grants: grants.map((g) => ({ ...g, regionId: null, pickupPointId: null })) });
    expect(can(actor(w.coordinator, [{ role: "coordinator", villageId: w.village }]), "dispute.review", { ...resource, reviewerUserId: w.coordinator }).ok).toBe(false);
    expect(can(actor(w.reviewer, [{ role: "coordinator", villageId: w.other }]), "dispute.review", resource).ok).toBe(true);
    expect(reviewDispute(db, { orderId: w.orderId, reviewerUserId: w.reviewer, outcome: "release", refundTiyn: null, reason: "Дұрыс" }, at(3))).toEqual({ ok: true });
    expect(orderOf(db, w).status).toBe("completed");
    expect(getReputation(db, w.seller.sellerId, at(3))?.disputesLost).toBe(0);
    expect(checkLedgerInvariants(db)).toEqual([]);
  });

  it("no fee to the cooperative, no bypass; with no reviewer appointed the admins' queue takes the appeal", () => {
    const db = freshDatabase().db;
    const w = world(db, 0);
    expect(open(db, w, true)).toEqual({ ok: false, reason: "dispute.not_conflicted" });
    expect(orderOf(db, w).status).toBe("picked_up");
    db.update(disputeReviewers).set({ revokedAt: T }).run();
    // Appointing someone who coordinates no village is refused.
    const phone = db.select({ phone: users.phone }).from(users).where(eq(users.id, w.buyer)).get()?.phone ?? "";
    expect(appointReviewer(db, { phone, adminUserId: w.admin }, T)).toEqual({ ok: false, reason: "dispute.reviewer_not_coordinator" });
    open(db, w);
    answerDispute(db, { orderId: w.orderId, sellerUserId: w.seller.userId, text: "Жауап", photoHashes: [] }, at(1));
    decideDispute(db, { orderId: w.orderId, deciderUserId: w.coordinator, outcome: "release", refundTiyn: null, reason: "Тауар дұрыс" }, at(1));
    appealDispute(db, { orderId: w.orderId, userId: w.buyer, text: "Келіспеймін" }, at(2));
    expect(getDisputeFile(db, w.orderId)?.dispute).toMatchObject({ step: "review", reviewerUserId: null });
    expect(smsTo(db, w.admin)).toContain("dispute.to_review");
    // The queue: every village's files, filters and ages.
    const queue = listDisputeQueue(db, { step: "review", villageId: w.village, overdue: false, reviewerUserId: null }, at(4));
    expect(queue).toMatchObject([{ orderId: w.orderId, step: "review", daysOpen: 4, daysLeft: 8 }]);
    expect(listDisputeQueue(db, { step: null, villageId: null, overdue: true, reviewerUserId: null }, at(4))).toEqual([]);
    expect(listDisputeQueue(db, { step: null, villageId: null, overdue: true, reviewerUserId: null }, at(13))).toHaveLength(1);
    expect(listDisputeQueue(db, { step: null, villageId: null, overdue: false, reviewerUserId: w.reviewer }, at(4))).toEqual([]);
    // "Return first": the goods go back by the way back; the refund follows on arrival.
    expect(reviewDispute(db, { orderId: w.orderId, reviewerUserId: w.admin, outcome: "return_first", refundTiyn: null, reason: "Қайтарыңыз" }, at(5))).toEqual({ ok: true });
    expect(orderOf(db, w).status).toBe("return_approved");
    expect(orderEscrowTiyn(db, w.orderId)).toBe(TOTAL);
    expect(checkLedgerInvariants(db)).toEqual([]);
  });
});
