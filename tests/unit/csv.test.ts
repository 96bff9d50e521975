import { describe, expect, it } from "vitest";
import { asciiFilename, BOM, csvField, percentNumber, toCsv } from "../../app/domain/insights/csv";
import { tengeCsvText } from "../../app/i18n/money";

describe("CSV", () => {
  it("starts with the BOM, ends every line with CRLF and quotes as RFC 4180 asks", () => {
    const text = toCsv(["Ауыл", "Айналым, ₸"], [["Бесағаш", "1234.50"], ['Say "hi"', 3], ["two\nlines", null]]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1).split("\r\n")).toEqual(["Ауыл,\"Айналым, ₸\"", "Бесағаш,1234.50", '"Say ""hi""",3', '"two\nlines",', ""]);
  });

  it("guards text cells against formulas, not numbers", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+7 701")).toBe("'+7 701");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField(-5)).toBe("-5");
    expect(csvField("<5")).toBe("<5");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("writes money as tenge with two decimals and shares as percent numbers", () => {
    expect(tengeCsvText(123_456)).toBe("1234.56");
    expect(tengeCsvText(5)).toBe("0.05");
    expect(tengeCsvText(-250)).toBe("-2.50");
    expect(tengeCsvText(0)).toBe("0.00");
    expect(() => tengeCsvText(1.5)).toThrow();
    expect(percentNumber(0.125)).toBe(12.5);
    expect(percentNumber(1 / 3)).toBe(33.3);
  });

  it("names files in ASCII", () => {
    expect(asciiFilename(["auyl", "kz-19", "Қызыл", "months"])).toBe("auyl-kz-19-months.csv");
    expect(asciiFilename(["", "ЖЖ"])).toBe("insights.csv");
  });
});
