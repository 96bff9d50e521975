import { describe, expect, it } from "vitest";
import { messageFlag } from "../../app/domain/trust/message-flags";
import {
  bayesianRatingMilli,
  median,
  MIN_COUNTED_ORDER_TIYN,
  onTimeShare,
  orderCounts,
  RATING_PRIOR_MEAN_MILLI,
  yearsSince,
  type OrderFacts,
} from "../../app/domain/trust/reputation-rules";
import { canReviewOrder } from "../../app/domain/trust/review-rules";

describe("the Bayesian rating (decision: reputation)", () => {
  it("starts every seller at the prior mean", () => {
    expect(bayesianRatingMilli(0, 0)).toBe(RATING_PRIOR_MEAN_MILLI);
  });
  it("one 5★ does not beat two hundred 4.8★", () => {
    const one = bayesianRatingMilli(1, 5);
    const many = bayesianRatingMilli(200, 960);
    expect(one).toBe(4167);
    expect(many).toBe(4780);
    expect(many).toBeGreaterThan(one);
  });
  it("moves toward the ratings as they grow, and never past them", () => {
    expect(bayesianRatingMilli(10, 10)).toBeLessThan(bayesianRatingMilli(1, 1) + 1);
    expect(bayesianRatingMilli(1000, 5000)).toBeLessThanOrEqual(5000);
    expect(bayesianRatingMilli(1000, 1000)).toBeGreaterThanOrEqual(1000);
  });
});

describe("which orders count (SEC anti-gaming rules; each with a near miss)", () => {
  const fair: OrderFacts = { buyerUserId: 1, sellerUserId: 2, totalTiyn: 500_000, refunded: false, sharesHousehold: false, pairCountedRecently: false };
  it("a fair order counts", () => expect(orderCounts(fair)).toEqual({ counts: true }));
  it("the seller's own phone does not", () => expect(orderCounts({ ...fair, buyerUserId: 2 })).toEqual({ counts: false, reason: "own_phone" }));
  it("a household does not", () => expect(orderCounts({ ...fair, sharesHousehold: true })).toEqual({ counts: false, reason: "household" }));
  it("a partly refunded order does not", () => expect(orderCounts({ ...fair, refunded: true })).toEqual({ counts: false, reason: "refunded" }));
  it("below the threshold does not; at it, it does", () => {
    expect(orderCounts({ ...fair, totalTiyn: MIN_COUNTED_ORDER_TIYN - 1 })).toEqual({ counts: false, reason: "tiny" });
    expect(orderCounts({ ...fair, totalTiyn: MIN_COUNTED_ORDER_TIYN })).toEqual({ counts: true });
  });
  it("a second order of the pair in the period does not", () => expect(orderCounts({ ...fair, pairCountedRecently: true })).toEqual({ counts: false, reason: "repeat_pair" }));
});

describe("small figures", () => {
  it("median", () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(20);
  });
  it("on-time share", () => {
    expect(onTimeShare(0, 0)).toBeNull();
    expect(onTimeShare(9, 1)).toBe(90);
  });
  it("years selling count whole anniversaries", () => {
    const from = new Date("2024-03-10T00:00:00Z");
    expect(yearsSince(from, new Date("2025-03-09T23:00:00Z"))).toBe(0);
    expect(yearsSince(from, new Date("2025-03-10T00:00:00Z"))).toBe(1);
  });
});

describe("the review window", () => {
  const completedAt = new Date("2026-01-01T00:00:00Z");
  it("is open for 30 days after completion", () => {
    expect(canReviewOrder({ status: "completed", completedAt }, new Date("2026-01-31T00:00:00Z")).ok).toBe(true);
    expect(canReviewOrder({ status: "completed", completedAt }, new Date("2026-01-31T00:00:01Z"))).toEqual({ ok: false, reason: "review.window_closed" });
  });
  it("is closed before completion", () => {
    expect(canReviewOrder({ status: "picked_up", completedAt: null }, completedAt)).toEqual({ ok: false, reason: "review.not_completed" });
    expect(canReviewOrder({ status: "refunded", completedAt }, completedAt)).toEqual({ ok: false, reason: "review.not_completed" });
  });
});

describe("message flags", () => {
  it.each([
    ["Позвоните мне 8 701 123 45 67", "phone"],
    ["my number is +7 (777) 123-45-67", "phone"],
    ["87011234567", "phone"],
    ["карта 4400 4301 2345 6789", "card"],
    ["Kaspi перевод на 5000", "off_platform"],
    ["Переведите деньги напрямую, так дешевле", "off_platform"],
    ["Ақшаны картаға аударыңыз", "off_platform"],
    ["Please transfer the money to me", "off_platform"],
    ["Напишите в WhatsApp", "off_platform"],
  ])("flags %s", (text, flag) => expect(messageFlag(text)).toBe(flag));
  it.each([
    ["Орындықтың биіктігі 45 см ба?", null],
    ["Can you make it 120 x 80 cm by March 15?", null],
    ["Цена 25 000 ₸, заказ 1234", null],
    ["Тапсырыс нөмірі 12345678", null],
  ])("leaves %s alone", (text, flag) => expect(messageFlag(text)).toBe(flag));
});
