import { describe, expect, it } from "vitest";
import { foldForSearch, searchQuery } from "../../app/domain/catalog/search-text";

describe("folding Kazakh and Russian for search", () => {
  it.each([
    ["ағаш", ["ағаш", "агаш", "ağaş", "agash", "АҒАШ", "Ağaş"]],
    ["орындық", ["орындық", "орындык", "oryndyq", "oryndyk", "ОРЫНДЫҚ"]],
    ["киіз", ["киіз", "кииз", "kiız", "kiiz", "КИІЗ"]],
    ["бал", ["бал", "bal", "БАЛ"]],
    ["кілем", ["кілем", "килем", "kılem", "kilem"]],
    ["ұлттық", ["ұлттық", "улттык", "ūlttyq", "ulttyk"]],
    ["жиһаз", ["жиһаз", "жихаз", "jihaz", "zhihaz"]],
    ["өнім", ["өнім", "оним", "önım", "onim"]],
    ["сүт", ["сүт", "сут", "süt", "sut"]],
  ])("%s is found however it is typed", (written, typings) => {
    for (const typed of typings) expect(foldForSearch(typed), typed).toBe(foldForSearch(written));
  });

  it("keeps Russian words apart from different words", () => {
    expect(foldForSearch("стол")).not.toBe(foldForSearch("стул"));
    expect(foldForSearch("мёд")).toBe(foldForSearch("мед"));
  });

  it("keeps digits, drops punctuation", () => {
    expect(foldForSearch("Кілем, 2×3 м!")).toBe("kilem 2 3 m");
  });
});

describe("search query", () => {
  it("matches every word as a prefix", () => {
    expect(searchQuery("стол")).toBe('"stol"*');
    expect(searchQuery("  ағаш  орындық ")).toBe('"agash"* "orindik"*');
  });

  it("cannot be used to inject FTS5 syntax", () => {
    expect(searchQuery('мед" OR "z')).toBe('"med"* "or"* "z"*');
    expect(searchQuery("NEAR(a b)")).toBe('"near"* "a"* "b"*');
  });

  it("gives nothing for input with no letters or digits", () => {
    expect(searchQuery("  -- ** ")).toBeUndefined();
  });
});
