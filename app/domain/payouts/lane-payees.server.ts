/**
 * Who receives a lane's delivery fees, and what the lane earned, was paid and
 * is owed (docs/decisions/0037-carrier-payouts.md). A lane's fees build up in
 * carrier_payable:<lane> at release (decision 0032); a payout batch pays them
 * to the lane's payee like a shop's payable. The payee is a carrier (company
 * or sole trader) or, for the hub's own van, the cooperative itself with its
 * own account. Every change is audited with the account masked.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { lanePayees, lanes, pickupPoints, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { carrierInFlightAccount, carrierPayableAccount } from "../escrow/accounts";
import { carrierBalances } from "../escrow/ledger-carriers.server";
import { accountBalance } from "../escrow/ledger-reads.server";
import { recordAudit } from "../identity/audit.server";
import { maskTaxId } from "../identity/tax-id";
import { parseAccount, type AccountErrors } from "./destinations.server";
import { bankOfCode, maskIban } from "./iban";
import { LANE_PAYEE_KINDS, type LanePayeeKind } from "./vocabulary";

/** A lane with the hub that answers for it: its own origin village, or the village of the sorting hub it leaves from. */
export function getLaneOfHub(db: Db, laneId: number) {
  const row = db
    .select({ id: lanes.id, carrierKind: lanes.carrierKind, carrierName: lanes.carrierName, fromVillageId: lanes.fromVillageId, pointVillageId: pickupPoints.villageId, toPointId: lanes.toPointId })
    .from(lanes)
    .leftJoin(pickupPoints, eq(pickupPoints.id, lanes.fromPointId))
    .where(eq(lanes.id, laneId))
    .get();
  if (!row) return null;
  const villageId = row.fromVillageId ?? row.pointVillageId;
  if (villageId === null) return null;
  const toName = db.select({ name: pickupPoints.name }).from(pickupPoints).where(eq(pickupPoints.id, row.toPointId)).get()?.name ?? "";
  return { id: row.id, carrierKind: row.carrierKind, carrierName: row.carrierName, villageId, toPointName: toName };
}

export interface LanePayeeView {
  kind: LanePayeeKind;
  holderName: string;
  holderTaxIdMasked: string;
  ibanMasked: string;
  bankName: string;
  updatedAt: Date;
}

export function getLanePayee(db: Db, laneId: number): LanePayeeView | null {
  const row = db.select().from(lanePayees).where(eq(lanePayees.laneId, laneId)).get();
  if (!row) return null;
  return {
    kind: row.kind,
    holderName: row.holderName,
    holderTaxIdMasked: maskTaxId(row.holderTaxId),
    ibanMasked: maskIban(row.iban),
    bankName: bankOfCode(row.iban.slice(4, 7))?.name ?? "—",
    updatedAt: row.updatedAt,
  };
}

export type PayeeErrors = AccountErrors & { kind?: "payouts.payee_kind" };
export type PayeeResult = { ok: true; changed: boolean } | { ok: false; errors: PayeeErrors };

/** Records the lane's payee; the caller has checked can(actor, "lane.payee.set", the lane's hub village). */
export function setLanePayee(
  db: Db,
  input: { laneId: number; actorUserId: number; kind: string; iban: string; holderName: string; holderTaxId: string; ip: string | null },
  now: Date,
): PayeeResult {
  const account = parseAccount(input);
  const kind = LANE_PAYEE_KINDS.find((k) => k === input.kind);
  const errors: PayeeErrors = account.ok ? {} : { ...account.errors };
  if (!kind) errors.kind = "payouts.payee_kind";
  if (!account.ok || !kind) return { ok: false, errors };
  return writeTransaction(db, (tx): PayeeResult => {
    const before = tx.select().from(lanePayees).where(eq(lanePayees.laneId, input.laneId)).get();
    if (before && before.kind === kind && before.iban === account.iban && before.holderName === account.holderName && before.holderTaxId === account.holderTaxId) {
      return { ok: true, changed: false };
    }
    const values = { kind, iban: account.iban, holderName: account.holderName, holderTaxId: account.holderTaxId, recordedBy: input.actorUserId, updatedAt: now };
    tx.insert(lanePayees)
      .values({ laneId: input.laneId, ...values })
      .onConflictDoUpdate({ target: lanePayees.laneId, set: values })
      .run();
    recordAudit(
      tx,
      {
        action: "lane.payee.changed",
        actorUserId: input.actorUserId,
        ip: input.ip,
        details: { laneId: input.laneId, kind, holder: account.holderName, iban: maskIban(account.iban), bic: account.bic, previous: before ? maskIban(before.iban) : null },
      },
      now,
    );
    return { ok: true, changed: true };
  });
}

/** The lanes whose fees a payout batch may pay: those with a payee on file. */
export function lanesWithPayee(db: Pick<Db, "select">): number[] {
  return db
    .select({ laneId: lanePayees.laneId })
    .from(lanePayees)
    .all()
    .map((r) => r.laneId);
}

/** A lane's money in tiyn: fees earned at release, paid out (confirmed by the bank), sent and awaiting the bank, owed now. */
export function laneStatement(db: Db, laneId: number): { earnedTiyn: number; paidTiyn: number; inFlightTiyn: number; owedTiyn: number } {
  const sumOf = (reason: string, code: string, side: "debit" | "credit") =>
    db.get<{ n: number }>(sql`
      SELECT COALESCE(SUM(t.amount_tiyn), 0) AS n FROM ledger_transfers t
      JOIN ledger_accounts a ON a.id = ${side === "credit" ? sql`t.credit_account_id` : sql`t.debit_account_id`}
      WHERE a.code = ${code} AND t.reason = ${reason}`)?.n ?? 0;
  return {
    earnedTiyn: sumOf("delivery_fee", carrierPayableAccount(laneId), "credit"),
    paidTiyn: sumOf("carrier_payout_confirmed", carrierInFlightAccount(laneId), "debit"),
    inFlightTiyn: accountBalance(db, carrierInFlightAccount(laneId)),
    owedTiyn: accountBalance(db, carrierPayableAccount(laneId)),
  };
}

/** Lanes owed delivery fees with no payee on file: left out of every batch until one is set; with the hub to set it at. */
export function carriersWithoutPayee(db: Db): { laneId: number; carrierName: string; villageSlug: string; payableTiyn: number }[] {
  const owed = carrierBalances(db);
  if (owed.length === 0) return [];
  const known = new Set(lanesWithPayee(db));
  const waiting = owed.filter((o) => !known.has(o.laneId));
  if (waiting.length === 0) return [];
  const rows = db
    .select({ laneId: lanes.id, carrierName: lanes.carrierName, slug: villages.slug })
    .from(lanes)
    .leftJoin(pickupPoints, eq(pickupPoints.id, lanes.fromPointId))
    .innerJoin(villages, or(eq(villages.id, lanes.fromVillageId), and(sql`${lanes.fromVillageId} IS NULL`, eq(villages.id, pickupPoints.villageId))))
    .where(inArray(lanes.id, waiting.map((w) => w.laneId)))
    .all();
  const byLane = new Map(rows.map((r) => [r.laneId, r]));
  return waiting.flatMap((w) => {
    const lane = byLane.get(w.laneId);
    return lane ? [{ laneId: w.laneId, carrierName: lane.carrierName, villageSlug: lane.slug, payableTiyn: w.payableTiyn }] : [];
  });
}
