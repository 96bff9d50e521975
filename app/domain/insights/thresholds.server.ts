/**
 * The admin's thresholds of the e-commerce village test, kept in the key/value
 * `settings` table under "insights.*". Defaults are the Taobao village test
 * (research/mission-anchors.md §3): yearly GMV ≥ ¥10 000 000, ≥ 100 active
 * shops or ≥ 10 % of households selling, an e-commerce district with ≥ 3
 * e-commerce villages; "emerging" at 50 % of the thresholds (our choice).
 *
 * The GMV threshold is stored in yuan with the tenge-per-yuan rate beside it
 * (default 70 ₸ per ¥, to be replaced by the admin with the current National
 * Bank rate), so a new rate does not change what the test means.
 */
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { settings } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { recordAudit } from "../identity/audit.server";
import type { StatusThresholds } from "./status";

export interface Thresholds {
  /** Yearly GMV threshold in yuan (whole yuan). */
  gmvYuan: number;
  /** Tenge per yuan, in tiyn (7000 = 70,00 ₸ per ¥). */
  tiynPerYuan: number;
  activeShops: number;
  /** Share of households selling online, basis points (1000 = 10 %). */
  householdsShareBp: number;
  districtVillages: number;
  /** Share of the thresholds that makes a village "emerging", basis points (5000 = 50 %). */
  emergingShareBp: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  gmvYuan: 10_000_000,
  tiynPerYuan: 7_000,
  activeShops: 100,
  householdsShareBp: 1_000,
  districtVillages: 3,
  emergingShareBp: 5_000,
};

const KEYS: Record<keyof Thresholds, string> = {
  gmvYuan: "insights.gmv_yuan",
  tiynPerYuan: "insights.tiyn_per_yuan",
  activeShops: "insights.active_shops",
  householdsShareBp: "insights.households_share_bp",
  districtVillages: "insights.district_villages",
  emergingShareBp: "insights.emerging_share_bp",
};

/** What a stored value may be; anything else falls back to the default. */
const stored = z.object({
  gmvYuan: z.number().int().min(1).max(1_000_000_000_000),
  tiynPerYuan: z.number().int().min(1).max(100_000),
  activeShops: z.number().int().min(1).max(1_000_000),
  householdsShareBp: z.number().int().min(1).max(10_000),
  districtVillages: z.number().int().min(1).max(1_000),
  emergingShareBp: z.number().int().min(1).max(9_999),
});

export function getThresholds(db: Db | Tx): Thresholds {
  const rows = db.select().from(settings).where(inArray(settings.key, Object.values(KEYS))).all();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out = { ...DEFAULT_THRESHOLDS };
  for (const field of Object.keys(KEYS) as (keyof Thresholds)[]) {
    const raw = byKey.get(KEYS[field]);
    if (raw === undefined) continue;
    const parsed = stored.shape[field].safeParse(Number(raw));
    if (parsed.success) out[field] = parsed.data;
  }
  return out;
}

/** The thresholds in the units the status rule compares. */
export function statusThresholds(t: Thresholds): StatusThresholds {
  return {
    yearlyGmvTiyn: t.gmvYuan * t.tiynPerYuan,
    activeShops: t.activeShops,
    householdsShareBp: t.householdsShareBp,
    districtVillages: t.districtVillages,
    emergingShareBp: t.emergingShareBp,
  };
}

// ---------------------------------------------------------------------------
// The admin's form: text as typed, in any of the three languages' number styles.

export type ThresholdsForm = Record<keyof Thresholds, string>;
export type ThresholdsErrors = Partial<Record<keyof Thresholds, string>>;

/** "10 000 000", "10000000" → 10000000; null when not a whole number. */
function parseWhole(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f,.'’]/g, "");
  if (!/^\d{1,13}$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** "70", "70,5", "70.25" → tiyn (hundredths); null otherwise. */
function parseHundredths(text: string, maxWhole: number): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f%₸]/g, "").replace(",", ".");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const whole = Number(match[1]);
  if (whole > maxWhole) return null;
  return whole * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** The refusal codes of the form are thresholds.<field>. */
const E = "thresholds";
const formSchema = z.object({
  gmvYuan: z
    .string()
    .transform((s) => parseWhole(s))
    .pipe(z.number({ invalid_type_error: `${E}.gmvYuan` }).int().min(1, `${E}.gmvYuan`).max(1_000_000_000_000, `${E}.gmvYuan`)),
  tiynPerYuan: z
    .string()
    .transform((s) => parseHundredths(s, 1_000))
    .pipe(z.number({ invalid_type_error: `${E}.rate` }).int().min(1, `${E}.rate`).max(100_000, `${E}.rate`)),
  activeShops: z
    .string()
    .transform((s) => parseWhole(s))
    .pipe(z.number({ invalid_type_error: `${E}.activeShops` }).int().min(1, `${E}.activeShops`).max(1_000_000, `${E}.activeShops`)),
  householdsShareBp: z
    .string()
    .transform((s) => parseHundredths(s, 100))
    .pipe(z.number({ invalid_type_error: `${E}.percent` }).int().min(1, `${E}.percent`).max(10_000, `${E}.percent`)),
  districtVillages: z
    .string()
    .transform((s) => parseWhole(s))
    .pipe(z.number({ invalid_type_error: `${E}.districtVillages` }).int().min(1, `${E}.districtVillages`).max(1_000, `${E}.districtVillages`)),
  emergingShareBp: z
    .string()
    .transform((s) => parseHundredths(s, 99))
    .pipe(z.number({ invalid_type_error: `${E}.emerging` }).int().min(1, `${E}.emerging`).max(9_999, `${E}.emerging`)),
});

export type ThresholdsFormResult = { ok: true; thresholds: Thresholds } | { ok: false; errors: ThresholdsErrors };

/** Validates the form (errors are refusal codes) without writing. */
export function parseThresholdsForm(form: ThresholdsForm): ThresholdsFormResult {
  const parsed = formSchema.safeParse(form);
  if (parsed.success) return { ok: true, thresholds: parsed.data };
  const errors: ThresholdsErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof Thresholds;
    const fallback = `${E}.${field === "tiynPerYuan" ? "rate" : field === "householdsShareBp" ? "percent" : field === "emergingShareBp" ? "emerging" : field}`;
    errors[field] ??= issue.message.startsWith(`${E}.`) ? issue.message : fallback;
  }
  return { ok: false, errors };
}

/** The admin's "Save thresholds": validate, write every key and an audit event in one transaction. */
export function submitThresholds(db: Db, form: ThresholdsForm, by: { actorUserId: number; ip: string | null }, now: Date): ThresholdsFormResult {
  const result = parseThresholdsForm(form);
  if (!result.ok) return result;
  const next = result.thresholds;
  writeTransaction(db, (tx) => {
    const previous = getThresholds(tx);
    for (const field of Object.keys(KEYS) as (keyof Thresholds)[]) {
      const value = String(next[field]);
      tx.insert(settings).values({ key: KEYS[field], value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    }
    const details: Record<string, number> = {};
    for (const field of Object.keys(KEYS) as (keyof Thresholds)[]) {
      details[field] = next[field];
      if (previous[field] !== next[field]) details[`previous_${field}`] = previous[field];
    }
    recordAudit(tx, { action: "insights.thresholds.changed", actorUserId: by.actorUserId, ip: by.ip, details }, now);
  });
  return result;
}
