/**
 * Finding a settlement of the KATO classifier (decision 0018): by its name in
 * any script — Kazakh or Russian Cyrillic, the Latin of 2021, or plain
 * English letters — or by its code. Names go through the settlements_fts index
 * (folded text, prefix matches), a code through the code's unique index, so a
 * search reads a few dozen rows of the 15,000, whatever is typed.
 */
import { foldForSearch, searchQuery } from "../catalog/search-text";
import { prepared } from "../catalog/search.server";
import type { Db } from "../../db.server";

export const MAX_SETTLEMENT_RESULTS = 30;

export interface SettlementHit {
  code: string;
  typeRu: string | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  okrug: { nameKk: string; nameRu: string; nameEn: string } | null;
  district: { nameKk: string; nameRu: string; nameEn: string } | null;
  region: { isoCode: string; nameKk: string; nameRu: string; nameEn: string };
  /** The hub open there, if any. */
  hubSlug: string | null;
  abolished: boolean;
}

interface HitRow {
  code: string;
  typeRu: string | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  okrugKk: string | null;
  okrugRu: string | null;
  okrugEn: string | null;
  districtKk: string | null;
  districtRu: string | null;
  districtEn: string | null;
  regionIso: string;
  regionKk: string;
  regionRu: string;
  regionEn: string;
  hubSlug: string | null;
  abolishedAt: number | null;
}

const HIT_COLUMNS = `u.code, u.type_ru AS typeRu, u.name_kk AS nameKk, u.name_ru AS nameRu, u.name_en AS nameEn,
  o.name_kk AS okrugKk, o.name_ru AS okrugRu, o.name_en AS okrugEn,
  d.name_kk AS districtKk, d.name_ru AS districtRu, d.name_en AS districtEn,
  r.iso_code AS regionIso, r.name_kk AS regionKk, r.name_ru AS regionRu, r.name_en AS regionEn,
  v.slug AS hubSlug, u.abolished_at AS abolishedAt`;

const HIT_JOINS = `LEFT JOIN kato_units o ON o.code = u.parent_code AND o.kind = 'okrug'
  LEFT JOIN districts d ON d.id = u.district_id
  JOIN regions r ON r.id = u.region_id
  LEFT JOIN villages v ON v.kato_code = u.code`;

/** Whether a search can be made of what was typed: two letters or digits at least (one would match most of the country). */
export function settlementSearchable(typed: string): boolean {
  return foldForSearch(typed).replace(/[^a-z0-9]/g, "").length >= 2;
}

/**
 * Settlements whose names match every word typed (a word matches as the start
 * of a name's word; the okrug's, district's and region's names count too, so
 * "karabulak sairam" narrows the forty Karabulaks to one), best first: a match
 * in the settlement's own name before one in its place, villages and towns
 * before wintering places, shorter names first. Digits alone are a KATO code
 * or its beginning.
 */
export function searchSettlements(db: Db, typed: string, limit = MAX_SETTLEMENT_RESULTS, options: { cityDistricts?: boolean } = {}): SettlementHit[] {
  const text = typed.trim();
  const kind = options.cityDistricts ? PLACE_OR_CITY_DISTRICT : "u.kind = 'settlement'";
  if (/^\d{2,9}$/.test(text)) {
    const rows = prepared(
      db,
      `SELECT ${HIT_COLUMNS} FROM kato_units u ${HIT_JOINS}
        WHERE u.code GLOB ? AND ${kind} ORDER BY u.code LIMIT ?`,
    ).all(`${text}*`, limit) as HitRow[];
    return rows.map(toHit);
  }
  if (!settlementSearchable(text)) return [];
  const match = searchQuery(text);
  if (!match) return [];
  const rows = prepared(
    db,
    `SELECT ${HIT_COLUMNS} FROM (
        SELECT rowid AS id, bm25(settlements_fts, 10.0, 1.0) AS rank FROM settlements_fts WHERE settlements_fts MATCH ?
      ) m
      JOIN kato_units u ON u.id = m.id ${HIT_JOINS}
      WHERE ${kind}
      ORDER BY m.rank, (CASE WHEN u.type_ru IN ('село', 'город', 'посёлок') THEN 0 ELSE 1 END), length(u.name_kk), u.code
      LIMIT ?`,
  ).all(match, limit) as HitRow[];
  return rows.map(toHit);
}

/**
 * A place a pickup point may stand (issue 17): a settlement, or a district of Astana, Almaty or
 * Shymkent — KATO lists a republican city's districts, not the city, below it.
 */
const PLACE_OR_CITY_DISTRICT = "(u.kind = 'settlement' OR (u.level = 3 AND u.district_id IS NULL))";

/** One settlement by its code, as the hub-opening form shows it (with `cityDistricts`, a city's district too). */
export function getSettlement(db: Db, code: string, options: { cityDistricts?: boolean } = {}): SettlementHit | undefined {
  if (!/^\d{9}$/.test(code)) return undefined;
  const kind = options.cityDistricts ? PLACE_OR_CITY_DISTRICT : "u.kind = 'settlement'";
  const row = prepared(db, `SELECT ${HIT_COLUMNS} FROM kato_units u ${HIT_JOINS} WHERE u.code = ? AND ${kind}`).get(code) as HitRow | undefined;
  return row ? toHit(row) : undefined;
}

function toHit(row: HitRow): SettlementHit {
  return {
    code: row.code,
    typeRu: row.typeRu,
    nameKk: row.nameKk,
    nameRu: row.nameRu,
    nameEn: row.nameEn,
    okrug: row.okrugKk ? { nameKk: row.okrugKk, nameRu: row.okrugRu ?? row.okrugKk, nameEn: row.okrugEn ?? row.okrugKk } : null,
    district: row.districtKk ? { nameKk: row.districtKk, nameRu: row.districtRu ?? row.districtKk, nameEn: row.districtEn ?? row.districtKk } : null,
    region: { isoCode: row.regionIso, nameKk: row.regionKk, nameRu: row.regionRu, nameEn: row.regionEn },
    hubSlug: row.hubSlug,
    abolished: row.abolishedAt !== null,
  };
}
