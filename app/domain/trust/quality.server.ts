/**
 * The gentle quality index (issue 16 §5; docs/decisions/0030-quality-index-and-fraud-signals.md):
 * the admin's thresholds, kept in `settings` under "quality.*" and audited;
 * each seller's month, judged once by the background job; the notice that
 * month brings, worded in the seller's language for the SMS and the screen
 * alike. Nothing here suspends, pauses or hides anything.
 */
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { orderEvents, orders, qualityMonths, sellerReputation, sellers, settings, users } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { numberFormat } from "../../i18n/format";
import { bpToPercentText } from "../../i18n/money";
import { translator } from "../../i18n/translate.server";
import { recordAudit } from "../identity/audit.server";
import { addMonths, almatyDayStart, almatyMonth } from "../insights/calendar";
import { enqueueSms } from "../notify/outbox.server";
import { crossedMetrics, DEFAULT_QUALITY_THRESHOLDS, isJudged, nextStep, shareBp, type MonthFigures, type QualityThresholds } from "./quality-rules";
import { QUALITY_METRICS, QUALITY_STEPS, type QualityMetric } from "./quality-vocabulary";

const KEYS: Record<keyof QualityThresholds, string> = {
  minRatingMilli: "quality_index.min_rating_milli",
  maxCancellationsBp: "quality_index.max_cancellations_bp",
  maxDelaysBp: "quality_index.max_delays_bp",
  maxQualityReturnsBp: "quality_index.max_quality_returns_bp",
  minOrders: "quality_index.min_orders",
};

const BOUNDS: Record<keyof QualityThresholds, [number, number]> = {
  minRatingMilli: [1000, 5000],
  maxCancellationsBp: [1, 10_000],
  maxDelaysBp: [1, 10_000],
  maxQualityReturnsBp: [1, 10_000],
  minOrders: [1, 1000],
};

const FIELDS = Object.keys(KEYS) as (keyof QualityThresholds)[];

export function getQualityThresholds(db: Db | Tx): QualityThresholds {
  const rows = db.select().from(settings).where(inArray(settings.key, Object.values(KEYS))).all();
  const byKey = new Map(rows.map((r) => [r.key, Number(r.value)]));
  const out = { ...DEFAULT_QUALITY_THRESHOLDS };
  for (const field of FIELDS) {
    const value = byKey.get(KEYS[field]);
    const [min, max] = BOUNDS[field];
    if (value !== undefined && Number.isSafeInteger(value) && value >= min && value <= max) out[field] = value;
  }
  return out;
}

export type QualityThresholdsForm = Record<keyof QualityThresholds, string>;
export type QualityThresholdsErrors = Partial<Record<keyof QualityThresholds, string>>;

/** "3", "2,5", "2.5 %" → hundredths (basis points of a percent, or milli-stars ÷ 10); null otherwise. */
function hundredths(text: string): number | null {
  const match = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00a0\u202f%★]/g, ""));
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
}

const formSchema = z.object({
  minRatingMilli: z.string().transform((s) => { const h = hundredths(s); return h === null ? NaN : h * 10; }).pipe(z.number().int().min(1000, "quality.rating").max(5000, "quality.rating")),
  maxCancellationsBp: z.string().transform((s) => hundredths(s) ?? NaN).pipe(z.number().int().min(1, "quality.percent").max(10_000, "quality.percent")),
  maxDelaysBp: z.string().transform((s) => hundredths(s) ?? NaN).pipe(z.number().int().min(1, "quality.percent").max(10_000, "quality.percent")),
  maxQualityReturnsBp: z.string().transform((s) => hundredths(s) ?? NaN).pipe(z.number().int().min(1, "quality.percent").max(10_000, "quality.percent")),
  minOrders: z.string().transform((s) => (/^\s*\d{1,4}\s*$/.test(s) ? Number(s) : NaN)).pipe(z.number().int().min(1, "quality.min_orders").max(1000, "quality.min_orders")),
});

const FALLBACK: Record<keyof QualityThresholds, string> = {
  minRatingMilli: "quality.rating",
  maxCancellationsBp: "quality.percent",
  maxDelaysBp: "quality.percent",
  maxQualityReturnsBp: "quality.percent",
  minOrders: "quality.min_orders",
};

/** The admin's "Save": validate, write every key and one audit event in one transaction. */
export function submitQualityThresholds(
  db: Db,
  form: QualityThresholdsForm,
  by: { actorUserId: number; ip: string | null },
  now: Date,
): { ok: true; thresholds: QualityThresholds } | { ok: false; errors: QualityThresholdsErrors } {
  const parsed = formSchema.safeParse(form);
  if (!parsed.success) {
    const errors: QualityThresholdsErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof QualityThresholds;
      errors[field] ??= issue.message.startsWith("quality.") ? issue.message : FALLBACK[field];
    }
    return { ok: false, errors };
  }
  const next = parsed.data;
  writeTransaction(db, (tx) => {
    const previous = getQualityThresholds(tx);
    const details: Record<string, number> = {};
    for (const field of FIELDS) {
      const value = String(next[field]);
      tx.insert(settings).values({ key: KEYS[field], value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
      details[field] = next[field];
      if (previous[field] !== next[field]) details[`previous_${field}`] = previous[field];
    }
    recordAudit(tx, { action: "quality.thresholds.changed", actorUserId: by.actorUserId, ip: by.ip, details }, now);
  });
  return { ok: true, thresholds: next };
}

/** The thresholds as the admin's form shows them. */
export function qualityThresholdsForm(t: QualityThresholds, language: Language): QualityThresholdsForm {
  return {
    minRatingMilli: bpToPercentText(t.minRatingMilli / 10, language),
    maxCancellationsBp: bpToPercentText(t.maxCancellationsBp, language),
    maxDelaysBp: bpToPercentText(t.maxDelaysBp, language),
    maxQualityReturnsBp: bpToPercentText(t.maxQualityReturnsBp, language),
    minOrders: String(t.minOrders),
  };
}

// ---------------------------------------------------------------------------
// A seller's month

/** The month's start and end instants (Almaty's calendar, as the insights use). */
function monthBounds(month: string): { from: number; to: number } {
  return { from: almatyDayStart(`${month}-01`).getTime(), to: almatyDayStart(`${addMonths(month, 1)}-01`).getTime() };
}

/**
 * The month's figures from the orders and their events: orders placed in the
 * month that were real (not a payment that never came); those the seller
 * cancelled (declined, let the accept deadline pass, cancelled after
 * accepting); drop-offs made or missed in the month; disputes decided against
 * the seller (partial or full refund, as reputation counts them) and, of
 * those, the full refunds: the quality returns.
 */
export function monthFigures(db: Db | Tx, sellerId: number, month: string): MonthFigures {
  const { from, to } = monthBounds(month);
  const placed = db
    .select({
      orders: sql<number>`count(*)`,
      cancels: sql<number>`coalesce(sum(EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = "orders"."id" AND e.event IN ('decline', 'accept_deadline', 'seller_cancel'))), 0)`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.sellerId, sellerId),
        gte(orders.createdAt, new Date(from)),
        lt(orders.createdAt, new Date(to)),
        sql`${orders.status} <> 'pending_payment'`,
        sql`NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = "orders"."id" AND e.event IN ('payment_failed', 'payment_expired'))`,
      ),
    )
    .get() ?? { orders: 0, cancels: 0 };
  const events = db
    .select({
      onTime: sql<number>`coalesce(sum(${orderEvents.fromStatus} = 'accepted' AND ${orderEvents.toStatus} = 'handed_over'), 0)`,
      late: sql<number>`coalesce(sum(${orderEvents.event} = 'drop_deadline'), 0)`,
      lost: sql<number>`coalesce(sum(${orderEvents.event} IN ('resolve_partial', 'resolve_refund', 'resolve_return')), 0)`,
      refunded: sql<number>`coalesce(sum(${orderEvents.event} IN ('resolve_refund', 'resolve_return')), 0)`,
    })
    .from(orderEvents)
    .innerJoin(orders, eq(orders.id, orderEvents.orderId))
    .where(and(eq(orders.sellerId, sellerId), gte(orderEvents.at, new Date(from)), lt(orderEvents.at, new Date(to))))
    .get() ?? { onTime: 0, late: 0, lost: 0, refunded: 0 };
  const reputation = db.select().from(sellerReputation).where(eq(sellerReputation.sellerId, sellerId)).get();
  return {
    orders: placed.orders,
    sellerCancels: placed.cancels,
    drops: events.onTime + events.late,
    dropsLate: events.late,
    disputesLost: events.lost,
    qualityReturns: events.refunded,
    ratingMilli: reputation && reputation.ratingCount > 0 ? reputation.ratingMilli : null,
  };
}

/**
 * Writes one seller's judged month, once: a second call (another run, another
 * process) finds the row and writes nothing. A month that brings a step
 * queues its notice by SMS in the seller's language, in the same transaction.
 */
function recordMonth(tx: Tx, sellerId: number, month: string, figures: MonthFigures, now: Date): { judged: boolean; step: number } | null {
  const thresholds = getQualityThresholds(tx);
  const judged = isJudged(figures, thresholds);
  const crossed = judged ? crossedMetrics(figures, thresholds) : [];
  const before = tx.select({ step: qualityMonths.step }).from(qualityMonths).where(and(eq(qualityMonths.sellerId, sellerId), eq(qualityMonths.month, addMonths(month, -1)))).get();
  const step = nextStep(before?.step ?? 0, judged, crossed);
  const inserted = tx
    .insert(qualityMonths)
    .values({ sellerId, month, ...figures, judged, crossed: JSON.stringify(crossed), step, thresholds: JSON.stringify(thresholds), createdAt: now })
    .onConflictDoNothing()
    .run();
  if (inserted.changes === 0) return null;
  if (step > 0) {
    const seller = tx.select({ phone: users.phone, language: users.preferredLanguage, deletedAt: users.deletedAt, userId: users.id }).from(sellers).innerJoin(users, eq(users.id, sellers.userId)).where(eq(sellers.id, sellerId)).get();
    if (seller?.phone && !seller.deletedAt) {
      const text = qualityNotice(seller.language, { month, step, crossed, figures, thresholds });
      enqueueSms(tx, { kind: "quality_notice", userId: seller.userId, to: seller.phone, language: seller.language, text }, now);
    }
    recordAudit(tx, { action: "quality.month.step", subjectUserId: seller?.userId ?? null, details: { sellerId, month, step: QUALITY_STEPS[step] ?? step, crossed: crossed.join(",") } }, now);
  }
  return { judged, step };
}

/**
 * Judges one seller's month. The figures are read before the write
 * transaction: the month is over, so nothing written meanwhile falls in it,
 * and the single writer is held only for the row and its SMS.
 */
export function judgeSellerMonth(db: Db, sellerId: number, month: string, now: Date): { judged: boolean; step: number } | null {
  const figures = monthFigures(db, sellerId, month);
  return writeTransaction(db, (tx) => recordMonth(tx, sellerId, month, figures, now));
}

/** How many sellers the job judges in one run (the rest wait for the next minute), and how many rows one transaction writes. */
export const QUALITY_BATCH = 200;
const QUALITY_ROWS_PER_TRANSACTION = 50;

/** The job: every seller's last month not yet judged, a batch at a time. Returns how many were judged. */
export function runQualityMonths(db: Db, now: Date, batch = QUALITY_BATCH): number {
  const month = addMonths(almatyMonth(now), -1);
  const due = db
    .select({ id: sellers.id })
    .from(sellers)
    .where(and(lt(sellers.approvedAt, new Date(monthBounds(month).to)), sql`${sellers.id} NOT IN (SELECT seller_id FROM quality_months WHERE month = ${month})`))
    .limit(batch)
    .all();
  let judged = 0;
  for (let i = 0; i < due.length; i += QUALITY_ROWS_PER_TRANSACTION) {
    const part = due.slice(i, i + QUALITY_ROWS_PER_TRANSACTION).map(({ id }) => ({ id, figures: monthFigures(db, id, month) }));
    // One commit (one fsync) for a part, not one per seller.
    judged += writeTransaction(db, (tx) => part.filter(({ id, figures }) => recordMonth(tx, id, month, figures, now) !== null).length);
  }
  return judged;
}

// ---------------------------------------------------------------------------
// What the seller, the coordinator and the SMS say

interface NoticeFacts {
  month: string;
  step: number;
  crossed: readonly QualityMetric[];
  figures: MonthFigures;
  thresholds: QualityThresholds;
}

/** The month as words: "қараша 2026", "ноябрь 2026", "November 2026". */
export function monthName(month: string, language: Language): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** A figure and its limit as the seller reads them. */
export function metricValues(metric: QualityMetric, f: MonthFigures, t: QualityThresholds, language: Language): { value: string; limit: string } {
  const stars = (milli: number) => numberFormat(language, "quality-rating", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(milli / 1000);
  switch (metric) {
    case "cancellations":
      return { value: bpToPercentText(shareBp(f.sellerCancels, f.orders), language), limit: bpToPercentText(t.maxCancellationsBp, language) };
    case "delays":
      return { value: bpToPercentText(shareBp(f.dropsLate, f.drops), language), limit: bpToPercentText(t.maxDelaysBp, language) };
    case "qualityReturns":
      return { value: bpToPercentText(shareBp(f.qualityReturns, f.orders), language), limit: bpToPercentText(t.maxQualityReturnsBp, language) };
    case "rating":
      return { value: f.ratingMilli === null ? "—" : stars(f.ratingMilli), limit: stars(t.minRatingMilli) };
  }
}

/** What happened and what to do: the SMS and the quality screen say the same words. */
export function qualityNotice(language: Language, facts: NoticeFacts): string {
  const t = translator(language, "quality");
  const what = facts.crossed.map((metric) => t(`metric.${metric}`, metricValues(metric, facts.figures, facts.thresholds, language))).join("; ");
  const todo = facts.crossed.map((metric) => t(`advice.${metric}`)).join(" ");
  return t(`notice.${QUALITY_STEPS[facts.step] ?? "coaching"}`, { month: monthName(facts.month, language), what, todo });
}

type MonthRow = typeof qualityMonths.$inferSelect;

function factsOf(row: MonthRow): NoticeFacts {
  return {
    month: row.month,
    step: row.step,
    crossed: (JSON.parse(row.crossed) as string[]).filter((m): m is QualityMetric => (QUALITY_METRICS as readonly string[]).includes(m)),
    figures: row,
    thresholds: { ...DEFAULT_QUALITY_THRESHOLDS, ...(JSON.parse(row.thresholds) as Partial<QualityThresholds>) },
  };
}

/** The seller's screen: the current thresholds, the last six judged months, and the latest notice. */
export function getSellerQuality(db: Db, sellerId: number, language: Language) {
  const rows = db.select().from(qualityMonths).where(eq(qualityMonths.sellerId, sellerId)).orderBy(desc(qualityMonths.month)).limit(6).all();
  const months = rows.map((row) => {
    const facts = factsOf(row);
    return {
      month: row.month,
      name: monthName(row.month, language),
      judged: row.judged,
      orders: row.orders,
      disputesLost: row.disputesLost,
      step: QUALITY_STEPS[row.step] ?? "none",
      metrics: QUALITY_METRICS.map((metric) => ({ metric, crossed: facts.crossed.includes(metric), ...metricValues(metric, row, facts.thresholds, language) })),
      notice: row.step > 0 ? qualityNotice(language, facts) : null,
    };
  });
  return { thresholds: getQualityThresholds(db), months, latestNotice: months[0]?.notice ?? null };
}

/** The coordinator's list: their village's sellers whose latest judged month asks for the coordinator's review. */
export function listQualityReviews(db: Db, villageId: number, language: Language) {
  const latest = db.select({ month: sql<string | null>`max(${qualityMonths.month})` }).from(qualityMonths).get()?.month;
  if (!latest) return [];
  return db
    .select({ row: qualityMonths, name: sellers.name, phone: users.phone })
    .from(qualityMonths)
    .innerJoin(sellers, eq(sellers.id, qualityMonths.sellerId))
    .innerJoin(users, eq(users.id, sellers.userId))
    .where(and(eq(sellers.villageId, villageId), eq(qualityMonths.step, 3), gte(qualityMonths.month, addMonths(latest, -1))))
    .orderBy(desc(qualityMonths.month))
    .all()
    .map(({ row, name, phone }) => ({ sellerId: row.sellerId, name, phone, month: monthName(row.month, language), orders: row.orders, disputesLost: row.disputesLost, notice: qualityNotice(language, factsOf(row)) }));
}
