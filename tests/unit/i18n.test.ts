import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "../../app/i18n/config";
import { formatDate, formatNumber } from "../../app/i18n/format";
import { localized } from "../../app/i18n/localized";
import { resources } from "../../app/i18n/resources.server";
import { formatMoney } from "../../app/i18n/money";

/** Intl separates groups with a no-break space; tests compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

async function translator(lng: "kk" | "ru" | "en") {
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, lng, resources });
  return i18n.getFixedT(lng, "geo");
}

describe("plurals (CLDR)", () => {
  it("Russian takes one/few/many by the last digits", async () => {
    const t = await translator("ru");
    const households = (count: number) => t("village.householdCount", { count });
    expect(plain(households(1))).toBe("1 хозяйство");
    expect(plain(households(2))).toBe("2 хозяйства");
    expect(plain(households(5))).toBe("5 хозяйств");
    expect(plain(households(11))).toBe("11 хозяйств");
    expect(plain(households(21))).toBe("21 хозяйство");
    expect(plain(households(22))).toBe("22 хозяйства");
    expect(plain(households(111))).toBe("111 хозяйств");
    expect(plain(t("region.villages", { count: 3 }))).toBe("3 села");
    expect(plain(t("region.villages", { count: 25 }))).toBe("25 сёл");
  });

  it("Kazakh has one and other, and the noun stays singular after a number", async () => {
    const t = await translator("kk");
    expect(plain(t("region.villages", { count: 1 }))).toBe("1 ауыл");
    expect(plain(t("region.villages", { count: 5 }))).toBe("5 ауыл");
    expect(plain(t("village.householdCount", { count: 2400 }))).toBe("2 400 үй шаруашылығы");
  });

  it("English has one and other, with grouped digits", async () => {
    const t = await translator("en");
    expect(t("village.householdCount", { count: 1 })).toBe("1 household");
    expect(t("village.householdCount", { count: 6100 })).toBe("6,100 households");
  });
});

describe("money from integer tiyn", () => {
  it("shows whole tenge with the ₸ sign in every language", () => {
    expect(plain(formatMoney(150_000, "kk"))).toBe("1 500 ₸");
    expect(plain(formatMoney(150_000, "ru"))).toBe("1 500 ₸");
    expect(formatMoney(150_000, "en")).toBe("₸1,500");
    expect(plain(formatMoney(12_500_000_00, "ru"))).toBe("12 500 000 ₸");
  });

  it("shows tiyn only when there are some", () => {
    expect(plain(formatMoney(150_050, "kk"))).toBe("1 500,50 ₸");
    expect(formatMoney(150_050, "en")).toBe("₸1,500.50");
    expect(plain(formatMoney(0, "ru"))).toBe("0 ₸");
  });

  it("refuses amounts that are not integer tiyn", () => {
    expect(() => formatMoney(10.5, "kk")).toThrow(TypeError);
    expect(() => formatMoney(Number.NaN, "kk")).toThrow(TypeError);
  });
});

describe("numbers and dates", () => {
  it("groups digits per language", () => {
    expect(plain(formatNumber(1234567, "kk"))).toBe("1 234 567");
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
  });

  it("writes dates in the reader's language, on Kazakhstan's clock", () => {
    // 20:30 UTC on 14 January is already 15 January in Almaty (UTC+5).
    const date = new Date("2026-01-14T20:30:00Z");
    expect(formatDate(date, "kk")).toBe("2026 ж. 15 қаңтар");
    expect(formatDate(date, "ru")).toBe("15 января 2026 г.");
    expect(formatDate(date, "en")).toBe("January 15, 2026");
  });
});

describe("localized", () => {
  const row = { nameKk: "Бесағаш", nameRu: "Бесагаш", nameEn: "Besagash" };
  it("picks the reader's language", () => {
    expect(localized(row, "name", "kk")).toBe("Бесағаш");
    expect(localized(row, "name", "ru")).toBe("Бесагаш");
    expect(localized(row, "name", "en")).toBe("Besagash");
  });
  it("falls back to Kazakh when a translation is missing", () => {
    expect(localized({ centreKk: "Семей", centreRu: null, centreEn: null }, "centre", "en")).toBe("Семей");
  });
});
