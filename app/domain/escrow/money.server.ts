/** The money screens' use cases: a seller's money by shop, and the admin's rates, ledger health and payouts. */
import { asc, desc, eq } from "drizzle-orm";
import { payoutBatches, sellers, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { commissionRates, isValidRateBp, setCommissionRates } from "./commission.server";
import { checkLedgerInvariants } from "./ledger-invariants.server";
import { IdempotencyConflictError } from "./ledger-operations.server";
import { createPayoutBatch } from "./ledger-posting.server";
import { getPayoutBatch, ledgerTotals, listPayouts, payoutStatement, sellerMoney } from "./ledger-reads.server";
import { parsePercentToBp } from "./rates";
import { parseTenge } from "../catalog/listing-rules";

/** Every shop of the person (one per village), each with its money, its payouts and their statements. */
export function getMyMoney(db: Db, userId: number) {
  const shops = db
    .select({ sellerId: sellers.id, name: sellers.name, villageKk: villages.nameKk, villageRu: villages.nameRu, villageEn: villages.nameEn })
    .from(sellers)
    .innerJoin(villages, eq(villages.id, sellers.villageId))
    .where(eq(sellers.userId, userId))
    .orderBy(asc(sellers.id))
    .all();
  return shops.map((shop) => ({
    ...shop,
    money: sellerMoney(db, shop.sellerId),
    payouts: listPayouts(db, shop.sellerId, { limit: 12 }).map((p) => ({ ...p, statement: payoutStatement(db, shop.sellerId, p.batchId) })),
  }));
}

export function getMoneyOverview(db: Db, options: { batchId?: number }) {
  return {
    rates: commissionRates(db),
    problems: checkLedgerInvariants(db),
    totals: ledgerTotals(db),
    batch: options.batchId ? getPayoutBatch(db, options.batchId) : null,
    recentBatches: db.select().from(payoutBatches).orderBy(desc(payoutBatches.id)).limit(10).all(),
  };
}

export type RatesFormResult =
  | { ok: true }
  | { ok: false; errors: Partial<Record<"platform" | "coop", "money:admin.rates.invalid">> };

/** The admin's rates form: two percentages → basis points (0–50 %), saved and audited in one transaction. */
export function submitCommissionRates(db: Db, input: { platform: string; coop: string; actorUserId: number; ip: string | null }, now: Date): RatesFormResult {
  const platformBp = parsePercentToBp(input.platform);
  const coopBp = parsePercentToBp(input.coop);
  const errors: Partial<Record<"platform" | "coop", "money:admin.rates.invalid">> = {};
  if (platformBp === undefined || !isValidRateBp(platformBp)) errors.platform = "money:admin.rates.invalid";
  if (coopBp === undefined || !isValidRateBp(coopBp)) errors.coop = "money:admin.rates.invalid";
  if (platformBp === undefined || coopBp === undefined || errors.platform || errors.coop) return { ok: false, errors };
  const result = writeTransaction(db, (tx) => setCommissionRates(tx, { platformBp, coopBp, actorUserId: input.actorUserId, ip: input.ip, at: now }));
  if (!result.ok) return { ok: false, errors: { [result.field === "platformBp" ? "platform" : "coop"]: "money:admin.rates.invalid" } };
  return { ok: true };
}

/** A form's idempotency key: what the page generated (a UUID), nothing else. */
const FORM_KEY = /^[A-Za-z0-9-]{8,64}$/;

export type PayoutFormResult =
  | { ok: true; batchId: number | null; replayed: boolean }
  | { ok: false; status: 400; errors: { minimum?: "money:admin.payout.minimumInvalid"; form?: "money:admin.payout.badKey" } }
  | { ok: false; status: 409; errors: { form: "money:admin.payout.conflict" } };

/** The "Create payout batch" form: its hidden key makes a repeated submit show the same batch. */
export function submitPayoutBatch(db: Db, input: { formKey: string; minimum: string; actorUserId: number }, now: Date): PayoutFormResult {
  if (!FORM_KEY.test(input.formKey)) return { ok: false, status: 400, errors: { form: "money:admin.payout.badKey" } };
  const minimumTiyn = input.minimum.trim() === "" ? 1 : parseTenge(input.minimum);
  if (minimumTiyn === undefined || minimumTiyn < 1) return { ok: false, status: 400, errors: { minimum: "money:admin.payout.minimumInvalid" } };
  try {
    const { result, replayed } = writeTransaction(db, (tx) =>
      createPayoutBatch(tx, { key: `admin-payout:${input.formKey}`, at: now, actorUserId: input.actorUserId, minimumTiyn }),
    );
    return { ok: true, batchId: result.batchId, replayed };
  } catch (error) {
    if (error instanceof IdempotencyConflictError) return { ok: false, status: 409, errors: { form: "money:admin.payout.conflict" } };
    throw error;
  }
}
