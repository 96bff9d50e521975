import { describe, expect, it } from "vitest";
import { getDistrict, getRegion, getVillage, listRegions, listVillages } from "../../app/domain/geo/geo.server";
import { countGeography, seedCategories, seedGeography } from "../../db/seed/seed";
import { freshDatabase } from "../support/db";

describe("geography seed", () => {
  it("writes the 17 regions and 3 cities with KATO codes matching their ISO numbers", () => {
    const { db } = freshDatabase();
    seedGeography(db, { demo: false });
    const regions = listRegions(db);
    expect(regions).toHaveLength(20);
    expect(regions.filter((r) => r.kind === "city").map((r) => r.isoCode)).toEqual(["KZ-71", "KZ-75", "KZ-79"]);
    expect(getRegion(db, "KZ-62")?.nameRu).toBe("область Ұлытау");
    expect(countGeography(db)).toEqual({ regions: 20, districts: 0, villages: 0 });
  });

  it("adds demo villages, marked demo, in at least three regions, among them furniture, felt-and-carpet and honey villages", () => {
    const { db } = freshDatabase();
    seedGeography(db, { demo: true });
    const villages = listVillages(db);
    expect(villages.every((v) => v.isDemo)).toBe(true);
    // Each is the real settlement of its name, in its real district (KATO 196243100: Бесағаш, Talgar district).
    expect(villages.find((v) => v.slug === "besagash")).toMatchObject({ nameKk: "Бесағаш", nameRu: "Бесагаш", nameEn: "Besagash", district: { nameRu: "Талгарский район" } });
    expect(new Set(villages.map((v) => v.region.isoCode)).size).toBeGreaterThanOrEqual(3);
    expect(villages.map((v) => v.specialty)).toEqual(expect.arrayContaining(["furniture", "felt_carpets", "honey"]));
  });

  it("is idempotent: a second run changes nothing", () => {
    const { db, sqlite } = freshDatabase();
    seedGeography(db, { demo: true });
    const snapshot = () =>
      ["regions", "districts", "villages"].map((table) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
    const first = snapshot();
    seedGeography(db, { demo: true });
    expect(snapshot()).toEqual(first);
  });
});

describe("a database seeded before the classifier", () => {
  it("gets its demo villages moved onto their real settlements, keeps a district of the same address, and drops the emptied demo districts", () => {
    const { db, sqlite } = freshDatabase();
    seedGeography(db, { demo: false });
    // What the seed wrote before KATO: demo districts without codes, villages without codes.
    const region = (iso: string) => (sqlite.prepare("SELECT id FROM regions WHERE iso_code = ?").get(iso) as { id: number }).id;
    const district = (iso: string, slug: string) =>
      Number(sqlite.prepare("INSERT INTO districts (region_id, slug, name_kk, name_ru, name_en, is_demo) VALUES (?, ?, ?, ?, ?, 1)").run(region(iso), slug, slug, slug, slug).lastInsertRowid);
    const talgar = district("KZ-19", "talgar");
    const katon = district("KZ-63", "katon-karagay");
    const village = sqlite.prepare("INSERT INTO villages (district_id, slug, name_kk, name_ru, name_en, households, is_demo) VALUES (?, ?, ?, ?, ?, 100, 1)");
    village.run(talgar, "besagash", "Бесағаш", "Бесагаш", "Besagash");
    village.run(katon, "ulken-naryn", "Үлкен Нарын", "Улкен Нарын", "Ulken Naryn");
    village.run(katon, "shyngystai", "Шыңғыстай", "Шынгыстай", "Shyngystai");

    seedGeography(db, { demo: true });
    expect(sqlite.prepare("SELECT d.slug, d.kato_code AS code, d.is_demo AS isDemo FROM districts d ORDER BY d.kato_code").all()).toEqual([
      { slug: "burabay", code: "117000000", isDemo: 0 },
      { slug: "enbekshikazak", code: "194000000", isDemo: 0 },
      // The pre-classifier Talgar district is the same address: it becomes KATO's, with its id.
      { slug: "talgar", code: "196200000", isDemo: 0 },
      { slug: "sayram", code: "615200000", isDemo: 0 },
      { slug: "katonkaragay", code: "635400000", isDemo: 0 },
      { slug: "ulken-naryn", code: "636300000", isDemo: 0 },
    ]);
    expect(getDistrict(db, "KZ-19", "talgar")?.id).toBe(talgar);
    expect(getVillage(db, "ulken-naryn")).toMatchObject({ katoCode: "636330100", district: { slug: "ulken-naryn" } });
    expect(getVillage(db, "shyngystai")).toMatchObject({ katoCode: "635430500", nameEn: "Shyngystay", district: { slug: "katonkaragay" } });
    expect(getDistrict(db, "KZ-63", "katon-karagay")).toBeUndefined();
  });
});

describe("browsing region → district → village", () => {
  it("counts villages per region and district, and finds each level by its URL parts", () => {
    const { db } = freshDatabase();
    seedGeography(db, { demo: true });
    const east = listRegions(db).find((r) => r.isoCode === "KZ-63");
    expect(east?.villageCount).toBe(2);

    // KATO places Shyngystai in Katonkaragay district and Ulken Naryn in the district named after it.
    const region = getRegion(db, "kz-63");
    expect(region?.districts.map((d) => [d.slug, d.villageCount])).toEqual([
      ["katonkaragay", 1],
      ["ulken-naryn", 1],
    ]);

    expect(getDistrict(db, "KZ-63", "katonkaragay")?.villages.map((v) => v.slug)).toEqual(["shyngystai"]);
    expect(getDistrict(db, "KZ-19", "katonkaragay")).toBeUndefined();

    const village = getVillage(db, "ulken-naryn");
    expect(village).toMatchObject({
      nameKk: "Үлкен Нарын",
      nameRu: "Улкен Нарын",
      nameEn: "Ulken Naryn",
      households: 1150,
      district: { slug: "ulken-naryn", nameKk: "Үлкен Нарын ауданы", nameEn: "Ulken Naryn District" },
      region: { isoCode: "KZ-63", nameEn: "East Kazakhstan Region" },
    });
    expect(getVillage(db, "nowhere")).toBeUndefined();
    expect(getRegion(db, "KZ-99")).toBeUndefined();
  });

  it("shows a region with no villages on the hub with none listed", () => {
    const { db } = freshDatabase();
    seedGeography(db, { demo: true });
    expect(getRegion(db, "KZ-47")?.districts).toEqual([]);
  });
});

describe("category seed", () => {
  it("writes the tree in three languages, idempotently", () => {
    const { db, sqlite } = freshDatabase();
    seedCategories(db);
    const rows = () => sqlite.prepare("SELECT id, parent_id, slug, name_kk, name_ru, name_en, position FROM categories ORDER BY id").all();
    const first = rows() as { parent_id: number | null; slug: string; name_kk: string }[];
    expect(first.filter((c) => c.parent_id === null).map((c) => c.slug)).toEqual([
      "furniture",
      "felt-textiles",
      "food",
      "crafts",
      "clothing-leather",
      "building-materials",
      "garden-livestock",
    ]);
    expect(first.find((c) => c.slug === "honey")?.name_kk).toBe("Бал");
    seedCategories(db);
    expect(rows()).toEqual(first);
  });
});
