import { describe, expect, it } from "vitest";
import { KatoFormatError, parseCsv, readKatoEdition, type KatoRow } from "../../app/domain/geo/kato-csv";
import { districtSlug, unitKind, unitNames } from "../../app/domain/geo/kato-names";
import { foldForSearch } from "../../app/domain/catalog/search-text";
import { DEMO_VILLAGES } from "../../db/seed/geo-data";
import { readKatoFile } from "../../db/seed/kato";

const HEADER = "code,parent_code,level,type_ru,name_kk,name_ru";
const edition = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";
const problemsOf = (text: string) => {
  try {
    readKatoEdition(text);
  } catch (error) {
    if (error instanceof KatoFormatError) return error.problems;
    throw error;
  }
  return [];
};

describe("reading CSV (RFC 4180)", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF, a byte-order mark and no final newline", () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\n1,\n,2')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"\nthere'],
      ["1", ""],
      ["", "2"],
    ]);
  });

  it("refuses a quote inside a bare field rather than guess", () => {
    expect(() => parseCsv('a,b"c\n')).toThrow(KatoFormatError);
  });
});

describe("reading a KATO edition", () => {
  it("checks every row and names the line of each problem, refusing the whole file", () => {
    expect(problemsOf("code,parent,level\n")).toEqual(["line 1: the header must be code,parent_code,level,type_ru,name_kk,name_ru"]);
    expect(
      problemsOf(
        edition(
          "190000000,,1,область,Алматы облысы,Алматинская область",
          "19620000,190000000,2,район,Талғар ауданы,Талгарский район",
          "196200000,190000000,2,район,Талғар ауданы,Талгарский район",
          "196200000,190000000,2,район,Талғар ауданы,Талгарский район",
          "196243100,196243000,4,село,Бесағаш а.,с.Бесагаш",
          "196243200,196200000,5,село,Х а.,с.Х",
          "196243300,,4,село,Y а.,с.Y",
          "196243400,196200000,4,село,,с.Z",
          "196243500,196200000,4,село,Бір,Екі,Үш",
          "751110000,196200000,3,район в городе,Алмалы ауданы,Алмалинский район",
        ),
      ),
    ).toEqual([
      'line 3: code "19620000" is not nine digits',
      "line 5: code 196200000 appears twice",
      'line 7: level "5" is not 1–4',
      "line 8: only a level-1 row has no parent",
      "line 9: a name is empty",
      "line 10: 7 fields, expected 6",
      "code 196243100: its parent 196243000 is not in the file",
      "code 751110000: its parent 196200000 is in another region",
    ]);
    expect(problemsOf(edition("196200000,190000000,2,район,Талғар ауданы,Талгарский район", "190000000,,1,область,Алматы облысы,Алматинская область").replace("190000000,,1", "190000000,196200000,1"))).toContain(
      "line 3: only a level-1 row has no parent",
    );
    expect(problemsOf(HEADER + "\n")).toEqual(["the file has no rows"]);
  });

  it("reads the repository's edition whole: 20 regions, 209 districts, 2,379 okrugs and towns, 12,986 settlement-level rows", () => {
    const rows = readKatoFile();
    expect(rows).toHaveLength(15_594);
    const byLevel = [1, 2, 3, 4].map((level) => rows.filter((row) => row.level === level).length);
    expect(byLevel).toEqual([20, 209, 2_379, 12_986]);
    // Regional centres' cities sit at level 3 and are settlements too: 13,025 places a hub can be opened in.
    expect(rows.filter((row) => unitKind(row) === "settlement")).toHaveLength(13_025);
    // Parents two levels up, as the classifier lists them.
    expect(rows.find((row) => row.code === "113820100")).toMatchObject({ parentCode: "113800000", level: 4, typeRu: "город" });
    expect(rows.find((row) => row.code === "552244200")?.nameRu).toBe('с."Ќоянды"');
  });
});

const row = (level: KatoRow["level"], typeRu: string | null, nameKk: string, nameRu: string) => ({ level, typeRu, nameKk, nameRu });

describe("naming a KATO unit", () => {
  it.each([
    [row(4, "село", "Бесағаш а.", "с.Бесагаш"), { nameKk: "Бесағаш", nameRu: "Бесагаш", nameEn: "Besagash" }],
    [row(4, "село", "Тургень а", "с.Тургень"), { nameKk: "Тургень", nameRu: "Тургень", nameEn: "Turgen" }],
    [row(4, "город", "Талғар қ.", "г.Талгар"), { nameKk: "Талғар", nameRu: "Талгар", nameEn: "Talgar" }],
    [row(3, "город", "Семей қ.", "г.Семей"), { nameKk: "Семей", nameRu: "Семей", nameEn: "Semey" }],
    [row(4, "посёлок", "Ақсу к.", "п.Аксу"), { nameKk: "Ақсу", nameRu: "Аксу", nameEn: "Aksu" }],
    [row(4, null, "Қарабұлақ қыстауы", "зимовка Карабулак"), { nameKk: "Қарабұлақ қыстауы", nameRu: "зимовка Карабулак", nameEn: "Karabulak kystauy" }],
    [row(4, "разъезд", "рзд.41", "рзд.41"), { nameKk: "рзд.41", nameRu: "рзд.41", nameEn: "rzd.41" }],
    [row(2, "район", "Талғар ауданы", "Талгарский район"), { nameKk: "Талғар ауданы", nameRu: "Талгарский район", nameEn: "Talgar District" }],
    [row(2, "г.а.", "Семей Қ.Ә.", "Семей Г.А."), { nameKk: "Семей Қ.Ә.", nameRu: "Семей Г.А.", nameEn: "Semey City Administration" }],
    [row(3, "с.о.", "Бесағаш а.о.", "Бесагашский с.о."), { nameKk: "Бесағаш а.о.", nameRu: "Бесагашский с.о.", nameEn: "Besagash Rural Okrug" }],
    [row(3, "с.о.", "Қасқабұлақ а.о .", "Каскабулакский с.о."), { nameKk: "Қасқабұлақ а.о .", nameRu: "Каскабулакский с.о.", nameEn: "Kaskabulak Rural Okrug" }],
    [row(3, "с.а.", "Қарабұлақ а.ә.", "Карабулакская с.а."), { nameKk: "Қарабұлақ а.ә.", nameRu: "Карабулакская с.а.", nameEn: "Karabulak Rural Administration" }],
    [row(3, "п.а.", "Ақсу к.ә.", "Аксуская п.а."), { nameKk: "Ақсу к.ә.", nameRu: "Аксуская п.а.", nameEn: "Aksu Settlement Administration" }],
  ])("%o", (unit, names) => {
    expect(unitNames(unit)).toEqual(names);
  });

  it("tells settlements from okrugs, districts and regions", () => {
    expect(unitKind({ level: 4, typeRu: null })).toBe("settlement");
    expect(unitKind({ level: 3, typeRu: "город" })).toBe("settlement");
    expect(unitKind({ level: 3, typeRu: "с.о." })).toBe("okrug");
    expect(unitKind({ level: 3, typeRu: "район в городе" })).toBe("okrug");
    expect(unitKind({ level: 2, typeRu: "район" })).toBe("district");
    expect(unitKind({ level: 1, typeRu: "область" })).toBe("region");
  });

  it("gives a district its URL part from its Kazakh name", () => {
    expect(districtSlug("Талғар ауданы")).toBe("talgar");
    expect(districtSlug("Катонқарағай ауданы")).toBe("katonkaragay");
    expect(districtSlug("Семей Қ.Ә.")).toBe("semey");
    expect(districtSlug("Қазыбек би атын. ауданы")).toBe("kazybek-bi-atyn");
  });

  it("places each demo village on the real settlement of its name", () => {
    const rows = new Map(readKatoFile().map((r) => [r.code, r]));
    for (const village of DEMO_VILLAGES) {
      const settlement = rows.get(village.katoCode);
      expect(settlement && unitKind(settlement), village.slug).toBe("settlement");
      // The slug is the demo data's address (Shyngystai's predates the romanisation's "y"): the same name, folded.
      expect(foldForSearch(village.slug.replace(/-/g, " "))).toBe(foldForSearch(unitNames(settlement!).nameKk));
    }
  });
});
