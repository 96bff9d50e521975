/**
 * Matching two lists of money by reference and amount (issue 15 §4, MONEY-09):
 * pure. Each side is summed per reference first (a payment refunded in two
 * parts is one reference), then every reference is one of matched, missing
 * on our side, missing on theirs, or amount differs. Nothing is corrected:
 * the result is for a person to act on.
 */
import type { ReconciliationResult } from "./vocabulary";

export interface MoneyLine {
  reference: string;
  amountTiyn: number;
}

export interface ReconciledItem {
  reference: string;
  result: ReconciliationResult;
  oursTiyn: number | null;
  theirsTiyn: number | null;
}

function sumByReference(lines: readonly MoneyLine[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const line of lines) sums.set(line.reference, (sums.get(line.reference) ?? 0) + line.amountTiyn);
  return sums;
}

/** Every reference of either side once, problems first, then by reference. */
export function reconcile(ours: readonly MoneyLine[], theirs: readonly MoneyLine[]): ReconciledItem[] {
  const a = sumByReference(ours);
  const b = sumByReference(theirs);
  const items: ReconciledItem[] = [];
  for (const reference of new Set([...a.keys(), ...b.keys()])) {
    const oursTiyn = a.get(reference) ?? null;
    const theirsTiyn = b.get(reference) ?? null;
    const result: ReconciliationResult =
      oursTiyn === null ? "missing_ours" : theirsTiyn === null ? "missing_theirs" : oursTiyn === theirsTiyn ? "matched" : "amount_differs";
    items.push({ reference, result, oursTiyn, theirsTiyn });
  }
  const rank = (r: ReconciliationResult) => (r === "matched" ? 1 : 0);
  return items.sort((x, y) => rank(x.result) - rank(y.result) || (x.reference < y.reference ? -1 : x.reference > y.reference ? 1 : 0));
}
