import { describe, expect, it } from "vitest";
import { checkTokenLabel, TOKEN_PATTERN } from "../../app/domain/insights/api-token-rules";
import { checkConsentInput, consentExpiry, isLive } from "../../app/domain/insights/evidence-rules";

const DAY = 86_400_000;

describe("checkConsentInput", () => {
  it("takes a purpose in the seller's words and one of the offered validities", () => {
    expect(checkConsentInput({ purpose: "  Auyl Amanaty,\n Talgar  ", days: "90" })).toEqual({ ok: true, purpose: "Auyl Amanaty, Talgar", days: 90 });
    expect(checkConsentInput({ purpose: "Банк", days: "30" })).toMatchObject({ ok: true, days: 30 });
    expect(checkConsentInput({ purpose: "x".repeat(200), days: "180" })).toMatchObject({ ok: true });
  });
  it("refuses an empty or long purpose and any other validity, each on its field", () => {
    expect(checkConsentInput({ purpose: " \t", days: "90" })).toEqual({ ok: false, errors: { purpose: "evidence.purpose_required" } });
    expect(checkConsentInput({ purpose: "x".repeat(201), days: "90" })).toEqual({ ok: false, errors: { purpose: "evidence.purpose_too_long" } });
    for (const days of ["45", "0", "-30", "90.0", "1e2", "", "ninety"]) expect(checkConsentInput({ purpose: "Bank", days }), days).toEqual({ ok: false, errors: { days: "evidence.validity_unknown" } });
    expect(checkConsentInput({ purpose: "", days: "7" })).toEqual({ ok: false, errors: { purpose: "evidence.purpose_required", days: "evidence.validity_unknown" } });
  });
});

describe("isLive", () => {
  const given = new Date("2026-01-10T10:00:00Z");
  const consent = { givenAt: given, expiresAt: consentExpiry(given, 30), withdrawnAt: null };
  it("holds from the moment given until the expiry, not after", () => {
    expect(consent.expiresAt.getTime() - given.getTime()).toBe(30 * DAY);
    expect(isLive(consent, given)).toBe(true);
    expect(isLive(consent, new Date(consent.expiresAt.getTime() - 1))).toBe(true);
    expect(isLive(consent, consent.expiresAt)).toBe(false);
    expect(isLive(consent, new Date(given.getTime() - 1))).toBe(false);
  });
  it("ends at once when withdrawn", () => {
    expect(isLive({ ...consent, withdrawnAt: new Date(given.getTime() + DAY) }, new Date(given.getTime() + 2 * DAY))).toBe(false);
  });
});

describe("API token rules", () => {
  it("labels are trimmed, required and at most 80 characters", () => {
    expect(checkTokenLabel("  Monthly   report ")).toEqual({ ok: true, label: "Monthly report" });
    expect(checkTokenLabel("   ")).toEqual({ ok: false, reason: "api.label_required" });
    expect(checkTokenLabel("ж".repeat(80))).toMatchObject({ ok: true });
    expect(checkTokenLabel("ж".repeat(81))).toEqual({ ok: false, reason: "api.label_too_long" });
  });
  it("a token is auyl_ and 43 base64url characters, nothing else", () => {
    expect(TOKEN_PATTERN.test(`auyl_${"Ab0_-".repeat(8)}Ab0`)).toBe(true);
    for (const bad of [`auyl_${"A".repeat(42)}`, `auyl_${"A".repeat(44)}`, `AUYL_${"A".repeat(43)}`, `auyl_${"A".repeat(42)}=`, `auyl_${"A".repeat(42)} `]) expect(TOKEN_PATTERN.test(bad), bad).toBe(false);
  });
});
