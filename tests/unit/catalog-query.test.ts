import { describe, expect, it } from "vitest";
import { catalogHref, parseCatalogQuery } from "../../app/domain/catalog/catalog-query";
import { formatRemovedReason, parseRemovedReason, withinLimit } from "../../app/domain/catalog/moderation";
import { can, type Actor } from "../../app/domain/identity/can";
import { refusalKeys } from "../../app/i18n/refusals";

const parse = (search: string) => parseCatalogQuery(new URLSearchParams(search));

describe("the catalog's URL", () => {
  it("reads filters, prices in tenge as people type them, and defaults the sort by whether there are words", () => {
    expect(parse("")).toEqual({ ok: true, query: { q: "", inStock: false, sort: "newest", page: 1 } });
    expect(parse("q=орындық&region=KZ-19&village=besagash&category=furniture&minPrice=1%20500&maxPrice=25000,50&inStock=1&page=3")).toEqual({
      ok: true,
      query: { q: "орындық", region: "KZ-19", village: "besagash", category: "furniture", minPriceTiyn: 150_000, maxPriceTiyn: 2_500_050, inStock: true, sort: "relevance", page: 3 },
    });
    expect(parse("sort=relevance").ok && parse("sort=relevance").query.sort).toBe("newest");
  });

  it("names each wrong field with a refusal code worded by a locale key, and keeps the rest", () => {
    const result = parse("q=бал&minPrice=много&page=0&sort=random&village=Бесағаш");
    expect({ ...result, errors: result.ok ? undefined : refusalKeys(result.errors) }).toMatchObject({
      ok: false,
      query: { q: "бал", page: 1, sort: "relevance" },
      errors: { minPrice: "storefront:errors.price", page: "storefront:errors.page", sort: "storefront:errors.sort", village: "storefront:errors.village" },
    });
  });

  it("writes the same search back as a link, changing only what is asked", () => {
    const { query } = parse("q=стол&village=karabulak&minPrice=1000&sort=price_asc");
    expect(catalogHref(query, { page: 2 })).toBe("/catalog?q=%D1%81%D1%82%D0%BE%D0%BB&village=karabulak&minPrice=1000&sort=price_asc&page=2");
    expect(parse(catalogHref(query, { page: 2 }).split("?")[1] ?? "")).toEqual({ ok: true, query: { ...query, page: 2 } });
  });
});

describe("moderation rules", () => {
  it("keeps the reason code and the coordinator's note apart", () => {
    expect(parseRemovedReason(formatRemovedReason("fake", "Фото: чужое"))).toEqual({ reason: "fake", note: "Фото: чужое" });
    expect(parseRemovedReason(formatRemovedReason("other"))).toEqual({ reason: "other", note: null });
    expect(parseRemovedReason("written by hand")).toEqual({ reason: null, note: "written by hand" });
  });

  it("counts only hits inside the window", () => {
    const limit = { max: 2, windowMs: 1000 };
    expect(withinLimit([100, 200], 1150, limit)).toBe(true);
    expect(withinLimit([500, 600], 1050, limit)).toBe(false);
  });

  it("lets anyone report, and only a coordinator of the listing's village moderate", () => {
    const listing = { type: "listing", sellerUserId: 9, villageId: 1 } as const;
    const coordinator = (villageId: number): Actor => ({ userId: 1, grants: [{ role: "coordinator", villageId, regionId: null, pickupPointId: null }] });
    expect(can(null, "listing.report", listing)).toEqual({ ok: true });
    expect(can(coordinator(1), "listing.moderate", listing)).toEqual({ ok: true });
    expect(can(coordinator(2), "listing.moderate", listing)).toEqual({ ok: false, reason: "auth.forbidden" });
    expect(can(null, "listing.moderate", listing)).toEqual({ ok: false, reason: "auth.sign_in_required" });
    expect(can(coordinator(2), "village.reports.view", { type: "village", villageId: 1 })).toEqual({ ok: false, reason: "auth.forbidden" });
    expect(can({ userId: 9, grants: [{ role: "seller", villageId: 1, regionId: null, pickupPointId: null }] }, "listing.moderate", listing)).toEqual({ ok: false, reason: "auth.forbidden" });
  });
});
