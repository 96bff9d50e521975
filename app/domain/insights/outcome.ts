/**
 * What one finished order adds to the sales rollups (docs/metrics.md): a pure
 * rule, shared by the incremental path and the rebuild so both count alike.
 */

/** The statuses that count: a sale (`completed`) or a sale undone after the goods reached the buyer (`refunded`). */
export const OUTCOME_STATUSES = ["completed", "refunded"] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export function isOutcomeStatus(status: string): status is OutcomeStatus {
  return (OUTCOME_STATUSES as readonly string[]).includes(status);
}

export interface OutcomeLine {
  categoryId: number;
  lineTiyn: number;
  quantity: number;
}

/**
 * The additive measures of one rollup row. Any sum of rows has the same
 * measures, so this is the one shape of "sales figures" the insights reads
 * build on (the village dashboard, the areas, the evidence pack, the charts).
 */
export interface Measures {
  ordersCompleted: number;
  /** docs/metrics.md "GMV": completed orders net of refunds, tiyn. */
  gmvTiyn: number;
  refundedTiyn: number;
  ordersRefunded: number;
  items: number;
}

export const ZERO_MEASURES: Measures = { ordersCompleted: 0, gmvTiyn: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0 };

/** The measures of a row (or of grouped sums), zeros when there is none; other fields of the row are left out. */
export function measuresOf(row: Measures | undefined): Measures {
  return {
    gmvTiyn: row?.gmvTiyn ?? 0,
    ordersCompleted: row?.ordersCompleted ?? 0,
    refundedTiyn: row?.refundedTiyn ?? 0,
    ordersRefunded: row?.ordersRefunded ?? 0,
    items: row?.items ?? 0,
  };
}

export function addMeasures(a: Measures, b: Measures): Measures {
  return {
    ordersCompleted: a.ordersCompleted + b.ordersCompleted,
    gmvTiyn: a.gmvTiyn + b.gmvTiyn,
    refundedTiyn: a.refundedTiyn + b.refundedTiyn,
    ordersRefunded: a.ordersRefunded + b.ordersRefunded,
    items: a.items + b.items,
  };
}

/**
 * One order's measures split over its categories. The order counts once, in
 * its main category (largest line total; on a tie the lowest id). The refund
 * is split by line total with the largest-remainder method (ties: larger line,
 * then lower id), so the parts add up to the refund exactly and no category's
 * part exceeds its lines (the refund never exceeds the order's total).
 */
export function categoryShares(status: OutcomeStatus, lines: readonly OutcomeLine[], refundedTiyn: number): { categoryId: number; measures: Measures }[] {
  const byCategory = new Map<number, { lineTiyn: number; quantity: number }>();
  for (const line of lines) {
    const sum = byCategory.get(line.categoryId) ?? { lineTiyn: 0, quantity: 0 };
    sum.lineTiyn += line.lineTiyn;
    sum.quantity += line.quantity;
    byCategory.set(line.categoryId, sum);
  }
  const groups = [...byCategory].map(([categoryId, sum]) => ({ categoryId, ...sum }));
  const totalTiyn = groups.reduce((sum, g) => sum + g.lineTiyn, 0);
  if (groups.length === 0 || totalTiyn <= 0) return [];
  if (!Number.isSafeInteger(refundedTiyn) || refundedTiyn < 0 || refundedTiyn > totalTiyn) {
    throw new Error(`refund ${refundedTiyn} outside 0..${totalTiyn}`);
  }
  const main = [...groups].sort((a, b) => b.lineTiyn - a.lineTiyn || a.categoryId - b.categoryId)[0]!.categoryId;
  // BigInt: refund × line can pass 2^53 for large orders.
  const parts = groups.map((g) => {
    const product = BigInt(refundedTiyn) * BigInt(g.lineTiyn);
    return { ...g, share: Number(product / BigInt(totalTiyn)), remainder: product % BigInt(totalTiyn) };
  });
  let left = refundedTiyn - parts.reduce((sum, p) => sum + p.share, 0);
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? b.lineTiyn - a.lineTiyn || a.categoryId - b.categoryId : a.remainder > b.remainder ? -1 : 1));
  for (const part of byRemainder) {
    if (left === 0) break;
    part.share += 1;
    left -= 1;
  }
  const completed = status === "completed";
  return parts.map((p) => ({
    categoryId: p.categoryId,
    measures: {
      ordersCompleted: completed && p.categoryId === main ? 1 : 0,
      gmvTiyn: completed ? p.lineTiyn - p.share : 0,
      refundedTiyn: p.share,
      ordersRefunded: !completed && p.categoryId === main ? 1 : 0,
      items: completed ? p.quantity : 0,
    },
  }));
}

/** The same order as one row of its seller's month. */
export function orderMeasures(status: OutcomeStatus, lines: readonly OutcomeLine[], refundedTiyn: number): Measures {
  return categoryShares(status, lines, refundedTiyn).reduce((sum, part) => addMeasures(sum, part.measures), ZERO_MEASURES);
}

// ---------------------------------------------------------------- service events

/**
 * What one order event adds to its village's month (insights_village_months,
 * insights_pickup_hours, insights_village_buyers): a pure rule shared by the
 * incremental path and the rebuild. `facts` are what the rule needs to know
 * about the order's past, read from its earlier events.
 */
export interface ServiceEvent {
  event: string;
  fromStatus: string | null;
  toStatus: string;
  at: Date;
}

export interface ServiceFacts {
  paymentMethod: "online" | "cash";
  /** When the order was paid: the `payment_captured` event (online) or the `placed` event (cash). */
  paidAt: Date | null;
  /** The drop deadline the order was waiting on when it left `accepted`. */
  dropDeadlineAt: Date | null;
}

export interface ServiceCounts {
  pickups: number;
  onlinePickups: number;
  disputes: number;
  handoversDue: number;
  handoversOnTime: number;
  /** Whole hours from payment to pickup, for the histogram; null when the event is not a pickup. */
  pickupHours: number | null;
  /** The order completed: one more completed order of its buyer in the village's month. */
  completed: boolean;
}

const HOUR_MS = 3_600_000;

export function serviceCounts(e: ServiceEvent, facts: ServiceFacts): ServiceCounts | null {
  const counts: ServiceCounts = { pickups: 0, onlinePickups: 0, disputes: 0, handoversDue: 0, handoversOnTime: 0, pickupHours: null, completed: false };
  let any = false;
  if (e.event === "pickup") {
    counts.pickups = 1;
    counts.onlinePickups = facts.paymentMethod === "online" ? 1 : 0;
    // A clock set back must not make a negative bucket.
    counts.pickupHours = facts.paidAt ? Math.max(0, Math.floor((e.at.getTime() - facts.paidAt.getTime()) / HOUR_MS)) : null;
    any = true;
  }
  if (e.event === "dispute") {
    counts.disputes = 1;
    any = true;
  }
  // The handover settles when the order first leaves `accepted`: dropped (or received by the hub), or cancelled by the deadline.
  const handedOver = (e.event === "drop" || e.event === "receive") && e.fromStatus === "accepted";
  if (handedOver || e.event === "drop_deadline") {
    counts.handoversDue = 1;
    counts.handoversOnTime = handedOver && facts.dropDeadlineAt !== null && e.at.getTime() < facts.dropDeadlineAt.getTime() ? 1 : 0;
    any = true;
  }
  if (e.toStatus === "completed" && e.fromStatus !== "completed") {
    counts.completed = true;
    any = true;
  }
  return any ? counts : null;
}

export interface HourCount {
  hours: number;
  orders: number;
}

/**
 * The median of a histogram of whole hours (rows in any order): the middle
 * value, or the mean of the two middle values when the count is even.
 */
export function medianHours(histogram: readonly HourCount[]): number | null {
  const rows = [...histogram].filter((r) => r.orders > 0).sort((a, b) => a.hours - b.hours);
  const total = rows.reduce((sum, r) => sum + r.orders, 0);
  if (total === 0) return null;
  // 0-based positions of the middle value(s).
  const lower = Math.floor((total - 1) / 2);
  const upper = Math.floor(total / 2);
  let seen = 0;
  let lowerValue: number | null = null;
  for (const row of rows) {
    const next = seen + row.orders;
    if (lowerValue === null && lower < next) lowerValue = row.hours;
    if (upper < next) return ((lowerValue ?? row.hours) + row.hours) / 2;
    seen = next;
  }
  return lowerValue;
}
