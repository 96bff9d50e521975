/** Kazakh IBANs (issue 15 §2): 20 characters, KZ, ISO 13616 mod-97 check digits, a known bank code. */
import { describe, expect, it } from "vitest";
import { ibanCheckDigits, maskIban, parseKzIban } from "../../app/domain/payouts/iban";

/** A Kaspi-coded IBAN with correct check digits, built the way a bank builds one. */
const kaspi = `KZ${ibanCheckDigits("KZ", "722S000012345678")}722S000012345678`;

describe("parseKzIban", () => {
  it("accepts the IBAN registry's Kazakh example and names its bank", () => {
    expect(parseKzIban("KZ86125KZT5004100100")).toEqual({ ok: true, iban: "KZ86125KZT5004100100", bank: expect.objectContaining({ code: "125", bic: "NBRKKZKX" }) });
  });

  it("accepts spaces and lower case as people type them, and keeps the bank's BIC", () => {
    const typed = kaspi.toLowerCase().replace(/(.{4})/g, "$1 ");
    expect(parseKzIban(typed)).toEqual({ ok: true, iban: kaspi, bank: expect.objectContaining({ code: "722", bic: "CASPKZKA" }) });
  });

  it("refuses a wrong check digit, a swapped pair of digits and a changed account digit", () => {
    expect(parseKzIban("KZ87125KZT5004100100")).toEqual({ ok: false, reason: "payouts.iban_checksum" });
    expect(parseKzIban("KZ86125KZT5004101000")).toEqual({ ok: false, reason: "payouts.iban_checksum" });
    expect(parseKzIban(kaspi.slice(0, -1) + (kaspi.endsWith("8") ? "9" : "8"))).toEqual({ ok: false, reason: "payouts.iban_checksum" });
  });

  it("refuses the wrong length, another country and letters in the bank code", () => {
    expect(parseKzIban("KZ86125KZT500410010")).toEqual({ ok: false, reason: "payouts.iban_format" });
    expect(parseKzIban("KZ86125KZT50041001000")).toEqual({ ok: false, reason: "payouts.iban_format" });
    expect(parseKzIban("DE89370400440532013000")).toEqual({ ok: false, reason: "payouts.iban_format" });
    expect(parseKzIban("KZ8612AKZT5004100100")).toEqual({ ok: false, reason: "payouts.iban_format" });
    expect(parseKzIban("")).toEqual({ ok: false, reason: "payouts.iban_format" });
  });

  it("refuses a valid IBAN of a bank code it cannot name", () => {
    const unknown = `KZ${ibanCheckDigits("KZ", "111A000012345678")}111A000012345678`;
    expect(parseKzIban(unknown)).toEqual({ ok: false, reason: "payouts.iban_bank" });
  });
});

describe("maskIban", () => {
  it("shows the country, check digits and the last four only", () => {
    expect(maskIban("KZ86125KZT5004100100")).toBe("KZ86 •••• •••• ••••0100");
  });
});
