import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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

/** Districts (audan). `slug` is unique within its region and appears in URLs. */
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
  },
  (t) => [uniqueIndex("districts_region_slug").on(t.regionId, t.slug)],
);

/**
 * Villages (auyl). `households` is the denominator of the share of households
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
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("villages_district").on(t.districtId),
    check("villages_households_nonnegative", sql`${t.households} >= 0`),
  ],
);
