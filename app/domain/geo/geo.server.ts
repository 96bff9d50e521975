import { and, asc, count, eq } from "drizzle-orm";
import { districts, regions, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import { whileUnchanged } from "../catalog/unchanged-reads.server";
import { names } from "../../i18n/localized";

const regionColumns = {
  id: regions.id,
  isoCode: regions.isoCode,
  kind: regions.kind,
  ...names(regions),
};
const districtColumns = {
  id: districts.id,
  slug: districts.slug,
  ...names(districts),
  isDemo: districts.isDemo,
};
/** A village's key, names and households (the insights areas read villages with these too). */
export const villageBasics = {
  id: villages.id,
  slug: villages.slug,
  ...names(villages),
  households: villages.households,
};
const villageColumns = {
  ...villageBasics,
  katoCode: villages.katoCode,
  specialty: villages.specialty,
  isDemo: villages.isDemo,
};

/** Every region and city with how many villages of it are on the hub, in ISO order. */
export function listRegions(db: Db) {
  return whileUnchanged(db, "regions", () => readRegions(db));
}

function readRegions(db: Db) {
  return db
    .select({ ...regionColumns, villageCount: count(villages.id) })
    .from(regions)
    .leftJoin(districts, eq(districts.regionId, regions.id))
    .leftJoin(villages, eq(villages.districtId, districts.id))
    .groupBy(regions.id)
    .orderBy(asc(regions.isoCode))
    .all();
}

/** Village hubs for the home page and the admin's list, each with its district and region names, by region and slug. */
export function listVillages(db: Db) {
  return whileUnchanged(db, "villages", () => readVillages(db));
}

function readVillages(db: Db) {
  return db
    .select({
      ...villageColumns,
      district: { ...names(districts) },
      region: { isoCode: regions.isoCode, ...names(regions) },
    })
    .from(villages)
    .innerJoin(districts, eq(villages.districtId, districts.id))
    .innerJoin(regions, eq(districts.regionId, regions.id))
    .orderBy(asc(regions.isoCode), asc(villages.slug))
    .all();
}

/**
 * A region by its ISO code (any case), with the districts that have village
 * hubs and their counts: a region has up to twenty districts and hundreds of
 * settlements, a buyer browses the ones on the hub.
 */
export function getRegion(db: Db, isoCode: string) {
  const region = db
    .select({ ...regionColumns, centreKk: regions.centreKk, centreRu: regions.centreRu, centreEn: regions.centreEn })
    .from(regions)
    .where(eq(regions.isoCode, isoCode.toUpperCase()))
    .get();
  if (!region) return undefined;
  const regionDistricts = db
    .select({ ...districtColumns, villageCount: count(villages.id) })
    .from(districts)
    .innerJoin(villages, eq(villages.districtId, districts.id))
    .where(eq(districts.regionId, region.id))
    .groupBy(districts.id)
    .orderBy(asc(districts.slug))
    .all();
  return { ...region, districts: regionDistricts };
}

/** A district by its region's ISO code and its slug, with its village hubs (its other settlements are not on the hub). */
export function getDistrict(db: Db, isoCode: string, slug: string) {
  const row = db
    .select({ ...districtColumns, region: regionColumns })
    .from(districts)
    .innerJoin(regions, eq(districts.regionId, regions.id))
    .where(and(eq(regions.isoCode, isoCode.toUpperCase()), eq(districts.slug, slug)))
    .get();
  if (!row) return undefined;
  const districtVillages = db
    .select(villageColumns)
    .from(villages)
    .where(eq(villages.districtId, row.id))
    .orderBy(asc(villages.slug))
    .all();
  return { ...row, villages: districtVillages };
}

/** A village by its slug, with its district and region (the insights areas and the coordinator's pages look villages up here too). */
export function getVillage(db: Db, slug: string) {
  return whileUnchanged(db, `village:${slug}`, () => readVillage(db, slug));
}

function readVillage(db: Db, slug: string) {
  return db
    .select({
      ...villageColumns,
      photoHash: villages.photoHash,
      photoWidth: villages.photoWidth,
      photoHeight: villages.photoHeight,
      district: districtColumns,
      region: regionColumns,
    })
    .from(villages)
    .innerJoin(districts, eq(villages.districtId, districts.id))
    .innerJoin(regions, eq(districts.regionId, regions.id))
    .where(eq(villages.slug, slug))
    .get();
}
