/**
 * The escrow ledger (DESIGN §4, MONEY-01..09; docs/decisions/0008-ledger.md).
 *
 * Accounts are named by code (accounts.ts) and made on first use. A transfer
 * debits one account and credits another with an amount > 0, so every posting
 * balances by construction and Σ(credits − debits) over all accounts is 0.
 * Balances are read on each account's normal side: credits − debits for the
 * liability-like kinds (escrow, payables, commission, fees), debits − credits
 * for the asset-like ones (psp_clearing, point_cash). Nothing is cached: every
 * balance is a sum of transfers (MONEY-09).
 *
 * Every money movement is one *operation* under an idempotency key
 * (MONEY-07): the same key and payload replays the stored result and posts
 * nothing; the same key with another payload throws IdempotencyConflictError.
 * ledger_operations is append-only, so the result is computed first and the
 * operation row written once, with its transfers, at the end.
 *
 * Every function takes the caller's open IMMEDIATE transaction (`Tx`) and is
 * synchronous (DB-04): the caller's order change, order event and these
 * transfers commit or roll back together. A refused operation throws before it
 * writes anything of its own; the caller's transaction then rolls back.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { ledgerAccounts, ledgerOperations, ledgerTransfers, orders, payoutBatches, payoutLines, pickupPoints, sellers } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { TERMINAL_STATUSES, type OrderStatus } from "../orders/order-status";
import {
  ACCOUNT_KINDS,
  NON_NEGATIVE_KINDS,
  PLATFORM_COMMISSION,
  PSP_CLEARING,
  accountKind,
  coopFeeAccount,
  escrowAccount,
  isAsset,
  normalBalance,
  pointCashAccount,
  refundPayableAccount,
  sellerPayableAccount,
  type AccountKind,
} from "./accounts";
import { assertRateBp, splitAmount, type Split } from "./split";

export { commissionRates, setCommissionRates } from "./commission.server";
export { splitAmount } from "./split";

/** Reads work on the process's connection or inside a caller's transaction. */
export type Reader = Db | Tx;

// ---------------------------------------------------------------------------
// Errors

/** The same idempotency key came back with a different request: routes answer 409. */
export class IdempotencyConflictError extends Error {
  readonly code = "money.idempotency_conflict";
  constructor(readonly key: string) {
    super(`idempotency key ${key} was already used for a different request`);
    this.name = "IdempotencyConflictError";
  }
}

export type LedgerRefusal =
  | "ledger.amount_invalid"
  | "ledger.balance_negative"
  | "ledger.escrow_empty"
  | "ledger.refund_exceeds_escrow"
  | "ledger.refund_exceeds_payable"
  | "ledger.cash_exceeds_owed"
  | "ledger.cash_already_recorded"
  | "ledger.capture_exceeds_total"
  | "ledger.order_not_found"
  | "ledger.order_not_online"
  | "ledger.order_not_cash";

/**
 * A money movement the ledger refuses: a broken precondition on the caller's
 * side (the order machine should never ask for it), so it throws and the
 * caller's transaction rolls back (STYLE: fail loudly on a broken invariant).
 */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerRefusal,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "LedgerError";
  }
}

// ---------------------------------------------------------------------------
// Accounts and balances

function accountId(db: Reader, code: string): number | undefined {
  return db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.code, code)).get()?.id;
}

function ensureAccount(tx: Tx, code: string, at: Date): number {
  const existing = accountId(tx, code);
  if (existing !== undefined) return existing;
  return tx.insert(ledgerAccounts).values({ code, kind: accountKind(code), createdAt: at }).returning({ id: ledgerAccounts.id }).get().id;
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

/** Every account of a kind with its balance, in code order. */
function balancesOfKind(db: Reader, kind: AccountKind): { code: string; balanceTiyn: number }[] {
  const rows = db.all<{ code: string; debitsTiyn: number; creditsTiyn: number }>(sql`
    SELECT a.code AS code,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.debit_account_id = a.id) AS debitsTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id) AS creditsTiyn
    FROM ledger_accounts a WHERE a.kind = ${kind} ORDER BY a.id`);
  return rows.map((r) => ({ code: r.code, balanceTiyn: normalBalance(kind, r.debitsTiyn, r.creditsTiyn) }));
}

// ---------------------------------------------------------------------------
// Operations

export interface OperationInput {
  key: string;
  kind: string;
  /** What makes two requests "the same": hashed with `kind` (MONEY-07). Dates and actors stay out. */
  request: unknown;
  orderId?: number | null;
  actorUserId?: number | null;
  at: Date;
}

export interface TransferInput {
  debit: string;
  credit: string;
  amountTiyn: number;
  /** A short code: capture, release, platform_fee, coop_fee, refund, refund_paid, cash, cash_banked, payout. */
  reason: string;
  /** Defaults to the operation's order. */
  orderId?: number | null;
}

export interface PostingContext {
  readonly key: string;
  readonly at: Date;
  /** An account's balance including the transfers this operation has planned so far. */
  balance(code: string): number;
  /** Plans a transfer; a zero amount is skipped (a 0 % fee), a negative or fractional one throws. */
  transfer(transfer: TransferInput): void;
}

/** Sorted keys, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(kind: string, request: unknown): string {
  return createHash("sha256").update(canonicalJson({ kind, request })).digest("hex");
}

function assertPositiveTiyn(amountTiyn: number, what: string): void {
  if (!Number.isSafeInteger(amountTiyn) || amountTiyn <= 0) {
    throw new LedgerError("ledger.amount_invalid", `${what} must be a positive integer number of tiyn, got ${String(amountTiyn)}`);
  }
}

function operate<T>(tx: Tx, op: OperationInput, post: (ctx: PostingContext) => T): { result: T; replayed: boolean; operationId: number | null } {
  if (op.key.length === 0 || op.key.length > 200) throw new LedgerError("ledger.amount_invalid", "an idempotency key is 1 to 200 characters");
  const hash = requestHash(op.kind, op.request);
  const existing = tx
    .select({ id: ledgerOperations.id, requestHash: ledgerOperations.requestHash, result: ledgerOperations.result })
    .from(ledgerOperations)
    .where(eq(ledgerOperations.idempotencyKey, op.key))
    .get();
  if (existing) {
    if (existing.requestHash !== hash) throw new IdempotencyConflictError(op.key);
    return { result: JSON.parse(existing.result) as T, replayed: true, operationId: existing.id };
  }

  const planned: (TransferInput & { orderId: number | null })[] = [];
  // Planned movement per account, on the account's normal side.
  const delta = new Map<string, number>();
  const move = (code: string, side: "debit" | "credit", amountTiyn: number) => {
    const grows = isAsset(accountKind(code)) === (side === "debit");
    delta.set(code, (delta.get(code) ?? 0) + (grows ? amountTiyn : -amountTiyn));
  };
  const ctx: PostingContext = {
    key: op.key,
    at: op.at,
    balance: (code) => accountBalance(tx, code) + (delta.get(code) ?? 0),
    transfer: (t) => {
      if (t.amountTiyn === 0) return;
      assertPositiveTiyn(t.amountTiyn, `transfer ${t.reason}`);
      if (t.debit === t.credit) throw new Error(`transfer ${t.reason} debits and credits the same account ${t.debit}`);
      accountKind(t.debit);
      accountKind(t.credit);
      planned.push({ ...t, orderId: t.orderId === undefined ? (op.orderId ?? null) : t.orderId });
      move(t.debit, "debit", t.amountTiyn);
      move(t.credit, "credit", t.amountTiyn);
    },
  };
  const result = post(ctx);

  // MONEY-06, before anything is written: only an account this operation
  // lowers can cross zero, so only those are summed.
  for (const [code, change] of delta) {
    if (change >= 0 || !NON_NEGATIVE_KINDS.includes(accountKind(code))) continue;
    const after = accountBalance(tx, code) + change;
    if (after < 0) throw new LedgerError("ledger.balance_negative", `${op.kind} ${op.key} would leave ${code} at ${after} tiyn`);
  }

  const operationId = tx
    .insert(ledgerOperations)
    .values({
      idempotencyKey: op.key,
      kind: op.kind,
      requestHash: hash,
      orderId: op.orderId ?? null,
      actorUserId: op.actorUserId ?? null,
      result: JSON.stringify(result ?? null),
      at: op.at,
    })
    .returning({ id: ledgerOperations.id })
    .get().id;
  for (const t of planned) {
    tx.insert(ledgerTransfers)
      .values({
        operationId,
        debitAccountId: ensureAccount(tx, t.debit, op.at),
        creditAccountId: ensureAccount(tx, t.credit, op.at),
        amountTiyn: t.amountTiyn,
        reason: t.reason,
        orderId: t.orderId,
        at: op.at,
      })
      .run();
  }
  return { result, replayed: false, operationId };
}

/**
 * Runs one idempotent money operation: `post` reads balances and plans
 * transfers through the context; its return value is stored as the
 * operation's result (it must survive JSON) and replayed for a repeated key.
 */
export function runOperation<T>(tx: Tx, op: OperationInput, post: (ctx: PostingContext) => T): { result: T; replayed: boolean } {
  const { result, replayed } = operate(tx, op, post);
  return { result, replayed };
}

// ---------------------------------------------------------------------------
// Use cases

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

/** The buyer has the goods: the whole escrow goes to the seller, net of the platform's and the cooperative's fees. */
export function releaseEscrow(
  tx: Tx,
  input: SplitTarget & { key: string; orderId: number; at: Date; actorUserId?: number | null },
): { result: ReleaseResult; replayed: boolean } {
  const request = { orderId: input.orderId, ...splitRequest(input) };
  return runOperation(tx, { key: input.key, kind: "release", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    const escrow = escrowAccount(input.orderId);
    const heldTiyn = ctx.balance(escrow);
    if (heldTiyn <= 0) throw new LedgerError("ledger.escrow_empty", `order ${input.orderId} holds nothing to release`);
    const split = postSplit(ctx, escrow, heldTiyn, input, "release");
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
  input: { key: string; orderId: number; buyerUserId: number; amountTiyn: number; at: Date; actorUserId?: number | null },
): { result: RefundResult; replayed: boolean } {
  const request = { orderId: input.orderId, buyerUserId: input.buyerUserId, amountTiyn: input.amountTiyn };
  return runOperation(tx, { key: input.key, kind: "refund", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const escrow = escrowAccount(input.orderId);
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
  input: SplitTarget & { key: string; orderId: number; buyerUserId: number; refundTiyn: number; at: Date; actorUserId?: number | null },
): { result: ResolveResult; replayed: boolean } {
  const request = { orderId: input.orderId, buyerUserId: input.buyerUserId, refundTiyn: input.refundTiyn, ...splitRequest(input) };
  return runOperation(tx, { key: input.key, kind: "resolve", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    if (!Number.isSafeInteger(input.refundTiyn) || input.refundTiyn < 0) {
      throw new LedgerError("ledger.amount_invalid", `refundTiyn must be a non-negative integer, got ${String(input.refundTiyn)}`);
    }
    const escrow = escrowAccount(input.orderId);
    const heldTiyn = ctx.balance(escrow);
    if (heldTiyn <= 0) throw new LedgerError("ledger.escrow_empty", `order ${input.orderId} holds nothing to resolve`);
    if (input.refundTiyn > heldTiyn) throw new LedgerError("ledger.refund_exceeds_escrow", `order ${input.orderId}: ${input.refundTiyn} > ${heldTiyn} held`);
    ctx.transfer({ debit: escrow, credit: refundPayableAccount(input.buyerUserId), amountTiyn: input.refundTiyn, reason: "refund" });
    const releasedTiyn = heldTiyn - input.refundTiyn;
    const split = postSplit(ctx, escrow, releasedTiyn, input, "release");
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

export interface CashResult extends Split {
  orderId: number;
  pickupPointId: number;
  collectedTiyn: number;
}

/**
 * A cash order was paid at handover: the point now holds the cash (point_cash
 * debited, an asset) and owes it as the same split a release makes.
 */
export function recordCashAtPickup(
  tx: Tx,
  input: SplitTarget & { key: string; orderId: number; pickupPointId: number; amountTiyn: number; at: Date; actorUserId?: number | null },
): { result: CashResult; replayed: boolean } {
  const request = { orderId: input.orderId, pickupPointId: input.pickupPointId, amountTiyn: input.amountTiyn, ...splitRequest(input) };
  return runOperation(tx, { key: input.key, kind: "cash", request, orderId: input.orderId, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const order = getOrder(tx, input.orderId);
    if (order.paymentMethod !== "cash") throw new LedgerError("ledger.order_not_cash", `order ${order.id} is paid online`);
    if (orderCashTiyn(tx, order.id) > 0) throw new LedgerError("ledger.cash_already_recorded", `order ${order.id}`);
    const split = postSplit(ctx, pointCashAccount(input.pickupPointId), input.amountTiyn, input, "cash");
    return { orderId: order.id, pickupPointId: input.pickupPointId, collectedTiyn: input.amountTiyn, ...split };
  });
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
 * Pays every seller whose payable balance is at least `minimumTiyn` (default
 * 1): one payout line and one operation (`<key>/seller/<id>`) per seller,
 * seller_payable → psp_clearing, the whole balance.
 */
export function createPayoutBatch(
  tx: Tx,
  input: { key: string; at: Date; actorUserId?: number | null; minimumTiyn?: number },
): { result: PayoutBatchResult; replayed: boolean } {
  const minimumTiyn = input.minimumTiyn ?? 1;
  return runOperation(tx, { key: input.key, kind: "payout_batch", request: { minimumTiyn }, actorUserId: input.actorUserId, at: input.at }, () => {
    assertPositiveTiyn(minimumTiyn, "minimumTiyn");
    const due = balancesOfKind(tx, "seller_payable")
      .map((a) => ({ sellerId: Number(a.code.slice("seller_payable:".length)), amountTiyn: a.balanceTiyn }))
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
          ctx.transfer({ debit: payable, credit: PSP_CLEARING, amountTiyn: line.amountTiyn, reason: "payout", orderId: null });
          return { batchId, sellerId: line.sellerId, amountTiyn: line.amountTiyn };
        },
      );
      if (operationId === null) throw new Error("a payout operation must have a row");
      tx.insert(payoutLines).values({ batchId, sellerId: line.sellerId, amountTiyn: line.amountTiyn, operationId }).run();
    }
    return { batchId, totalTiyn, lines: due };
  });
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
  releasedTiyn: number;
  paidOutTiyn: number;
  payableTiyn: number;
  orders: SellerOrderMoney[];
}

/** A seller's money, all derived from transfers: held in escrow, released (net), paid out, payable now, and per order (newest first). */
export function sellerMoney(db: Reader, sellerId: number, options: { limit?: number } = {}): SellerMoney {
  const payable = accountTotals(db, sellerPayableAccount(sellerId));
  const held =
    db.get<{ n: number }>(sql`
      SELECT COALESCE(SUM(CASE WHEN ca.kind = 'escrow' THEN t.amount_tiyn WHEN da.kind = 'escrow' THEN -t.amount_tiyn ELSE 0 END), 0) AS n
      FROM orders o
      JOIN ledger_transfers t ON t.order_id = o.id
      JOIN ledger_accounts ca ON ca.id = t.credit_account_id
      JOIN ledger_accounts da ON da.id = t.debit_account_id
      WHERE o.seller_id = ${sellerId} AND o.status NOT IN (${TERMINAL_SQL})`)?.n ?? 0;
  const rows = db.all<Omit<SellerOrderMoney, "createdAt"> & { createdAt: number }>(sql`
    SELECT o.id AS orderId, o.total_tiyn AS totalTiyn, o.status AS status, o.payment_method AS paymentMethod, o.created_at AS createdAt,
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
    releasedTiyn: payable.creditsTiyn,
    paidOutTiyn: payable.debitsTiyn,
    payableTiyn: payable.creditsTiyn - payable.debitsTiyn,
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
    db.get<{ id: number | null }>(sql`SELECT MAX(id) AS id FROM ledger_transfers WHERE debit_account_id = ${payableId} AND id < ${payoutTransferId}`)?.id ?? 0;
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

// ---------------------------------------------------------------------------
// Invariants

/** Statuses an online order reaches only once paid: its whole total must have been captured. */
const PAID_STATUSES: readonly OrderStatus[] = ["paid", "accepted", "handed_over", "in_transit", "ready_for_pickup", "picked_up", "disputed", "completed", "returned", "refunded"];

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

  // MONEY-05, per escrow account: only captures come in, only releases (with
  // fees) and refunds go out, all filed under the account's own order.
  const escrows = db.all<{
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
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id AND t.reason = 'capture') AS capturedTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t WHERE t.debit_account_id = a.id) AS debitsTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t JOIN ledger_accounts c ON c.id = t.credit_account_id
        WHERE t.debit_account_id = a.id AND c.kind IN ('seller_payable', 'platform_commission', 'coop_fee')) AS releasedTiyn,
      (SELECT COALESCE(SUM(t.amount_tiyn), 0) FROM ledger_transfers t JOIN ledger_accounts c ON c.id = t.credit_account_id
        WHERE t.debit_account_id = a.id AND c.kind = 'refund_payable') AS refundedTiyn,
      (SELECT COUNT(*) FROM ledger_transfers t WHERE (t.debit_account_id = a.id OR t.credit_account_id = a.id) AND t.order_id IS NOT o.id) AS misfiled
    FROM ledger_accounts a
    LEFT JOIN orders o ON o.id = CAST(substr(a.code, 14) AS INTEGER)
    WHERE a.kind = 'escrow'`);
  const capturedByOrder = new Map<number, number>();
  for (const e of escrows) {
    if (e.orderId === null) {
      problems.push(`${e.code} belongs to no order`);
      continue;
    }
    capturedByOrder.set(e.orderId, e.capturedTiyn);
    const heldTiyn = e.creditsTiyn - e.debitsTiyn;
    if (e.paymentMethod !== "online") problems.push(`${e.code}: a cash order has an escrow account`);
    if (e.creditsTiyn !== e.capturedTiyn) problems.push(`${e.code}: ${e.creditsTiyn - e.capturedTiyn} tiyn entered escrow other than by capture`);
    if (e.debitsTiyn !== e.releasedTiyn + e.refundedTiyn) problems.push(`${e.code}: ${e.debitsTiyn - e.releasedTiyn - e.refundedTiyn} tiyn left escrow other than by release or refund`);
    if (e.capturedTiyn !== e.releasedTiyn + e.refundedTiyn + heldTiyn) {
      problems.push(`${e.code}: captured ${e.capturedTiyn} ≠ released ${e.releasedTiyn} + refunded ${e.refundedTiyn} + held ${heldTiyn} (MONEY-05)`);
    }
    if (e.totalTiyn !== null && e.capturedTiyn > e.totalTiyn) problems.push(`${e.code}: captured ${e.capturedTiyn} is more than the order's total ${e.totalTiyn}`);
    if (e.misfiled > 0) problems.push(`${e.code}: ${e.misfiled} transfers are filed under another order`);
    if (e.status !== null && (TERMINAL_STATUSES as readonly string[]).includes(e.status) && heldTiyn !== 0) {
      problems.push(`order ${e.orderId} is ${e.status} but its escrow holds ${heldTiyn} tiyn (MONEY-05)`);
    }
  }

  const online = db.all<{ id: number; status: OrderStatus; totalTiyn: number }>(
    sql`SELECT id, status, total_tiyn AS totalTiyn FROM orders WHERE payment_method = 'online'`,
  );
  for (const o of online) {
    const captured = capturedByOrder.get(o.id) ?? 0;
    if (PAID_STATUSES.includes(o.status) && captured !== o.totalTiyn) {
      problems.push(`order ${o.id} is ${o.status} (paid online) but ${captured} of its ${o.totalTiyn} tiyn were captured into escrow`);
    }
  }

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
        WHERE t.operation_id = l.operation_id AND a.code = 'seller_payable:' || l.seller_id) AS ledgerTiyn
    FROM payout_lines l`);
  for (const l of lines) {
    if (l.amountTiyn !== l.ledgerTiyn) problems.push(`payout line ${l.id} says ${l.amountTiyn} tiyn; the ledger paid ${l.ledgerTiyn} (MONEY-09)`);
  }

  return problems;
}

/** Throws with every broken invariant (for scripts and tests that want one line). */
export function assertLedgerInvariants(db: Reader): void {
  const problems = checkLedgerInvariants(db);
  if (problems.length > 0) throw new Error(`ledger invariants broken:\n- ${problems.join("\n- ")}`);
}
