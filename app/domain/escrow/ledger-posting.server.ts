/**
 * The escrow ledger's use cases (DESIGN §4, MONEY-01..09; docs/decisions/0008-ledger.md):
 * capture, release, refund, dispute resolution, refunds paid, cash at pickup,
 * cash banked and payout batches, each one idempotent operation
 * (ledger-operations.server.ts). Balances are read in ledger-reads.server.ts.
 *
 * Every function takes the caller's open IMMEDIATE transaction (`Tx`) and is
 * synchronous (DB-04): the caller's order change, order event and these
 * transfers commit or roll back together. A refused operation throws before it
 * writes anything of its own; the caller's transaction then rolls back.
 */
import { asc, eq, sql } from "drizzle-orm";
import { orderLegs, orders, payoutBatches, payoutLines } from "../../../db/schema";
import type { Tx } from "../../db.server";
import {
  PLATFORM_COMMISSION,
  PSP_CLEARING,
  carrierPayableAccount,
  cashHeldAccount,
  coopFeeAccount,
  escrowAccount,
  payoutInFlightAccount,
  pointCashAccount,
  refundPayableAccount,
  sellerPayableAccount,
} from "./accounts";
import { LedgerError, assertPositiveTiyn, operate, runOperation, type PostingContext } from "./ledger-operations.server";
import { accountBalance, accountTotals, balancesOfKind, type Reader } from "./ledger-reads.server";
import { payableAfterDebt, sellerDebtTiyn } from "./ledger-returns.server";
import { assertRateBp, splitAmount, type Split } from "./split";

function getOrder(tx: Reader, orderId: number) {
  const order = tx
    .select({ id: orders.id, paymentMethod: orders.paymentMethod, totalTiyn: orders.totalTiyn, status: orders.status })
    .from(orders)
    .where(eq(orders.id, orderId))
    .get();
  if (!order) throw new LedgerError("ledger.order_not_found", `order ${orderId}`);
  return order;
}

export interface SplitTarget {
  sellerId: number;
  sellerVillageId: number;
  platformRateBp: number;
  coopRateBp: number;
}

/** Pays `amountTiyn` out of `from` to the seller, the platform and the cooperative. */
function postSplit(ctx: PostingContext, from: string, amountTiyn: number, target: SplitTarget, sellerReason: string): Split {
  const split = splitAmount(amountTiyn, { platformBp: target.platformRateBp, coopBp: target.coopRateBp });
  ctx.transfer({ debit: from, credit: sellerPayableAccount(target.sellerId), amountTiyn: split.sellerTiyn, reason: sellerReason });
  ctx.transfer({ debit: from, credit: PLATFORM_COMMISSION, amountTiyn: split.platformFeeTiyn, reason: "platform_fee" });
  ctx.transfer({ debit: from, credit: coopFeeAccount(target.sellerVillageId), amountTiyn: split.coopFeeTiyn, reason: "coop_fee" });
  return split;
}

/**
 * The order's delivery fee, leg by leg, out of `from` to each lane's carrier — first, out of
 * what is released (the buyer paid it for carrying, which was done): commission is taken on
 * the goods only. Pays at most `availableTiyn`. Returns what it paid.
 */
function postDelivery(ctx: PostingContext, tx: Reader, from: string, orderId: number, availableTiyn: number): number {
  const legs = tx.select({ laneId: orderLegs.laneId, feeTiyn: orderLegs.feeTiyn }).from(orderLegs).where(eq(orderLegs.orderId, orderId)).orderBy(asc(orderLegs.leg)).all();
  let paidTiyn = 0;
  for (const leg of legs) {
    const amountTiyn = Math.min(leg.feeTiyn, availableTiyn - paidTiyn);
    if (amountTiyn <= 0) continue;
    ctx.transfer({ debit: from, credit: carrierPayableAccount(leg.laneId), amountTiyn, reason: "delivery_fee" });
    paidTiyn += amountTiyn;
  }
  return paidTiyn;
}

function splitRequest(target: SplitTarget) {
  assertRateBp(target.platformRateBp, "platformRateBp");
  assertRateBp(target.coopRateBp, "coopRateBp");
  return { sellerId: target.sellerId, sellerVillageId: target.sellerVillageId, platformRateBp: target.platformRateBp, coopRateBp: target.coopRateBp };
}

export interface CaptureResult {
  orderId: number;
  capturedTiyn: number;
  escrowTiyn: number;
}

/** The buyer's payment for one online order arrived at the provider: psp_clearing → escrow:order. */
export function captureEscrow(tx: Tx, input: { key: string; orderId: number; amountTiyn: number; at: Date }): { result: CaptureResult; replayed: boolean } {
  return runOperation(tx, { key: input.key, kind: "capture", request: { orderId: input.orderId, amountTiyn: input.amountTiyn }, orderId: input.orderId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const order = getOrder(tx, input.orderId);
    if (order.paymentMethod !== "online") throw new LedgerError("ledger.order_not_online", `order ${order.id} is paid in cash`);
    const escrow = escrowAccount(order.id);
    const before = accountTotals(tx, escrow).creditsTiyn;
    if (before + input.amountTiyn > order.totalTiyn) {
      throw new LedgerError("ledger.capture_exceeds_total", `order ${order.id}: ${before} + ${input.amountTiyn} > ${order.totalTiyn}`);
    }
    ctx.transfer({ debit: PSP_CLEARING, credit: escrow, amountTiyn: input.amountTiyn, reason: "capture" });
    return { orderId: order.id, capturedTiyn: input.amountTiyn, escrowTiyn: ctx.balance(escrow) };
  });
}

export interface ReleaseResult extends Split {
  orderId: number;
  releasedTiyn: number;
}

/** Where the order's money waits: escrow, or for a cash order the hub's cash-held account (issue 14 §7). */
const holding = (orderId: number, cash: boolean | undefined) => (cash ? cashHeldAccount(orderId) : escrowAccount(orderId));

/**
 * The buyer has the goods: the whole escrow (or a cash order's held cash, `cash`) goes to the
 * seller, net of the platform's and the cooperative's fees.
 */
export function releaseEscrow(
  tx: Tx,
  input: SplitTarget & { key: string; orderId: number; at: Date; actorUserId?: number | null; cash?: boolean },
): { result: ReleaseResult; replayed: boolean } {
  const request = { orderId: input.orderId, ...splitRequest(input) };
  return runOperation(tx, { key: input.key, kind: "release", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    const escrow = holding(input.orderId, input.cash);
    const heldTiyn = ctx.balance(escrow);
    if (heldTiyn <= 0) throw new LedgerError("ledger.escrow_empty", `order ${input.orderId} holds nothing to release`);
    const deliveryTiyn = postDelivery(ctx, tx, escrow, input.orderId, heldTiyn);
    const split = postSplit(ctx, escrow, heldTiyn - deliveryTiyn, input, input.cash ? "cash" : "release");
    return { orderId: input.orderId, releasedTiyn: heldTiyn, ...split };
  });
}

export interface RefundResult {
  orderId: number;
  refundedTiyn: number;
  escrowTiyn: number;
}

/** Money back to the buyer out of escrow (full refund: the whole balance): escrow → refund_payable:buyer. */
export function refundEscrow(
  tx: Tx,
  input: { key: string; orderId: number; buyerUserId: number; amountTiyn: number; at: Date; actorUserId?: number | null; cash?: boolean },
): { result: RefundResult; replayed: boolean } {
  const request = { orderId: input.orderId, buyerUserId: input.buyerUserId, amountTiyn: input.amountTiyn };
  return runOperation(tx, { key: input.key, kind: "refund", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const escrow = holding(input.orderId, input.cash);
    const heldTiyn = ctx.balance(escrow);
    if (input.amountTiyn > heldTiyn) throw new LedgerError("ledger.refund_exceeds_escrow", `order ${input.orderId}: ${input.amountTiyn} > ${heldTiyn} held`);
    ctx.transfer({ debit: escrow, credit: refundPayableAccount(input.buyerUserId), amountTiyn: input.amountTiyn, reason: "refund" });
    return { orderId: input.orderId, refundedTiyn: input.amountTiyn, escrowTiyn: ctx.balance(escrow) };
  });
}

export interface ResolveResult extends Split {
  orderId: number;
  refundedTiyn: number;
  releasedTiyn: number;
}

/**
 * A coordinator's decision on a dispute: `refundTiyn` back to the buyer, the
 * rest released to the seller with fees on the released part only. Leaves the
 * escrow at 0. refundTiyn = 0 is a plain release, = the balance a full refund.
 */
export function resolveEscrow(
  tx: Tx,
  input: SplitTarget & { key: string; orderId: number; buyerUserId: number; refundTiyn: number; at: Date; actorUserId?: number | null; cash?: boolean },
): { result: ResolveResult; replayed: boolean } {
  const request = { orderId: input.orderId, buyerUserId: input.buyerUserId, refundTiyn: input.refundTiyn, ...splitRequest(input) };
  return runOperation(tx, { key: input.key, kind: "resolve", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    if (!Number.isSafeInteger(input.refundTiyn) || input.refundTiyn < 0) {
      throw new LedgerError("ledger.amount_invalid", `refundTiyn must be a non-negative integer, got ${String(input.refundTiyn)}`);
    }
    const escrow = holding(input.orderId, input.cash);
    const heldTiyn = ctx.balance(escrow);
    if (heldTiyn <= 0) throw new LedgerError("ledger.escrow_empty", `order ${input.orderId} holds nothing to resolve`);
    if (input.refundTiyn > heldTiyn) throw new LedgerError("ledger.refund_exceeds_escrow", `order ${input.orderId}: ${input.refundTiyn} > ${heldTiyn} held`);
    ctx.transfer({ debit: escrow, credit: refundPayableAccount(input.buyerUserId), amountTiyn: input.refundTiyn, reason: "refund" });
    const releasedTiyn = heldTiyn - input.refundTiyn;
    const deliveryTiyn = postDelivery(ctx, tx, escrow, input.orderId, releasedTiyn);
    const split = postSplit(ctx, escrow, releasedTiyn - deliveryTiyn, input, input.cash ? "cash" : "release");
    return { orderId: input.orderId, refundedTiyn: input.refundTiyn, releasedTiyn, ...split };
  });
}

/** The provider has paid a refund back to the buyer: refund_payable:buyer → psp_clearing. */
export function settleRefund(
  tx: Tx,
  input: { key: string; buyerUserId: number; amountTiyn: number; at: Date; actorUserId?: number | null },
): { result: { buyerUserId: number; paidTiyn: number; stillOwedTiyn: number }; replayed: boolean } {
  const request = { buyerUserId: input.buyerUserId, amountTiyn: input.amountTiyn };
  return runOperation(tx, { key: input.key, kind: "refund_paid", request, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const payable = refundPayableAccount(input.buyerUserId);
    const owedTiyn = ctx.balance(payable);
    if (input.amountTiyn > owedTiyn) throw new LedgerError("ledger.refund_exceeds_payable", `buyer ${input.buyerUserId}: ${input.amountTiyn} > ${owedTiyn} owed`);
    ctx.transfer({ debit: payable, credit: PSP_CLEARING, amountTiyn: input.amountTiyn, reason: "refund_paid" });
    return { buyerUserId: input.buyerUserId, paidTiyn: input.amountTiyn, stillOwedTiyn: ctx.balance(payable) };
  });
}

export interface CashResult {
  orderId: number;
  pickupPointId: number;
  collectedTiyn: number;
}

/**
 * A cash order was paid at handover: the point now holds the cash (point_cash debited, an
 * asset), and the ledger holds it for the order (cash_held:order, issue 14 §7) until the
 * inspection window has passed or a dispute is settled — then it is released like escrow.
 */
export function recordCashAtPickup(
  tx: Tx,
  input: { key: string; orderId: number; pickupPointId: number; amountTiyn: number; at: Date; actorUserId?: number | null },
): { result: CashResult; replayed: boolean } {
  const request = { orderId: input.orderId, pickupPointId: input.pickupPointId, amountTiyn: input.amountTiyn };
  return runOperation(tx, { key: input.key, kind: "cash", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const order = getOrder(tx, input.orderId);
    if (order.paymentMethod !== "cash") throw new LedgerError("ledger.order_not_cash", `order ${order.id} is paid online`);
    if (orderCashTiyn(tx, order.id) > 0) throw new LedgerError("ledger.cash_already_recorded", `order ${order.id}`);
    if (input.amountTiyn > order.totalTiyn) throw new LedgerError("ledger.capture_exceeds_total", `order ${order.id}: ${input.amountTiyn} > ${order.totalTiyn}`);
    ctx.transfer({ debit: pointCashAccount(input.pickupPointId), credit: cashHeldAccount(order.id), amountTiyn: input.amountTiyn, reason: "cash" });
    return { orderId: order.id, pickupPointId: input.pickupPointId, collectedTiyn: input.amountTiyn };
  });
}

/**
 * A cash buyer's refund handed back from the point's cash (the hub kept it for this): the
 * refund owed is paid, point_cash credited. Keyed `settle:<refund key>` like a provider's
 * refund, so the refund run never pays it twice. When the point has already banked the cash,
 * the refund stays owed and shows on the admin's money page.
 */
export function refundCashAtPoint(
  tx: Tx,
  input: { refundKey: string; orderId: number; buyerUserId: number; pickupPointId: number; amountTiyn: number; at: Date; actorUserId?: number | null },
): boolean {
  const cash = pointCashAccount(input.pickupPointId);
  if (accountBalance(tx, cash) < input.amountTiyn) return false;
  const request = { buyerUserId: input.buyerUserId, pickupPointId: input.pickupPointId, amountTiyn: input.amountTiyn };
  runOperation(tx, { key: `settle:${input.refundKey}`, kind: "refund_paid", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    ctx.transfer({ debit: refundPayableAccount(input.buyerUserId), credit: cash, amountTiyn: input.amountTiyn, reason: "refund_paid" });
    return request;
  });
  return true;
}

/** Cash recorded at pickup for one order (point_cash debits carrying the order). */
function orderCashTiyn(db: Reader, orderId: number): number {
  return (
    db.get<{ n: number }>(sql`
      SELECT COALESCE(SUM(t.amount_tiyn), 0) AS n FROM ledger_transfers t
      JOIN ledger_accounts a ON a.id = t.debit_account_id
      WHERE t.order_id = ${orderId} AND a.kind = 'point_cash'`)?.n ?? 0
  );
}

/**
 * The cooperative collected a point's cash and paid it into the platform's
 * settlement account at the payment organisation: psp_clearing debited (asset
 * up), point_cash credited (asset down). Payouts then go out of psp_clearing
 * like any other money.
 */
export function settlePointCash(
  tx: Tx,
  input: { key: string; pickupPointId: number; amountTiyn: number; at: Date; actorUserId?: number | null },
): { result: { pickupPointId: number; bankedTiyn: number; stillOwedTiyn: number }; replayed: boolean } {
  const request = { pickupPointId: input.pickupPointId, amountTiyn: input.amountTiyn };
  return runOperation(tx, { key: input.key, kind: "cash_banked", request, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const cash = pointCashAccount(input.pickupPointId);
    const owedTiyn = ctx.balance(cash);
    if (input.amountTiyn > owedTiyn) throw new LedgerError("ledger.cash_exceeds_owed", `point ${input.pickupPointId}: ${input.amountTiyn} > ${owedTiyn} owed`);
    ctx.transfer({ debit: PSP_CLEARING, credit: cash, amountTiyn: input.amountTiyn, reason: "cash_banked" });
    return { pickupPointId: input.pickupPointId, bankedTiyn: input.amountTiyn, stillOwedTiyn: ctx.balance(cash) };
  });
}

export interface PayoutBatchResult {
  /** null when no seller had enough to pay: no batch is made. */
  batchId: number | null;
  totalTiyn: number;
  lines: { sellerId: number; amountTiyn: number }[];
}

/**
 * What one seller is paid in a batch: their payable balance less what they owe for returns
 * refunded after an earlier payout (seller_receivable, decision 0024). The one place a
 * payout's amount is decided; createPayoutBatch posts the netting it assumes.
 */
export function payoutAmountTiyn(tx: Reader, sellerId: number, payableTiyn: number): number {
  return payableTiyn - Math.min(Math.max(0, sellerDebtTiyn(tx, sellerId)), payableTiyn);
}

/**
 * Prepares a payout to every seller whose payout amount is at least
 * `minimumTiyn` (default 1) and, when `sellerIds` is given, who is in it (the
 * sellers with a payout destination): one payout line and one operation
 * (`<key>/seller/<id>`) per seller, seller_payable → payout_in_flight. The
 * money is paid out only when the bank confirms (payouts/payout-batches.server.ts).
 */
export function createPayoutBatch(
  tx: Tx,
  input: { key: string; at: Date; actorUserId?: number | null; minimumTiyn?: number; sellerIds?: readonly number[] },
): { result: PayoutBatchResult; replayed: boolean } {
  const minimumTiyn = input.minimumTiyn ?? 1;
  const allowed = input.sellerIds ? new Set(input.sellerIds) : null;
  const request = { minimumTiyn, sellerIds: input.sellerIds ? [...input.sellerIds].sort((a, b) => a - b) : undefined };
  return runOperation(tx, { key: input.key, kind: "payout_batch", request, actorUserId: input.actorUserId, at: input.at }, () => {
    assertPositiveTiyn(minimumTiyn, "minimumTiyn");
    const due = balancesOfKind(tx, "seller_payable")
      .map((a) => ({ sellerId: Number(a.code.slice("seller_payable:".length)), payableTiyn: a.balanceTiyn }))
      .filter((a) => !allowed || allowed.has(a.sellerId))
      .map((a) => {
        const amountTiyn = payoutAmountTiyn(tx, a.sellerId, a.payableTiyn);
        // What a seller owes for returns refunded after an earlier payout is recovered first (decision 0024):
        // seller_payable → seller_receivable, so the batch pays only the rest.
        if (amountTiyn < a.payableTiyn) {
          const left = payableAfterDebt(tx, { key: input.key, sellerId: a.sellerId, payableTiyn: a.payableTiyn, at: input.at, actorUserId: input.actorUserId });
          if (left !== amountTiyn) throw new Error(`seller ${a.sellerId}: debt netting ${left} ≠ ${amountTiyn}`);
        }
        return { sellerId: a.sellerId, amountTiyn };
      })
      .filter((a) => a.amountTiyn >= minimumTiyn)
      .sort((a, b) => a.sellerId - b.sellerId);
    if (due.length === 0) return { batchId: null, totalTiyn: 0, lines: [] };
    const totalTiyn = due.reduce((sum, line) => sum + line.amountTiyn, 0);
    const batchId = tx
      .insert(payoutBatches)
      .values({ createdBy: input.actorUserId ?? null, createdAt: input.at, totalTiyn })
      .returning({ id: payoutBatches.id })
      .get().id;
    for (const line of due) {
      const payable = sellerPayableAccount(line.sellerId);
      const { operationId } = operate(
        tx,
        { key: `${input.key}/seller/${line.sellerId}`, kind: "payout", request: { batchId, sellerId: line.sellerId, amountTiyn: line.amountTiyn }, actorUserId: input.actorUserId, at: input.at },
        (ctx) => {
          ctx.transfer({ debit: payable, credit: payoutInFlightAccount(line.sellerId), amountTiyn: line.amountTiyn, reason: "payout", orderId: null });
          return { batchId, sellerId: line.sellerId, amountTiyn: line.amountTiyn };
        },
      );
      if (operationId === null) throw new Error("a payout operation must have a row");
      tx.insert(payoutLines).values({ batchId, sellerId: line.sellerId, amountTiyn: line.amountTiyn, operationId }).run();
    }
    return { batchId, totalTiyn, lines: due };
  });
}

/**
 * The bank's word on one payout line: `confirmed` books it paid out
 * (payout_in_flight → psp_clearing: the money left the platform's account),
 * `failed` gives it back to the seller's balance (payout_in_flight → seller_payable).
 */
export function settlePayoutLine(
  tx: Tx,
  input: { key: string; sellerId: number; amountTiyn: number; outcome: "confirmed" | "failed"; at: Date; actorUserId?: number | null },
): { result: { sellerId: number; amountTiyn: number; outcome: "confirmed" | "failed" }; replayed: boolean } {
  const request = { sellerId: input.sellerId, amountTiyn: input.amountTiyn, outcome: input.outcome };
  return runOperation(tx, { key: input.key, kind: `payout_${input.outcome}`, request, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const inFlight = payoutInFlightAccount(input.sellerId);
    const credit = input.outcome === "confirmed" ? PSP_CLEARING : sellerPayableAccount(input.sellerId);
    ctx.transfer({ debit: inFlight, credit, amountTiyn: input.amountTiyn, reason: input.outcome === "confirmed" ? "payout_confirmed" : "payout_failed", orderId: null });
    return { sellerId: input.sellerId, amountTiyn: input.amountTiyn, outcome: input.outcome };
  });
}
