/**
 * Issue 16 §5: the gentle quality index against the real database. A month
 * is judged once by the job (a second run sends nothing), brings advice,
 * then a warning, then the coordinator's review over consecutive months,
 * starts over after a clean month, leaves small months unjudged, and never
 * pauses a listing. The admin's thresholds are checked and audited.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { getQualityThresholds, getSellerQuality, listQualityReviews, runQualityMonths, submitQualityThresholds } from "../../app/domain/trust/quality.server";
import { auditLog, listings, outboxMessages, qualityMonths } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makePickupPoint, makeSeller, makeUser, makeVillage } from "../support/ledger";
import { applyStep, buy, makeListing, setLanguage } from "../support/orders";

const day = (month: string, d: number) => new Date(`${month}-${String(d).padStart(2, "0")}T06:00:00Z`);

function world(db: Db) {
  const village = makeVillage(db, "Бесағаш");
  const seller = makeSeller(db, village, "Асқар");
  setLanguage(db, seller.userId, "ru");
  const point = makePickupPoint(db, makeVillage(db, "Шелек"));
  const listingId = makeListing(db, seller, { priceTiyn: 2_500_000, stock: 1000 });
  const buyer = makeUser(db);
  return { village, seller, point, listingId, buyer };
}

/** `orders` cash orders in the month, the first `cancelled` of them cancelled by the seller after accepting. */
function month(db: Db, w: ReturnType<typeof world>, name: string, orders: number, cancelled: number) {
  for (let i = 0; i < orders; i++) {
    const placed = buy(db, { buyerUserId: w.buyer, pickupPointId: w.point, lines: [{ listingId: w.listingId, quantity: 1 }], paymentMethod: "cash" }, day(name, 10 + i));
    if (!placed.ok) throw new Error(placed.reason);
    if (i < cancelled) applyStep(db, placed.orderIds[0]!, "seller_cancel", "seller", w.seller.userId, day(name, 11 + i));
  }
}

const notices = (db: Db) => db.select().from(outboxMessages).where(eq(outboxMessages.kind, "quality_notice")).all();
const stepOf = (db: Db, sellerId: number, name: string) =>
  db.select({ step: qualityMonths.step }).from(qualityMonths).where(and(eq(qualityMonths.sellerId, sellerId), eq(qualityMonths.month, name))).get()?.step;

describe("the quality index, month by month", () => {
  it("coaches first, in the seller's language, once; warns the next month; asks the coordinator the third; nothing is paused", () => {
    const { db } = freshDatabase();
    const w = world(db);
    month(db, w, "2025-07", 5, 1);
    expect(runQualityMonths(db, day("2025-08", 2))).toBe(1);
    expect(runQualityMonths(db, day("2025-08", 3))).toBe(0);
    expect(notices(db)).toEqual([expect.objectContaining({ userId: w.seller.userId, language: "ru" })]);
    expect(notices(db)[0]!.body).toContain("отменённые вами заказы 20 % (должно быть ниже 3 %)");
    expect(notices(db)[0]!.body).toContain("Что делать: Держите остаток");
    const screen = getSellerQuality(db, w.seller.sellerId, "ru");
    expect(screen.latestNotice).toBe(notices(db)[0]!.body);
    expect(screen.months[0]).toMatchObject({ month: "2025-07", judged: true, step: "coaching", orders: 5 });

    month(db, w, "2025-08", 6, 1);
    runQualityMonths(db, day("2025-09", 1));
    expect(stepOf(db, w.seller.sellerId, "2025-08")).toBe(2);
    expect(notices(db)[1]!.body).toContain("предупреждение, второй месяц подряд");
    expect(listQualityReviews(db, w.village, "ru")).toEqual([]);

    month(db, w, "2025-09", 5, 2);
    runQualityMonths(db, day("2025-10", 1));
    expect(stepOf(db, w.seller.sellerId, "2025-09")).toBe(3);
    expect(listQualityReviews(db, w.village, "ru")).toEqual([expect.objectContaining({ sellerId: w.seller.sellerId, orders: 5, notice: expect.stringContaining("третий месяц подряд") })]);
    expect(db.select({ status: listings.status }).from(listings).where(eq(listings.id, w.listingId)).get()?.status).toBe("active");

    // A clean month starts over; the fourth crossing would be advice again, not a sanction.
    month(db, w, "2025-10", 5, 0);
    runQualityMonths(db, day("2025-11", 1));
    expect(stepOf(db, w.seller.sellerId, "2025-10")).toBe(0);
    expect(notices(db)).toHaveLength(3);
  });

  it("does not judge a month of fewer orders than the minimum, and says so", () => {
    const { db } = freshDatabase();
    const w = world(db);
    month(db, w, "2025-07", 4, 2);
    runQualityMonths(db, day("2025-08", 2));
    expect(notices(db)).toEqual([]);
    expect(getSellerQuality(db, w.seller.sellerId, "en").months[0]).toMatchObject({ judged: false, orders: 4, step: "none", notice: null });
  });

  it("holds a month against the thresholds the admin saved; a bad value is refused with nothing written", () => {
    const { db } = freshDatabase();
    const w = world(db);
    const admin = makeUser(db);
    expect(submitQualityThresholds(db, { minRatingMilli: "6", maxCancellationsBp: "abc", maxDelaysBp: "10", maxQualityReturnsBp: "2", minOrders: "0" }, { actorUserId: admin, ip: null }, day("2025-08", 1))).toEqual({
      ok: false,
      errors: { minRatingMilli: "quality.rating", maxCancellationsBp: "quality.percent", minOrders: "quality.min_orders" },
    });
    expect(getQualityThresholds(db).maxCancellationsBp).toBe(300);
    expect(submitQualityThresholds(db, { minRatingMilli: "4,5", maxCancellationsBp: "25", maxDelaysBp: "10", maxQualityReturnsBp: "2", minOrders: "3" }, { actorUserId: admin, ip: "10.0.0.1" }, day("2025-08", 1)).ok).toBe(true);
    expect(getQualityThresholds(db)).toMatchObject({ minRatingMilli: 4500, maxCancellationsBp: 2500, minOrders: 3 });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "quality.thresholds.changed")).all()).toHaveLength(1);
    // 1 of 5 cancelled is 20 %: below the new 25 %.
    month(db, w, "2025-07", 5, 1);
    runQualityMonths(db, day("2025-08", 2));
    expect(notices(db)).toEqual([]);
    expect(getSellerQuality(db, w.seller.sellerId, "en").months[0]).toMatchObject({ judged: true, step: "none" });
  });
});
