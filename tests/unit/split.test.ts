import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RATE_BP, splitAmount } from "../../app/domain/escrow/split";

describe("commission split (MONEY-01)", () => {
  it("gives fees rounded down and the remainder to the seller, exactly, for any integer amount and rates", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.maxSafeInteger().filter((n) => n >= 0)),
        fc.integer({ min: 0, max: MAX_RATE_BP }),
        fc.integer({ min: 0, max: MAX_RATE_BP }),
        (totalTiyn, platformBp, coopBp) => {
          const split = splitAmount(totalTiyn, { platformBp, coopBp });
          for (const part of [split.platformFeeTiyn, split.coopFeeTiyn, split.sellerTiyn]) {
            expect(Number.isSafeInteger(part)).toBe(true);
            expect(part).toBeGreaterThanOrEqual(0);
          }
          expect(split.platformFeeTiyn + split.coopFeeTiyn + split.sellerTiyn).toBe(totalTiyn);
          // Rounded down: fee ≤ exact share < fee + 1, checked in exact integers.
          const total = BigInt(totalTiyn);
          for (const [fee, rate] of [
            [split.platformFeeTiyn, platformBp],
            [split.coopFeeTiyn, coopBp],
          ] as const) {
            expect(BigInt(fee) * 10_000n <= total * BigInt(rate)).toBe(true);
            expect(total * BigInt(rate) < (BigInt(fee) + 1n) * 10_000n).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("splits a 25 000 ₸ chair at 3 % and 2 %", () => {
    expect(splitAmount(2_500_000, { platformBp: 300, coopBp: 200 })).toEqual({ platformFeeTiyn: 75_000, coopFeeTiyn: 50_000, sellerTiyn: 2_375_000 });
  });

  it("rounds each fee down and gives the tiyn left over to the seller", () => {
    expect(splitAmount(99, { platformBp: 300, coopBp: 200 })).toEqual({ platformFeeTiyn: 2, coopFeeTiyn: 1, sellerTiyn: 96 });
    expect(splitAmount(1, { platformBp: 5000, coopBp: 5000 })).toEqual({ platformFeeTiyn: 0, coopFeeTiyn: 0, sellerTiyn: 1 });
    expect(splitAmount(0, { platformBp: 300, coopBp: 200 })).toEqual({ platformFeeTiyn: 0, coopFeeTiyn: 0, sellerTiyn: 0 });
  });

  it("refuses fractions, negatives and rates outside 0–5000 bp", () => {
    expect(() => splitAmount(10.5, { platformBp: 300, coopBp: 200 })).toThrow(RangeError);
    expect(() => splitAmount(-1, { platformBp: 300, coopBp: 200 })).toThrow(RangeError);
    expect(() => splitAmount(100, { platformBp: 5001, coopBp: 0 })).toThrow(RangeError);
    expect(() => splitAmount(100, { platformBp: 0, coopBp: -1 })).toThrow(RangeError);
    expect(() => splitAmount(100, { platformBp: 2.5, coopBp: 0 })).toThrow(RangeError);
  });
});
