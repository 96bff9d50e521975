/**
 * The escrow ledger's reads (DESIGN §4, MONEY-01..09; docs/decisions/0008-ledger.md):
 * account balances, a seller's money, the cash a point holds, payouts and the
 * admin's totals. Posting is in ledger-posting.server.ts (through
 * ledger-operations.server.ts), the invariant check in ledger-invariants.server.ts.
 *
 * Accounts are named by code (accounts.ts) and made on first use. A transfer
 * debits one account and credits another with an amount > 0, so every posting
 * balances by construction and Σ(credits − debits) over all accounts is 0.
 * Balances are read on each account's normal side: credits − debits for the
 * liability-like kinds (escrow, payables, commission, fees), debits − credits
 * for the asset-like ones (psp_clearing, point_cash). Nothing is cached: every
 * balance is a sum of transfers (MONEY-09).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { ledgerAccounts, payoutBatches, payoutLines, pickupPoints, sellers } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { ORDER_STATUSES, TERMINAL_STATUSES, type OrderStatus } from "../orders/order-status";
import { ACCOUNT_KINDS, accountKind, escrowAccount, heldAccount, normalBalance, payoutInFlightAccount, pointCashAccount, sellerPayableAccount, sellerReceivableAccount, type AccountKind } from "./accounts";

/** Reads work on the process's connection or inside a caller's transaction. */
export type Reader = Db | Tx;

// ---------------------------------------------------------------------------
// Accounts and balances

/** An account's row id, or undefined while nothing has been posted to it (accounts are made on first use). */
export function accountId(db: Reader, code: string): number | undefined {
  return db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.code, code)).get()?.id;
}

function totalsOf(db: Reader, id: number): { debitsTiyn: number; creditsTiyn: number } {
  const row = db.get<{ debitsTiyn: number; creditsTiyn: number }>(sql`
    SELECT
      (SELECT COALESCE(SUM(amount_tiyn), 0) FROM ledger_transfers WHERE debit_account_id = ${id}) AS debitsTiyn,
      (SELECT COALESCE(SUM(amount_tiyn), 0) FROM ledger_transfers WHERE credit_account_id = ${id}) AS creditsTiyn`);
  return row ?? { debitsTiyn: 0, creditsTiyn: 0 };
}

/** Debits and credits ever posted to an account (0 and 0 for an account never used). */
export function accountTotals(db: Reader, code: string): { debitsTiyn: number; creditsTiyn: number } {
  const id = accountId(db, code);
  return id === undefined ? { debitsTiyn: 0, creditsTiyn: 0 } : totalsOf(db, id);
}

/** An account's balance on its normal side (see the module comment). */
export function accountBalance(db: Reader, code: string): number {
  const { debitsTiyn, creditsTiyn } = accountTotals(db, code);
  return normalBalance(accountKind(code), debitsTiyn, creditsTiyn);
}

export function orderEscrowTiyn(db: Reader, orderId: number): number {
  return accountBalance(db, escrowAccount(orderId));
}

/** What an order's money account holds now: escrow online, the hub's cash-held account for cash. */
export function orderHeldTiyn(db: Reader, orderId: number, paymentMethod: "online" | "cash"): number {
  return accountBalance(db, heldAccount(orderId, paymentMethod));
}

/** Every account of a kind with its balance, in code order. */
export function balancesOfKind(db: Reader, kind: AccountKind): { code: string; balanceTiyn: number }[] {
  const rows = db.all<{ code: string; debitsTiyn: number; creditsTiyn: number }>(sql`
    SELECT a.code AS code,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.debit_account_id = a.id) AS debitsTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id) AS creditsTiyn
    FROM ledger_accounts a WHERE a.kind = ${kind} ORDER BY a.id`);
  return rows.map((r) => ({ code: r.code, balanceTiyn: normalBalance(kind, r.debitsTiyn, r.creditsTiyn) }));
}

// ---------------------------------------------------------------------------
// Readers

const TERMINAL_SQL = sql.join(
  TERMINAL_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

export interface SellerOrderMoney {
  orderId: number;
  totalTiyn: number;
  /** Inside totalTiyn: the buyer's delivery fee, paid to the carriers, never out of the seller's share (issue 17). */
  deliveryTiyn: number;
  status: OrderStatus;
  paymentMethod: "online" | "cash";
  createdAt: Date;
  heldTiyn: number;
  releasedNetTiyn: number;
  feesTiyn: number;
  refundedTiyn: number;
}

export interface SellerMoney {
  heldTiyn: number;
  /** Released to the seller net of fees (a failed payout's return is not counted again). */
  releasedTiyn: number;
  /** Paid out: confirmed by the bank. */
  paidOutTiyn: number;
  /** Sent to the bank in a payout batch, not yet confirmed or failed. */
  inFlightTiyn: number;
  payableTiyn: number;
  /** What the seller owes for returns refunded after a payout (decision 0024), taken from the next payouts. */
  owedTiyn: number;
  orders: SellerOrderMoney[];
}

/** A seller's money, all derived from transfers: held in escrow, released (net), paid out, payable now, and per order (newest first). */
export function sellerMoney(db: Reader, sellerId: number, options: { limit?: number } = {}): SellerMoney {
  const payable = accountTotals(db, sellerPayableAccount(sellerId));
  const inFlight = accountTotals(db, payoutInFlightAccount(sellerId));
  const returnedTiyn =
    db.get<{ n: number }>(sql`
      SELECT COALESCE(SUM(t.amount_tiyn), 0) AS n FROM ledger_transfers t
      JOIN ledger_accounts a ON a.id = t.credit_account_id
      WHERE a.code = ${sellerPayableAccount(sellerId)} AND t.reason = 'payout_failed'`)?.n ?? 0;
  const held =
    db.get<{ n: number }>(sql`
      SELECT COALESCE(SUM(CASE WHEN ca.kind = 'escrow' THEN t.amount_tiyn WHEN da.kind = 'escrow' THEN -t.amount_tiyn ELSE 0 END), 0) AS n
      FROM orders o
      JOIN ledger_transfers t ON t.order_id = o.id
      JOIN ledger_accounts ca ON ca.id = t.credit_account_id
      JOIN ledger_accounts da ON da.id = t.debit_account_id
      WHERE o.seller_id = ${sellerId} AND o.status NOT IN (${TERMINAL_SQL})`)?.n ?? 0;
  const rows = db.all<Omit<SellerOrderMoney, "createdAt"> & { createdAt: number }>(sql`
    SELECT o.id AS orderId, o.total_tiyn AS totalTiyn, o.delivery_tiyn AS deliveryTiyn, o.status AS status, o.payment_method AS paymentMethod, o.created_at AS createdAt,
      COALESCE(SUM(CASE WHEN ca.kind = 'escrow' THEN t.amount_tiyn WHEN da.kind = 'escrow' THEN -t.amount_tiyn ELSE 0 END), 0) AS heldTiyn,
      COALESCE(SUM(CASE WHEN ca.kind = 'seller_payable' THEN t.amount_tiyn ELSE 0 END), 0) AS releasedNetTiyn,
      COALESCE(SUM(CASE WHEN ca.kind IN ('platform_commission', 'coop_fee') THEN t.amount_tiyn ELSE 0 END), 0) AS feesTiyn,
      COALESCE(SUM(CASE WHEN ca.kind = 'refund_payable' THEN t.amount_tiyn ELSE 0 END), 0) AS refundedTiyn
    FROM orders o
    LEFT JOIN ledger_transfers t ON t.order_id = o.id
    LEFT JOIN ledger_accounts ca ON ca.id = t.credit_account_id
    LEFT JOIN ledger_accounts da ON da.id = t.debit_account_id
    WHERE o.seller_id = ${sellerId}
    GROUP BY o.id
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT ${options.limit ?? 100}`);
  return {
    heldTiyn: held,
    releasedTiyn: payable.creditsTiyn - returnedTiyn,
    paidOutTiyn: inFlight.debitsTiyn - returnedTiyn,
    inFlightTiyn: inFlight.creditsTiyn - inFlight.debitsTiyn,
    payableTiyn: payable.creditsTiyn - payable.debitsTiyn,
    owedTiyn: accountBalance(db, sellerReceivableAccount(sellerId)),
    orders: rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
  };
}

/** The cash each pickup point of a village holds for the cooperative (0 for a point with none). */
export function pointCashOwed(db: Reader, villageId: number): { pickupPointId: number; name: string; owedTiyn: number }[] {
  const points = db
    .select({ id: pickupPoints.id, name: pickupPoints.name })
    .from(pickupPoints)
    .where(eq(pickupPoints.villageId, villageId))
    .orderBy(asc(pickupPoints.name), asc(pickupPoints.id))
    .all();
  return points.map((p) => ({ pickupPointId: p.id, name: p.name, owedTiyn: accountBalance(db, pointCashAccount(p.id)) }));
}

export interface PayoutStatement {
  batchId: number;
  sellerId: number;
  createdAt: Date;
  amountTiyn: number;
  /** What the payout pays for: every credit to the seller since their previous payout, with the fees of the same operation. */
  entries: { orderId: number | null; reason: string; netTiyn: number; feesTiyn: number; at: Date }[];
}

/** One seller's part of a payout batch, or null when the seller is not in it. */
export function payoutStatement(db: Reader, sellerId: number, batchId: number): PayoutStatement | null {
  const line = db
    .select({ amountTiyn: payoutLines.amountTiyn, operationId: payoutLines.operationId, createdAt: payoutBatches.createdAt })
    .from(payoutLines)
    .innerJoin(payoutBatches, eq(payoutBatches.id, payoutLines.batchId))
    .where(and(eq(payoutLines.batchId, batchId), eq(payoutLines.sellerId, sellerId)))
    .get();
  if (!line) return null;
  const payableId = accountId(db, sellerPayableAccount(sellerId));
  if (payableId === undefined) return null;
  const payoutTransferId =
    db.get<{ id: number | null }>(sql`SELECT MAX(id) AS id FROM ledger_transfers WHERE operation_id = ${line.operationId} AND debit_account_id = ${payableId}`)?.id ?? null;
  if (payoutTransferId === null) return null;
  const previousId =
    db.get<{ id: number | null }>(sql`SELECT MAX(id) AS id FROM ledger_transfers WHERE debit_account_id = ${payableId} AND reason = 'payout' AND id < ${payoutTransferId}`)?.id ?? 0;
  const entries = db.all<{ orderId: number | null; reason: string; netTiyn: number; feesTiyn: number; at: number }>(sql`
    SELECT t.order_id AS orderId, t.reason AS reason, t.amount_tiyn AS netTiyn, t.at AS at,
      (SELECT COALESCE(SUM(f.amount_tiyn), 0) FROM ledger_transfers f JOIN ledger_accounts fa ON fa.id = f.credit_account_id
        WHERE f.operation_id = t.operation_id AND f.order_id IS t.order_id AND fa.kind IN ('platform_commission', 'coop_fee')) AS feesTiyn
    FROM ledger_transfers t
    WHERE t.credit_account_id = ${payableId} AND t.id > ${previousId} AND t.id < ${payoutTransferId}
    ORDER BY t.id`);
  return { batchId, sellerId, createdAt: line.createdAt, amountTiyn: line.amountTiyn, entries: entries.map((e) => ({ ...e, at: new Date(e.at) })) };
}

/** A seller's payouts, newest first. */
export function listPayouts(db: Reader, sellerId: number, options: { limit?: number } = {}) {
  return db
    .select({ batchId: payoutLines.batchId, amountTiyn: payoutLines.amountTiyn, createdAt: payoutBatches.createdAt })
    .from(payoutLines)
    .innerJoin(payoutBatches, eq(payoutBatches.id, payoutLines.batchId))
    .where(eq(payoutLines.sellerId, sellerId))
    .orderBy(desc(payoutLines.batchId))
    .limit(options.limit ?? 50)
    .all();
}

/** A payout batch with its lines and the sellers' names, or null. */
export function getPayoutBatch(db: Reader, batchId: number) {
  const batch = db.select().from(payoutBatches).where(eq(payoutBatches.id, batchId)).get();
  if (!batch) return null;
  const lines = db
    .select({ sellerId: payoutLines.sellerId, sellerName: sellers.name, amountTiyn: payoutLines.amountTiyn })
    .from(payoutLines)
    .innerJoin(sellers, eq(sellers.id, payoutLines.sellerId))
    .where(eq(payoutLines.batchId, batchId))
    .orderBy(asc(payoutLines.sellerId))
    .all();
  return { batchId: batch.id, createdAt: batch.createdAt, totalTiyn: batch.totalTiyn, lines };
}

/** Σ of balances per account kind, for the admin's overview. */
export function ledgerTotals(db: Reader): { kind: AccountKind; accounts: number; balanceTiyn: number }[] {
  return ACCOUNT_KINDS.map((kind) => {
    const balances = balancesOfKind(db, kind);
    return { kind, accounts: balances.length, balanceTiyn: balances.reduce((sum, b) => sum + b.balanceTiyn, 0) };
  });
}

/**
 * For /metrics: the buyers' money held in escrow right now, from the ledger: Σ of the escrow
 * balances (credits − debits) of the orders that are not finished. A finished order's escrow is
 * zero (MONEY-05, checked by ledger-invariants), so this is every escrow account's balance, found
 * through the (village, status) index instead of a scan of every transfer ever made: its cost
 * grows with the villages and the open orders, not with the history.
 */
export function heldInEscrowTiyn(db: Reader): number {
  const open = sql.join(
    ORDER_STATUSES.filter((s) => !(TERMINAL_STATUSES as readonly string[]).includes(s)).map((s) => sql`${s}`),
    sql`, `,
  );
  const row = db.get<{ heldTiyn: number }>(sql`
    SELECT COALESCE(SUM(
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id)
      - (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.debit_account_id = a.id)), 0) AS heldTiyn
    FROM villages v
    -- CROSS JOIN keeps villages outside: each village's open orders are a range of the index.
    CROSS JOIN orders o ON o.seller_village_id = v.id AND o.status IN (${open})
    JOIN ledger_accounts a ON a.code = 'escrow:order:' || o.id`);
  return row?.heldTiyn ?? 0;
}
