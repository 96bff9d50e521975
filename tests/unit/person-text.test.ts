import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cleanLine, cleanLines, personText } from "../../app/domain/identity/person-text";

/**
 * Issue 13 §6: names and other texts people type for others to read must not
 * hide characters that reverse, join or vanish (decision 0014).
 */
const code = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(16).padStart(4, "0"));

describe("cleanLine: attack strings", () => {
  const cases: [string, string, string][] = [
    ["a right-to-left override that shows 'exe.png'", "\u202Egnp.exe", "gnp.exe"],
    ["an override and its pop inside a shop name", "Бал\u202Eарман\u202C дүкені", "Баларман дүкені"],
    ["every bidi embedding, override and isolate", "\u202AA\u202BB\u202CC\u202DD\u202EE\u2066F\u2067G\u2068H\u2069I", "ABCDEFGHI"],
    ["left-to-right and right-to-left marks, the Arabic letter mark", "\u200EАсқар\u200F\u061C", "Асқар"],
    ["a zero-width space inside a name", "Ас\u200Bқар", "Асқар"],
    ["zero-width non-joiner, joiner, word joiner, BOM between letters", "А\u200Cс\u200Dқ\u2060а\uFEFFр", "Асқар"],
    ["a soft hyphen", "Асқар\u00ADов", "Асқаров"],
    ["NUL and other C0 controls", "Ас\u0000қар\u0007\u001B[31m", "Асқар[31m"],
    ["C1 controls", "Асқар\u0085\u009B31m", "Асқар 31m"],
    ["delete", "Асқар\u007F", "Асқар"],
    ["the Mongolian vowel separator, Hangul fillers, tags", "\u180EА\u3164с\uFFA0қ\u115Fа\u{E0041}р\u{E007F}", "Асқар"],
    ["a name of nothing but invisible characters", "\u200B\u202E\u2060\u3164\u2800 \u00A0", ""],
    ["line breaks of every kind in a one-line name", "Асқар\r\nТөлеген\u2028ұлы\n", "Асқар Төлеген ұлы"],
    ["tabs and odd spaces", "Асқар\t\u00A0\u2003\u202F\u3000Төлеген", "Асқар Төлеген"],
    ["a lone surrogate and a noncharacter", "Ас\uD800қар\uFFFF", "Асқар"],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(cleanLine(input)).toBe(expected));
  }

  it("composes to NFC: е + combining diaeresis is ё, й from и + breve, and both spellings are one name", () => {
    expect(code(cleanLine("Пе\u0308тр"))).toEqual(code("Пётр"));
    expect(cleanLine("Пе\u0308тр")).toBe(cleanLine("Пётр"));
    expect(cleanLine("Серии\u0306")).toBe("Серий");
    expect(cleanLine("Cafe\u0301")).toBe("Café");
    expect(cleanLine("Cafe\u0301").length).toBe(4);
  });

  it("an invisible character between a letter and its mark no longer keeps them apart", () => {
    expect(cleanLine("е\u200B\u0308")).toBe("ё");
  });

  it("cuts a pile of combining marks to three on one letter", () => {
    const zalgo = "А" + "\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307".repeat(4) + "с";
    expect(code(cleanLine(zalgo))).toEqual(code("А\u0300\u0301\u0302с"));
  });
});

describe("cleanLine: what must pass untouched", () => {
  const untouched = [
    "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І",
    "Әсем Ғалымжанқызы, «Қызғалдақ» киіз үйі",
    "Өңірлік ұлттық үйлестіру — Һ, І",
    "Щёлково, Подъезд № 5, ул. Абая 12/3",
    "O'Brien & Sons — honey (raw)",
    "Qazaq latyn: äğıñöşūü Ä Ğ İ Ñ Ö Ş Ū Ü",
    "Бал 🐝 и мёд",
  ];
  for (const text of untouched) {
    it(text, () => {
      expect(cleanLine(text)).toBe(text);
      expect(code(cleanLine(text))).toEqual(code(text));
    });
  }

  it("keeps emoji sequences whole: joined, with a skin tone, with a presentation selector, a keycap", () => {
    for (const emoji of ["👩‍🌾", "👨🏽‍🍳", "👨‍👩‍👧", "❤️", "☀️", "1️⃣", "#️⃣", "🏳️‍🌈"]) {
      expect(code(cleanLine(`Шеберхана ${emoji}`))).toEqual(code(`Шеберхана ${emoji}`));
    }
  });

  it("drops the same invisible characters outside an emoji", () => {
    expect(cleanLine("А\u200Dс")).toBe("Ас");
    expect(cleanLine("А\uFE0Fс")).toBe("Ас");
    expect(cleanLine("1\uFE0F")).toBe("1");
    expect(cleanLine("🐝\u200Dбал")).toBe("🐝бал");
  });

  it("is idempotent", () => {
    for (const text of ["\u202Egnp.exe", "Пе\u0308тр", "Ас\u200Bқар  Төлеген", "👩‍🌾 Фермер"]) expect(cleanLine(cleanLine(text))).toBe(cleanLine(text));
  });
});

describe("cleanLines", () => {
  it("keeps line breaks, as \\n, and drops the invisible ones", () => {
    expect(cleanLines("Бірінші жол\r\nЕкінші\u202E жол\rҮшінші\u2029Төртінші")).toBe("Бірінші жол\nЕкінші жол\nҮшінші\nТөртінші");
  });

  it("keeps a blank line between paragraphs but not a wall of them, and no trailing spaces", () => {
    expect(cleanLines("  Абзац 1   \n\n\n\n\nАбзац 2\t\n")).toBe("Абзац 1\n\nАбзац 2");
  });

  it("keeps a line's leading spaces and the spaces inside it", () => {
    expect(cleanLines("Өлшемі:\n  ені  120 см")).toBe("Өлшемі:\n  ені  120 см");
  });

  it("strips NUL and the other controls but the line break", () => {
    expect(cleanLines("Бал\u0000\n\u0008мёд")).toBe("Бал\nмёд");
  });
});

describe("personText (zod)", () => {
  const name = personText("line", z.string().min(1, { message: "identity.name_required" }).max(5, { message: "identity.name_too_long" }));

  it("hands the cleaned text to the checks", () => {
    expect(name.parse("  Ас\u200Bқар ")).toBe("Асқар");
  });

  it("counts the length after cleaning, so invisible padding cannot pass or fail a limit", () => {
    expect(name.safeParse("Асқар\u200B\u200B\u200B").success).toBe(true);
    expect(name.safeParse("Асқарбек").success).toBe(false);
  });

  it("refuses a name that was only invisible characters as missing", () => {
    const result = name.safeParse("\u202E\u200B\u2060");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("identity.name_required");
  });

  it("refuses what is not a string with the given message", () => {
    const required = personText("line", z.string().min(1), "logistics.name_required");
    expect(required.safeParse(undefined).error?.issues[0]?.message).toBe("logistics.name_required");
  });
});
