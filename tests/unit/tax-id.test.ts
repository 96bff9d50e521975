import { describe, expect, it } from "vitest";
import { hasValidChecksum, kzCheckDigit, maskTaxId, parseTaxId, taxIdKind } from "../../app/domain/identity/tax-id";

// Vectors from kazakhstan-facts.md §1.3, each computed there.
describe("IIN/BIN check digit", () => {
  it("accepts the IIN from python-stdnum's docstring (first pass gives 1)", () => {
    expect(kzCheckDigit("92102935085")).toBe(1);
    expect(hasValidChecksum("921029350851")).toBe(true);
  });
  it("accepts the two BINs (first pass gives 5 and 4)", () => {
    expect(hasValidChecksum("940140000385")).toBe(true);
    expect(hasValidChecksum("990140004654")).toBe(true);
  });
  it("uses the second weights when the first pass gives 10", () => {
    // S1 = 131 → 10; S2 = 78 → 1
    expect(kzCheckDigit("90010130081")).toBe(1);
    expect(hasValidChecksum("900101300811")).toBe(true);
    expect(hasValidChecksum("900101300810")).toBe(false);
  });
  it("treats a prefix whose both passes give 10 as never issued", () => {
    expect(kzCheckDigit("90010130080")).toBeNull();
    for (let last = 0; last <= 9; last++) expect(hasValidChecksum(`90010130080${last}`)).toBe(false);
  });
  it("refuses a wrong check digit", () => {
    expect(hasValidChecksum("940140000386")).toBe(false);
    expect(hasValidChecksum("921029350852")).toBe(false);
  });
});

describe("parseTaxId", () => {
  it("tells an IIN (a person) from a BIN (a business) by digit 5", () => {
    expect(parseTaxId("921029350851")).toEqual({ ok: true, value: "921029350851", kind: "iin" });
    expect(parseTaxId("940140000385")).toEqual({ ok: true, value: "940140000385", kind: "bin" });
    expect(taxIdKind("990140004654")).toBe("bin");
  });
  it("accepts spaces and dashes people type", () => {
    expect(parseTaxId("9210 2935 0851")).toMatchObject({ ok: true, value: "921029350851" });
    expect(parseTaxId("921029-350851")).toMatchObject({ ok: true, value: "921029350851" });
  });
  it("refuses the wrong length or letters", () => {
    expect(parseTaxId("92102935085")).toEqual({ ok: false, reason: "identity.tax_id_format" });
    expect(parseTaxId("9210293508511")).toEqual({ ok: false, reason: "identity.tax_id_format" });
    expect(parseTaxId("92102935085a")).toEqual({ ok: false, reason: "identity.tax_id_format" });
  });
  it("refuses impossible dates and type digits before the checksum", () => {
    expect(parseTaxId("921329350851")).toEqual({ ok: false, reason: "identity.tax_id_structure" }); // month 13
    expect(parseTaxId("921000350851")).toEqual({ ok: false, reason: "identity.tax_id_structure" }); // day 00
    expect(parseTaxId("921029950851")).toEqual({ ok: false, reason: "identity.tax_id_structure" }); // century digit 9
    expect(parseTaxId("940170000385")).toEqual({ ok: false, reason: "identity.tax_id_structure" }); // BIN attribute 7
  });
  it("refuses a typo through the checksum, and an unissuable prefix", () => {
    expect(parseTaxId("940140000386")).toEqual({ ok: false, reason: "identity.tax_id_checksum" });
    expect(parseTaxId("900101300805")).toEqual({ ok: false, reason: "identity.tax_id_checksum" });
  });
  it("masks all but the first four and last four digits", () => {
    expect(maskTaxId("921029350851")).toBe("9210••••0851");
  });
});
