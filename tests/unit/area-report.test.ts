/**
 * The arithmetic of an area's report without a database: hand-built rollup
 * rows in, the AreaReport out, checked against sums, "<5" cells, rankings
 * and tiers worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { buildAreaReport, categoriesShown, type AreaRows, type MonthSums, type PlaceRow, type VillageGeo } from "../../app/domain/insights/area-report";
import type { Area, ChildRow, FigureCells } from "../../app/domain/insights/area-types";
import type { Period } from "../../app/domain/insights/insights.server";
import type { ServiceMetrics } from "../../app/domain/insights/service.server";
import type { Thresholds } from "../../app/domain/insights/thresholds.server";
import { ZERO_LOGISTICS } from "../../app/domain/insights/logistics";

// The 3 months to March 2026, the 3 before, and the 12 to March 2026.
const CURRENT: Period = { months: ["2026-01", "2026-02", "2026-03"], first: "2026-01", last: "2026-03" };
const PREVIOUS: Period = { months: ["2025-10", "2025-11", "2025-12"], first: "2025-10", last: "2025-12" };
const YEAR: Period = {
  months: ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"],
  first: "2025-04",
  last: "2026-03",
};
/** Echoed in the report as the admin set them; the test compares LIMITS. */
const THRESHOLDS: Thresholds = { gmvYuan: 10_000_000, tiynPerYuan: 7_000, activeShops: 100, householdsShareBp: 1_000, districtVillages: 3, emergingShareBp: 5_000 };
/** Small thresholds: 10 000 ₸ a year, 2 shops or half the households, 2 villages a district, emerging at half. */
const LIMITS = { yearlyGmvTiyn: 1_000_000, activeShops: 2, householdsShareBp: 5_000, districtVillages: 2, emergingShareBp: 5_000 };
const SERVICE: ServiceMetrics = { buyers: 10, repeatBuyers: 4, pickups: 8, medianPickupDays: 1.5, handoversDue: 5, handoversOnTime: 4, onlinePickups: 4, disputes: 1 };
const FIGURE_KEYS = ["gmvTiyn", "ordersCompleted", "refundedTiyn", "ordersRefunded", "items", "activeSellers", "activeShops", "householdsShare"] as const;
const HIDDEN = Object.fromEntries(FIGURE_KEYS.map((k) => [k, "<5"]));

interface Counts {
  active: number;
  contributors: number;
}

interface VillageSpec {
  id: number;
  districtId?: number;
  regionId?: number;
  households?: number;
  name?: string;
  districtName?: string;
  regionName?: string;
  /** Sums per month; sellers (active and contributing) default to 5. */
  months?: Record<string, Partial<MonthSums>>;
  /** Distinct sellers over the period, the previous period and the year. */
  windows?: [Counts, Counts, Counts];
  shops?: Record<string, number>;
}

const sellers = (n: number): Counts => ({ active: n, contributors: n });

function rowsOf(area: Area, specs: VillageSpec[], more: Partial<AreaRows> = {}): AreaRows {
  const villages: VillageGeo[] = specs.map((s) => {
    const districtId = s.districtId ?? 100;
    const regionId = s.regionId ?? 1;
    const district = s.districtName ?? `District ${districtId}`;
    const region = s.regionName ?? `Region ${regionId}`;
    return {
      id: s.id,
      slug: `v${s.id}`,
      nameKk: s.name ?? `V${s.id}`,
      nameRu: s.name ?? `V${s.id}`,
      nameEn: s.name ?? `V${s.id}`,
      households: s.households ?? 1000,
      districtId,
      districtSlug: `d${districtId}`,
      district: { nameKk: district, nameRu: district, nameEn: district },
      regionId,
      regionIso: `KZ-${String(regionId).padStart(2, "0")}`,
      region: { nameKk: region, nameRu: region, nameEn: region },
    };
  });
  const monthSums = new Map(
    specs.map((s) => [
      s.id,
      new Map(
        Object.entries(s.months ?? {}).map(([month, m]) => [
          month,
          { gmvTiyn: 0, ordersCompleted: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0, activeSellers: 5, contributors: 5, ...m },
        ]),
      ),
    ]),
  );
  return {
    area,
    info: { kind: area.kind, id: null, code: null, slug: null, regionId: null, region: null, district: null, nameKk: "Area", nameRu: "Area", nameEn: "Area" },
    length: 3,
    current: CURRENT,
    previous: PREVIOUS,
    year: YEAR,
    thresholds: THRESHOLDS,
    limits: LIMITS,
    villages,
    sales: {
      monthSums,
      windows: new Map(specs.map((s) => [s.id, s.windows ?? [sellers(0), sellers(0), sellers(0)]])),
      shops: new Map(specs.map((s) => [s.id, new Map(Object.entries(s.shops ?? {}))])),
    },
    places: [],
    categories: [],
    service: SERVICE,
    previousService: SERVICE,
    logistics: { total: ZERO_LOGISTICS, byCarrier: [] },
    previousLogistics: { total: ZERO_LOGISTICS, byCarrier: [] },
    ...more,
  };
}

const byId = (rows: ChildRow[], id: number) => rows.find((r) => r.id === id)!;

describe("buildAreaReport: sums", () => {
  it("adds the villages' months of the period and of the previous period separately", () => {
    const report = buildAreaReport(
      rowsOf({ kind: "district", districtId: 100 }, [
        {
          id: 1,
          households: 100,
          months: {
            "2026-01": { gmvTiyn: 200, ordersCompleted: 2, refundedTiyn: 10, ordersRefunded: 1, items: 3 },
            "2026-03": { gmvTiyn: 500, ordersCompleted: 5, items: 6, contributors: 6 },
            "2025-12": { gmvTiyn: 1000, ordersCompleted: 8, refundedTiyn: 50, ordersRefunded: 1, items: 9 },
            "2025-10": { gmvTiyn: 30, ordersCompleted: 1, items: 1 },
            // In the year only: neither period counts it.
            "2025-09": { gmvTiyn: 7777, ordersCompleted: 7, items: 7 },
          },
          windows: [{ active: 6, contributors: 7 }, sellers(6), sellers(9)],
          shops: { "2026-01": 1, "2026-03": 2, "2025-12": 1 },
        },
        {
          id: 2,
          households: 50,
          months: {
            "2026-02": { gmvTiyn: 40, ordersCompleted: 1, items: 2 },
            "2025-11": { gmvTiyn: 60, ordersCompleted: 2, refundedTiyn: 5, ordersRefunded: 1, items: 2 },
          },
          windows: [sellers(5), sellers(5), sellers(5)],
          shops: { "2026-03": 1, "2025-12": 0 },
        },
      ]),
    );
    // 200 + 500 + 40; the previous period 1000 + 30 + 60. Sellers: 6 + 5 active, 6 + 5 before; shops of each period's last month.
    expect(report.totals).toEqual({ gmvTiyn: 740, ordersCompleted: 8, refundedTiyn: 10, ordersRefunded: 1, items: 11, activeSellers: 11, activeShops: 3, householdsShare: 11 / 150 });
    expect(report.previousTotals).toEqual({ gmvTiyn: 1090, ordersCompleted: 11, refundedTiyn: 55, ordersRefunded: 2, items: 12, activeSellers: 11, activeShops: 1, householdsShare: 11 / 150 });
    // The order of the fields is the CSV's and the API's.
    expect(Object.keys(report.totals)).toEqual([...FIGURE_KEYS]);
    expect(report.area).toMatchObject({ villageCount: 2, households: 150 });
    // Month by month: both villages' households, each month's own sellers and shops.
    expect(report.months).toEqual([
      { month: "2026-01", gmvTiyn: 200, ordersCompleted: 2, refundedTiyn: 10, ordersRefunded: 1, items: 3, activeSellers: 5, activeShops: 1, householdsShare: 5 / 150 },
      { month: "2026-02", gmvTiyn: 40, ordersCompleted: 1, refundedTiyn: 0, ordersRefunded: 0, items: 2, activeSellers: 5, activeShops: 0, householdsShare: 5 / 150 },
      { month: "2026-03", gmvTiyn: 500, ordersCompleted: 5, refundedTiyn: 0, ordersRefunded: 0, items: 6, activeSellers: 5, activeShops: 3, householdsShare: 5 / 150 },
    ]);
    expect(byId(report.children, 1).current.gmvTiyn).toBe(700);
    expect(byId(report.children, 1).previous.gmvTiyn).toBe(1030);
    expect(byId(report.children, 2).previous.refundedTiyn).toBe(5);
  });
});

describe("buildAreaReport: small cells", () => {
  it('shows a district built from 5 sellers and turns one of 4 into "<5"', () => {
    const report = buildAreaReport(
      rowsOf({ kind: "region", regionId: 1 }, [
        { id: 1, districtId: 11, months: { "2026-03": { gmvTiyn: 5000, ordersCompleted: 5 } }, windows: [sellers(5), sellers(0), sellers(5)] },
        { id: 2, districtId: 12, months: { "2026-03": { gmvTiyn: 4000, ordersCompleted: 4, activeSellers: 4, contributors: 4 } }, windows: [sellers(4), sellers(0), sellers(4)] },
        { id: 3, districtId: 13, months: { "2026-03": { gmvTiyn: 100, ordersCompleted: 1, activeSellers: 1, contributors: 1 } }, windows: [sellers(1), sellers(0), sellers(1)] },
      ]),
    );
    expect(byId(report.children, 11).current).toMatchObject({ gmvTiyn: 5000, ordersCompleted: 5, activeSellers: 5 });
    // The two hidden districts stand on 4 + 1 = 5 sellers together: nothing more is hidden.
    expect(byId(report.children, 12).current).toEqual(HIDDEN);
    expect(byId(report.children, 13).current).toEqual(HIDDEN);
    // No seller before: true zeros, shown.
    expect(byId(report.children, 12).previous.gmvTiyn).toBe(0);
    // The region's own total stands on 10 sellers.
    expect(report.totals.gmvTiyn).toBe(9100);
    // A region lists its villages too, hidden alike.
    expect(byId(report.villages, 1).current.gmvTiyn).toBe(5000);
    expect(byId(report.villages, 2).current.gmvTiyn).toBe("<5");
    // The village of 4 sellers has its yearly status hidden; the one of 5 has not.
    expect(byId(report.villages, 2).status).toEqual({ tier: "<5", yearlyGmvTiyn: "<5", progress: "<5" });
    expect(byId(report.villages, 1).status?.yearlyGmvTiyn).toBe(5000);
  });

  it("hides the next smallest row when the hidden rows alone would stand on fewer than 5 sellers", () => {
    const report = buildAreaReport(
      rowsOf({ kind: "region", regionId: 1 }, [
        { id: 1, districtId: 11, districtName: "Aral", months: { "2026-02": { gmvTiyn: 900 } }, windows: [sellers(9), sellers(0), sellers(9)] },
        { id: 2, districtId: 12, districtName: "Bayan", months: { "2026-02": { gmvTiyn: 400 } }, windows: [sellers(4), sellers(0), sellers(4)] },
        { id: 3, districtId: 13, districtName: "Chu", months: { "2026-02": { gmvTiyn: 600 } }, windows: [sellers(6), sellers(0), sellers(6)] },
        { id: 4, districtId: 14, districtName: "Dala" },
      ]),
    );
    // Bayan (4) is hidden; total − Aral − Chu − Dala would give it back, so Chu (6, the smallest shown) goes too. Dala has no seller.
    expect(byId(report.children, 11).current.gmvTiyn).toBe(900);
    expect(byId(report.children, 12).current).toEqual(HIDDEN);
    expect(byId(report.children, 13).current).toEqual(HIDDEN);
    expect(byId(report.children, 14).current.gmvTiyn).toBe(0);
    expect(report.totals.gmvTiyn).toBe(1900);
    // Shown rows first by GMV, then the hidden ones by name.
    expect(report.children.map((c) => c.nameEn)).toEqual(["Aral", "Dala", "Bayan", "Chu"]);
  });

  it("hides the top categories, the service figures and the months when the area's period stands on 1–4 sellers", () => {
    const categories = [{ categoryId: 3, slug: "textiles", nameKk: "Тоқыма", nameRu: "Текстиль", nameEn: "Textiles", gmvTiyn: 700, ordersCompleted: 7, items: 9 }];
    const village = (n: number) =>
      rowsOf(
        { kind: "village", villageId: 1 },
        [{ id: 1, months: { "2026-03": { gmvTiyn: 700, ordersCompleted: 7, items: 9, activeSellers: n, contributors: n } }, windows: [sellers(n), sellers(0), sellers(n)] }],
        { categories },
      );

    const four = village(4);
    expect(categoriesShown(four.villages, four.sales)).toBe(false);
    const hidden = buildAreaReport(four);
    expect(hidden.categoriesSuppressed).toBe(true);
    expect(hidden.topCategories).toEqual([]);
    expect(hidden.totals).toEqual(HIDDEN);
    expect(Object.values(hidden.service)).toEqual(Array(5).fill("<5"));
    // A month with sellers is hidden, a month without any is a true zero.
    expect(hidden.months.map((m) => m.gmvTiyn)).toEqual([0, 0, "<5"]);
    // Nothing before: the previous period's service figures are shown.
    expect(hidden.previousService.buyers).toBe(10);

    const five = village(5);
    expect(categoriesShown(five.villages, five.sales)).toBe(true);
    const shown = buildAreaReport(five);
    expect(shown.categoriesSuppressed).toBe(false);
    expect(shown.topCategories).toEqual([{ categoryId: 3, slug: "textiles", nameKk: "Тоқыма", nameRu: "Текстиль", nameEn: "Textiles", gmvTiyn: 700, ordersCompleted: 7, items: 9 }]);
    // 4 of 10 buyers came back, 4 of 5 handovers on time, 1 dispute in 4 online pickups.
    expect(shown.service).toEqual({ buyers: 10, repeatBuyersShare: 0.4, medianPickupDays: 1.5, onTimeHandoverShare: 0.8, disputeRate: 0.25 });

    // No seller at all: nothing to hide.
    const none = rowsOf({ kind: "village", villageId: 1 }, [{ id: 1 }]);
    expect(categoriesShown(none.villages, none.sales)).toBe(true);
    expect(buildAreaReport(none).categoriesSuppressed).toBe(false);
  });
});

describe("buildAreaReport: ranking", () => {
  it("ranks shown rows by GMV (ties by name), hidden rows after them by name, then places without villages by name", () => {
    const region = (id: number, name: string, gmvTiyn: number, n: number): VillageSpec => ({
      id,
      regionId: id,
      districtId: 100 + id,
      regionName: name,
      months: gmvTiyn > 0 ? { "2026-01": { gmvTiyn, activeSellers: n, contributors: n } } : {},
      windows: [sellers(n), sellers(0), sellers(n)],
    });
    const place = (id: number, name: string): PlaceRow => ({ id, iso: `KZ-${String(id).padStart(2, "0")}`, nameKk: name, nameRu: name, nameEn: name });
    const report = buildAreaReport(
      rowsOf(
        { kind: "country" },
        [region(1, "Zhetisu", 300, 6), region(2, "Kostanay", 900, 5), region(3, "Atyrau", 100, 2), region(4, "Abai", 50, 3), region(5, "Mangystau", 0, 0), region(6, "Pavlodar", 300, 7)],
        { places: [place(1, "Zhetisu"), place(2, "Kostanay"), place(3, "Atyrau"), place(4, "Abai"), place(5, "Mangystau"), place(6, "Pavlodar"), place(7, "Turkistan"), place(8, "Almaty")] },
      ),
    );
    expect(report.children.map((c) => c.nameEn)).toEqual(["Kostanay", "Pavlodar", "Zhetisu", "Mangystau", "Abai", "Atyrau", "Almaty", "Turkistan"]);
    expect(report.children.map((c) => c.slug)).toEqual(["kz-02", "kz-06", "kz-01", "kz-05", "kz-04", "kz-03", "kz-08", "kz-07"]);
    const empty = report.children.at(-1)!;
    expect(empty).toMatchObject({ kind: "region", regionSlug: "kz-07", districtSlug: null, villageCount: 0, households: 0 });
    expect(empty.current).toEqual({ gmvTiyn: 0, ordersCompleted: 0, refundedTiyn: 0, ordersRefunded: 0, items: 0, activeSellers: 0, activeShops: 0, householdsShare: null } satisfies FigureCells);
  });
});

describe("buildAreaReport: the e-commerce village test", () => {
  it("places villages exactly at the thresholds' edges", () => {
    const village = (id: number, yearlyGmv: number, shops: number, households = 1000, yearSellers = 5): VillageSpec => ({
      id,
      households,
      // Part of the year lies before the period: the test reads the 12 months.
      months: { "2025-06": { gmvTiyn: yearlyGmv - Math.floor(yearlyGmv / 2) }, "2026-02": { gmvTiyn: Math.floor(yearlyGmv / 2) } },
      windows: [sellers(5), sellers(0), sellers(yearSellers)],
      shops: { "2026-03": shops },
    });
    const report = buildAreaReport(
      rowsOf({ kind: "district", districtId: 100 }, [
        village(1, 1_000_000, 2), // GMV and shops just reached
        village(2, 999_999, 2), // one tiyn short: emerging (≥ half of both)
        village(3, 1_000_000, 0, 10), // 5 of 10 households selling: the households share reached
        village(4, 1_000_000, 0, 11), // 5 of 11 households: short, but over half of it
        village(5, 499_999, 2), // under half the GMV: none
        village(6, 1_000_000, 2, 1000, 4), // an e-commerce village whose year stands on 4 sellers
      ]),
    );
    const tier = (id: number) => byId(report.children, id).status?.tier;
    expect([1, 2, 3, 4, 5, 6].map(tier)).toEqual(["ecommerce", "emerging", "ecommerce", "emerging", "none", "<5"]);
    expect(byId(report.children, 1).status?.yearlyGmvTiyn).toBe(1_000_000);
    expect(byId(report.children, 1).status?.progress).toMatchObject({ gmv: 1, activeShops: 1 });
    expect(byId(report.children, 6).status).toEqual({ tier: "<5", yearlyGmvTiyn: "<5", progress: "<5" });
    // The district counts every village, the hidden one too: 3 e-commerce villages ≥ the 2 a district needs.
    expect(report).toMatchObject({ ecommerceVillages: 3, emergingVillages: 2, ecommerceDistricts: 1 });
    expect(report.districtStatus).toEqual({ ecommerceVillages: 3, emergingVillages: 2, isEcommerceDistrict: true, progress: 1.5 });
  });
});
