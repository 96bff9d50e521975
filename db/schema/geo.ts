import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { KATO_UNIT_KINDS } from "../../app/domain/geo/vocabulary";

/**
 * Regions (oblys) and cities of republican significance. `isoCode` is the
 * ISO 3166-2 code (KZ-10 … KZ-79), which shares its number with KATO's AB digits.
 */
export const regions = sqliteTable(
  "regions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    isoCode: text("iso_code").notNull().unique(),
    katoCode: text("kato_code").notNull().unique(),
    kind: text("kind", { enum: ["region", "city"] }).notNull(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    centreKk: text("centre_kk"),
    centreRu: text("centre_ru"),
    centreEn: text("centre_en"),
  },
  (t) => [check("regions_kato_format", sql`length(${t.katoCode}) = 9`)],
);

/**
 * Districts (audan) and city administrations: KATO's level 2, loaded from the
 * classifier (db/seed/kato). `slug` is unique within its region and appears in URLs.
 */
export const districts = sqliteTable(
  "districts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    slug: text("slug").notNull(),
    katoCode: text("kato_code").unique(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    /** When a KATO edition stopped listing it; it is kept while villages or settlements lie in it. */
    abolishedAt: integer("abolished_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("districts_region_slug").on(t.regionId, t.slug)],
);

/**
 * KATO's units below the district (decision 0018): rural okrugs and town
 * administrations (level 3) and every settlement (level 4, and the regional
 * centres' cities, which the classifier lists at level 3). Keyed by the code,
 * so a new edition is applied row by row. A village hub is opened on a
 * settlement and refers to it by `villages.kato_code`.
 *
 * `officialKk`/`officialRu` are the classifier's names as published; `name*`
 * are the names shown (kato-names.ts). `searchName` (the names, folded by
 * foldForSearch) and `searchPlace` (the okrug's, district's and region's)
 * feed the settlements_fts index of migration 0013.
 */
export const katoUnits = sqliteTable(
  "kato_units",
  {
    /** A rowid of its own: the full-text index refers to rows by it, and VACUUM keeps it. */
    id: integer("id").primaryKey(),
    code: text("code").notNull().unique(),
    parentCode: text("parent_code"),
    level: integer("level").notNull(),
    kind: text("kind", { enum: KATO_UNIT_KINDS }).notNull(),
    typeRu: text("type_ru"),
    officialKk: text("official_kk").notNull(),
    officialRu: text("official_ru").notNull(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    /** Null only for the city districts of Astana, Almaty and Shymkent, which have no district above them. */
    districtId: integer("district_id").references(() => districts.id),
    searchName: text("search_name").notNull(),
    searchPlace: text("search_place").notNull(),
    /** When a KATO edition stopped listing it; kept only while a village hub refers to it. */
    abolishedAt: integer("abolished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("kato_units_district").on(t.districtId),
    check("kato_units_code_format", sql`length(${t.code}) = 9`),
    check("kato_units_level", sql`${t.level} IN (3, 4)`),
  ],
);

/**
 * Village hubs (auyl): the settlements where a hub is open — the demo ones and
 * those an admin opened (`katoCode` names the settlement in kato_units). Every
 * list of villages (storefront, catalog filter, pickup points, insights,
 * seller applications) reads this table, so it lists hubs, never the whole
 * classifier. `households` is the denominator of the share of households
 * selling online. `specialty` names what the village is known for, a key of the
 * geo locale namespace.
 */
export const villages = sqliteTable(
  "villages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    districtId: integer("district_id")
      .notNull()
      .references(() => districts.id),
    slug: text("slug").notNull().unique(),
    katoCode: text("kato_code").unique(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    households: integer("households").notNull(),
    specialty: text("specialty"),
    /** The village's own words for its storefront page, in each language. */
    storyKk: text("story_kk"),
    storyRu: text("story_ru"),
    storyEn: text("story_en"),
    /** The village's photo on its page: `${photoHash}-${width}.webp` in the photo folder, as listing photos. */
    photoHash: text("photo_hash"),
    photoWidth: integer("photo_width"),
    photoHeight: integer("photo_height"),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("villages_district").on(t.districtId),
    check("villages_households_nonnegative", sql`${t.households} >= 0`),
  ],
);
