/**
 * Commission rates (DESIGN §4): the platform's and the cooperative's share in
 * basis points, kept in `settings` and copied onto each order at checkout, so a
 * change applies to new orders only.
 */
import { inArray } from "drizzle-orm";
import { settings } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { recordAudit } from "../identity/audit.server";
import { MAX_RATE_BP, type CommissionRates } from "./split";

export const COMMISSION_KEYS = { platformBp: "commission.platform_bp", coopBp: "commission.coop_bp" } as const;
export const DEFAULT_COMMISSION: CommissionRates = { platformBp: 300, coopBp: 200 };

function parseStored(value: string | undefined, fallback: number): number {
  if (value === undefined || !/^\d{1,4}$/.test(value)) return fallback;
  const n = Number(value);
  return n <= MAX_RATE_BP ? n : fallback;
}

export function commissionRates(db: Db | Tx): CommissionRates {
  const rows = db
    .select()
    .from(settings)
    .where(inArray(settings.key, [COMMISSION_KEYS.platformBp, COMMISSION_KEYS.coopBp]))
    .all();
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  return {
    platformBp: parseStored(value(COMMISSION_KEYS.platformBp), DEFAULT_COMMISSION.platformBp),
    coopBp: parseStored(value(COMMISSION_KEYS.coopBp), DEFAULT_COMMISSION.coopBp),
  };
}

export type RateRefusal = { ok: false; field: keyof CommissionRates; reason: "money.rates.out_of_range" };

export function isValidRateBp(rateBp: number): boolean {
  return Number.isSafeInteger(rateBp) && rateBp >= 0 && rateBp <= MAX_RATE_BP;
}

/** Sets both rates (0–5000 bp each) and records the change in the audit log. */
export function setCommissionRates(
  tx: Tx,
  input: CommissionRates & { actorUserId: number | null; at: Date; ip?: string | null },
): { ok: true; previous: CommissionRates } | RateRefusal {
  for (const field of ["platformBp", "coopBp"] as const) {
    if (!isValidRateBp(input[field])) return { ok: false, field, reason: "money.rates.out_of_range" };
  }
  const previous = commissionRates(tx);
  for (const field of ["platformBp", "coopBp"] as const) {
    const key = COMMISSION_KEYS[field];
    const value = String(input[field]);
    tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
  }
  recordAudit(
    tx,
    {
      action: "commission.changed",
      actorUserId: input.actorUserId,
      ip: input.ip ?? null,
      details: { platformBp: input.platformBp, coopBp: input.coopBp, previousPlatformBp: previous.platformBp, previousCoopBp: previous.coopBp },
    },
    input.at,
  );
  return { ok: true, previous };
}
