/**
 * The commission split of an amount (DESIGN §4, MONEY-01): integers only.
 * Each fee is rounded down; the seller gets the remainder, so the parts always
 * add up to the total exactly.
 */

export interface CommissionRates {
  /** The platform's commission in basis points (1/100 of a percent). */
  platformBp: number;
  /** The seller's village cooperative's fee in basis points. */
  coopBp: number;
}

export interface Split {
  platformFeeTiyn: number;
  coopFeeTiyn: number;
  sellerTiyn: number;
}

/** Basis points in a whole. */
export const BP_WHOLE = 10_000;
/** The highest rate either fee may be set to (50 %); the orders table checks the same bound. */
export const MAX_RATE_BP = 5_000;

export function assertTiyn(amountTiyn: number, what = "amount"): void {
  if (!Number.isSafeInteger(amountTiyn) || amountTiyn < 0) {
    throw new RangeError(`${what} must be a non-negative integer number of tiyn, got ${String(amountTiyn)}`);
  }
}

export function assertRateBp(rateBp: number, what = "rate"): void {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > MAX_RATE_BP) {
    throw new RangeError(`${what} must be an integer between 0 and ${MAX_RATE_BP} basis points, got ${String(rateBp)}`);
  }
}

/** floor(amount × rate / 10 000) without leaving exact integers, even for amounts near 2^53. */
function feeOf(totalTiyn: number, rateBp: number): number {
  return Number((BigInt(totalTiyn) * BigInt(rateBp)) / BigInt(BP_WHOLE));
}

export function splitAmount(totalTiyn: number, rates: CommissionRates): Split {
  assertTiyn(totalTiyn, "totalTiyn");
  assertRateBp(rates.platformBp, "platformBp");
  assertRateBp(rates.coopBp, "coopBp");
  const platformFeeTiyn = feeOf(totalTiyn, rates.platformBp);
  const coopFeeTiyn = feeOf(totalTiyn, rates.coopBp);
  return { platformFeeTiyn, coopFeeTiyn, sellerTiyn: totalTiyn - platformFeeTiyn - coopFeeTiyn };
}
