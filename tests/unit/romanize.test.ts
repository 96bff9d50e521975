import { describe, expect, it } from "vitest";
import { foldForSearch } from "../../app/domain/catalog/search-text";
import { KAZAKH_LATIN, romanize, slugify } from "../../app/domain/geo/romanize";
import { readKatoFile } from "../../db/seed/kato";

/** The 42 letters of the Kazakh Cyrillic alphabet. */
const KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";

describe("romanising Kazakh names for English readers (decision 0018)", () => {
  it.each([
    ["Бесағаш", "Besagash"],
    ["Шыңғыстай", "Shyngystay"],
    ["Қатаркөл", "Katarkol"],
    ["Үлкен Нарын", "Ulken Naryn"],
    ["Қарабұлақ", "Karabulak"],
    ["Түрген", "Turgen"],
    ["Жезқазған", "Zhezkazgan"],
    ["Қызылорда", "Kyzylorda"],
    ["Байқоңыр", "Baykonyr"],
    ["Семей", "Semey"],
    ["Бурабай", "Burabay"],
    ["Өскемен", "Oskemen"],
    ["Талдықорған", "Taldykorgan"],
    ["Екібастұз", "Ekibastuz"],
    ["Щучинск", "Shchuchinsk"],
    ["Хромтау", "Khromtau"],
    ["Ақжар-Ю", "Akzhar-Yu"],
  ])("%s → %s", (kazakh, english) => {
    expect(romanize(kazakh)).toBe(english);
  });

  it("gives every letter of the alphabet, capital or small, plain ASCII letters an English keyboard has", () => {
    for (const letter of KAZAKH_ALPHABET) {
      expect(KAZAKH_LATIN[letter], letter).toMatch(/^[a-z]*$/);
      expect(romanize(letter.toUpperCase()), letter.toUpperCase()).toMatch(/^([A-Z][a-z]*)?$/);
    }
  });

  it("writes capitals as a name has them: a capital letter, or a whole word in capitals", () => {
    expect(romanize("ШЫҒЫС")).toBe("SHYGYS");
    expect(romanize("ЛСП")).toBe("LSP");
    expect(romanize("Шығыс")).toBe("Shygys");
    expect(romanize("ЖШС Шұғыла")).toBe("ZHSHS Shugyla");
  });

  it("keeps digits, spaces, punctuation and Latin letters", () => {
    expect(romanize("рзд.41")).toBe("rzd.41");
    expect(romanize("рзд №5")).toBe("rzd No.5");
    expect(romanize("«Ақши» шар.қож.")).toBe('"Akshi" shar.kozh.');
    expect(romanize("\"Сұңқар\" орталығы")).toBe("\"Sunkar\" ortalygy");
    expect(romanize("Besagash")).toBe("Besagash");
  });

  it("reads the letters of other alphabets in a dozen official names as the Kazakh letters they stand for", () => {
    expect(romanize("Көлбўлағы")).toBe("Kolbulagy");
    expect(romanize("Ќабырғатал")).toBe("Kabyrgatal");
    expect(romanize("Кїшік жал")).toBe("Kushik zhal");
    expect(romanize("Кјркес")).toBe("Karkes");
  });

  it("romanises every Kazakh name of the classifier into printable ASCII", () => {
    const notAscii = readKatoFile().filter((row) => !/^[\x20-\x7e]*$/.test(romanize(row.nameKk)));
    expect(notAscii.map((row) => `${row.code} ${row.nameKk}`)).toEqual([]);
  });

  it("spells the letters Kazakh and Russian keyboards differ in as search folds them, so a romanised name is found however it is typed", () => {
    // х, ё, щ and ч are spelled as English does (kh, yo, shch, ch); the settlements' search index holds the English name too.
    for (const letter of "аәбвгғдежзийкқлмнңоөпрстуұүфһцшыіэюя") {
      expect(foldForSearch(romanize(letter)), letter).toBe(foldForSearch(letter));
    }
  });
});

describe("slugs", () => {
  it("are lower-case romanised words joined by dashes, at most 64 characters", () => {
    expect(slugify("Үлкен Нарын")).toBe("ulken-naryn");
    expect(slugify("\"Сұңқар\" сауықтыру орталығы")).toBe("sunkar-sauyktyru-ortalygy");
    expect(slugify("Қазыбек би атын.")).toBe("kazybek-bi-atyn");
    expect(slugify("Ә".repeat(100))).toHaveLength(64);
    expect(slugify("«»")).toBe("");
  });
});
