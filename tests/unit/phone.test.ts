import { describe, expect, it } from "vitest";
import { formatPhone, maskPhone, normalizePhone } from "../../app/domain/identity/phone";

describe("normalizePhone", () => {
  // How people really type Kazakhstan mobile numbers (kazakhstan-facts.md §2).
  const accepted: [string, string][] = [
    ["87011234567", "+77011234567"],
    ["8 701 123 45 67", "+77011234567"],
    ["8 (701) 123-45-67", "+77011234567"],
    ["8-701-123-45-67", "+77011234567"],
    ["+77011234567", "+77011234567"],
    ["+7 701 123 45 67", "+77011234567"],
    ["+7 (701) 123-45-67", "+77011234567"],
    ["+7-701-1234567", "+77011234567"],
    ["77011234567", "+77011234567"],
    ["7011234567", "+77011234567"],
    ["701 123 4567", "+77011234567"],
    ["(701) 123 45 67", "+77011234567"],
    ["  8 701 123 45 67  ", "+77011234567"],
    ["8\u00a0701\u00a0123\u00a045\u00a067", "+77011234567"],
    ["8.701.123.45.67", "+77011234567"],
    ["8 700 000 00 00", "+77000000000"],
    ["8 702 555 12 12", "+77025551212"],
    ["8 705 111 22 33", "+77051112233"],
    ["8 706 111 22 33", "+77061112233"],
    ["8 707 111 22 33", "+77071112233"],
    ["8 708 111 22 33", "+77081112233"],
    ["8 747 123 45 67", "+77471234567"],
    ["8 760 123 45 67", "+77601234567"],
    ["8 764 123 45 67", "+77641234567"],
    ["8 771 000 99 98", "+77710009998"],
    ["8 775 123 45 67", "+77751234567"],
    ["8 776 123 45 67", "+77761234567"],
    ["8 777 123 45 67", "+77771234567"],
    ["8 778 123 45 67", "+77781234567"],
    ["+7 785 123 45 67", "+77851234567"],
  ];
  it.each(accepted)("accepts %j as %s", (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone: expected });
  });

  const notMobile = [
    "8 703 123 45 67", // unassigned 70x
    "8 727 123 45 67", // Almaty landline
    "8 721 123 45 67", // Karaganda landline
    "8 717 212 34 56", // Astana landline
    "8 800 080 08 00", // toll-free
    "8 751 123 45 67", // VoIP
    "+7 916 123 45 67", // Russian mobile
    "+7 495 123 45 67", // Moscow landline
    "8 779 123 45 67",
  ];
  it.each(notMobile)("refuses %j as not a Kazakhstan mobile", (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason: "identity.phone_not_mobile" });
  });

  const malformed = ["", "   ", "hello", "8 701 123 45", "8 701 123 45 678", "+8 701 123 45 67", "+3 701 123 45 67", "++77011234567", "8701123456a", "701-12", "9 701 123 45 67", "0 701 123 45 67", "+7701123456", "87011234567 ext 2", "8 10 7 701 123 45 67"];
  it.each(malformed)("refuses %j as malformed", (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason: "identity.phone_invalid" });
  });
});

describe("formatPhone and maskPhone", () => {
  it("writes a number the way people read it", () => {
    expect(formatPhone("+77011234567")).toBe("+7 701 123 45 67");
  });
  it("keeps only the operator code and the last two digits for logs", () => {
    expect(maskPhone("+77011234567")).toBe("+7 701 ••• •• 67");
    expect(maskPhone("garbage")).toBe("•••");
  });
});
