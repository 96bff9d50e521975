/**
 * The analysts' area reports (issue 6 §3, §4, §6) over rollup rows written
 * directly: a district, a region and the country add up their villages
 * exactly, children are ranked by GMV, the e-commerce village test holds at
 * its thresholds' edges, and figures built from 4 sellers are "<5" while 5
 * sellers are shown.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { addMonths, almatyDayStart, almatyMonth } from "../../app/domain/insights/calendar";
import { areaReport, type Area, type AreaReport, type ChildRow } from "../../app/domain/insights/areas.server";
import { activeShops, activeShopsByMonth, activeShopsByVillage } from "../../app/domain/insights/shops.server";
import { SUPPRESSED } from "../../app/domain/insights/suppression";
import { DEFAULT_THRESHOLDS, getThresholds, submitThresholds } from "../../app/domain/insights/thresholds.server";
import { auditLog, categories, districts, insightsSellerMonths, insightsVillageDays, regions, sellerApplications, sellers, users, villages } from "../../db/schema";
import { seedCategories, seedGeography } from "../../db/seed/seed";
import { freshDatabase } from "../support/db";
import { refusalKeys } from "../../app/i18n/refusals";

const NOW = new Date("2026-03-15T06:00:00Z");
const THIS_MONTH = almatyMonth(NOW); // 2026-03
const DAY = 86_400_000;

let phoneCounter = 0;

/** Two regions (KZ-19 with two districts, KZ-33 with one), villages with households. */
function world() {
  const { db } = freshDatabase();
  seedGeography(db, { demo: false });
  seedCategories(db);
  const regionId = (iso: string) => db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, iso)).get()!.id;
  const a = regionId("KZ-19");
  const b = regionId("KZ-33");
  const district = (region: number, slug: string) =>
    db.insert(districts).values({ regionId: region, slug, nameKk: `${slug} ауданы`, nameRu: `${slug} район`, nameEn: `${slug} District` }).returning().get().id;
  const village = (districtId: number, slug: string, households: number) =>
    db.insert(villages).values({ districtId, slug, nameKk: slug, nameRu: slug, nameEn: slug, households }).returning().get().id;
  const a1 = district(a, "a-one");
  const a2 = district(a, "a-two");
  const b1 = district(b, "b-one");
  const v = {
    a1x: village(a1, "a1x", 1000),
    a1y: village(a1, "a1y", 200),
    a1z: village(a1, "a1z", 300),
    a2x: village(a2, "a2x", 400),
    b1x: village(b1, "b1x", 500),
  };
  const categoryIds = db.select({ id: categories.id }).from(categories).where(sql`${categories.parentId} IS NULL`).orderBy(categories.id).limit(2).all().map((c) => c.id);
  return { db, regions: { a, b }, districts: { a1, a2, b1 }, v, categoryIds };
}

/** An approved seller of a village (approved `approvedDaysAgo` days before NOW). */
function seller(db: Db, villageId: number, approvedDaysAgo = 400): number {
  phoneCounter += 1;
  const user = db
    .insert(users)
    .values({ phone: `+7701${String(phoneCounter).padStart(7, "0")}`, createdAt: new Date(NOW.getTime() - approvedDaysAgo * DAY) })
    .returning()
    .get();
  const application = db
    .insert(sellerApplications)
    .values({ userId: user.id, villageId, name: `Seller ${phoneCounter}`, status: "approved", createdAt: new Date(NOW.getTime() - approvedDaysAgo * DAY) })
    .returning()
    .get();
  return db
    .insert(sellers)
    .values({ userId: user.id, villageId, applicationId: application.id, name: `Seller ${phoneCounter}`, approvedAt: new Date(NOW.getTime() - approvedDaysAgo * DAY) })
    .returning()
    .get().id;
}

interface Sale {
  gmvTiyn: number;
  orders: number;
  items?: number;
  refundedTiyn?: number;
  ordersRefunded?: number;
  category?: number;
}

/** Adds a seller's month to both rollups, as recordOrderOutcome would have. */
function sale(db: Db, villageId: number, sellerId: number, month: string, s: Sale, categoryId: number) {
  const values = { gmvTiyn: s.gmvTiyn, ordersCompleted: s.orders, items: s.items ?? s.orders, refundedTiyn: s.refundedTiyn ?? 0, ordersRefunded: s.ordersRefunded ?? 0 };
  db.insert(insightsSellerMonths)
    .values({ villageId, sellerId, month, ...values })
    .onConflictDoUpdate({
      target: [insightsSellerMonths.villageId, insightsSellerMonths.month, insightsSellerMonths.sellerId],
      set: {
        gmvTiyn: sql`${insightsSellerMonths.gmvTiyn} + ${values.gmvTiyn}`,
        ordersCompleted: sql`${insightsSellerMonths.ordersCompleted} + ${values.ordersCompleted}`,
        items: sql`${insightsSellerMonths.items} + ${values.items}`,
        refundedTiyn: sql`${insightsSellerMonths.refundedTiyn} + ${values.refundedTiyn}`,
        ordersRefunded: sql`${insightsSellerMonths.ordersRefunded} + ${values.ordersRefunded}`,
      },
    })
    .run();
  db.insert(insightsVillageDays)
    .values({ villageId, day: `${month}-10`, categoryId: s.category ?? categoryId, ...values })
    .onConflictDoUpdate({
      target: [insightsVillageDays.villageId, insightsVillageDays.day, insightsVillageDays.categoryId],
      set: {
        gmvTiyn: sql`${insightsVillageDays.gmvTiyn} + ${values.gmvTiyn}`,
        ordersCompleted: sql`${insightsVillageDays.ordersCompleted} + ${values.ordersCompleted}`,
        items: sql`${insightsVillageDays.items} + ${values.items}`,
        refundedTiyn: sql`${insightsVillageDays.refundedTiyn} + ${values.refundedTiyn}`,
        ordersRefunded: sql`${insightsVillageDays.ordersRefunded} + ${values.ordersRefunded}`,
      },
    })
    .run();
}

const num = (value: unknown): number => {
  if (typeof value !== "number") throw new Error(`expected a shown number, got ${String(value)}`);
  return value;
};

/** A populated world: every village has sellers selling in the current and previous periods. */
function populated() {
  const w = world();
  const cat = w.categoryIds[0]!;
  const plan: [keyof typeof w.v, number, number][] = [
    // village, sellers, GMV per seller per month (tiyn)
    ["a1x", 6, 500_000],
    ["a1y", 5, 300_000],
    ["a1z", 7, 100_000],
    ["a2x", 8, 200_000],
    ["b1x", 5, 900_000],
  ];
  const sellerIds: Record<string, number[]> = {};
  // One transaction: hundreds of rows, one fsync.
  w.db.transaction(() => {
    for (const [key, count, gmv] of plan) {
      const villageId = w.v[key];
      sellerIds[key] = [];
      for (let i = 0; i < count; i++) {
        const id = seller(w.db, villageId);
        sellerIds[key].push(id);
        // Every month of the last 12: the current 6-month period and the previous one.
        for (let back = 0; back < 12; back++) sale(w.db, villageId, id, addMonths(THIS_MONTH, -back), { gmvTiyn: gmv + i, orders: 2, items: 3, refundedTiyn: back === 0 ? 1_000 : 0 }, cat);
      }
    }
  });
  return { ...w, sellerIds };
}

const report = (db: Db, area: Area, length: 3 | 6 | 12 = 6): AreaReport => {
  const r = areaReport(db, area, length, NOW);
  if (!r) throw new Error("no report");
  return r;
};

/** The rollup's own sums over a set of villages and months, for comparison. */
function rollupSums(db: Db, villageIds: number[], first: string, last: string) {
  return db
    .select({
      gmvTiyn: sql<number>`COALESCE(SUM(${insightsVillageDays.gmvTiyn}), 0)`,
      ordersCompleted: sql<number>`COALESCE(SUM(${insightsVillageDays.ordersCompleted}), 0)`,
      refundedTiyn: sql<number>`COALESCE(SUM(${insightsVillageDays.refundedTiyn}), 0)`,
      items: sql<number>`COALESCE(SUM(${insightsVillageDays.items}), 0)`,
    })
    .from(insightsVillageDays)
    .where(sql`${insightsVillageDays.villageId} IN (${sql.join(villageIds.map((id) => sql`${id}`), sql`, `)}) AND ${insightsVillageDays.day} >= ${`${first}-01`} AND ${insightsVillageDays.day} < ${`${addMonths(last, 1)}-01`}`)
    .get()!;
}

describe("areaReport adds villages up", () => {
  it("district, region and country totals equal the sums of their villages and of the rollups", () => {
    const w = populated();
    const country = report(w.db, { kind: "country" });
    const regionA = report(w.db, { kind: "region", regionId: w.regions.a });
    const districtA1 = report(w.db, { kind: "district", districtId: w.districts.a1 });
    const villages = Object.fromEntries(Object.entries(w.v).map(([key, id]) => [key, report(w.db, { kind: "village", villageId: id })]));

    const sum = (list: AreaReport[], key: "gmvTiyn" | "ordersCompleted" | "items" | "refundedTiyn" | "activeSellers" | "activeShops") => list.reduce((s, r) => s + num(r.totals[key]), 0);
    for (const key of ["gmvTiyn", "ordersCompleted", "items", "refundedTiyn", "activeSellers", "activeShops"] as const) {
      expect(num(districtA1.totals[key]), key).toBe(sum([villages.a1x!, villages.a1y!, villages.a1z!], key));
      expect(num(regionA.totals[key]), key).toBe(sum([villages.a1x!, villages.a1y!, villages.a1z!, villages.a2x!], key));
      expect(num(country.totals[key]), key).toBe(sum(Object.values(villages), key));
    }
    const direct = rollupSums(w.db, [w.v.a1x, w.v.a1y, w.v.a1z, w.v.a2x], regionA.current.first, regionA.current.last);
    expect(regionA.totals).toMatchObject(direct);
    expect(regionA.totals.activeSellers).toBe(6 + 5 + 7 + 8);
    // Every seller completed 2 orders a month for a year and was approved long ago: all are active shops.
    expect(regionA.totals.activeShops).toBe(26);
    expect(regionA.area.households).toBe(1000 + 200 + 300 + 400);
    expect(regionA.totals.householdsShare).toBeCloseTo(26 / 1900, 10);

    // Months add up to the period; the previous period is the six months before.
    expect(regionA.months.map((m) => m.month)).toEqual(regionA.current.months);
    expect(regionA.months.reduce((s, m) => s + num(m.gmvTiyn), 0)).toBe(num(regionA.totals.gmvTiyn));
    const before = rollupSums(w.db, [w.v.a1x, w.v.a1y, w.v.a1z, w.v.a2x], regionA.previous.first, regionA.previous.last);
    expect(regionA.previousTotals).toMatchObject(before);

    // Children of a region: its two districts, which add up to it; the country's rows are regions.
    expect(regionA.children.map((c) => c.kind)).toEqual(["district", "district"]);
    expect(regionA.children.reduce((s, c) => s + num(c.current.gmvTiyn), 0)).toBe(num(regionA.totals.gmvTiyn));
    expect(regionA.villages).toHaveLength(4);
    expect(country.children.filter((c) => num(c.current.gmvTiyn) > 0).map((c) => c.slug).sort()).toEqual(["kz-19", "kz-33"]);
    expect(districtA1.children.map((c) => c.slug)).toEqual(["a1x", "a1y", "a1z"]);
  });

  it("ranks children by GMV of the period", () => {
    const w = populated();
    const regionA = report(w.db, { kind: "region", regionId: w.regions.a });
    const gmv = (rows: ChildRow[]) => rows.map((r) => num(r.current.gmvTiyn));
    // a1: 6×500k + 5×300k + 7×100k = 5.2M a month; a2: 8×200k = 1.6M.
    expect(regionA.children.map((c) => c.slug)).toEqual(["a-one", "a-two"]);
    expect(regionA.villages.map((c) => c.slug)).toEqual(["a1x", "a2x", "a1y", "a1z"]);
    for (const list of [regionA.children, regionA.villages]) {
      const values = gmv(list);
      expect([...values].sort((x, y) => y - x)).toEqual(values);
    }
    const country = report(w.db, { kind: "country" });
    expect(country.children.slice(0, 2).map((c) => c.slug)).toEqual(["kz-19", "kz-33"]);
    expect(country.children).toHaveLength(w.db.select({ n: sql<number>`count(*)` }).from(regions).get()!.n);
  });

  it("unknown areas give no report", () => {
    const w = world();
    expect(areaReport(w.db, { kind: "region", regionId: 99_999 }, 6, NOW)).toBeUndefined();
    expect(areaReport(w.db, { kind: "village", villageId: 99_999 }, 6, NOW)).toBeUndefined();
  });
});

describe("small-cell suppression", () => {
  it("a village of 4 sellers is <5 in every figure, its status and its months; 5 sellers are shown", () => {
    const w = world();
    const cat = w.categoryIds[0]!;
    for (let i = 0; i < 4; i++) sale(w.db, w.v.a1x, seller(w.db, w.v.a1x), THIS_MONTH, { gmvTiyn: 100_000, orders: 3 }, cat);
    const four = report(w.db, { kind: "village", villageId: w.v.a1x });
    for (const value of Object.values(four.totals)) expect(value).toBe(SUPPRESSED);
    expect(four.months.at(-1)!.gmvTiyn).toBe(SUPPRESSED);
    // Months without any seller are true zeros.
    expect(four.months[0]!.gmvTiyn).toBe(0);
    expect(four.villageStatus).toEqual({ tier: SUPPRESSED, yearlyGmvTiyn: SUPPRESSED, progress: SUPPRESSED });
    expect(four.topCategories).toEqual([]);
    expect(four.categoriesSuppressed).toBe(true);
    expect(Object.values(four.service)).toEqual(Array(5).fill(SUPPRESSED));
    expect(JSON.stringify(four)).not.toContain("400000");

    sale(w.db, w.v.a1x, seller(w.db, w.v.a1x), THIS_MONTH, { gmvTiyn: 100_000, orders: 3 }, cat);
    const five = report(w.db, { kind: "village", villageId: w.v.a1x });
    expect(five.totals.gmvTiyn).toBe(500_000);
    expect(five.totals.activeSellers).toBe(5);
    expect(five.months.at(-1)!.gmvTiyn).toBe(500_000);
    expect(five.villageStatus!.tier).toBe("none");
    // No buyer or pickup rollup rows here: shown, with no share to compute.
    expect(five.service).toEqual({ buyers: 0, repeatBuyersShare: null, medianPickupDays: null, onTimeHandoverShare: null, disputeRate: null });
    expect(five.topCategories).toEqual([expect.objectContaining({ gmvTiyn: 500_000, ordersCompleted: 15 })]);
  });

  it("in a district, a village of 4 sellers is <5 and one more row is hidden so the total cannot reveal it", () => {
    const w = world();
    const cat = w.categoryIds[0]!;
    const add = (villageId: number, n: number, gmv: number) => {
      for (let i = 0; i < n; i++) sale(w.db, villageId, seller(w.db, villageId), THIS_MONTH, { gmvTiyn: gmv, orders: 1 }, cat);
    };
    add(w.v.a1x, 9, 100_000);
    add(w.v.a1y, 4, 100_000);
    add(w.v.a1z, 6, 100_000);
    const d = report(w.db, { kind: "district", districtId: w.districts.a1 });
    expect(d.totals.gmvTiyn).toBe(19 * 100_000);
    const bySlug = Object.fromEntries(d.children.map((c) => [c.slug, c]));
    expect(bySlug.a1y!.current.gmvTiyn).toBe(SUPPRESSED);
    // The smallest shown village (6 sellers) is hidden too; the largest stays.
    expect(bySlug.a1z!.current.gmvTiyn).toBe(SUPPRESSED);
    expect(bySlug.a1x!.current.gmvTiyn).toBe(900_000);
    // Hidden rows come last.
    expect(d.children.map((c) => c.slug)).toEqual(["a1x", "a1y", "a1z"]);
  });

  it("a refund alone makes a seller count behind a cell", () => {
    const w = world();
    const cat = w.categoryIds[0]!;
    for (let i = 0; i < 4; i++) sale(w.db, w.v.a2x, seller(w.db, w.v.a2x), THIS_MONTH, { gmvTiyn: 10_000, orders: 1 }, cat);
    sale(w.db, w.v.a2x, seller(w.db, w.v.a2x), THIS_MONTH, { gmvTiyn: 0, orders: 0, items: 0, refundedTiyn: 5_000, ordersRefunded: 1 }, cat);
    const r = report(w.db, { kind: "village", villageId: w.v.a2x });
    expect(r.totals.gmvTiyn).toBe(40_000);
    expect(r.totals.activeSellers).toBe(4);
    expect(r.totals.refundedTiyn).toBe(5_000);
  });
});

describe("active shops", () => {
  it("needs ≥ 3 completed orders over the month and the two before, and approval ≥ 30 days before the month's end", () => {
    const w = world();
    const cat = w.categoryIds[0]!;
    const m = THIS_MONTH;
    const old1 = seller(w.db, w.v.a1x);
    sale(w.db, w.v.a1x, old1, addMonths(m, -2), { gmvTiyn: 1, orders: 1 }, cat);
    sale(w.db, w.v.a1x, old1, addMonths(m, -1), { gmvTiyn: 1, orders: 1 }, cat);
    sale(w.db, w.v.a1x, old1, m, { gmvTiyn: 1, orders: 1 }, cat); // 3 over three months: active
    const old2 = seller(w.db, w.v.a1x);
    sale(w.db, w.v.a1x, old2, addMonths(m, -3), { gmvTiyn: 1, orders: 5 }, cat); // outside the window
    sale(w.db, w.v.a1x, old2, m, { gmvTiyn: 1, orders: 2 }, cat); // only 2: not active
    // Approved exactly 30 days before the end of the month: active; one millisecond later: not.
    const endOfMonth = almatyDayStart(`${addMonths(m, 1)}-01`).getTime();
    const edge = seller(w.db, w.v.a1y);
    w.db.update(sellers).set({ approvedAt: new Date(endOfMonth - 30 * DAY) }).where(eq(sellers.id, edge)).run();
    sale(w.db, w.v.a1y, edge, m, { gmvTiyn: 1, orders: 3 }, cat);
    const late = seller(w.db, w.v.a1y);
    w.db.update(sellers).set({ approvedAt: new Date(endOfMonth - 30 * DAY + 1) }).where(eq(sellers.id, late)).run();
    sale(w.db, w.v.a1y, late, m, { gmvTiyn: 1, orders: 3 }, cat);

    expect(activeShopsByVillage(w.db, [w.v.a1x, w.v.a1y], m)).toEqual(new Map([[w.v.a1x, 1], [w.v.a1y, 1]]));
    expect(activeShops(w.db, "all", m)).toBe(2);
    expect(activeShops(w.db, [w.v.a1x], m)).toBe(1);
    expect(activeShops(w.db, [], m)).toBe(0);
    // old2 was active two months earlier (5 orders three months ago counts for m-1 and m-2 windows... of m-3..m-1).
    const series = activeShopsByMonth(w.db, "all", [addMonths(m, -1), m]);
    expect(series.get(m)).toBe(2);
    expect(series.get(addMonths(m, -1))).toBe(activeShops(w.db, "all", addMonths(m, -1)));
    expect(series.get(addMonths(m, -1))).toBe(1); // old2 (5 orders in m-3): old1 has 2 only
  });
});

describe("the e-commerce village test at its edges", () => {
  /** One village with `sellers` sellers whose 12 months make `yearlyGmvTiyn`, each with `ordersEach` orders this month. */
  function villageWith(w: ReturnType<typeof world>, villageId: number, input: { sellers: number; yearlyGmvTiyn: number; ordersEach: number }) {
    const cat = w.categoryIds[0]!;
    const per = Math.floor(input.yearlyGmvTiyn / input.sellers);
    w.db.transaction(() => {
      for (let i = 0; i < input.sellers; i++) {
        const gmv = i === 0 ? input.yearlyGmvTiyn - per * (input.sellers - 1) : per;
        sale(w.db, villageId, seller(w.db, villageId), addMonths(THIS_MONTH, -11), { gmvTiyn: gmv, orders: 1 }, cat);
        sale(w.db, villageId, seller(w.db, villageId), THIS_MONTH, { gmvTiyn: 0, orders: input.ordersEach }, cat);
      }
    });
  }

  it("uses the admin's thresholds: exactly at the GMV and shops thresholds is an e-commerce village, one tiyn less is emerging", () => {
    const w = world();
    // Small thresholds so a test village can reach them: ¥1 000 at 70 ₸ = 70 000 ₸; 6 active shops; 50 %; 2 villages a district; emerging at 50 %.
    const saved = submitThresholds(
      w.db,
      { gmvYuan: "1000", tiynPerYuan: "70", activeShops: "6", householdsShareBp: "50", districtVillages: "2", emergingShareBp: "50" },
      { actorUserId: seller(w.db, w.v.b1x), ip: null },
      NOW,
    );
    expect(saved.ok).toBe(true);
    expect(getThresholds(w.db)).toEqual({ gmvYuan: 1000, tiynPerYuan: 7000, activeShops: 6, householdsShareBp: 5000, districtVillages: 2, emergingShareBp: 5000 });
    const threshold = 1000 * 7000;
    // a1x (1000 households, share never reached): exactly at GMV; 6 sellers with 3 orders this month → 6 active shops.
    villageWith(w, w.v.a1x, { sellers: 6, yearlyGmvTiyn: threshold, ordersEach: 3 });
    // a1y: one tiyn short of the GMV → emerging (≥ 50 % of both).
    villageWith(w, w.v.a1y, { sellers: 6, yearlyGmvTiyn: threshold - 1, ordersEach: 3 });
    // a1z: GMV reached but 2 orders each → no active shops; households 300, 12 sellers → 4 % < 50 %: half of GMV only → none.
    villageWith(w, w.v.a1z, { sellers: 6, yearlyGmvTiyn: threshold, ordersEach: 2 });
    // a2x: exactly half the GMV and half the shops (3 of 6) → emerging.
    villageWith(w, w.v.a2x, { sellers: 3, yearlyGmvTiyn: threshold / 2, ordersEach: 3 });
    // b1x: one tiyn under half the GMV → none.
    villageWith(w, w.v.b1x, { sellers: 6, yearlyGmvTiyn: threshold / 2 - 1, ordersEach: 3 });

    const tier = (villageId: number) => report(w.db, { kind: "village", villageId }).villageStatus!.tier;
    expect(tier(w.v.a1x)).toBe("ecommerce");
    expect(tier(w.v.a1y)).toBe("emerging");
    expect(tier(w.v.a1z)).toBe("none");
    expect(tier(w.v.a2x)).toBe("emerging");
    expect(tier(w.v.b1x)).toBe("none");
    const a1x = report(w.db, { kind: "village", villageId: w.v.a1x }).villageStatus!;
    expect(a1x.yearlyGmvTiyn).toBe(threshold);
    expect(a1x.progress).toMatchObject({ gmv: 1, activeShops: 1 });

    // One e-commerce village in a1 (needs 2): not an e-commerce district yet.
    const d = report(w.db, { kind: "district", districtId: w.districts.a1 });
    expect(d.districtStatus).toMatchObject({ ecommerceVillages: 1, emergingVillages: 1, isEcommerceDistrict: false });
    const region = report(w.db, { kind: "region", regionId: w.regions.a });
    expect(region).toMatchObject({ ecommerceVillages: 1, emergingVillages: 2, ecommerceDistricts: 0 });
    // Lower the district threshold to 1: a1 is an e-commerce district.
    submitThresholds(w.db, { gmvYuan: "1000", tiynPerYuan: "70", activeShops: "6", householdsShareBp: "50", districtVillages: "1", emergingShareBp: "50" }, { actorUserId: 1, ip: null }, NOW);
    expect(report(w.db, { kind: "region", regionId: w.regions.a }).ecommerceDistricts).toBe(1);
    expect(report(w.db, { kind: "country" }).ecommerceDistricts).toBe(1);
  });

  it("the households share alone (with the GMV) makes an e-commerce village", () => {
    const w = world();
    submitThresholds(w.db, { gmvYuan: "1", tiynPerYuan: "70", activeShops: "1000", householdsShareBp: "10", districtVillages: "3", emergingShareBp: "50" }, { actorUserId: seller(w.db, w.v.b1x), ip: null }, NOW);
    // a1y has 200 households: 10 % is 20 selling households (each seller has a completed order this year).
    villageWith(w, w.v.a1y, { sellers: 10, yearlyGmvTiyn: 7_000, ordersEach: 1 }); // 20 sellers
    expect(report(w.db, { kind: "village", villageId: w.v.a1y }).villageStatus!.tier).toBe("ecommerce");
    villageWith(w, w.v.a1z, { sellers: 14, yearlyGmvTiyn: 7_000, ordersEach: 1 }); // 28 of 300 = 9.3 %
    expect(report(w.db, { kind: "village", villageId: w.v.a1z }).villageStatus!.tier).toBe("emerging");
  });
});

describe("thresholds", () => {
  it("defaults to the Taobao village test at 70 ₸ per ¥ and refuses bad input with codes worded by the thresholds' keys, writing nothing", () => {
    const w = world();
    expect(getThresholds(w.db)).toEqual(DEFAULT_THRESHOLDS);
    const bad = submitThresholds(w.db, { gmvYuan: "ten", tiynPerYuan: "0", activeShops: "-1", householdsShareBp: "150", districtVillages: "", emergingShareBp: "100" }, { actorUserId: 1, ip: null }, NOW);
    // The domain refuses with codes; the page words them through refusalKey.
    expect({ ...bad, errors: bad.ok ? undefined : refusalKeys(bad.errors) }).toEqual({
      ok: false,
      errors: {
        gmvYuan: "analytics:thresholds.errors.gmvYuan",
        tiynPerYuan: "analytics:thresholds.errors.rate",
        activeShops: "analytics:thresholds.errors.activeShops",
        householdsShareBp: "analytics:thresholds.errors.percent",
        districtVillages: "analytics:thresholds.errors.districtVillages",
        emergingShareBp: "analytics:thresholds.errors.emerging",
      },
    });
    expect(getThresholds(w.db)).toEqual(DEFAULT_THRESHOLDS);
    expect(w.db.select().from(auditLog).all()).toHaveLength(0);
    const actor = seller(w.db, w.v.a1x);
    const ok = submitThresholds(w.db, { gmvYuan: "12 000 000", tiynPerYuan: "68,45", activeShops: "120", householdsShareBp: "12,5", districtVillages: "4", emergingShareBp: "40" }, { actorUserId: actor, ip: "10.0.0.9" }, NOW);
    expect(ok.ok).toBe(true);
    expect(getThresholds(w.db)).toEqual({ gmvYuan: 12_000_000, tiynPerYuan: 6845, activeShops: 120, householdsShareBp: 1250, districtVillages: 4, emergingShareBp: 4000 });
    const audit = w.db.select().from(auditLog).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "insights.thresholds.changed", actorUserId: actor, ip: "10.0.0.9" });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ gmvYuan: 12_000_000, previous_gmvYuan: 10_000_000 });
  });
});
