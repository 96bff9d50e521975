import { describe, expect, it } from "vitest";
import { districtStatus, villageStatus, type StatusThresholds } from "../../app/domain/insights/status";

const T: StatusThresholds = { yearlyGmvTiyn: 70_000_000_000, activeShops: 100, householdsShareBp: 1_000, districtVillages: 3, emergingShareBp: 5_000 };
const village = (input: Partial<Parameters<typeof villageStatus>[0]>) =>
  villageStatus({ yearlyGmvTiyn: 0, activeShops: 0, sellingHouseholds: 0, households: 1_000, ...input }, T);

describe("villageStatus", () => {
  it("is an e-commerce village exactly at the GMV threshold with 100 active shops", () => {
    const s = village({ yearlyGmvTiyn: 70_000_000_000, activeShops: 100 });
    expect(s.tier).toBe("ecommerce");
    expect(s.meets).toEqual({ gmv: true, activeShops: true, householdsShare: false });
    expect(s.progress.gmv).toBe(1);
    expect(s.progress.activeShops).toBe(1);
  });

  it("one tiyn or one shop short is not", () => {
    expect(village({ yearlyGmvTiyn: 69_999_999_999, activeShops: 100 }).tier).toBe("emerging");
    expect(village({ yearlyGmvTiyn: 70_000_000_000, activeShops: 99 }).tier).toBe("emerging");
  });

  it("10 % of households selling replaces the shops threshold, never the GMV one", () => {
    expect(village({ yearlyGmvTiyn: 70_000_000_000, sellingHouseholds: 100 }).tier).toBe("ecommerce");
    expect(village({ yearlyGmvTiyn: 70_000_000_000, sellingHouseholds: 99 }).tier).toBe("emerging");
    expect(village({ yearlyGmvTiyn: 1, activeShops: 500, sellingHouseholds: 1000 }).tier).toBe("none");
  });

  it("is emerging at 50 % of the GMV and of shops or households, none just below", () => {
    expect(village({ yearlyGmvTiyn: 35_000_000_000, activeShops: 50 }).tier).toBe("emerging");
    expect(village({ yearlyGmvTiyn: 35_000_000_000, sellingHouseholds: 50 }).tier).toBe("emerging");
    expect(village({ yearlyGmvTiyn: 34_999_999_999, activeShops: 100 }).tier).toBe("none");
    expect(village({ yearlyGmvTiyn: 35_000_000_000, activeShops: 49, sellingHouseholds: 49 }).tier).toBe("none");
  });

  it("caps the households share at 100 % and has no share without households", () => {
    expect(village({ sellingHouseholds: 5_000 }).householdsShare).toBe(1);
    const none = village({ households: 0, sellingHouseholds: 10, yearlyGmvTiyn: 70_000_000_000 });
    expect(none.householdsShare).toBeNull();
    expect(none.progress.householdsShare).toBeNull();
    expect(none.meets.householdsShare).toBe(false);
    expect(none.tier).toBe("none"); // the GMV alone is not enough: neither shops nor households reach half
  });

  it("reports progress beyond 100 %", () => {
    expect(village({ yearlyGmvTiyn: 140_000_000_000 }).progress.gmv).toBe(2);
    expect(village({ sellingHouseholds: 50 }).progress.householdsShare).toBeCloseTo(0.5, 10);
  });
});

describe("districtStatus", () => {
  it("needs 3 e-commerce villages", () => {
    expect(districtStatus(["ecommerce", "ecommerce", "emerging", "none"], T)).toEqual({ ecommerceVillages: 2, emergingVillages: 1, isEcommerceDistrict: false, progress: 2 / 3 });
    expect(districtStatus(["ecommerce", "ecommerce", "ecommerce"], T).isEcommerceDistrict).toBe(true);
    expect(districtStatus([], T)).toMatchObject({ ecommerceVillages: 0, isEcommerceDistrict: false, progress: 0 });
  });
});
