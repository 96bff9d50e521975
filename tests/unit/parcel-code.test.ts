import { describe, expect, it } from "vitest";
import { formatParcelCode, PARCEL_CODE_ALPHABET, parcelCodeFrom, readParcelCode } from "../../app/domain/shipping/parcel-code";
import { carrierInput, expectedArrivalRefusal } from "../../app/domain/shipping/shipment-rules";

describe("parcel codes (issue 17 §3): six characters that read well aloud", () => {
  it("has no look-alikes in its alphabet", () => {
    for (const c of "0O1IL2Z5S8BUV") expect(PARCEL_CODE_ALPHABET).not.toContain(c);
    expect(new Set(PARCEL_CODE_ALPHABET).size).toBe(PARCEL_CODE_ALPHABET.length);
  });
  it("draws every character from the alphabet and groups the code in threes", () => {
    const code = parcelCodeFrom(Uint8Array.from([0, 1, 2, 22, 23, 255]));
    expect(code).toHaveLength(6);
    for (const c of code) expect(PARCEL_CODE_ALPHABET).toContain(c);
    expect(formatParcelCode("KX7M4P")).toBe("KX7-M4P");
  });
  it("reads what a person types or the camera sees, whatever the case, spaces and dashes", () => {
    for (const typed of ["KX7-M4P", "kx7m4p", " kx7 m4p ", "https://auyl.example.kz/p/KX7-M4P"]) expect(readParcelCode(typed)).toBe("KX7M4P");
  });
  it("refuses a wrong length or a look-alike instead of guessing", () => {
    for (const typed of ["", "KX7-M4", "KX7-M4PP", "OX7-M4P", "KX7-M4I", "KX7-M45"]) expect(readParcelCode(typed)).toBeNull();
  });
});

describe("shipment rules", () => {
  const now = new Date("2026-12-03T10:00:00Z");
  it("takes a carrier with a name and a phone; an unknown kind is 'other'", () => {
    expect(carrierInput({ kind: "bus_driver", name: " Ерлан ", phone: "+7 (701) 555-44-33" })).toEqual({ ok: true, value: { carrierKind: "bus_driver", carrierName: "Ерлан", carrierPhone: "+77015554433" } });
    expect(carrierInput({ kind: "rocket", name: "Ерлан", phone: "87015554433" })).toMatchObject({ ok: true, value: { carrierKind: "other" } });
    expect(carrierInput({ kind: "coop_van", name: "Е", phone: "87015554433" })).toEqual({ ok: false, reason: "shipping.carrier_name" });
    expect(carrierInput({ kind: "coop_van", name: "Ерлан", phone: "call me" })).toEqual({ ok: false, reason: "shipping.carrier_phone" });
  });
  it("expects arrival from today to a month ahead", () => {
    expect(expectedArrivalRefusal(new Date("2026-12-03T18:00:00Z"), now)).toBeNull();
    expect(expectedArrivalRefusal(new Date("2027-01-02T10:00:00Z"), now)).toBeNull();
    expect(expectedArrivalRefusal(new Date("2026-12-02T10:00:00Z"), now)).toBe("shipping.arrival_date");
    expect(expectedArrivalRefusal(new Date("2027-01-03T10:00:00Z"), now)).toBe("shipping.arrival_date");
    expect(expectedArrivalRefusal(new Date(Number.NaN), now)).toBe("shipping.arrival_date");
  });
});
