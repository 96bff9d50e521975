import { describe, expect, it } from "vitest";
import { MAX_PRICE_TIYN, canChangeListingStatus, listingInput, statusAfterStockChange } from "../../app/domain/catalog/listing-rules";
import { LISTING_STATUSES } from "../../app/domain/catalog/vocabulary";
import { parseTenge } from "../../app/i18n/money";
import { refusalKey } from "../../app/i18n/refusals";

/** The rules refuse with codes; the pages word them through refusalKey. */
const worded = (issues: { path: (string | number)[]; message: string }[]) => issues.map((issue) => ({ ...issue, message: refusalKey(issue.message) }));

describe("tenge as typed → integer tiyn", () => {
  it.each([
    ["1500", 150_000],
    ["1 500", 150_000],
    ["1\u00a0500", 150_000],
    ["1 500,50", 150_050],
    ["1500.5", 150_050],
    ["1500 ₸", 150_000],
    ["25000 тг", 2_500_000],
    ["0,01", 1],
  ])("%j is %d tiyn", (typed, tiyn) => {
    expect(parseTenge(typed)).toBe(tiyn);
  });

  it.each(["", "abc", "-5", "1,500,000", "1.555", "1e5", "15 00.5.5", "1500$"])("%j is not an amount", (typed) => {
    expect(parseTenge(typed)).toBeUndefined();
  });
});

describe("stock and status", () => {
  it("sells out at zero stock and reopens when restocked", () => {
    expect(statusAfterStockChange("active", 0, false)).toBe("sold_out");
    expect(statusAfterStockChange("sold_out", 3, false)).toBe("active");
    expect(statusAfterStockChange("paused", 0, false)).toBe("paused");
    expect(statusAfterStockChange("draft", 0, false)).toBe("draft");
    expect(statusAfterStockChange("removed", 5, false)).toBe("removed");
  });

  it("never sells out a made-to-order listing", () => {
    expect(statusAfterStockChange("active", 0, true)).toBe("active");
    expect(statusAfterStockChange("sold_out", 0, true)).toBe("active");
  });
});

describe("who may change a listing's status", () => {
  const allowed = new Set([
    "seller:draft→active",
    "seller:active→paused",
    "seller:paused→active",
    "seller:sold_out→paused",
    "moderator:draft→removed",
    "moderator:active→removed",
    "moderator:paused→removed",
    "moderator:sold_out→removed",
    "moderator:removed→paused",
  ]);
  for (const actor of ["seller", "moderator"] as const) {
    for (const from of LISTING_STATUSES) {
      for (const to of LISTING_STATUSES) {
        const key = `${actor}:${from}→${to}`;
        it(`${key} is ${allowed.has(key) ? "allowed" : "refused"}`, () => {
          expect(canChangeListingStatus(from, to, actor).ok).toBe(allowed.has(key));
        });
      }
    }
  }
});

describe("the listing form", () => {
  const chair = {
    language: "kk",
    title: "Ағаш орындық",
    description: "Қайыңнан жасалған, лакпен жабылған.",
    categoryId: "3",
    price: "25 000",
    unit: "piece",
    stock: "4",
    weightClass: "upTo15kg",
  };

  it("reads a chair as a seller types it", () => {
    const parsed = listingInput.parse(chair);
    expect(parsed).toMatchObject({ title: "Ағаш орындық", categoryId: 3, priceTiyn: 2_500_000, stock: 4, madeToOrder: false });
    expect(parsed.leadDays).toBeUndefined();
  });

  it("asks lead days of made-to-order goods", () => {
    const missing = listingInput.safeParse({ ...chair, madeToOrder: "on" });
    expect(missing.success).toBe(false);
    expect(worded(missing.error?.issues ?? [])[0]).toMatchObject({ path: ["leadDays"], message: "catalog:errors.lead_days" });
    expect(listingInput.parse({ ...chair, madeToOrder: "on", leadDays: "21" }).leadDays).toBe(21);
  });

  it.each([
    [{ title: "аб" }, "title", "catalog:errors.title_short"],
    [{ title: "a".repeat(101) }, "title", "catalog:errors.too_long"],
    [{ price: "0" }, "price", "catalog:errors.price"],
    [{ price: String(MAX_PRICE_TIYN / 100 + 1) }, "price", "catalog:errors.price"],
    [{ stock: "-1" }, "stock", "catalog:errors.stock"],
    [{ stock: "2.5" }, "stock", "catalog:errors.stock"],
    [{ unit: "tonne" }, "unit", "catalog:errors.unit"],
    [{ weightClass: "heavy" }, "weightClass", "catalog:errors.weight_class"],
    [{ categoryId: "x" }, "categoryId", "catalog:errors.category"],
    [{ language: "de" }, "language", "catalog:errors.language"],
  ])("refuses %j with a refusal code on %s that words as its message", (change, field, message) => {
    const result = listingInput.safeParse({ ...chair, ...change });
    expect(result.success).toBe(false);
    expect(worded(result.error?.issues ?? [])).toContainEqual(expect.objectContaining({ path: [field], message }));
  });
});
