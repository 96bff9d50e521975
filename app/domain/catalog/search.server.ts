/**
 * The catalog's reads: filtered, sorted, searched pages of listing cards.
 *
 * Built for DESIGN §6's 100 000 listings: every filter is on `listings` itself
 * (the village is copied onto each listing), each sort has its index
 * (status+published_at, status+price_tiyn), search is FTS5 ranked by bm25, and
 * no page counts every match: one row more than the page tells whether a next
 * page exists.
 */
import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { categories, districts, listingPhotos, listings, regions, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import { CATALOG_PAGE_SIZE, type CatalogQuery } from "./catalog-query";
import { searchQuery } from "./search-text";

/**
 * The FTS5 table of migration 0004, for queries only: it lives outside
 * db/schema so drizzle-kit never tries to create or drop it.
 */
const listingsFts = sqliteTable("listings_fts", {
  rowid: integer("rowid").notNull(),
  searchText: text("search_text"),
  rank: real("rank"),
});

/** What a card in any list of goods shows. */
export const listingCardColumns = {
  id: listings.id,
  language: listings.language,
  titleKk: listings.titleKk,
  titleRu: listings.titleRu,
  titleEn: listings.titleEn,
  priceTiyn: listings.priceTiyn,
  unit: listings.unit,
  stock: listings.stock,
  madeToOrder: listings.madeToOrder,
  leadDays: listings.leadDays,
  status: listings.status,
  village: { slug: villages.slug, nameKk: villages.nameKk, nameRu: villages.nameRu, nameEn: villages.nameEn },
  // The first photo: one index lookup per card (listing_photos_listing).
  photoHash: sql<string | null>`(SELECT ${listingPhotos.hash} FROM ${listingPhotos} WHERE ${listingPhotos.listingId} = ${listings.id} ORDER BY ${listingPhotos.position} LIMIT 1)`,
};

/** A card as the queries return it (see listingCardColumns). */
export type ListingCard = ReturnType<typeof listCardsByIds>[number];

/**
 * Listings a buyer may see in lists: published and not paused, removed or
 * sold out. Written as a literal, not a bound parameter, so SQLite's planner
 * knows how many rows it selects (with ANALYZE's statistics) when it chooses
 * between the index that filters and the one that is already sorted.
 */
export const isOnSale = sql`${listings.status} = 'active'`;

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
    const where: SQL[] = [];
    if (query.region) {
      const region = db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, query.region)).get();
      if (!region) return { unknown: "region" as const };
      where.push(eq(districts.regionId, region.id));
    }
    if (query.district) {
      const found = db
        .select({ id: districts.id })
        .from(districts)
        .where(and(eq(districts.slug, query.district), ...where))
        .all();
      if (found.length === 0) return { unknown: "district" as const };
      where.push(inArray(districts.id, found.map((d) => d.id)));
    }
    if (query.village) {
      const village = db.select({ id: villages.id }).from(villages).where(eq(villages.slug, query.village)).get();
      if (!village) return { unknown: "village" as const };
      where.push(eq(villages.id, village.id));
    }
    villageIds = db
      .select({ id: villages.id })
      .from(villages)
      .innerJoin(districts, eq(districts.id, villages.districtId))
      .where(and(...where))
      .all()
      .map((v) => v.id);
  }
  let categoryIds: number[] | undefined;
  if (query.category) {
    const category = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, query.category)).get();
    if (!category) return { unknown: "category" as const };
    // A top-level category includes its subcategories (the tree is two levels deep).
    const children = db.select({ id: categories.id }).from(categories).where(eq(categories.parentId, category.id)).all();
    categoryIds = [category.id, ...children.map((c) => c.id)];
  }
  return { villageIds, categoryIds };
}

/** One page of the catalog for a checked query. */
export function searchCatalog(db: Db, query: CatalogQuery, pageSize = CATALOG_PAGE_SIZE): CatalogResult {
  const resolved = resolveFilters(db, query);
  if ("unknown" in resolved && resolved.unknown) return { ok: false, unknown: resolved.unknown };
  const { villageIds, categoryIds } = resolved as { villageIds?: number[]; categoryIds?: number[] };

  const conditions: SQL[] = [isOnSale];
  const list = (ids: number[]) => sql.join(ids.length > 0 ? ids.map(literal) : [literal(0)], sql`, `);
  if (villageIds) conditions.push(sql`${listings.villageId} IN (${list(villageIds)})`);
  if (categoryIds) conditions.push(sql`${listings.categoryId} IN (${list(categoryIds)})`);
  if (query.minPriceTiyn !== undefined) conditions.push(sql`${listings.priceTiyn} >= ${literal(query.minPriceTiyn)}`);
  if (query.maxPriceTiyn !== undefined) conditions.push(sql`${listings.priceTiyn} <= ${literal(query.maxPriceTiyn)}`);
  // In stock: ready now. Made-to-order goods are listed with their lead days instead.
  if (query.inStock) conditions.push(gt(listings.stock, 0));

  const match = query.q ? searchQuery(query.q) : undefined;
  // Words with no letters or digits find nothing rather than everything.
  if (query.q && !match) return { ok: true, cards: [], hasNext: false };

  const offset = (query.page - 1) * pageSize;
  const order =
    query.sort === "price_asc"
      ? sql`${listings.priceTiyn} ASC, ${listings.id} DESC`
      : query.sort === "price_desc"
        ? sql`${listings.priceTiyn} DESC, ${listings.id} DESC`
        : sql`${listings.publishedAt} DESC, ${listings.id} DESC`;
  // LIMIT and OFFSET as literals too: told the page is small, the planner
  // prefers walking an index already in the right order.
  const page = sql`LIMIT ${literal(pageSize + 1)} OFFSET ${literal(offset)}`;

  // Two steps: the page's ids through the indexes alone, then the cards for
  // just those ids. Selecting the cards' columns (the first photo, the
  // village) in the sorted query would compute them for every match.
  let rows: { id: number }[];
  if (match && query.sort === "relevance") {
    rows = db.all<{ id: number }>(sql`
      SELECT ${listings.id} AS id FROM ${listingsFts} JOIN ${listings} ON ${listings.id} = ${listingsFts.rowid}
      WHERE ${listingsFts} MATCH ${match} AND ${and(...conditions)}
      ORDER BY ${listingsFts.rank}, ${listings.id} DESC ${page}`);
  } else {
    if (match) conditions.push(sql`${listings.id} IN (SELECT rowid FROM ${listingsFts} WHERE ${listingsFts} MATCH ${match})`);
    rows = db.all<{ id: number }>(sql`SELECT ${listings.id} AS id FROM ${listings} WHERE ${and(...conditions)} ORDER BY ${order} ${page}`);
  }
  const ids = rows.map((row) => row.id);
  return { ok: true, cards: listCardsByIds(db, ids.slice(0, pageSize)), hasNext: ids.length > pageSize };
}

/** Cards for the given listing ids, in the order given. */
export function listCardsByIds(db: Db, ids: number[]) {
  const rows = db
    .select(listingCardColumns)
    .from(listings)
    .innerJoin(villages, eq(villages.id, listings.villageId))
    .where(inArray(listings.id, ids.length > 0 ? ids : [0]))
    .all();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The choices of the filter form: regions and villages on the hub, the category tree. */
export function listCatalogChoices(db: Db) {
  const villageRows = db
    .select({
      slug: villages.slug,
      nameKk: villages.nameKk,
      nameRu: villages.nameRu,
      nameEn: villages.nameEn,
      regionIso: regions.isoCode,
    })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .orderBy(asc(villages.slug))
    .all();
  const regionRows = db
    .select({ isoCode: regions.isoCode, nameKk: regions.nameKk, nameRu: regions.nameRu, nameEn: regions.nameEn })
    .from(regions)
    .orderBy(asc(regions.isoCode))
    .all();
  const categoryRows = db
    .select({
      id: categories.id,
      parentId: categories.parentId,
      slug: categories.slug,
      nameKk: categories.nameKk,
      nameRu: categories.nameRu,
      nameEn: categories.nameEn,
    })
    .from(categories)
    .orderBy(asc(categories.parentId), asc(categories.position))
    .all();
  const top = categoryRows.filter((c) => c.parentId === null);
  const districtRows = db
    .select({ slug: districts.slug, nameKk: districts.nameKk, nameRu: districts.nameRu, nameEn: districts.nameEn, regionIso: regions.isoCode })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .orderBy(asc(regions.isoCode), asc(districts.slug))
    .all();
  return {
    regions: regionRows,
    districts: districtRows,
    villages: villageRows,
    categories: top.map((c) => ({ ...c, children: categoryRows.filter((child) => child.parentId === c.id) })),
  };
}
