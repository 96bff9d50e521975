import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Connection } from "../../app/db.server";
import { listCatalogChoices } from "../../app/domain/catalog/search.server";
import { getRegion } from "../../app/domain/geo/geo.server";
import { openHub } from "../../app/domain/geo/hubs.server";
import { readKatoEdition } from "../../app/domain/geo/kato-csv";
import { applyKatoEdition, countKatoUnits } from "../../app/domain/geo/kato-import.server";
import { searchSettlements } from "../../app/domain/geo/settlements.server";
import { findOrCreateUser } from "../../app/domain/identity/users.server";
import { areaReport } from "../../app/domain/insights/areas.server";
import { seedGeography } from "../../db/seed/seed";
import { freshDatabase } from "../support/db";

/**
 * Issue 12 §1: the whole KATO classifier in the geography tables, found by
 * name in any script or by code, and later editions applied by code.
 * The whole classifier is loaded once for the file (it takes a second or two
 * on a busy machine) and only read by the tests that share it.
 */
let shared: Connection;
const sharedDir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-kato-"));

beforeAll(() => {
  shared = openDatabase(path.join(sharedDir, "kato.db"));
  seedGeography(shared.db, { demo: true, classifier: true });
});
afterAll(() => {
  shared.sqlite.close();
  fs.rmSync(sharedDir, { recursive: true, force: true });
});

const count = (sql: string) => (shared.sqlite.prepare(sql).get() as { n: number }).n;

describe("loading the classifier into a new database", () => {
  it("writes every district, okrug and settlement, and puts the demo villages on their real settlements", () => {
    expect(count("SELECT count(*) AS n FROM districts")).toBe(209);
    expect(count("SELECT count(*) AS n FROM kato_units WHERE kind = 'settlement'")).toBe(13_025);
    expect(count("SELECT count(*) AS n FROM kato_units WHERE kind = 'okrug'")).toBe(2_340);
    expect(count("SELECT count(*) AS n FROM settlements_fts")).toBe(15_365);
    expect(shared.sqlite.prepare("SELECT v.slug, v.kato_code AS code, d.kato_code AS district FROM villages v JOIN districts d ON d.id = v.district_id ORDER BY v.slug").all()).toEqual([
      { slug: "besagash", code: "196243100", district: "196200000" },
      { slug: "karabulak", code: "615253100", district: "615200000" },
      { slug: "katarkol", code: "117057100", district: "117000000" },
      { slug: "shyngystai", code: "635430500", district: "635400000" },
      { slug: "turgen", code: "194081100", district: "194000000" },
      { slug: "ulken-naryn", code: "636330100", district: "636300000" },
    ]);
    // Every settlement lies in a district of its own region.
    expect(count("SELECT count(*) AS n FROM kato_units u JOIN districts d ON d.id = u.district_id WHERE u.kind = 'settlement' AND d.region_id = u.region_id")).toBe(13_025);
  });

  it("is applied again with nothing changed: same rows, every one reported unchanged", () => {
    const snapshot = () => ["districts", "kato_units", "villages"].map((table) => shared.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
    const before = snapshot();
    const report = seedGeography(shared.db, { demo: true, classifier: true });
    expect(report.kato).toBeNull();
    expect(countKatoUnits(shared.db)).toBe(15_365);
    expect(snapshot()).toEqual(before);
  });

  it("lists on region pages, in the catalog filter and in a region's insights only the districts that have a hub", () => {
    expect(getRegion(shared.db, "KZ-19")?.districts.map((d) => d.slug)).toEqual(["enbekshikazak", "talgar"]);
    expect(getRegion(shared.db, "KZ-47")?.districts).toEqual([]);
    expect(listCatalogChoices(shared.db).districts.map((d) => d.slug)).toEqual(["burabay", "enbekshikazak", "talgar", "sayram", "katonkaragay", "ulken-naryn"]);
    const region = shared.sqlite.prepare("SELECT id FROM regions WHERE iso_code = 'KZ-19'").get() as { id: number };
    const report = areaReport(shared.db, { kind: "region", regionId: region.id }, 6, new Date());
    expect(report?.children.map((c) => c.slug).sort()).toEqual(["enbekshikazak", "talgar"]);
  });
});

describe("finding a settlement among the 13,025", () => {
  const codes = (typed: string) => searchSettlements(shared.db, typed).map((hit) => hit.code);

  it("finds Бесағаш of Talgar district however its name is typed", () => {
    for (const typed of ["besagash", "Бесағаш", "бесагаш", "BESAGASH", "Besağaş", "besag"]) {
      expect(codes(typed), typed).toContain("196243100");
    }
    const [talgar] = searchSettlements(shared.db, "besagash talgar");
    expect(talgar).toMatchObject({ code: "196243100", nameKk: "Бесағаш", nameEn: "Besagash", district: { nameKk: "Талғар ауданы" }, region: { isoCode: "KZ-19" }, hubSlug: "besagash" });
    expect(talgar?.okrug?.nameKk).toBe("Бесағаш а.о.");
  });

  it("narrows a common name by its district, in any script", () => {
    expect(codes("karabulak").length).toBe(30);
    expect(codes("karabulak sairam")[0]).toBe("615253100");
    expect(codes("Қарабұлақ Сайрам")[0]).toBe("615253100");
    expect(codes("Карабулак Сайрамский")[0]).toBe("615253100");
  });

  it("finds by the English name, and names typed with the wrong alphabet's letters", () => {
    expect(codes("Shyngystay")).toContain("635430500");
    expect(codes("zhumba")).toContain("635639300");
    expect(codes("Жўмба")).toContain("635639300");
  });

  it("finds by KATO code or its beginning, settlements only", () => {
    expect(codes("196243100")).toEqual(["196243100"]);
    expect(codes("196200000")).toEqual([]);
    const talgar = codes("1962");
    expect(talgar.length).toBeGreaterThan(10);
    expect(talgar.every((code) => code.startsWith("1962"))).toBe(true);
  });

  it("finds nothing for a single letter or for text with no letters, and searches query syntax as plain words", () => {
    expect(codes("a")).toEqual([]);
    expect(codes(" -- ")).toEqual([]);
    // FTS5 syntax is quoted word by word (searchQuery): it can only match names, never fail or widen the search.
    for (const typed of ['NEAR(" OR *', '" OR 1=1 --', "besagash) OR (a*"]) expect(codes(typed).length, typed).toBeLessThanOrEqual(30);
    expect(codes("besagash) OR (talgar*")).toEqual([]);
  });
});

describe("applying a later edition", () => {
  const HEADER = "code,parent_code,level,type_ru,name_kk,name_ru";
  const BASE = [
    "190000000,,1,область,Алматы облысы,Алматинская область",
    "196200000,190000000,2,район,Талғар ауданы,Талгарский район",
    "196243000,196200000,3,с.о.,Бесағаш а.о.,Бесагашский с.о.",
    "196243100,196243000,4,село,Бесағаш а.,с.Бесагаш",
    "196243200,196243000,4,село,Жаңаталап а.,с.Жанаталап",
    "196800000,190000000,2,район,Ескі ауданы,Ескинский район",
    "196843000,196800000,3,с.о.,Ескі а.о.,Ескинский с.о.",
    "196843100,196843000,4,село,Ескі а.,с.Ески",
    "196843200,196843000,4,село,Тау а.,с.Тау",
  ];
  // Бесағаш renamed; Жаңаталап abolished (no hub); Жаңа new; the Ескі district and okrug abolished; Тау moved to Бесағаш okrug;
  // Ескі abolished though a hub is open there.
  const NEXT = [
    "190000000,,1,область,Алматы облысы,Алматинская область",
    "196200000,190000000,2,район,Талғар ауданы,Талгарский район",
    "196243000,196200000,3,с.о.,Бесағаш а.о.,Бесагашский с.о.",
    "196243100,196243000,4,село,Жаңабесағаш а.,с.Жанабесагаш",
    "196243300,196243000,4,село,Жаңа а.,с.Жана",
    "196843200,196243000,4,село,Тау а.,с.Тау",
  ];
  const rows = (lines: string[]) => readKatoEdition([HEADER, ...lines].join("\n"));
  const page = { households: 300, specialty: null, storyKk: null, storyRu: null, storyEn: null };

  function hubWorld() {
    const { db, sqlite } = freshDatabase();
    seedGeography(db, { demo: false });
    const now = new Date("2026-09-01T06:00:00Z");
    expect(applyKatoEdition(db, rows(BASE), now).added).toEqual({ districts: 2, okrugs: 2, settlements: 4 });
    const admin = findOrCreateUser(db, "+77010000099", now);
    for (const code of ["196243100", "196843100", "196843200"]) {
      const opened = openHub(db, { actorUserId: admin.id, code, page, photo: null, ip: null }, now);
      expect(opened.ok).toBe(true);
    }
    const villageOf = (slug: string) =>
      sqlite.prepare("SELECT v.name_kk AS nameKk, v.name_ru AS nameRu, v.name_en AS nameEn, d.kato_code AS district, d.abolished_at AS districtAbolished FROM villages v JOIN districts d ON d.id = v.district_id WHERE v.slug = ?").get(slug);
    const unit = (code: string) => sqlite.prepare("SELECT code, abolished_at AS abolishedAt FROM kato_units WHERE code = ?").get(code) as { code: string; abolishedAt: number | null } | undefined;
    return { db, sqlite, villageOf, unit };
  }

  it("renames, moves, adds and removes by code, keeps what a hub refers to, and says what changed", () => {
    const { db, villageOf, unit } = hubWorld();
    const report = applyKatoEdition(db, rows(NEXT), new Date("2026-10-01T06:00:00Z"));
    expect(report.added).toEqual({ districts: 0, okrugs: 0, settlements: 1 });
    expect(report.renamed).toEqual([{ code: "196243100", name: "Жаңабесағаш а.", was: "Бесағаш а." }]);
    expect(report.moved).toEqual([{ code: "196843200", name: "Тау а.", was: "196843000" }]);
    expect(report.removed.map((c) => c.code).sort()).toEqual(["196243200", "196843000"]);
    expect(report.kept.map((c) => c.code).sort()).toEqual(["196800000", "196843100"]);
    expect(report.hubsUpdated.sort()).toEqual(["besagash", "tau"]);

    // The hub follows its settlement's new name; its address stays.
    expect(villageOf("besagash")).toMatchObject({ nameKk: "Жаңабесағаш", nameRu: "Жанабесагаш", nameEn: "Zhanabesagash", district: "196200000" });
    // A moved settlement takes its hub to the new district.
    expect(villageOf("tau")).toMatchObject({ district: "196200000" });
    // An abolished settlement with a hub stays, marked, in its abolished district.
    expect(unit("196843100")?.abolishedAt).toBe(new Date("2026-10-01T06:00:00Z").getTime());
    expect(villageOf("eski")).toMatchObject({ district: "196800000", districtAbolished: new Date("2026-10-01T06:00:00Z").getTime() });
    expect(unit("196243200")).toBeUndefined();
    // It cannot be searched for a new hub, and cannot get one.
    expect(searchSettlements(db, "eski").find((hit) => hit.code === "196843100")).toMatchObject({ abolished: true, hubSlug: "eski" });
    expect(searchSettlements(db, "zhanabesagash").map((hit) => hit.code)).toEqual(["196243100"]);
  });

  it("is idempotent, and an edition that lists an abolished unit again restores it", () => {
    const { db, sqlite, unit } = hubWorld();
    const later = new Date("2026-10-01T06:00:00Z");
    applyKatoEdition(db, rows(NEXT), later);
    const snapshot = () => ["districts", "kato_units", "villages"].map((table) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
    const before = snapshot();
    const again = applyKatoEdition(db, rows(NEXT), new Date("2026-11-01T06:00:00Z"));
    expect({ ...again, kept: [] }).toMatchObject({ added: { districts: 0, okrugs: 0, settlements: 0 }, renamed: [], moved: [], removed: [], restored: [], hubsUpdated: [] });
    expect(snapshot()).toEqual(before);

    const back = applyKatoEdition(db, rows(BASE), new Date("2026-12-01T06:00:00Z"));
    expect(back.restored.map((c) => c.code).sort()).toEqual(["196800000", "196843100"]);
    expect(back.removed.map((c) => c.code)).toEqual(["196243300"]);
    expect(unit("196843100")?.abolishedAt).toBeNull();
  });

  it("refuses an edition naming a region the database does not have, and changes nothing", () => {
    const { db, sqlite } = hubWorld();
    const before = sqlite.prepare("SELECT * FROM kato_units ORDER BY id").all();
    expect(() => applyKatoEdition(db, rows([...NEXT, "990000000,,1,область,Жоқ облысы,Нет область", "991000000,990000000,2,район,Жоқ ауданы,Нет район"]), new Date())).toThrow(/region 99/);
    expect(sqlite.prepare("SELECT * FROM kato_units ORDER BY id").all()).toEqual(before);
  });
});
