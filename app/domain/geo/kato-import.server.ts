/**
 * Applying an edition of the KATO classifier to the geography tables
 * (decision 0018): districts (level 2) into `districts`, okrugs and settlements
 * (levels 3–4) into `kato_units`. Rows are matched by their code, so applying
 * the same edition twice changes nothing, and a later edition:
 *
 * - adds the units it introduces;
 * - renames a unit whose official name changed — and the village hub opened
 *   on it (its slug, and so its URLs, stay);
 * - moves a unit whose parent changed — and its hub to the new district;
 * - removes a unit it no longer lists, unless something refers to it: a
 *   settlement with a hub, or a district with hubs or kept settlements in it,
 *   is kept and marked abolished (the hub's sellers, orders and figures stay
 *   where they were).
 *
 * Everything happens in one write transaction with prepared statements (the
 * whole classifier, 15,594 rows, in about a third of a second on this
 * machine; `npm run geo:import` prints the time), and the answer says what changed.
 * Regions are not written here: they are curated with their ISO codes and
 * English names (db/seed/geo-data.ts); an edition naming a region the
 * database lacks is refused.
 */
import { foldForSearch } from "../catalog/search-text";
import { prepared } from "../catalog/search.server";
import { writeTransaction, type Db } from "../../db.server";
import type { KatoRow } from "./kato-csv";
import { districtSlug, unitKind, unitNames, type PlaceNames } from "./kato-names";

export interface KatoChange {
  code: string;
  /** The official Kazakh name (the new one, for a rename). */
  name: string;
  /** A rename's old official Kazakh name, or a move's old parent code. */
  was?: string;
}

export interface KatoReport {
  rows: number;
  added: { districts: number; okrugs: number; settlements: number };
  renamed: KatoChange[];
  moved: KatoChange[];
  /** No longer listed and referred to by nothing: deleted. */
  removed: KatoChange[];
  /** No longer listed, kept (marked abolished) because a hub or a kept settlement refers to it. */
  kept: KatoChange[];
  /** Listed again after an edition had left them out. */
  restored: KatoChange[];
  /** Village hubs whose settlement was renamed or moved, by slug. */
  hubsUpdated: string[];
  unchanged: number;
}

export class KatoRegionMissing extends Error {}

interface UnitRow {
  id: number;
  code: string;
  parentCode: string | null;
  level: number;
  kind: string;
  typeRu: string | null;
  officialKk: string;
  officialRu: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  regionId: number;
  districtId: number | null;
  searchName: string;
  searchPlace: string;
  abolishedAt: number | null;
}

interface DistrictRow {
  id: number;
  regionId: number;
  slug: string;
  katoCode: string | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  abolishedAt: number | null;
}

const UNIT_COLUMNS = `id, code, parent_code AS parentCode, level, kind, type_ru AS typeRu, official_kk AS officialKk, official_ru AS officialRu,
  name_kk AS nameKk, name_ru AS nameRu, name_en AS nameEn, region_id AS regionId, district_id AS districtId,
  search_name AS searchName, search_place AS searchPlace, abolished_at AS abolishedAt`;

/** Folded words of some names, each once: what the search index holds. */
function searchWords(...names: (string | undefined)[]): string {
  return [...new Set(foldForSearch(names.filter(Boolean).join(" ")).split(" "))].filter(Boolean).join(" ");
}

const sameNames = (a: PlaceNames, b: PlaceNames) => a.nameKk === b.nameKk && a.nameRu === b.nameRu && a.nameEn === b.nameEn;

/**
 * Applies an edition. `subset` applies only the rows given (with their
 * ancestors) and removes nothing: the demo seed uses it to place its villages
 * without loading the whole classifier.
 */
export function applyKatoEdition(db: Db, rows: readonly KatoRow[], now: Date, options: { subset?: boolean } = {}): KatoReport {
  const report: KatoReport = { rows: rows.length, added: { districts: 0, okrugs: 0, settlements: 0 }, renamed: [], moved: [], removed: [], kept: [], restored: [], hubsUpdated: [], unchanged: 0 };
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const ancestor = (row: KatoRow, level: number): KatoRow | undefined => {
    let current: KatoRow | undefined = row;
    while (current && current.level > level) current = current.parentCode ? byCode.get(current.parentCode) : undefined;
    return current?.level === level ? current : undefined;
  };
  const nowMs = now.getTime();

  return writeTransaction(db, () => {
    const regionRows = prepared(db, "SELECT id, kato_code AS katoCode, name_kk AS nameKk, name_ru AS nameRu, name_en AS nameEn FROM regions").all() as ({ id: number; katoCode: string } & PlaceNames)[];
    const regionByAb = new Map(regionRows.map((r) => [r.katoCode.slice(0, 2), r]));
    const regionOf = (code: string) => {
      const region = regionByAb.get(code.slice(0, 2));
      if (!region) throw new KatoRegionMissing(`KATO code ${code}: region ${code.slice(0, 2)} is not in the database (db/seed/geo-data.ts)`);
      return region;
    };

    // ---- Districts (level 2)
    const districtRows = prepared(db, "SELECT id, region_id AS regionId, slug, kato_code AS katoCode, name_kk AS nameKk, name_ru AS nameRu, name_en AS nameEn, abolished_at AS abolishedAt FROM districts").all() as DistrictRow[];
    const districtByCode = new Map(districtRows.filter((d) => d.katoCode).map((d) => [d.katoCode!, d]));
    const slugsTaken = new Set(districtRows.map((d) => `${d.regionId}/${d.slug}`));
    const insertDistrict = prepared(db, "INSERT INTO districts (region_id, slug, kato_code, name_kk, name_ru, name_en) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    // A district of the classifier is real, whatever seeded it first.
    const updateDistrict = prepared(db, "UPDATE districts SET region_id = ?, kato_code = ?, name_kk = ?, name_ru = ?, name_en = ?, is_demo = 0, abolished_at = NULL WHERE id = ?");
    const districtIdOf = new Map<string, number>();
    for (const row of rows) {
      if (row.level !== 2) continue;
      const region = regionOf(row.code);
      const names = unitNames(row);
      let existing = districtByCode.get(row.code);
      // A district seeded before the classifier was loaded (same region and URL, no code yet) becomes this one.
      existing ??= districtRows.find((d) => d.katoCode === null && d.regionId === region.id && d.slug === districtSlug(row.nameKk));
      if (!existing) {
        const base = districtSlug(row.nameKk);
        let slug = base;
        for (let n = 2; slugsTaken.has(`${region.id}/${slug}`); n++) slug = `${base}-${n}`;
        slugsTaken.add(`${region.id}/${slug}`);
        const { id } = insertDistrict.get(region.id, slug, row.code, names.nameKk, names.nameRu, names.nameEn) as { id: number };
        districtIdOf.set(row.code, id);
        report.added.districts++;
        continue;
      }
      districtIdOf.set(row.code, existing.id);
      const changed = existing.katoCode !== row.code || existing.regionId !== region.id || !sameNames(existing, names) || existing.abolishedAt !== null;
      if (!changed) {
        report.unchanged++;
        continue;
      }
      updateDistrict.run(region.id, row.code, names.nameKk, names.nameRu, names.nameEn, existing.id);
      if (existing.katoCode === row.code && existing.nameKk !== names.nameKk) report.renamed.push({ code: row.code, name: row.nameKk, was: existing.nameKk });
      if (existing.abolishedAt !== null) report.restored.push({ code: row.code, name: row.nameKk });
    }
    if (options.subset) {
      // The rows' districts may be in the database already (from an earlier, larger load).
      for (const d of districtRows) if (d.katoCode && !districtIdOf.has(d.katoCode)) districtIdOf.set(d.katoCode, d.id);
    }

    // ---- Okrugs and settlements (levels 3 and 4)
    const units = new Map((prepared(db, `SELECT ${UNIT_COLUMNS} FROM kato_units`).all() as UnitRow[]).map((u) => [u.code, u]));
    const insertUnit = prepared(
      db,
      `INSERT INTO kato_units (code, parent_code, level, kind, type_ru, official_kk, official_ru, name_kk, name_ru, name_en, region_id, district_id, search_name, search_place)
       VALUES (@code, @parentCode, @level, @kind, @typeRu, @officialKk, @officialRu, @nameKk, @nameRu, @nameEn, @regionId, @districtId, @searchName, @searchPlace)`,
    );
    const updateUnit = prepared(
      db,
      `UPDATE kato_units SET parent_code = @parentCode, level = @level, kind = @kind, type_ru = @typeRu, official_kk = @officialKk, official_ru = @officialRu,
         name_kk = @nameKk, name_ru = @nameRu, name_en = @nameEn, region_id = @regionId, district_id = @districtId,
         search_name = @searchName, search_place = @searchPlace, abolished_at = NULL
       WHERE code = @code`,
    );
    const hubOf = prepared(db, "SELECT id, slug, district_id AS districtId FROM villages WHERE kato_code = ?");
    const updateHub = prepared(db, "UPDATE villages SET name_kk = ?, name_ru = ?, name_en = ?, district_id = ? WHERE id = ?");
    const districtNames = new Map<string, PlaceNames>(rows.filter((r) => r.level === 2).map((r) => [r.code, unitNames(r)]));
    // Settlements of one okrug share its place words: folded once per okrug (a tenth of the rows).
    const placeWords = new Map<string, string>();
    const searchPlaceOf = (okrug: KatoRow | undefined, district: KatoRow | undefined, region: PlaceNames) => {
      const key = `${okrug?.code ?? ""}/${district?.code ?? ""}/${region.nameKk}`;
      let words = placeWords.get(key);
      if (words === undefined) {
        const okrugName = okrug ? unitNames(okrug) : undefined;
        const districtName = district ? districtNames.get(district.code) : undefined;
        words = searchWords(okrugName?.nameKk, okrugName?.nameRu, okrugName?.nameEn, districtName?.nameKk, districtName?.nameRu, districtName?.nameEn, region.nameKk, region.nameRu, region.nameEn);
        placeWords.set(key, words);
      }
      return words;
    };

    for (const row of rows) {
      if (row.level < 3) continue;
      const region = regionOf(row.code);
      const kind = unitKind(row);
      const names = unitNames(row);
      const district = ancestor(row, 2);
      const okrug = kind === "settlement" && row.level === 4 ? ancestor(row, 3) : undefined;
      const values = {
        code: row.code,
        parentCode: row.parentCode,
        level: row.level,
        kind: kind === "settlement" ? "settlement" : "okrug",
        typeRu: row.typeRu,
        officialKk: row.nameKk,
        officialRu: row.nameRu,
        ...names,
        regionId: region.id,
        districtId: district ? (districtIdOf.get(district.code) ?? null) : null,
        searchName: searchWords(names.nameKk, names.nameRu, names.nameEn),
        searchPlace: searchPlaceOf(okrug, district, region),
      };
      const existing = units.get(row.code);
      if (!existing) {
        insertUnit.run(values);
        if (kind === "settlement") report.added.settlements++;
        else report.added.okrugs++;
        continue;
      }
      const renamed = existing.officialKk !== values.officialKk || existing.officialRu !== values.officialRu;
      const moved = existing.parentCode !== values.parentCode || existing.districtId !== values.districtId;
      const changed =
        renamed || moved || existing.abolishedAt !== null || existing.level !== values.level || existing.kind !== values.kind || existing.typeRu !== values.typeRu ||
        !sameNames(existing, names) || existing.regionId !== values.regionId || existing.searchName !== values.searchName || existing.searchPlace !== values.searchPlace;
      if (!changed) {
        report.unchanged++;
        continue;
      }
      updateUnit.run(values);
      if (renamed) report.renamed.push({ code: row.code, name: row.nameKk, was: existing.officialKk });
      if (moved) report.moved.push({ code: row.code, name: row.nameKk, was: existing.parentCode ?? undefined });
      if (existing.abolishedAt !== null) report.restored.push({ code: row.code, name: row.nameKk });
      const hub = hubOf.get(row.code) as { id: number; slug: string; districtId: number } | undefined;
      if (hub && values.districtId !== null) {
        updateHub.run(names.nameKk, names.nameRu, names.nameEn, values.districtId, hub.id);
        report.hubsUpdated.push(hub.slug);
      }
    }
    if (options.subset) return report;

    // ---- What the edition no longer lists
    const hubCodes = new Set((prepared(db, "SELECT kato_code AS code FROM villages WHERE kato_code IS NOT NULL").all() as { code: string }[]).map((r) => r.code));
    const deleteUnit = prepared(db, "DELETE FROM kato_units WHERE id = ?");
    const abolishUnit = prepared(db, "UPDATE kato_units SET abolished_at = ? WHERE id = ?");
    for (const unit of units.values()) {
      if (byCode.has(unit.code)) continue;
      if (hubCodes.has(unit.code)) {
        if (unit.abolishedAt === null) abolishUnit.run(nowMs, unit.id);
        report.kept.push({ code: unit.code, name: unit.officialKk });
      } else {
        deleteUnit.run(unit.id);
        report.removed.push({ code: unit.code, name: unit.officialKk });
      }
    }
    const inUse = prepared(
      db,
      "SELECT EXISTS (SELECT 1 FROM villages WHERE district_id = @id) OR EXISTS (SELECT 1 FROM kato_units WHERE district_id = @id) AS used",
    );
    const deleteDistrict = prepared(db, "DELETE FROM districts WHERE id = ?");
    const abolishDistrict = prepared(db, "UPDATE districts SET abolished_at = ? WHERE id = ?");
    for (const district of districtRows) {
      // Districts without a code were made by hand or by `npm run db:demo`: not the classifier's to remove.
      if (!district.katoCode || byCode.has(district.katoCode)) continue;
      if ((inUse.get({ id: district.id }) as { used: number }).used) {
        if (district.abolishedAt === null) abolishDistrict.run(nowMs, district.id);
        report.kept.push({ code: district.katoCode, name: district.nameKk });
      } else {
        deleteDistrict.run(district.id);
        report.removed.push({ code: district.katoCode, name: district.nameKk });
      }
    }
    return report;
  });
}

/** How many units of the classifier are loaded (0 on a new database). */
export function countKatoUnits(db: Db): number {
  return (prepared(db, "SELECT count(*) AS n FROM kato_units").get() as { n: number }).n;
}
