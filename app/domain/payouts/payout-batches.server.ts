/**
 * Payouts that really happen (issue 15 §3; docs/decisions/0022-money-rails.md).
 * A batch is prepared (the money leaves the sellers' balances for
 * payout_in_flight), exported as the bank's file (1C exchange or CSV; the
 * same batch gives the same bytes), and each line is settled by the bank's
 * word: confirmed (paid out) or failed (back to the seller's balance). The
 * batch is confirmed once every line is settled and one was paid, failed
 * when every line failed. Nothing is settled that the statement does not say.
 */
import { checkPayoutBatch } from "../trust/fraud.server";
import { and, asc, desc, eq, gt, inArray, notInArray, sql } from "drizzle-orm";
import { lanePayees, lanes, payoutBatches, payoutDestinations, payoutLines, sellers } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { addCarrierPayoutLines, settleCarrierPayoutLine } from "../escrow/ledger-carriers.server";
import { createPayoutBatch, settlePayoutLine } from "../escrow/ledger-posting.server";
import { balancesOfKind } from "../escrow/ledger-reads.server";
import { recordAudit } from "../identity/audit.server";
import { encodeWindows1251, lineReference, parseBankStatement, payoutFile1C, payoutFileCsv, type PayoutFile, type StatementRefusal } from "./bank-files";
import { bankOfCode, maskIban } from "./iban";
import { lanesWithPayee } from "./lane-payees.server";
import { getPlatformEntity } from "./platform-entity.server";

/**
 * Prepares a batch for every seller with a payout destination and every lane
 * with a payee (decision carrier-payouts) owed enough; the others wait
 * (sellersWithoutDestination, carriersWithoutPayee).
 */
export function preparePayoutBatch(db: Db, input: { key: string; minimumTiyn: number; actorUserId: number }, now: Date) {
  return writeTransaction(db, (tx) => {
    const withDestination = tx.select({ sellerId: payoutDestinations.sellerId }).from(payoutDestinations).all().map((d) => d.sellerId);
    const shops = createPayoutBatch(tx, { key: input.key, at: now, actorUserId: input.actorUserId, minimumTiyn: input.minimumTiyn, sellerIds: withDestination });
    const carriers = addCarrierPayoutLines(tx, { key: input.key, batchId: shops.result.batchId, laneIds: lanesWithPayee(tx), minimumTiyn: input.minimumTiyn, at: now, actorUserId: input.actorUserId });
    const batchId = carriers.result.batchId;
    const replayed = shops.replayed && carriers.replayed;
    if (!replayed && batchId !== null) {
      snapshotDestinations(tx, batchId);
      if (shops.result.batchId !== null) checkPayoutBatch(tx, batchId, now);
    }
    return { batchId, replayed };
  });
}

/** Copies each line's destination as it is now: a later change does not redirect a batch already made. */
function snapshotDestinations(tx: Tx, batchId: number): void {
  const lines = tx
    .select({ id: payoutLines.id, iban: payoutDestinations.iban, holderName: payoutDestinations.holderName, holderTaxId: payoutDestinations.holderTaxId })
    .from(payoutLines)
    .innerJoin(payoutDestinations, eq(payoutDestinations.sellerId, payoutLines.sellerId))
    .where(eq(payoutLines.batchId, batchId))
    .all();
  const carrierLines = tx
    .select({ id: payoutLines.id, iban: lanePayees.iban, holderName: lanePayees.holderName, holderTaxId: lanePayees.holderTaxId })
    .from(payoutLines)
    .innerJoin(lanePayees, eq(lanePayees.laneId, payoutLines.laneId))
    .where(eq(payoutLines.batchId, batchId))
    .all();
  for (const line of [...lines, ...carrierLines]) {
    const bic = bankOfCode(line.iban.slice(4, 7))?.bic ?? null;
    tx.update(payoutLines).set({ iban: line.iban, bic, holderName: line.holderName, holderTaxId: line.holderTaxId }).where(eq(payoutLines.id, line.id)).run();
  }
}

/** Sellers who are owed money but have no payout destination: left out of every batch until they record one. */
export function sellersWithoutDestination(db: Db): { sellerId: number; name: string | null; payableTiyn: number }[] {
  const owed = balancesOfKind(db, "seller_payable")
    .map((a) => ({ sellerId: Number(a.code.slice("seller_payable:".length)), payableTiyn: a.balanceTiyn }))
    .filter((a) => a.payableTiyn > 0);
  if (owed.length === 0) return [];
  const ids = owed.map((o) => o.sellerId);
  const known = new Set(db.select({ id: payoutDestinations.sellerId }).from(payoutDestinations).where(inArray(payoutDestinations.sellerId, ids)).all().map((r) => r.id));
  const names = new Map(db.select({ id: sellers.id, name: sellers.name }).from(sellers).where(inArray(sellers.id, ids)).all().map((r) => [r.id, r.name]));
  return owed.filter((o) => !known.has(o.sellerId)).map((o) => ({ ...o, name: names.get(o.sellerId) ?? null }));
}

export type ExportFormat = "1c" | "csv";

export type ExportResult =
  | { ok: true; filename: string; contentType: string; bytes: Uint8Array }
  | { ok: false; reason: "payouts.batch_not_found" | "payouts.platform_unset" | "payouts.batch_empty" };

/**
 * The batch as the bank's file. The first export marks the batch and its
 * prepared lines exported and fixes the date written in the file; any later
 * export of the same batch gives the same bytes.
 */
export function exportPayoutBatch(db: Db, input: { batchId: number; format: ExportFormat; actorUserId: number; ip: string | null }, now: Date): ExportResult {
  if (!db.select({ id: payoutBatches.id }).from(payoutBatches).where(eq(payoutBatches.id, input.batchId)).get()) return { ok: false, reason: "payouts.batch_not_found" };
  const payer = getPlatformEntity(db);
  if (!payer) return { ok: false, reason: "payouts.platform_unset" };
  const batch = writeTransaction(db, (tx) => {
    const found = tx.select().from(payoutBatches).where(eq(payoutBatches.id, input.batchId)).get();
    if (!found) return null;
    // A batch made before payouts waited for the bank was booked paid at once: it has no file.
    if (found.exportedAt === null && found.status !== "prepared") return found;
    if (found.exportedAt === null) {
      tx.update(payoutBatches).set({ status: "exported", exportedAt: now }).where(eq(payoutBatches.id, found.id)).run();
      tx.update(payoutLines).set({ status: "exported" }).where(and(eq(payoutLines.batchId, found.id), eq(payoutLines.status, "prepared"))).run();
      recordAudit(tx, { action: "payout.batch.exported", actorUserId: input.actorUserId, ip: input.ip, details: { batchId: found.id, totalTiyn: found.totalTiyn } }, now);
      return { ...found, exportedAt: now };
    }
    return found;
  });
  if (!batch) return { ok: false, reason: "payouts.batch_not_found" };
  if (!batch.exportedAt) return { ok: false, reason: "payouts.batch_empty" };
  const lines = db.select().from(payoutLines).where(eq(payoutLines.batchId, batch.id)).orderBy(asc(payoutLines.id)).all();
  const fileLines = lines.flatMap((l) =>
    l.iban && l.bic && l.holderName && l.holderTaxId ? [{ lineId: l.id, amountTiyn: l.amountTiyn, iban: l.iban, bic: l.bic, holderName: l.holderName, holderTaxId: l.holderTaxId }] : [],
  );
  if (fileLines.length === 0) return { ok: false, reason: "payouts.batch_empty" };
  const file: PayoutFile = { batchId: batch.id, exportedAt: batch.exportedAt, payer, lines: fileLines };
  return input.format === "1c"
    ? { ok: true, filename: `auyl-payouts-${batch.id}.txt`, contentType: "text/plain; charset=windows-1251", bytes: encodeWindows1251(payoutFile1C(file)) }
    : { ok: true, filename: `auyl-payouts-${batch.id}.csv`, contentType: "text/csv; charset=utf-8", bytes: new TextEncoder().encode(payoutFileCsv(file)) };
}

/** Settles one exported line with the bank's word, in the caller's transaction; false when it was not waiting for one. */
function settleLine(tx: Tx, line: typeof payoutLines.$inferSelect, outcome: "confirmed" | "failed", reason: string | null, actorUserId: number, now: Date): boolean {
  if (line.status !== "exported") return false;
  const key = `payout-line:${line.id}:settle`;
  if (line.laneId !== null) settleCarrierPayoutLine(tx, { key, laneId: line.laneId, amountTiyn: line.amountTiyn, outcome, at: now, actorUserId });
  else if (line.sellerId !== null) settlePayoutLine(tx, { key, sellerId: line.sellerId, amountTiyn: line.amountTiyn, outcome, at: now, actorUserId });
  tx.update(payoutLines).set({ status: outcome, failureReason: reason, settledAt: now }).where(eq(payoutLines.id, line.id)).run();
  const open = tx
    .select({ n: sql<number>`count(*)` })
    .from(payoutLines)
    .where(and(eq(payoutLines.batchId, line.batchId), notInArray(payoutLines.status, ["confirmed", "failed"])))
    .get();
  if ((open?.n ?? 0) === 0) {
    const paid = tx.select({ id: payoutLines.id }).from(payoutLines).where(and(eq(payoutLines.batchId, line.batchId), eq(payoutLines.status, "confirmed"))).get();
    tx.update(payoutBatches).set({ status: paid ? "confirmed" : "failed" }).where(eq(payoutBatches.id, line.batchId)).run();
  }
  return true;
}

export interface ImportOutcome {
  confirmed: number;
  failed: number;
  /** Statement entries that settle nothing: shown to the admin, never applied. */
  unmatched: { reference: string; amountTiyn: number; why: "unknown" | "amount" | "settled" }[];
}

/**
 * The bank's statement (1C exchange or CSV) settles the lines it names: a
 * debit of the line's amount confirms it, a credit (the payment came back)
 * or a row marked failed fails it. Everything else is listed, not applied.
 */
export function importBankConfirmation(
  db: Db,
  input: { text: string; actorUserId: number; ip: string | null },
  now: Date,
): { ok: true; outcome: ImportOutcome } | { ok: false; reason: StatementRefusal } {
  const parsed = parseBankStatement(input.text);
  if (!parsed.ok) return parsed;
  const outcome = writeTransaction(db, (tx) => {
    const result: ImportOutcome = { confirmed: 0, failed: 0, unmatched: [] };
    for (const entry of parsed.entries) {
      const line = entry.lineId === null ? undefined : tx.select().from(payoutLines).where(eq(payoutLines.id, entry.lineId)).get();
      if (!line) {
        result.unmatched.push({ reference: entry.reference, amountTiyn: entry.amountTiyn, why: "unknown" });
        continue;
      }
      if (line.amountTiyn !== entry.amountTiyn) {
        result.unmatched.push({ reference: entry.reference, amountTiyn: entry.amountTiyn, why: "amount" });
        continue;
      }
      const failed = entry.failed || entry.direction === "credit";
      if (!settleLine(tx, line, failed ? "failed" : "confirmed", failed ? "bank" : null, input.actorUserId, now)) {
        result.unmatched.push({ reference: entry.reference, amountTiyn: entry.amountTiyn, why: "settled" });
        continue;
      }
      if (failed) result.failed++;
      else result.confirmed++;
    }
    recordAudit(tx, { action: "payout.bank.imported", actorUserId: input.actorUserId, ip: input.ip, details: { confirmed: result.confirmed, failed: result.failed, unmatched: result.unmatched.length } }, now);
    return result;
  });
  return { ok: true, outcome };
}

/** The admin marks one exported line failed (the bank refused it by phone or letter): its money goes back to the seller. */
export function failPayoutLine(db: Db, input: { lineId: number; actorUserId: number }, now: Date): { ok: true } | { ok: false; reason: "payouts.line_not_waiting" } {
  return writeTransaction(db, (tx) => {
    const line = tx.select().from(payoutLines).where(eq(payoutLines.id, input.lineId)).get();
    if (!line || !settleLine(tx, line, "failed", "admin", input.actorUserId, now)) return { ok: false, reason: "payouts.line_not_waiting" } as const;
    return { ok: true } as const;
  });
}

/** A batch with its lines for the admin: status, masked destination, the reference the bank sees. */
export function getPayoutBatchDetail(db: Db, batchId: number) {
  const batch = db.select().from(payoutBatches).where(eq(payoutBatches.id, batchId)).get();
  if (!batch) return null;
  const lines = db
    .select({
      lineId: payoutLines.id,
      sellerId: payoutLines.sellerId,
      sellerName: sellers.name,
      laneId: payoutLines.laneId,
      carrierName: lanes.carrierName,
      holderName: payoutLines.holderName,
      amountTiyn: payoutLines.amountTiyn,
      status: payoutLines.status,
      iban: payoutLines.iban,
      failureReason: payoutLines.failureReason,
    })
    .from(payoutLines)
    .leftJoin(sellers, eq(sellers.id, payoutLines.sellerId))
    .leftJoin(lanes, eq(lanes.id, payoutLines.laneId))
    .where(eq(payoutLines.batchId, batchId))
    .orderBy(asc(payoutLines.id))
    .all();
  return {
    batchId: batch.id,
    createdAt: batch.createdAt,
    exportedAt: batch.exportedAt,
    status: batch.status,
    totalTiyn: batch.totalTiyn,
    lines: lines.map(({ iban, ...l }) => ({ ...l, reference: lineReference(l.lineId), ibanMasked: iban ? maskIban(iban) : null })),
  };
}

export function listPayoutBatches(db: Db, limit = 10) {
  return db.select().from(payoutBatches).where(gt(payoutBatches.id, 0)).orderBy(desc(payoutBatches.id)).limit(limit).all();
}
