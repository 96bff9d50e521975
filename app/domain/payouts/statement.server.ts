/**
 * A seller's monthly statement (issue 15 §3): the month's sales, refunds,
 * platform and cooperative fees and payouts of one shop, all read from the
 * ledger's transfers (MONEY-09), for a page that prints on one A4 sheet.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db.server";
import { payoutInFlightAccount } from "../escrow/accounts";
import { addMonths, almatyDayStart } from "../insights/calendar";

export interface MonthlyStatement {
  month: string;
  /** What buyers paid for goods handed over in the month (net + fees). */
  salesTiyn: number;
  platformFeesTiyn: number;
  coopFeesTiyn: number;
  /** Money given back to buyers of this shop's orders in the month. */
  refundsTiyn: number;
  /** The seller's part after fees, credited to their balance. */
  netTiyn: number;
  /** Confirmed by the bank in the month. */
  paidOutTiyn: number;
  /** Payouts the bank returned in the month (back on the balance). */
  returnedTiyn: number;
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function monthlyStatement(db: Db, sellerId: number, month: string): MonthlyStatement {
  if (!MONTH_PATTERN.test(month)) throw new Error(`not a month: ${month}`);
  const from = almatyDayStart(`${month}-01`).getTime();
  const to = almatyDayStart(`${addMonths(month, 1)}-01`).getTime();
  const inFlight = payoutInFlightAccount(sellerId);
  const rows = db.all<{ reason: string; creditKind: string; n: number }>(sql`
    SELECT t.reason AS reason, ca.kind AS creditKind, SUM(t.amount_tiyn) AS n
    FROM ledger_transfers t
    JOIN ledger_accounts ca ON ca.id = t.credit_account_id
    JOIN ledger_accounts da ON da.id = t.debit_account_id
    LEFT JOIN orders o ON o.id = t.order_id
    WHERE t.at >= ${from} AND t.at < ${to}
      AND (o.seller_id = ${sellerId} OR da.code = ${inFlight})
    GROUP BY t.reason, ca.kind`);
  const sum = (test: (r: { reason: string; creditKind: string }) => boolean) => rows.filter(test).reduce((s, r) => s + r.n, 0);
  const netTiyn = sum((r) => r.creditKind === "seller_payable" && (r.reason === "release" || r.reason === "cash"));
  const platformFeesTiyn = sum((r) => r.reason === "platform_fee");
  const coopFeesTiyn = sum((r) => r.reason === "coop_fee");
  return {
    month,
    salesTiyn: netTiyn + platformFeesTiyn + coopFeesTiyn,
    platformFeesTiyn,
    coopFeesTiyn,
    refundsTiyn: sum((r) => r.creditKind === "refund_payable"),
    netTiyn,
    paidOutTiyn: sum((r) => r.reason === "payout_confirmed"),
    returnedTiyn: sum((r) => r.reason === "payout_failed"),
  };
}
