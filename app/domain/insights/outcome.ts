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

/** The additive measures of one rollup row. */
export interface Measures {
  ordersCompleted: number;
  gmvTiyn: number;
  refundedTiyn: number;
  ordersRefunded: number;
  items: number;
}

export const ZERO_MEASURES: Measures = { ordersCompleted: 0, gmvTiyn: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0 };

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
