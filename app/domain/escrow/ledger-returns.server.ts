/**
 * Money back for goods returned after the seller was paid (issue 14 §6,
 * docs/decisions/0024-seller-debt-after-returns.md): the release of one order is undone
 * transfer by transfer, and what the seller no longer holds becomes their debt
 * (`seller_receivable:<seller>`), recovered from their next payouts. No balance goes negative
 * and no tiyn is created: the buyer gets back exactly what was released for the order.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db.server";
import { PLATFORM_COMMISSION, coopFeeAccount, refundPayableAccount, sellerPayableAccount, sellerReceivableAccount } from "./accounts";
import { runOperation } from "./ledger-operations.server";
import { accountBalance, type Reader } from "./ledger-reads.server";

/** What one order has put into an account and not taken back: credits − debits filed under the order. */
function orderNetTiyn(db: Reader, code: string, orderId: number): number {
  return (
    db.get<{ n: number }>(sql`
      SELECT
        COALESCE((SELECT SUM(t.amount_tiyn) FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.credit_account_id WHERE a.code = ${code} AND t.order_id = ${orderId}), 0)
      - COALESCE((SELECT SUM(t.amount_tiyn) FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit_account_id WHERE a.code = ${code} AND t.order_id = ${orderId}), 0) AS n`)?.n ?? 0
  );
}

export interface ReleaseUndone {
  orderId: number;
  refundedTiyn: number;
  /** The part the seller's payable balance no longer held: now the seller's debt. */
  sellerDebtTiyn: number;
}

/**
 * Refunds the buyer what was released for an order: the platform's and the cooperative's fees
 * back out of their accounts, the seller's share out of their payable balance and, for what was
 * already paid out, out of a receivable the seller owes. Nothing released: nothing moves.
 */
export function refundAfterRelease(
  tx: Tx,
  input: { key: string; orderId: number; buyerUserId: number; sellerId: number; sellerVillageId: number; at: Date; actorUserId?: number | null },
): { result: ReleaseUndone; replayed: boolean } {
  const request = { orderId: input.orderId, buyerUserId: input.buyerUserId, sellerId: input.sellerId, sellerVillageId: input.sellerVillageId };
  return runOperation(tx, { key: input.key, kind: "return_refund", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    const buyer = refundPayableAccount(input.buyerUserId);
    const payable = sellerPayableAccount(input.sellerId);
    const sellerTiyn = orderNetTiyn(tx, payable, input.orderId);
    const platformTiyn = orderNetTiyn(tx, PLATFORM_COMMISSION, input.orderId);
    const coopTiyn = orderNetTiyn(tx, coopFeeAccount(input.sellerVillageId), input.orderId);
    const fromPayableTiyn = Math.max(0, Math.min(sellerTiyn, ctx.balance(payable)));
    const sellerDebtTiyn = Math.max(0, sellerTiyn - fromPayableTiyn);
    ctx.transfer({ debit: payable, credit: buyer, amountTiyn: fromPayableTiyn, reason: "return_refund" });
    ctx.transfer({ debit: sellerReceivableAccount(input.sellerId), credit: buyer, amountTiyn: sellerDebtTiyn, reason: "seller_debt" });
    ctx.transfer({ debit: PLATFORM_COMMISSION, credit: buyer, amountTiyn: Math.max(0, platformTiyn), reason: "return_refund" });
    ctx.transfer({ debit: coopFeeAccount(input.sellerVillageId), credit: buyer, amountTiyn: Math.max(0, coopTiyn), reason: "return_refund" });
    return { orderId: input.orderId, refundedTiyn: Math.max(0, sellerTiyn) + Math.max(0, platformTiyn) + Math.max(0, coopTiyn), sellerDebtTiyn };
  });
}

/**
 * The payout's one change (decision 0024): before a seller's amount is paid, what they owe is
 * taken out of their payable balance (seller_payable → seller_receivable, under `<key>/debt/<seller>`).
 * Returns the amount left to pay them.
 */
/** What a seller owes now for returns refunded after a payout (seller_receivable). */
export function sellerDebtTiyn(db: Reader, sellerId: number): number {
  return accountBalance(db, sellerReceivableAccount(sellerId));
}

export function payableAfterDebt(tx: Tx, input: { key: string; sellerId: number; payableTiyn: number; at: Date; actorUserId?: number | null }): number {
  const receivable = sellerReceivableAccount(input.sellerId);
  const owedTiyn = accountBalance(tx, receivable);
  const recoveredTiyn = Math.min(owedTiyn, input.payableTiyn);
  if (recoveredTiyn <= 0) return input.payableTiyn;
  runOperation(
    tx,
    { key: `${input.key}/debt/${input.sellerId}`, kind: "debt_recovered", request: { sellerId: input.sellerId, amountTiyn: recoveredTiyn }, actorUserId: input.actorUserId, at: input.at },
    (ctx) => {
      ctx.transfer({ debit: sellerPayableAccount(input.sellerId), credit: receivable, amountTiyn: recoveredTiyn, reason: "debt_recovered", orderId: null });
      return { sellerId: input.sellerId, recoveredTiyn };
    },
  );
  return input.payableTiyn - recoveredTiyn;
}
