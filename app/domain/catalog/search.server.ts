/**
 * The catalog's reads: filtered, sorted, searched pages of listing cards.
 *
 * Built for DESIGN §6's 100 000 listings: every filter is on `listings` itself
 * (the village is copied onto each listing), each sort has its index
 * (status+published_at, status+price_tiyn), search is FTS5 ranked by bm25, and
 * no page counts every match: one row more than the page tells whether a next
 * page exists.
 */
import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { listings } from "../../../db/schema";
import type { Db } from "../../db.server";
import { whileUnchanged } from "./unchanged-reads.server";
import { CATALOG_PAGE_SIZE, type CatalogQuery } from "./catalog-query";
import { searchQuery } from "./search-text";

/** What a card in any list of goods shows. */
export interface ListingCard {
  id: number;
  language: (typeof listings.$inferSelect)["language"];
  titleKk: string | null;
  titleRu: string | null;
  titleEn: string | null;
  priceTiyn: number;
  unit: (typeof listings.$inferSelect)["unit"];
  stock: number;
  madeToOrder: boolean;
  leadDays: number | null;
  status: (typeof listings.$inferSelect)["status"];
  village: { slug: string; nameKk: string; nameRu: string; nameEn: string };
  photoHash: string | null;
  /** The seller's reputation at a glance (seller_reputation, one lookup by key per card). */
  reputation: { ratingMilli: number | null; completedOrders: number };
}

// ---------------------------------------------------------------------------
// Prepared statements. The buyer's pages are the hub's hottest paths: drizzle's
// query builder built the SQL and SQLite prepared it again on every call, which
// cost more than running the query (decision 0007). These read paths use
// better-sqlite3 statements, prepared once per connection and kept by their
// SQL text; writes and rarer reads stay with drizzle.

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** SQL texts differ by their literals (a village's id, a page's offset): the cache is bounded. */
const STATEMENTS_PER_CONNECTION = 1000;

/** The statement for this SQL text on this connection, prepared on first use. */
export function prepared(db: Db, text: string): Database.Statement {
  // drizzle() keeps its better-sqlite3 connection there; the Db type does not say so.
  const client = (db as Db & { $client?: Database.Database }).$client;
  if (!client) throw new Error("prepared() needs a connection made by drizzle(), not a transaction");
  let cache = statements.get(client);
  if (!cache) {
    cache = new Map();
    statements.set(client, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    if (cache.size >= STATEMENTS_PER_CONNECTION) cache.clear();
    statement = client.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

/** A timestamp_ms column as drizzle returns it. */
export function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/**
 * Listings a buyer may see in lists: published and not paused, removed or
 * sold out. Written as a literal, not a bound parameter, so SQLite's planner
 * knows how many rows it selects (with ANALYZE's statistics) when it chooses
 * between the index that filters and the one that is already sorted.
 */
export const isOnSale = sql`${listings.status} = 'active'`;
/** isOnSale in the prepared statements' SQL. */
export const ON_SALE = "listings.status = 'active'";

/** A checked whole number as SQL text, for the same reason: ranges the planner can weigh. */
export function literal(n: number): SQL {
  if (!Number.isSafeInteger(n)) throw new TypeError(`not a whole number: ${n}`);
  return sql.raw(String(n));
}

export type CatalogFilterRefusal = "region" | "district" | "village" | "category";

export type CatalogResult =
  | { ok: true; cards: ListingCard[]; hasNext: boolean }
  | { ok: false; unknown: CatalogFilterRefusal };

/** The ids a filter's slug stands for; undefined when it names nothing on the hub. */
function resolveFilters(db: Db, query: CatalogQuery) {
  let villageIds: number[] | undefined;
  if (query.region || query.district || query.village) {
    let regionId: number | null = null;
    if (query.region) {
      const region = prepared(db, "SELECT id FROM regions WHERE iso_code = ?").get(query.region) as { id: number } | undefined;
      if (!region) return { unknown: "region" as const };
      regionId = region.id;
    }
    let districtIds: number[] | null = null;
    if (query.district) {
      districtIds = (
        prepared(db, "SELECT id FROM districts WHERE slug = @slug AND (@regionId IS NULL OR region_id = @regionId)").all({ slug: query.district, regionId }) as { id: number }[]
      ).map((d) => d.id);
      if (districtIds.length === 0) return { unknown: "district" as const };
    }
    let villageId: number | null = null;
    if (query.village) {
      const village = prepared(db, "SELECT id FROM villages WHERE slug = ?").get(query.village) as { id: number } | undefined;
      if (!village) return { unknown: "village" as const };
      villageId = village.id;
    }
    villageIds = (
      prepared(
        db,
        `SELECT villages.id AS id FROM villages JOIN districts ON districts.id = villages.district_id
          WHERE (@regionId IS NULL OR districts.region_id = @regionId)
            AND (@districtIds IS NULL OR districts.id IN (SELECT value FROM json_each(@districtIds)))
            AND (@villageId IS NULL OR villages.id = @villageId)`,
      ).all({ regionId, districtIds: districtIds && JSON.stringify(districtIds), villageId }) as { id: number }[]
    ).map((v) => v.id);
  }
  let categoryIds: number[] | undefined;
  if (query.category) {
    const category = prepared(db, "SELECT id FROM categories WHERE slug = ?").get(query.category) as { id: number } | undefined;
    if (!category) return { unknown: "category" as const };
    // A top-level category includes its subcategories (the tree is two levels deep).
    const children = prepared(db, "SELECT id FROM categories WHERE parent_id = ?").all(category.id) as { id: number }[];
    categoryIds = [category.id, ...children.map((c) => c.id)];
  }
  return { villageIds, categoryIds };
}

/** A checked whole number as SQL text (see literal). */
export function literalText(n: number): string {
  if (!Number.isSafeInteger(n)) throw new TypeError(`not a whole number: ${n}`);
  return String(n);
}

/** One page of the catalog for a checked query (remembered until the database changes). */
export function searchCatalog(db: Db, query: CatalogQuery, pageSize = CATALOG_PAGE_SIZE): CatalogResult {
  return whileUnchanged(db, `catalog:${pageSize}:${JSON.stringify(query)}`, () => readCatalogPage(db, query, pageSize));
}

function readCatalogPage(db: Db, query: CatalogQuery, pageSize: number): CatalogResult {
  const resolved = resolveFilters(db, query);
  if ("unknown" in resolved && resolved.unknown) return { ok: false, unknown: resolved.unknown };
  const { villageIds, categoryIds } = resolved as { villageIds?: number[]; categoryIds?: number[] };

  // Filters as literals (see isOnSale): the SQL text is also the statement cache's key.
  const conditions: string[] = [ON_SALE];
  const list = (ids: number[]) => (ids.length > 0 ? ids.map(literalText) : ["0"]).join(", ");
  if (villageIds) conditions.push(`listings.village_id IN (${list(villageIds)})`);
  if (categoryIds) conditions.push(`listings.category_id IN (${list(categoryIds)})`);
  if (query.minPriceTiyn !== undefined) conditions.push(`listings.price_tiyn >= ${literalText(query.minPriceTiyn)}`);
  if (query.maxPriceTiyn !== undefined) conditions.push(`listings.price_tiyn <= ${literalText(query.maxPriceTiyn)}`);
  // In stock: ready now. Made-to-order goods are listed with their lead days instead.
  if (query.inStock) conditions.push("listings.stock > 0");

  const match = query.q ? searchQuery(query.q) : undefined;
  // Words with no letters or digits find nothing rather than everything.
  if (query.q && !match) return { ok: true, cards: [], hasNext: false };

  const offset = (query.page - 1) * pageSize;
  const order =
    query.sort === "price_asc"
      ? "listings.price_tiyn ASC, listings.id DESC"
      : query.sort === "price_desc"
        ? "listings.price_tiyn DESC, listings.id DESC"
        : query.sort === "rating"
          ? // The seller's Bayesian rating, copied onto listings for listings_status_rating (decision: reputation).
            "listings.seller_rating_milli DESC, listings.id DESC"
          : "listings.published_at DESC, listings.id DESC";
  // LIMIT and OFFSET as literals too: told the page is small, the planner
  // prefers walking an index already in the right order.
  const page = `LIMIT ${literalText(pageSize + 1)} OFFSET ${literalText(offset)}`;

  // Two steps: the page's ids through the indexes alone, then the cards for
  // just those ids. Selecting the cards' columns (the first photo, the
  // village) in the sorted query would compute them for every match.
  let rows: { id: number }[];
  if (match && query.sort === "relevance") {
    // bm25() is what `rank` stands for (no rank is configured), but named
    // directly it sorted 3 000 matches of 100 000 listings in half the time.
    rows = prepared(
      db,
      `SELECT listings.id AS id FROM listings_fts JOIN listings ON listings.id = listings_fts.rowid
        WHERE listings_fts MATCH ? AND ${conditions.join(" AND ")}
        ORDER BY bm25(listings_fts), listings.id DESC ${page}`,
    ).all(match) as { id: number }[];
  } else {
    if (match) conditions.push("listings.id IN (SELECT rowid FROM listings_fts WHERE listings_fts MATCH ?)");
    const statement = prepared(db, `SELECT listings.id AS id FROM listings WHERE ${conditions.join(" AND ")} ORDER BY ${order} ${page}`);
    rows = (match ? statement.all(match) : statement.all()) as { id: number }[];
  }
  const ids = rows.map((row) => row.id);
  return { ok: true, cards: listCardsByIds(db, ids.slice(0, pageSize)), hasNext: ids.length > pageSize };
}

interface CardRow extends Omit<ListingCard, "madeToOrder" | "village" | "reputation"> {
  madeToOrder: number;
  ratingMilli: number | null;
  ratingCount: number | null;
  completedOrders: number | null;
  villageSlug: string;
  villageNameKk: string;
  villageNameRu: string;
  villageNameEn: string;
}

/** Cards for the given listing ids, in the order given. */
export function listCardsByIds(db: Db, ids: number[]): ListingCard[] {
  if (ids.length === 0) return [];
  const rows = prepared(
    db,
    `SELECT listings.id AS id, listings.language AS language,
            listings.title_kk AS titleKk, listings.title_ru AS titleRu, listings.title_en AS titleEn,
            listings.price_tiyn AS priceTiyn, listings.unit AS unit, listings.stock AS stock,
            listings.made_to_order AS madeToOrder, listings.lead_days AS leadDays, listings.status AS status,
            villages.slug AS villageSlug, villages.name_kk AS villageNameKk, villages.name_ru AS villageNameRu, villages.name_en AS villageNameEn,
            -- The first photo: one index lookup per card (listing_photos_listing).
            (SELECT hash FROM listing_photos WHERE listing_photos.listing_id = listings.id ORDER BY position LIMIT 1) AS photoHash,
            seller_reputation.rating_milli AS ratingMilli, seller_reputation.rating_count AS ratingCount,
            seller_reputation.counted_orders AS completedOrders
       FROM listings JOIN villages ON villages.id = listings.village_id
       LEFT JOIN seller_reputation ON seller_reputation.seller_id = listings.seller_id
      WHERE listings.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as CardRow[];
  const byId = new Map<number, ListingCard>();
  for (const { villageSlug, villageNameKk, villageNameRu, villageNameEn, madeToOrder, ratingMilli, ratingCount, completedOrders, ...card } of rows) {
    byId.set(card.id, {
      ...card,
      madeToOrder: madeToOrder === 1,
      reputation: { ratingMilli: ratingCount ? ratingMilli : null, completedOrders: completedOrders ?? 0 },
      village: { slug: villageSlug, nameKk: villageNameKk, nameRu: villageNameRu, nameEn: villageNameEn },
    });
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

type Names = { nameKk: string; nameRu: string; nameEn: string };

/** The choices of the filter form: regions, and the districts and villages on the hub (not the whole classifier), the category tree. */
export function listCatalogChoices(db: Db) {
  return whileUnchanged(db, "catalog-choices", () => readCatalogChoices(db));
}

function readCatalogChoices(db: Db) {
  const villageRows = prepared(
    db,
    `SELECT villages.slug AS slug, villages.name_kk AS nameKk, villages.name_ru AS nameRu, villages.name_en AS nameEn, regions.iso_code AS regionIso
       FROM villages JOIN districts ON districts.id = villages.district_id JOIN regions ON regions.id = districts.region_id
      ORDER BY villages.slug`,
  ).all() as ({ slug: string; regionIso: string } & Names)[];
  const regionRows = prepared(db, "SELECT iso_code AS isoCode, name_kk AS nameKk, name_ru AS nameRu, name_en AS nameEn FROM regions ORDER BY iso_code").all() as ({
    isoCode: string;
  } & Names)[];
  const categoryRows = prepared(
    db,
    "SELECT id, parent_id AS parentId, slug, name_kk AS nameKk, name_ru AS nameRu, name_en AS nameEn FROM categories ORDER BY parent_id, position",
  ).all() as ({ id: number; parentId: number | null; slug: string } & Names)[];
  const top = categoryRows.filter((c) => c.parentId === null);
  const districtRows = prepared(
    db,
    `SELECT districts.slug AS slug, districts.name_kk AS nameKk, districts.name_ru AS nameRu, districts.name_en AS nameEn, regions.iso_code AS regionIso
       FROM districts JOIN regions ON regions.id = districts.region_id
      WHERE EXISTS (SELECT 1 FROM villages WHERE villages.district_id = districts.id)
      ORDER BY regions.iso_code, districts.slug`,
  ).all() as ({ slug: string; regionIso: string } & Names)[];
  return {
    regions: regionRows,
    districts: districtRows,
    villages: villageRows,
    categories: top.map((c) => ({ ...c, children: categoryRows.filter((child) => child.parentId === c.id) })),
  };
}
