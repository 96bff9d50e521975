import { describe, expect, it } from "vitest";
import { crossedMetrics, DEFAULT_QUALITY_THRESHOLDS as T, isJudged, nextStep, shareBp, type MonthFigures } from "../../app/domain/trust/quality-rules";
import { isReviewBurst, isRiskyPayout, LARGE_PAYOUT_TIYN, listingTransferFlag, priceOutlier, selfPurchaseReason } from "../../app/domain/trust/fraud-rules";

const clean: MonthFigures = { orders: 100, sellerCancels: 2, drops: 100, dropsLate: 9, disputesLost: 1, qualityReturns: 1, ratingMilli: 4000 };

describe("the quality index's rules (issue 16 §5)", () => {
  it("crosses a limit at the limit ('below 3 %'), not just under it", () => {
    expect(crossedMetrics(clean, T)).toEqual([]);
    expect(crossedMetrics({ ...clean, sellerCancels: 3, dropsLate: 10, qualityReturns: 2, ratingMilli: 3999 }, T)).toEqual(["cancellations", "delays", "qualityReturns", "rating"]);
  });

  it("does not judge a rating before the first review, nor a month under the minimum of orders", () => {
    expect(crossedMetrics({ ...clean, ratingMilli: null }, T)).toEqual([]);
    expect(isJudged({ ...clean, orders: 4 }, T)).toBe(false);
    expect(isJudged({ ...clean, orders: 5 }, T)).toBe(true);
  });

  it("goes coaching → warning → review over consecutive crossed months, stays at review, and starts over after a clean or small month", () => {
    expect(nextStep(0, true, ["delays"])).toBe(1);
    expect(nextStep(1, true, ["delays"])).toBe(2);
    expect(nextStep(2, true, ["rating"])).toBe(3);
    expect(nextStep(3, true, ["rating"])).toBe(3);
    expect(nextStep(2, true, [])).toBe(0);
    expect(nextStep(2, false, ["rating"])).toBe(0);
  });

  it("rounds shares half up in basis points", () => {
    expect(shareBp(1, 3)).toBe(3333);
    expect(shareBp(2, 3)).toBe(6667);
    expect(shareBp(0, 0)).toBe(0);
  });
});

describe("the fraud rules (issue 16 §6)", () => {
  it("names why a purchase looks like the seller's own, or nothing", () => {
    const base = { buyerUserId: 1, sellerUserId: 2, sharedAddress: false, samePointOrdersInSellerVillage: 2 };
    expect(selfPurchaseReason(base)).toBeNull();
    expect(selfPurchaseReason({ ...base, sellerUserId: 1 })).toBe("same_phone");
    expect(selfPurchaseReason({ ...base, sharedAddress: true })).toBe("shared_address");
    expect(selfPurchaseReason({ ...base, samePointOrdersInSellerVillage: 3 })).toBe("pickup_pattern");
  });

  it("flags three new-account 5★ reviews, not two; a large payout to a fresh account, not a small or an old one", () => {
    expect([isReviewBurst(2), isReviewBurst(3)]).toEqual([false, true]);
    const payoutAt = new Date("2026-11-20T00:00:00Z");
    const daysBefore = (d: number) => new Date(payoutAt.getTime() - d * 86_400_000);
    expect(isRiskyPayout({ amountTiyn: LARGE_PAYOUT_TIYN, destinationChangedAt: daysBefore(7), payoutAt })).toBe(true);
    expect(isRiskyPayout({ amountTiyn: LARGE_PAYOUT_TIYN, destinationChangedAt: daysBefore(7.01), payoutAt })).toBe(false);
    expect(isRiskyPayout({ amountTiyn: LARGE_PAYOUT_TIYN - 1, destinationChangedAt: daysBefore(1), payoutAt })).toBe(false);
  });

  it("flags prices beyond ×5 and ÷5 of the median with 10 listings, and listings that ask for a transfer", () => {
    expect(priceOutlier(501, 100, 10)).toBe("above");
    expect(priceOutlier(500, 100, 10)).toBeNull();
    expect(priceOutlier(19, 100, 10)).toBe("below");
    expect(priceOutlier(20, 100, 10)).toBeNull();
    expect(priceOutlier(10_000, 100, 9)).toBeNull();
    expect(listingTransferFlag(["Үстел", "Kaspi-ге тікелей аударыңыз"])).toBe("off_platform");
    expect(listingTransferFlag(["Үстел", "Қарағаштан жасалған, 120 × 80 см"])).toBeNull();
  });
});
