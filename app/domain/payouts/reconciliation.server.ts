/**
 * Reconciliation (issue 15 §4, MONEY-09): the ledger against the payment
 * organisation's transaction list (its API, or its CSV export uploaded) and
 * against the bank's statement (1C exchange or CSV, uploaded). Each run and
 * its items are written down for the admin; nothing is corrected silently.
 * The nightly job (app/jobs.server.ts) runs yesterday's provider list.
 */
import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import { payments, payoutLines, reconciliationItems, reconciliationRuns } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { getPaymentProvider } from "../payments/payments.server";
import type { ProviderTransaction } from "../payments/provider";
import { lineReference, parseBankStatement, type StatementRefusal } from "./bank-files";
import { reconcile, type MoneyLine, type ReconciledItem } from "./reconcile";
import type { ReconciliationSource } from "./vocabulary";

const DAY_MS = 86_400_000;

/** Payments our ledger holds as captured on a UTC day (`YYYY-MM-DD`), by our reference. */
function capturedOn(db: Db, day: string): MoneyLine[] {
  const from = new Date(`${day}T00:00:00Z`);
  return db
    .select({ reference: payments.providerRef, amountTiyn: payments.amountTiyn })
    .from(payments)
    .where(and(eq(payments.status, "captured"), gte(payments.updatedAt, from), lt(payments.updatedAt, new Date(from.getTime() + DAY_MS))))
    .all();
}

function saveRun(db: Db, input: { source: ReconciliationSource; label: string; actorUserId: number | null; items: ReconciledItem[] }, now: Date): number {
  return writeTransaction(db, (tx) => {
    const runId = tx
      .insert(reconciliationRuns)
      .values({ source: input.source, label: input.label.slice(0, 120), createdBy: input.actorUserId, createdAt: now })
      .returning({ id: reconciliationRuns.id })
      .get().id;
    for (const item of input.items) tx.insert(reconciliationItems).values({ runId, ...item }).run();
    return runId;
  });
}

/** The provider's payments of a day against ours; refunds are listed by the provider but settled by key, not compared here. */
export function reconcileProviderDay(db: Db, input: { day: string; transactions: readonly ProviderTransaction[]; actorUserId: number | null }, now: Date): number {
  const theirs = input.transactions.filter((t) => t.type === "payment").map((t) => ({ reference: t.reference, amountTiyn: t.amountTiyn }));
  return saveRun(db, { source: "provider", label: input.day, actorUserId: input.actorUserId, items: reconcile(capturedOn(db, input.day), theirs) }, now);
}

export type FetchRefusal = "payouts.provider_cannot_list" | "payouts.provider_failed" | "payouts.day_invalid";

/** Asks the provider for a day's list (its API) and reconciles it. */
export async function reconcileProviderFromApi(db: Db, input: { day: string; actorUserId: number | null }, now: Date): Promise<{ ok: true; runId: number } | { ok: false; reason: FetchRefusal }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.day) || Number.isNaN(Date.parse(`${input.day}T00:00:00Z`))) return { ok: false, reason: "payouts.day_invalid" };
  const provider = getPaymentProvider();
  if (!provider?.listTransactions) return { ok: false, reason: "payouts.provider_cannot_list" };
  let transactions: ProviderTransaction[];
  try {
    transactions = await provider.listTransactions(input.day);
  } catch (error) {
    console.warn("Reconciliation: the provider did not list", input.day, error);
    return { ok: false, reason: "payouts.provider_failed" };
  }
  return { ok: true, runId: reconcileProviderDay(db, { day: input.day, transactions, actorUserId: input.actorUserId }, now) };
}

/**
 * A bank statement against our payouts: every line of each batch the
 * statement names must be there, debited with its amount; statement lines
 * without our reference are money we do not know of.
 */
export function reconcileBankStatement(
  db: Db,
  input: { text: string; label: string; actorUserId: number | null },
  now: Date,
): { ok: true; runId: number } | { ok: false; reason: StatementRefusal } {
  const parsed = parseBankStatement(input.text);
  if (!parsed.ok) return parsed;
  const named = parsed.entries.flatMap((e) => (e.lineId === null ? [] : [e.lineId]));
  const batches = named.length === 0 ? [] : db.select({ batchId: payoutLines.batchId }).from(payoutLines).where(inArray(payoutLines.id, named)).all().map((r) => r.batchId);
  const ours =
    batches.length === 0
      ? []
      : db
          .select({ id: payoutLines.id, amountTiyn: payoutLines.amountTiyn })
          .from(payoutLines)
          .where(and(inArray(payoutLines.batchId, [...new Set(batches)]), inArray(payoutLines.status, ["exported", "confirmed"])))
          .all()
          .map((l) => ({ reference: lineReference(l.id), amountTiyn: l.amountTiyn }));
  const theirs = parsed.entries.filter((e) => e.direction === "debit" && !e.failed).map((e) => ({ reference: e.lineId === null ? e.reference : lineReference(e.lineId), amountTiyn: e.amountTiyn }));
  return { ok: true, runId: saveRun(db, { source: "bank", label: input.label, actorUserId: input.actorUserId, items: reconcile(ours, theirs) }, now) };
}

/** A provider CSV export uploaded by the admin: columns `reference` (our InvoiceId) and `amount`. */
export function reconcileProviderCsv(db: Db, input: { text: string; day: string; actorUserId: number | null }, now: Date): { ok: true; runId: number } | { ok: false; reason: StatementRefusal | "payouts.day_invalid" } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.day)) return { ok: false, reason: "payouts.day_invalid" };
  const parsed = parseBankStatement(input.text);
  if (!parsed.ok) return parsed;
  const transactions = parsed.entries.filter((e) => !e.failed).map((e) => ({ reference: e.reference, transactionId: "", type: "payment" as const, amountTiyn: e.amountTiyn, at: now }));
  return { ok: true, runId: reconcileProviderDay(db, { day: input.day, transactions, actorUserId: input.actorUserId }, now) };
}

/** The nightly run: yesterday's provider list (UTC day), once. Null when there is nothing to do. */
export async function runNightlyReconciliation(db: Db, now: Date): Promise<number | null> {
  const day = new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
  const done = db.select({ id: reconciliationRuns.id }).from(reconciliationRuns).where(and(eq(reconciliationRuns.source, "provider"), eq(reconciliationRuns.label, day))).get();
  if (done || !getPaymentProvider()?.listTransactions) return null;
  const result = await reconcileProviderFromApi(db, { day, actorUserId: null }, now);
  return result.ok ? result.runId : null;
}

/** The newest runs with their items, problems first. */
export function listReconciliationRuns(db: Db, limit = 5) {
  const runs = db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.id)).limit(limit).all();
  return runs.map((run) => ({ ...run, items: db.select().from(reconciliationItems).where(eq(reconciliationItems.runId, run.id)).orderBy(reconciliationItems.id).all() }));
}
