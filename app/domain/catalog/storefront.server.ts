/**
 * The buyer's pages other than the catalog: new goods on the home page, one
 * listing, a village's storefront, a seller's page. Reads only.
 */
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { categories, districts, listingPhotos, listings, regions, sellers, users, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import { isOnSale, listCardsByIds, literal, type ListingCard } from "./search.server";

/** The newest goods on sale anywhere (the home page), in one village, or of one seller. */
export function listNewListings(db: Db, options: { villageId?: number; sellerId?: number; limit: number; offset?: number }): ListingCard[] {
  // Ids first through listings_status_village / listings_seller, then the cards (see searchCatalog).
  const where = and(
    isOnSale,
    options.villageId === undefined ? undefined : sql`${listings.villageId} = ${literal(options.villageId)}`,
    options.sellerId === undefined ? undefined : sql`${listings.sellerId} = ${literal(options.sellerId)}`,
  );
  const rows = db.all<{ id: number }>(
    sql`SELECT ${listings.id} AS id FROM ${listings} WHERE ${where}
        ORDER BY ${listings.publishedAt} DESC, ${listings.id} DESC LIMIT ${literal(options.limit)} OFFSET ${literal(options.offset ?? 0)}`,
  );
  return listCardsByIds(db, rows.map((row) => row.id));
}

/** One listing with everything its page shows, whatever its status (the page says it honestly). */
export function getListingPage(db: Db, listingId: number) {
  const row = db
    .select({
      id: listings.id,
      language: listings.language,
      titleKk: listings.titleKk,
      titleRu: listings.titleRu,
      titleEn: listings.titleEn,
      descriptionKk: listings.descriptionKk,
      descriptionRu: listings.descriptionRu,
      descriptionEn: listings.descriptionEn,
      priceTiyn: listings.priceTiyn,
      unit: listings.unit,
      stock: listings.stock,
      weightClass: listings.weightClass,
      madeToOrder: listings.madeToOrder,
      leadDays: listings.leadDays,
      status: listings.status,
      removedReason: listings.removedReason,
      publishedAt: listings.publishedAt,
      /** For can(); routes do not pass it to the page. */
      sellerUserId: sellers.userId,
      seller: { id: sellers.id, name: sellers.name, verifiedAt: sellers.verifiedAt },
      village: { id: villages.id, slug: villages.slug, nameKk: villages.nameKk, nameRu: villages.nameRu, nameEn: villages.nameEn, isDemo: villages.isDemo },
      district: { slug: districts.slug, nameKk: districts.nameKk, nameRu: districts.nameRu, nameEn: districts.nameEn },
      region: { isoCode: regions.isoCode, nameKk: regions.nameKk, nameRu: regions.nameRu, nameEn: regions.nameEn },
      category: { slug: categories.slug, nameKk: categories.nameKk, nameRu: categories.nameRu, nameEn: categories.nameEn },
    })
    .from(listings)
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .innerJoin(villages, eq(villages.id, listings.villageId))
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .innerJoin(categories, eq(categories.id, listings.categoryId))
    .where(eq(listings.id, listingId))
    .get();
  // A draft has never been shown to anyone: to a buyer it does not exist.
  if (!row || row.status === "draft") return undefined;
  const photos = db
    .select({ hash: listingPhotos.hash, width: listingPhotos.width, height: listingPhotos.height })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
    .orderBy(asc(listingPhotos.position))
    .all();
  return { ...row, photos };
}

export type ListingPage = NonNullable<ReturnType<typeof getListingPage>>;

/** How many producers a storefront lists before "and N more". */
export const STOREFRONT_PRODUCERS = 30;
export const STOREFRONT_GOODS = 12;

// Verified sellers first: "verified_at IS NULL" is 0 for them.
const unverifiedLast = isNull(sellers.verifiedAt);

/** Producers of a village: approved sellers whose account still exists, verified first. */
function listProducers(db: Db, villageId: number, limit: number) {
  const where = and(eq(sellers.villageId, villageId), isNull(users.deletedAt));
  const rows = db
    .select({ id: sellers.id, name: sellers.name, verifiedAt: sellers.verifiedAt })
    .from(sellers)
    .innerJoin(users, eq(users.id, sellers.userId))
    .where(where)
    .orderBy(asc(unverifiedLast), asc(sellers.id))
    .limit(limit)
    .all();
  const total = db.select({ n: count() }).from(sellers).innerJoin(users, eq(users.id, sellers.userId)).where(where).get()?.n ?? 0;
  return { producers: rows, producerCount: total };
}

/** The village's page: its story, its producers, its newest goods. */
export function getVillageStorefront(db: Db, villageId: number) {
  const story = db
    .select({ storyKk: villages.storyKk, storyRu: villages.storyRu, storyEn: villages.storyEn })
    .from(villages)
    .where(eq(villages.id, villageId))
    .get();
  const { producers, producerCount } = listProducers(db, villageId, STOREFRONT_PRODUCERS);
  const goods = listNewListings(db, { villageId, limit: STOREFRONT_GOODS + 1 });
  return {
    story: story ?? { storyKk: null, storyRu: null, storyEn: null },
    producers,
    producerCount,
    goods: goods.slice(0, STOREFRONT_GOODS),
    moreGoods: goods.length > STOREFRONT_GOODS,
  };
}

export const SELLER_PAGE_SIZE = 24;

/** A seller's page: name, village, badge, goods a page at a time. Undefined for a closed account. */
export function getSellerPage(db: Db, sellerId: number, page: number) {
  const seller = db
    .select({
      id: sellers.id,
      name: sellers.name,
      approvedAt: sellers.approvedAt,
      verifiedAt: sellers.verifiedAt,
      deletedAt: users.deletedAt,
      village: { slug: villages.slug, nameKk: villages.nameKk, nameRu: villages.nameRu, nameEn: villages.nameEn, isDemo: villages.isDemo },
    })
    .from(sellers)
    .innerJoin(users, eq(users.id, sellers.userId))
    .innerJoin(villages, eq(villages.id, sellers.villageId))
    .where(eq(sellers.id, sellerId))
    .get();
  if (!seller || seller.deletedAt || !seller.name) return undefined;
  const goods = listNewListings(db, { sellerId, limit: SELLER_PAGE_SIZE + 1, offset: (page - 1) * SELLER_PAGE_SIZE });
  const { deletedAt: _deleted, ...rest } = seller;
  return { seller: rest, goods: goods.slice(0, SELLER_PAGE_SIZE), hasNext: goods.length > SELLER_PAGE_SIZE };
}
