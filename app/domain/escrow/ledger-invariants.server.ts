/**
 * The escrow ledger's invariants (MONEY-04..06, MONEY-09): checkLedgerInvariants
 * lists every broken one in words, assertLedgerInvariants throws with them.
 * Tests run it after every test; the admin's money page shows it.
 */
import { sql } from "drizzle-orm";
import { ORDER_STATUSES, TERMINAL_STATUSES, type OrderStatus } from "../orders/order-status";
import { NON_NEGATIVE_KINDS, accountKind, normalBalance, type AccountKind } from "./accounts";
import type { Reader } from "./ledger-reads.server";

/** Statuses an online order reaches only once paid: its whole total must have been captured. */
const PAID_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => s !== "pending_payment" && s !== "cancelled");

/**
 * Every broken ledger invariant, in words; empty when the ledger is sound.
 * Tests call it after every test; the admin's money page shows it.
 */
export function checkLedgerInvariants(db: Reader): string[] {
  const problems: string[] = [];

  const bad = db.all<{ id: number; amountTiyn: number }>(
    sql`SELECT id, amount_tiyn AS amountTiyn FROM ledger_transfers WHERE amount_tiyn <= 0 OR debit_account_id = credit_account_id OR amount_tiyn <> CAST(amount_tiyn AS INTEGER)`,
  );
  for (const t of bad) problems.push(`transfer ${t.id} has amount ${t.amountTiyn} or one account on both sides`);

  const accounts = db.all<{ code: string; kind: string; debitsTiyn: number; creditsTiyn: number }>(sql`
    SELECT a.code AS code, a.kind AS kind,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.debit_account_id = a.id) AS debitsTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id) AS creditsTiyn
    FROM ledger_accounts a ORDER BY a.id`);
  let net = 0;
  for (const a of accounts) {
    net += a.creditsTiyn - a.debitsTiyn;
    let kind: AccountKind;
    try {
      kind = accountKind(a.code);
    } catch {
      problems.push(`account ${a.code} is not a ledger account code`);
      continue;
    }
    if (kind !== a.kind) problems.push(`account ${a.code} is recorded as kind ${a.kind}, its code says ${kind}`);
    const balance = normalBalance(kind, a.debitsTiyn, a.creditsTiyn);
    if (NON_NEGATIVE_KINDS.includes(kind) && balance < 0) problems.push(`account ${a.code} is negative: ${balance} tiyn (MONEY-06)`);
  }
  if (net !== 0) problems.push(`the accounts do not sum to zero: Σ(credits − debits) = ${net} tiyn (MONEY-04)`);

  // MONEY-05, per held account (an online order's escrow, a cash order's cash the hub keeps):
  // only captures (cash taken at pickup) come in, only releases (with fees and delivery fees) and refunds go out,
  // all filed under the account's own order.
  const capturedByOrder = new Map<number, number>();
  for (const held of HELD_KINDS) problems.push(...checkHeldAccounts(db, held, capturedByOrder));

  const online = db.all<{ id: number; status: OrderStatus; totalTiyn: number }>(
    sql`SELECT id, status, total_tiyn AS totalTiyn FROM orders WHERE payment_method = 'online'`,
  );
  for (const o of online) {
    const captured = capturedByOrder.get(o.id) ?? 0;
    if (PAID_STATUSES.includes(o.status) && captured !== o.totalTiyn) {
      problems.push(`order ${o.id} is ${o.status} (paid online) but ${captured} of its ${o.totalTiyn} tiyn were captured into escrow`);
    }
  }

  // No money created for a buyer (issue 14 §6): whatever an order refunds, out of escrow or back
  // out of a release after a return, is at most what the buyer paid for it.
  const overRefunded = db.all<{ id: number; totalTiyn: number; refundedTiyn: number }>(sql`
    SELECT o.id AS id, o.total_tiyn AS totalTiyn, SUM(t.amount_tiyn) AS refundedTiyn
    FROM orders o JOIN ledger_transfers t ON t.order_id = o.id JOIN ledger_accounts c ON c.id = t.credit_account_id AND c.kind = 'refund_payable'
    GROUP BY o.id HAVING SUM(t.amount_tiyn) > o.total_tiyn`);
  for (const o of overRefunded) problems.push(`order ${o.id} refunded ${o.refundedTiyn} tiyn, more than its total ${o.totalTiyn}`);

  // MONEY-09: the only copies of ledger sums are the order's cash column and the payout rows.
  const cash = db.all<{ id: number; cachedTiyn: number; ledgerTiyn: number }>(sql`
    SELECT o.id AS id, o.cash_collected_tiyn AS cachedTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit_account_id
        WHERE t.order_id = o.id AND a.kind = 'point_cash') AS ledgerTiyn
    FROM orders o WHERE o.cash_collected_tiyn IS NOT NULL`);
  for (const c of cash) {
    if (c.cachedTiyn !== c.ledgerTiyn) problems.push(`order ${c.id} says ${c.cachedTiyn} tiyn cash was collected; the ledger has ${c.ledgerTiyn} (MONEY-09)`);
  }
  const cashOnline = db.all<{ id: number }>(sql`
    SELECT DISTINCT o.id AS id FROM orders o JOIN ledger_transfers t ON t.order_id = o.id JOIN ledger_accounts a ON a.id = t.debit_account_id
    WHERE a.kind = 'point_cash' AND o.payment_method <> 'cash'`);
  for (const o of cashOnline) problems.push(`order ${o.id} is paid online but has cash recorded at pickup`);

  const batches = db.all<{ id: number; totalTiyn: number; linesTiyn: number }>(sql`
    SELECT b.id AS id, b.total_tiyn AS totalTiyn, COALESCE(SUM(l.amount_tiyn), 0) AS linesTiyn
    FROM payout_batches b LEFT JOIN payout_lines l ON l.batch_id = b.id GROUP BY b.id HAVING b.total_tiyn <> linesTiyn`);
  for (const b of batches) problems.push(`payout batch ${b.id} says ${b.totalTiyn} tiyn; its lines add up to ${b.linesTiyn} (MONEY-09)`);
  const lines = db.all<{ id: number; amountTiyn: number; ledgerTiyn: number }>(sql`
    SELECT l.id AS id, l.amount_tiyn AS amountTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit_account_id
        WHERE t.operation_id = l.operation_id
          AND a.code = CASE WHEN l.lane_id IS NULL THEN 'seller_payable:' || l.seller_id ELSE 'carrier_payable:' || l.lane_id END) AS ledgerTiyn
    FROM payout_lines l`);
  for (const l of lines) {
    if (l.amountTiyn !== l.ledgerTiyn) problems.push(`payout line ${l.id} says ${l.amountTiyn} tiyn; the ledger paid ${l.ledgerTiyn} (MONEY-09)`);
  }

  return problems;
}

/** The per-order accounts that hold a buyer's money until release or refund. */
const HELD_KINDS = [
  { kind: "escrow", label: "escrow", prefix: "escrow:order:", entersBy: "capture", method: "online", what: "a cash order has an escrow account" },
  { kind: "cash_held", label: "held cash", prefix: "cash_held:order:", entersBy: "cash", method: "cash", what: "an online order has a cash-held account" },
] as const;

function checkHeldAccounts(db: Reader, held: (typeof HELD_KINDS)[number], capturedByOrder: Map<number, number>): string[] {
  const problems: string[] = [];
  const rows = db.all<{
    code: string;
    orderId: number | null;
    status: OrderStatus | null;
    paymentMethod: string | null;
    totalTiyn: number | null;
    creditsTiyn: number;
    capturedTiyn: number;
    debitsTiyn: number;
    releasedTiyn: number;
    refundedTiyn: number;
    misfiled: number;
  }>(sql`
    SELECT a.code AS code, o.id AS orderId, o.status AS status, o.payment_method AS paymentMethod, o.total_tiyn AS totalTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id) AS creditsTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id AND t.reason = ${held.entersBy}) AS capturedTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.debit_account_id = a.id) AS debitsTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t JOIN ledger_accounts c ON c.id = t.credit_account_id
        WHERE t.debit_account_id = a.id AND c.kind IN ('seller_payable', 'platform_commission', 'coop_fee', 'carrier_payable')) AS releasedTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t JOIN ledger_accounts c ON c.id = t.credit_account_id
        WHERE t.debit_account_id = a.id AND c.kind = 'refund_payable') AS refundedTiyn,
      (SELECT COUNT(*) FROM ledger_transfers t WHERE (t.debit_account_id = a.id OR t.credit_account_id = a.id) AND t.order_id IS NOT o.id) AS misfiled
    FROM ledger_accounts a
    LEFT JOIN orders o ON o.id = CAST(substr(a.code, ${held.prefix.length + 1}) AS INTEGER)
    WHERE a.kind = ${held.kind}`);
  for (const e of rows) {
    if (e.orderId === null) {
      problems.push(`${e.code} belongs to no order`);
      continue;
    }
    capturedByOrder.set(e.orderId, e.capturedTiyn);
    const heldTiyn = e.creditsTiyn - e.debitsTiyn;
    if (e.paymentMethod !== held.method) problems.push(`${e.code}: ${held.what}`);
    if (e.creditsTiyn !== e.capturedTiyn) problems.push(`${e.code}: ${e.creditsTiyn - e.capturedTiyn} tiyn entered ${held.label} other than by ${held.entersBy}`);
    if (e.debitsTiyn !== e.releasedTiyn + e.refundedTiyn) problems.push(`${e.code}: ${e.debitsTiyn - e.releasedTiyn - e.refundedTiyn} tiyn left ${held.label} other than by release or refund`);
    if (e.capturedTiyn !== e.releasedTiyn + e.refundedTiyn + heldTiyn) {
      problems.push(`${e.code}: captured ${e.capturedTiyn} ≠ released ${e.releasedTiyn} + refunded ${e.refundedTiyn} + held ${heldTiyn} (MONEY-05)`);
    }
    if (e.totalTiyn !== null && e.capturedTiyn > e.totalTiyn) problems.push(`${e.code}: captured ${e.capturedTiyn} is more than the order's total ${e.totalTiyn}`);
    if (e.misfiled > 0) problems.push(`${e.code}: ${e.misfiled} transfers are filed under another order`);
    if (e.status !== null && (TERMINAL_STATUSES as readonly string[]).includes(e.status) && heldTiyn !== 0) {
      problems.push(`order ${e.orderId} is ${e.status} but its ${held.label} holds ${heldTiyn} tiyn (MONEY-05)`);
    }
  }
  return problems;
}

/** Throws with every broken invariant (for scripts and tests that want one line). */
export function assertLedgerInvariants(db: Reader): void {
  const problems = checkLedgerInvariants(db);
  if (problems.length > 0) throw new Error(`ledger invariants broken:\n- ${problems.join("\n- ")}`);
}
