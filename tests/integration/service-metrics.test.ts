/**
 * serviceMetrics and serviceMetricsByVillage (docs/metrics.md: repeat buyers,
 * median days from payment to pickup, on-time handovers, disputes) read the
 * three monthly rollups of an area and period: rows written here by hand, then
 * against a brute-force computation over random rows; medianHours against a
 * sorted list.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { addMonths } from "../../app/domain/insights/calendar";
import { medianHours } from "../../app/domain/insights/outcome";
import { serviceMetrics, serviceMetricsByVillage, ZERO_SERVICE } from "../../app/domain/insights/service.server";
import { insightsPickupHours, insightsVillageBuyers, insightsVillageMonths } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makeVillage } from "../support/ledger";

function villages(db: Db, n: number): number[] {
  return Array.from({ length: n }, () => makeVillage(db));
}

describe("serviceMetrics", () => {
  it("sums an area's months, counts a buyer once across its villages and months, and reads the median from the histogram", () => {
    const db = freshDatabase().db;
    const [a, b, c] = villages(db, 3) as [number, number, number];
    db.insert(insightsVillageMonths)
      .values([
        { villageId: a, month: "2025-01", pickups: 4, onlinePickups: 3, disputes: 1, handoversDue: 5, handoversOnTime: 4 },
        { villageId: a, month: "2025-02", pickups: 2, onlinePickups: 2, disputes: 0, handoversDue: 2, handoversOnTime: 1 },
        { villageId: b, month: "2025-02", pickups: 1, onlinePickups: 0, disputes: 0, handoversDue: 1, handoversOnTime: 1 },
        // Outside the period or the area: never counted below.
        { villageId: a, month: "2025-03", pickups: 50, onlinePickups: 50, disputes: 9, handoversDue: 50, handoversOnTime: 0 },
        { villageId: c, month: "2025-01", pickups: 70, onlinePickups: 70, disputes: 7, handoversDue: 70, handoversOnTime: 0 },
      ])
      .run();
    db.insert(insightsVillageBuyers)
      .values([
        // Buyer 10: one order in each month of village a → a repeat buyer of a over the period.
        { villageId: a, month: "2025-01", buyerId: 10, ordersCompleted: 1 },
        { villageId: a, month: "2025-02", buyerId: 10, ordersCompleted: 1 },
        // Buyer 11: one order from a, one from b → a repeat buyer of the area, not of either village.
        { villageId: a, month: "2025-01", buyerId: 11, ordersCompleted: 1 },
        { villageId: b, month: "2025-02", buyerId: 11, ordersCompleted: 1 },
        // Buyer 12: two orders in one month of b.
        { villageId: b, month: "2025-02", buyerId: 12, ordersCompleted: 2 },
        // Buyer 13: once; a second order falls after the period.
        { villageId: a, month: "2025-02", buyerId: 13, ordersCompleted: 1 },
        { villageId: a, month: "2025-03", buyerId: 13, ordersCompleted: 1 },
        { villageId: c, month: "2025-01", buyerId: 14, ordersCompleted: 3 },
      ])
      .run();
    db.insert(insightsPickupHours)
      .values([
        { villageId: a, month: "2025-01", hours: 30, orders: 2 },
        { villageId: a, month: "2025-02", hours: 30, orders: 1 },
        { villageId: a, month: "2025-02", hours: 90, orders: 3 },
        { villageId: b, month: "2025-02", hours: 12, orders: 1 },
        { villageId: a, month: "2025-03", hours: 500, orders: 40 },
        { villageId: c, month: "2025-01", hours: 500, orders: 40 },
      ])
      .run();
    const months = ["2025-01", "2025-02"];

    // a and b: hours 12, 30, 30, 30, 90, 90, 90 → median 30 h = 1.25 days → 1.3.
    expect(serviceMetrics(db, [a, b], months)).toEqual({
      buyers: 4,
      repeatBuyers: 3,
      pickups: 7,
      medianPickupDays: 1.3,
      handoversDue: 8,
      handoversOnTime: 6,
      onlinePickups: 5,
      disputes: 1,
    });
    const byVillage = serviceMetricsByVillage(db, [a, b], months);
    expect([...byVillage.keys()]).toEqual([a, b]);
    // a: hours 30, 30, 30, 90, 90, 90 → (30 + 90) / 2 = 60 h = 2.5 days.
    expect(byVillage.get(a)).toEqual({ buyers: 3, repeatBuyers: 1, pickups: 6, medianPickupDays: 2.5, handoversDue: 7, handoversOnTime: 5, onlinePickups: 5, disputes: 1 });
    expect(byVillage.get(b)).toEqual({ buyers: 2, repeatBuyers: 1, pickups: 1, medianPickupDays: 0.5, handoversDue: 1, handoversOnTime: 1, onlinePickups: 0, disputes: 0 });

    // "all" takes every village; a month with nothing adds nothing.
    const all = serviceMetrics(db, "all", ["2025-01", "2025-02", "2024-12"]);
    expect(all).toMatchObject({ buyers: 5, repeatBuyers: 4, pickups: 77, handoversDue: 78, disputes: 8 });
    expect(serviceMetricsByVillage(db, "all", months).size).toBe(3);

    // Nothing to read: zeros and no median, never an error.
    expect(serviceMetrics(db, [], months)).toEqual(ZERO_SERVICE);
    expect(serviceMetrics(db, [a], [])).toEqual(ZERO_SERVICE);
    expect(serviceMetrics(db, [a], ["2020-01"])).toEqual(ZERO_SERVICE);
    expect(serviceMetricsByVillage(db, [a], ["2020-01"]).size).toBe(0);
    expect(() => serviceMetrics(db, [a], ["2025-1"])).toThrow();
  });

  it("agrees with a brute-force count over random rollup rows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ village: fc.integer({ min: 0, max: 2 }), month: fc.integer({ min: 0, max: 3 }), buyer: fc.integer({ min: 1, max: 6 }), orders: fc.integer({ min: 1, max: 3 }) }), { maxLength: 30 }),
        fc.array(fc.record({ village: fc.integer({ min: 0, max: 2 }), month: fc.integer({ min: 0, max: 3 }), hours: fc.integer({ min: 0, max: 400 }), orders: fc.integer({ min: 1, max: 4 }) }), { maxLength: 30 }),
        fc.subarray([0, 1, 2]),
        fc.subarray([0, 1, 2, 3], { minLength: 1 }),
        (buyerRows, hourRows, pickVillages, pickMonths) => {
          const db = freshDatabase().db;
          const ids = villages(db, 3);
          const month = (i: number) => addMonths("2024-11", i);
          const buyers = new Map<string, (typeof buyerRows)[number]>();
          for (const r of buyerRows) buyers.set(`${r.village}|${r.month}|${r.buyer}`, r);
          for (const r of buyers.values()) db.insert(insightsVillageBuyers).values({ villageId: ids[r.village]!, month: month(r.month), buyerId: r.buyer, ordersCompleted: r.orders }).run();
          const hours = new Map<string, (typeof hourRows)[number]>();
          for (const r of hourRows) hours.set(`${r.village}|${r.month}|${r.hours}`, r);
          for (const r of hours.values()) db.insert(insightsPickupHours).values({ villageId: ids[r.village]!, month: month(r.month), hours: r.hours, orders: r.orders }).run();

          const inArea = (r: { village: number; month: number }) => pickVillages.includes(r.village) && pickMonths.includes(r.month);
          const perBuyer = new Map<number, number>();
          for (const r of [...buyers.values()].filter(inArea)) perBuyer.set(r.buyer, (perBuyer.get(r.buyer) ?? 0) + r.orders);
          const sorted = [...hours.values()].filter(inArea).flatMap((r) => Array<number>(r.orders).fill(r.hours)).sort((x, y) => x - y);
          const n = sorted.length;
          const median = n === 0 ? null : (sorted[Math.floor((n - 1) / 2)]! + sorted[Math.floor(n / 2)]!) / 2;

          const got = serviceMetrics(db, pickVillages.map((v) => ids[v]!), pickMonths.map(month));
          expect(got.buyers).toBe(perBuyer.size);
          expect(got.repeatBuyers).toBe([...perBuyer.values()].filter((o) => o >= 2).length);
          expect(got.medianPickupDays).toBe(median === null ? null : Math.round((median / 24) * 10) / 10);
          expect(got.pickups).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe("medianHours", () => {
  it("is the middle of the sorted values, or the mean of the two middle ones", () => {
    expect(medianHours([])).toBeNull();
    expect(medianHours([{ hours: 5, orders: 0 }])).toBeNull();
    expect(medianHours([{ hours: 7, orders: 1 }])).toBe(7);
    expect(medianHours([{ hours: 9, orders: 1 }, { hours: 1, orders: 1 }])).toBe(5);
    expect(medianHours([{ hours: 1, orders: 2 }, { hours: 9, orders: 1 }])).toBe(1);
    fc.assert(
      fc.property(fc.array(fc.record({ hours: fc.integer({ min: 0, max: 1000 }), orders: fc.integer({ min: 0, max: 5 }) }), { maxLength: 20 }), (rows) => {
        const values = rows.flatMap((r) => Array<number>(r.orders).fill(r.hours)).sort((x, y) => x - y);
        const n = values.length;
        expect(medianHours(rows)).toBe(n === 0 ? null : (values[Math.floor((n - 1) / 2)]! + values[Math.floor(n / 2)]!) / 2);
      }),
    );
  });
});
