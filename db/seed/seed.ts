import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { writeTransaction } from "../../app/db.server";
import { categories, districts, regions, villages } from "../schema";
import { CATEGORIES, type CategorySeed } from "./categories-data";
import { DEMO_DISTRICTS, REGIONS } from "./geo-data";
import { seedDemoPickupPoints } from "./pickup-points";

/** KATO's region code: the ISO number followed by seven zeros. */
function regionKato(isoCode: string): string {
  return `${isoCode.slice(3)}0000000`;
}

/**
 * Writes the real regions and, when asked, the demo districts and villages.
 * Idempotent: rows are matched by their natural keys and updated in place,
 * so running it twice leaves the same data.
 */
export function seedGeography(db: Db, options: { demo: boolean }): void {
  writeTransaction(db, (tx) => {
    for (const r of REGIONS) {
      const values = {
        isoCode: r.isoCode,
        katoCode: regionKato(r.isoCode),
        kind: r.kind,
        nameKk: r.kk,
        nameRu: r.ru,
        nameEn: r.en,
        centreKk: r.centre?.[0] ?? null,
        centreRu: r.centre?.[1] ?? null,
        centreEn: r.centre?.[2] ?? null,
      };
      tx.insert(regions).values(values).onConflictDoUpdate({ target: regions.isoCode, set: values }).run();
    }
    if (!options.demo) return;

    for (const d of DEMO_DISTRICTS) {
      const region = tx.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, d.region)).get();
      if (!region) throw new Error(`seed: region ${d.region} missing`);
      const districtValues = { regionId: region.id, slug: d.slug, nameKk: d.kk, nameRu: d.ru, nameEn: d.en, isDemo: true };
      tx.insert(districts)
        .values(districtValues)
        .onConflictDoUpdate({ target: [districts.regionId, districts.slug], set: districtValues })
        .run();
      const district = tx
        .select({ id: districts.id })
        .from(districts)
        .where(and(eq(districts.regionId, region.id), eq(districts.slug, d.slug)))
        .get();
      if (!district) throw new Error(`seed: district ${d.slug} missing`);
      for (const v of d.villages) {
        const villageValues = {
          districtId: district.id,
          slug: v.slug,
          nameKk: v.kk,
          nameRu: v.ru,
          nameEn: v.en,
          households: v.households,
          specialty: v.specialty,
          isDemo: true,
        };
        tx.insert(villages).values(villageValues).onConflictDoUpdate({ target: villages.slug, set: villageValues }).run();
      }
    }
  });
  if (options.demo) seedDemoPickupPoints(db);
}

/** For tests and the reset script: how many rows each geography table holds. */
export function countGeography(db: Db): { regions: number; districts: number; villages: number } {
  const n = (table: typeof regions | typeof districts | typeof villages) =>
    db.select({ n: sql<number>`count(*)` }).from(table).get()?.n ?? 0;
  return { regions: n(regions), districts: n(districts), villages: n(villages) };
}

/** Writes the category tree (db/seed/categories-data.ts). Idempotent: matched by slug. */
export function seedCategories(db: Db): void {
  writeTransaction(db, (tx) => {
    const write = (list: CategorySeed[], parentId: number | null) => {
      list.forEach((c, position) => {
        const values = { parentId, slug: c.slug, nameKk: c.kk, nameRu: c.ru, nameEn: c.en, position };
        const row = tx
          .insert(categories)
          .values(values)
          .onConflictDoUpdate({ target: categories.slug, set: values })
          .returning({ id: categories.id })
          .get();
        if (c.children) write(c.children, row.id);
      });
    };
    write(CATEGORIES, null);
  });
}
