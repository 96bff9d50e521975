/**
 * The idempotent money operation every posting goes through (MONEY-06, MONEY-07):
 * runOperation and its PostingContext, the request hash, the MONEY-06 check, and
 * the errors a refused or conflicting operation throws. The use cases built on it
 * are in ledger-posting.server.ts.
 *
 * Every money movement is one *operation* under an idempotency key
 * (MONEY-07): the same key and payload replays the stored result and posts
 * nothing; the same key with another payload throws IdempotencyConflictError.
 * ledger_operations is append-only, so the result is computed first and the
 * operation row written once, with its transfers, at the end.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { ledgerAccounts, ledgerOperations, ledgerTransfers } from "../../../db/schema";
import type { Tx } from "../../db.server";
import { NON_NEGATIVE_KINDS, accountKind, isAsset } from "./accounts";
import { accountBalance, accountId } from "./ledger-reads.server";

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
// Operations

function ensureAccount(tx: Tx, code: string, at: Date): number {
  const existing = accountId(tx, code);
  if (existing !== undefined) return existing;
  return tx.insert(ledgerAccounts).values({ code, kind: accountKind(code), createdAt: at }).returning({ id: ledgerAccounts.id }).get().id;
}

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

export function assertPositiveTiyn(amountTiyn: number, what: string): void {
  if (!Number.isSafeInteger(amountTiyn) || amountTiyn <= 0) {
    throw new LedgerError("ledger.amount_invalid", `${what} must be a positive integer number of tiyn, got ${String(amountTiyn)}`);
  }
}

/**
 * runOperation with the operation's row id, for a use case that files rows of
 * its own under the operation (a payout batch's lines).
 */
export function operate<T>(tx: Tx, op: OperationInput, post: (ctx: PostingContext) => T): { result: T; replayed: boolean; operationId: number | null } {
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
