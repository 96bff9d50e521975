/**
 * Carriers paid like shops (docs/decisions/0037-carrier-payouts.md; MONEY-06,
 * MONEY-07, MONEY-09). A payout batch moves each lane's delivery fees
 * (carrier_payable:<lane>, booked at release by decision 0032) to
 * carrier_in_flight:<lane>, one payout line per lane whose payee is on file;
 * the bank's word settles the line: confirmed → psp_clearing (the money left
 * the platform's account), failed → back to carrier_payable:<lane>.
 */
import { eq, sql } from "drizzle-orm";
import { payoutBatches, payoutLines } from "../../../db/schema";
import type { Tx } from "../../db.server";
import { PSP_CLEARING, carrierInFlightAccount, carrierPayableAccount } from "./accounts";
import { assertPositiveTiyn, operate, runOperation } from "./ledger-operations.server";
import { balancesOfKind, type Reader } from "./ledger-reads.server";

/** What each lane is owed now: its carrier_payable balance, lanes with nothing left out. */
export function carrierBalances(db: Reader): { laneId: number; payableTiyn: number }[] {
  return balancesOfKind(db, "carrier_payable")
    .map((a) => ({ laneId: Number(a.code.slice("carrier_payable:".length)), payableTiyn: a.balanceTiyn }))
    .filter((a) => a.payableTiyn > 0);
}

export interface CarrierLinesResult {
  batchId: number | null;
  totalTiyn: number;
  lines: { laneId: number; amountTiyn: number }[];
}

/**
 * Adds a payout line for every lane in `laneIds` (the lanes with a payee) owed
 * at least `minimumTiyn`, to the batch the shops' part made (or a new batch
 * when no shop was due), under `<key>/carriers`: the same key replays and
 * posts nothing. Each lane's movement is its own operation `<key>/lane/<id>`.
 */
export function addCarrierPayoutLines(
  tx: Tx,
  input: { key: string; batchId: number | null; laneIds: readonly number[]; minimumTiyn: number; at: Date; actorUserId?: number | null },
): { result: CarrierLinesResult; replayed: boolean } {
  const allowed = new Set(input.laneIds);
  const request = { batchId: input.batchId, minimumTiyn: input.minimumTiyn, laneIds: [...allowed].sort((a, b) => a - b) };
  return runOperation(tx, { key: `${input.key}/carriers`, kind: "carrier_payout_batch", request, actorUserId: input.actorUserId, at: input.at }, (): CarrierLinesResult => {
    assertPositiveTiyn(input.minimumTiyn, "minimumTiyn");
    const due = carrierBalances(tx)
      .filter((a) => allowed.has(a.laneId) && a.payableTiyn >= input.minimumTiyn)
      .map((a) => ({ laneId: a.laneId, amountTiyn: a.payableTiyn }))
      .sort((a, b) => a.laneId - b.laneId);
    if (due.length === 0) return { batchId: input.batchId, totalTiyn: 0, lines: [] };
    const totalTiyn = due.reduce((sum, line) => sum + line.amountTiyn, 0);
    const batchId =
      input.batchId ??
      tx
        .insert(payoutBatches)
        .values({ createdBy: input.actorUserId ?? null, createdAt: input.at, totalTiyn: 0 })
        .returning({ id: payoutBatches.id })
        .get().id;
    for (const line of due) {
      const { operationId } = operate(
        tx,
        { key: `${input.key}/lane/${line.laneId}`, kind: "carrier_payout", request: { batchId, ...line }, actorUserId: input.actorUserId, at: input.at },
        (ctx) => {
          ctx.transfer({ debit: carrierPayableAccount(line.laneId), credit: carrierInFlightAccount(line.laneId), amountTiyn: line.amountTiyn, reason: "carrier_payout", orderId: null });
          return { batchId, ...line };
        },
      );
      if (operationId === null) throw new Error("a carrier payout operation must have a row");
      tx.insert(payoutLines).values({ batchId, laneId: line.laneId, amountTiyn: line.amountTiyn, operationId }).run();
    }
    tx.update(payoutBatches)
      .set({ totalTiyn: sql`${payoutBatches.totalTiyn} + ${totalTiyn}` })
      .where(eq(payoutBatches.id, batchId))
      .run();
    return { batchId, totalTiyn, lines: due };
  });
}

/** The bank's word on one carrier line: paid out, or back to the lane's balance. */
export function settleCarrierPayoutLine(
  tx: Tx,
  input: { key: string; laneId: number; amountTiyn: number; outcome: "confirmed" | "failed"; at: Date; actorUserId?: number | null },
): void {
  const request = { laneId: input.laneId, amountTiyn: input.amountTiyn, outcome: input.outcome };
  runOperation(tx, { key: input.key, kind: `carrier_payout_${input.outcome}`, request, actorUserId: input.actorUserId, at: input.at }, (ctx) => {
    assertPositiveTiyn(input.amountTiyn, "amountTiyn");
    const credit = input.outcome === "confirmed" ? PSP_CLEARING : carrierPayableAccount(input.laneId);
    ctx.transfer({ debit: carrierInFlightAccount(input.laneId), credit, amountTiyn: input.amountTiyn, reason: `carrier_payout_${input.outcome}`, orderId: null });
    return request;
  });
}
