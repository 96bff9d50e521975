import { and, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { writeTransaction } from "../../app/db.server";
import type { KatoRow } from "../../app/domain/geo/kato-csv";
import { applyKatoEdition, countKatoUnits, type KatoReport } from "../../app/domain/geo/kato-import.server";
import { categories, districts, katoUnits, regions, villages } from "../schema";
import { CATEGORIES, type CategorySeed } from "./categories-data";
import { DEMO_VILLAGES, REGIONS } from "./geo-data";
import { readKatoFile, withAncestors } from "./kato";
import { DEMO_CITY_CODES, seedDemoPickupPoints } from "./pickup-points";

/** KATO's region code: the ISO number followed by seven zeros. */
function regionKato(isoCode: string): string {
  return `${isoCode.slice(3)}0000000`;
}

/**
 * Writes the real regions; with `classifier`, loads every district, okrug and
 * settlement of the KATO classifier into a database that has none yet
 * (db/seed/kato, decision 0018); with `demo`, puts the demo villages on the
 * hub — on their real settlements, loading just those rows of the classifier
 * when the whole of it is not wanted (the tests' databases).
 * Idempotent: rows are matched by their natural keys and updated in place,
 * so running it twice leaves the same data.
 */
export function seedGeography(db: Db, options: { demo: boolean; classifier?: boolean }, now = new Date()): { kato: KatoReport | null } {
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
  });
  const kato = options.classifier && countKatoUnits(db) === 0 ? applyKatoEdition(db, readKatoFile(), now) : null;
  if (!options.demo) return { kato };

  // The demo villages, and the city districts where the demo's city pickup points stand.
  const codes = [...DEMO_VILLAGES.map((v) => v.katoCode), ...DEMO_CITY_CODES];
  const placed = db.select({ code: katoUnits.code }).from(katoUnits).where(inArray(katoUnits.code, codes)).all().length === codes.length;
  if (!placed) applyKatoEdition(db, demoKatoRows(), now, { subset: true });
  writeTransaction(db, (tx) => {
    for (const v of DEMO_VILLAGES) {
      const settlement = tx.select().from(katoUnits).where(eq(katoUnits.code, v.katoCode)).get();
      if (!settlement?.districtId) throw new Error(`seed: settlement ${v.katoCode} of ${v.slug} missing`);
      const villageValues = {
        districtId: settlement.districtId,
        slug: v.slug,
        katoCode: v.katoCode,
        nameKk: settlement.nameKk,
        nameRu: settlement.nameRu,
        nameEn: settlement.nameEn,
        households: v.households,
        specialty: v.specialty,
        isDemo: true,
      };
      tx.insert(villages).values(villageValues).onConflictDoUpdate({ target: villages.slug, set: villageValues }).run();
    }
    // The demo districts of a database seeded before the classifier, left empty now that their villages sit in KATO's.
    tx.delete(districts)
      .where(
        and(
          eq(districts.isDemo, true),
          isNull(districts.katoCode),
          notExists(tx.select({ id: villages.id }).from(villages).where(eq(villages.districtId, districts.id))),
        ),
      )
      .run();
  });
  seedDemoPickupPoints(db);
  return { kato };
}

let demoRows: KatoRow[] | undefined;

/** The classifier's rows of the demo villages and the units above them, read once (each test database needs them). */
function demoKatoRows(): KatoRow[] {
  demoRows ??= withAncestors(readKatoFile(), [...DEMO_VILLAGES.map((v) => v.katoCode), ...DEMO_CITY_CODES]);
  return demoRows;
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
