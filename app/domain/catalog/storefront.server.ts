/**
 * The buyer's pages other than the catalog: new goods on the home page, one
 * listing, a village's storefront, a seller's page. Reads only.
 */
import { eq } from "drizzle-orm";
import { listings, sellers, users, villages } from "../../../db/schema";
import type { Db } from "../../db.server";
import { whileUnchanged } from "./unchanged-reads.server";
import { dateOrNull, listCardsByIds, literalText, ON_SALE, prepared, type ListingCard } from "./search.server";
import { names, namesFrom } from "../../i18n/localized";

/** The newest goods on sale anywhere (the home page), in one village, or of one seller. */
export function listNewListings(db: Db, options: { villageId?: number; sellerId?: number; limit: number; offset?: number }): ListingCard[] {
  // Ids first through listings_status_village / listings_seller, then the cards
  // (see searchCatalog); literals for the planner, and the statement's key.
  const where = [
    ON_SALE,
    options.villageId === undefined ? undefined : `listings.village_id = ${literalText(options.villageId)}`,
    options.sellerId === undefined ? undefined : `listings.seller_id = ${literalText(options.sellerId)}`,
  ].filter(Boolean);
  const rows = prepared(
    db,
    `SELECT listings.id AS id FROM listings WHERE ${where.join(" AND ")}
      ORDER BY listings.published_at DESC, listings.id DESC LIMIT ${literalText(options.limit)} OFFSET ${literalText(options.offset ?? 0)}`,
  ).all() as { id: number }[];
  return listCardsByIds(db, rows.map((row) => row.id));
}

interface ListingPageRow {
  id: number;
  language: (typeof listings.$inferSelect)["language"];
  titleKk: string | null;
  titleRu: string | null;
  titleEn: string | null;
  descriptionKk: string | null;
  descriptionRu: string | null;
  descriptionEn: string | null;
  priceTiyn: number;
  unit: (typeof listings.$inferSelect)["unit"];
  stock: number;
  weightClass: (typeof listings.$inferSelect)["weightClass"];
  madeToOrder: number;
  leadDays: number | null;
  status: (typeof listings.$inferSelect)["status"];
  removedReason: string | null;
  publishedAt: number | null;
  sellerUserId: number;
  sellerId: number;
  sellerName: string | null;
  sellerVerifiedAt: number | null;
  villageId: number;
  villageSlug: string;
  villageNameKk: string;
  villageNameRu: string;
  villageNameEn: string;
  villageIsDemo: number;
  districtSlug: string;
  districtNameKk: string;
  districtNameRu: string;
  districtNameEn: string;
  regionIsoCode: string;
  regionNameKk: string;
  regionNameRu: string;
  regionNameEn: string;
  categorySlug: string;
  categoryNameKk: string;
  categoryNameRu: string;
  categoryNameEn: string;
}

/** One listing with everything its page shows, whatever its status (the page says it honestly). */
export function getListingPage(db: Db, listingId: number) {
  const row = prepared(
    db,
    `SELECT l.id AS id, l.language AS language, l.title_kk AS titleKk, l.title_ru AS titleRu, l.title_en AS titleEn,
            l.description_kk AS descriptionKk, l.description_ru AS descriptionRu, l.description_en AS descriptionEn,
            l.price_tiyn AS priceTiyn, l.unit AS unit, l.stock AS stock, l.weight_class AS weightClass,
            l.made_to_order AS madeToOrder, l.lead_days AS leadDays, l.status AS status, l.removed_reason AS removedReason,
            l.published_at AS publishedAt,
            s.user_id AS sellerUserId, s.id AS sellerId, s.name AS sellerName, s.verified_at AS sellerVerifiedAt,
            v.id AS villageId, v.slug AS villageSlug, v.name_kk AS villageNameKk, v.name_ru AS villageNameRu, v.name_en AS villageNameEn,
            v.is_demo AS villageIsDemo,
            d.slug AS districtSlug, d.name_kk AS districtNameKk, d.name_ru AS districtNameRu, d.name_en AS districtNameEn,
            r.iso_code AS regionIsoCode, r.name_kk AS regionNameKk, r.name_ru AS regionNameRu, r.name_en AS regionNameEn,
            c.slug AS categorySlug, c.name_kk AS categoryNameKk, c.name_ru AS categoryNameRu, c.name_en AS categoryNameEn
       FROM listings l
       JOIN sellers s ON s.id = l.seller_id
       JOIN villages v ON v.id = l.village_id
       JOIN districts d ON d.id = v.district_id
       JOIN regions r ON r.id = d.region_id
       JOIN categories c ON c.id = l.category_id
      WHERE l.id = ?`,
  ).get(listingId) as ListingPageRow | undefined;
  // A draft has never been shown to anyone: to a buyer it does not exist.
  if (!row || row.status === "draft") return undefined;
  const photos = prepared(db, "SELECT hash, width, height FROM listing_photos WHERE listing_id = ? ORDER BY position").all(listingId) as {
    hash: string;
    width: number;
    height: number;
  }[];
  return {
    id: row.id,
    language: row.language,
    titleKk: row.titleKk,
    titleRu: row.titleRu,
    titleEn: row.titleEn,
    descriptionKk: row.descriptionKk,
    descriptionRu: row.descriptionRu,
    descriptionEn: row.descriptionEn,
    priceTiyn: row.priceTiyn,
    unit: row.unit,
    stock: row.stock,
    weightClass: row.weightClass,
    madeToOrder: row.madeToOrder === 1,
    leadDays: row.leadDays,
    status: row.status,
    removedReason: row.removedReason,
    publishedAt: dateOrNull(row.publishedAt),
    /** For can(); routes do not pass it to the page. */
    sellerUserId: row.sellerUserId,
    seller: { id: row.sellerId, name: row.sellerName, verifiedAt: dateOrNull(row.sellerVerifiedAt) },
    village: {
      id: row.villageId,
      slug: row.villageSlug,
      ...namesFrom(row, "villageName"),
      isDemo: row.villageIsDemo === 1,
    },
    district: { slug: row.districtSlug, ...namesFrom(row, "districtName") },
    region: { isoCode: row.regionIsoCode, ...namesFrom(row, "regionName") },
    category: { slug: row.categorySlug, ...namesFrom(row, "categoryName") },
    photos,
  };
}

export type ListingPage = NonNullable<ReturnType<typeof getListingPage>>;

/** How many producers a storefront lists before "and N more". */
export const STOREFRONT_PRODUCERS = 30;
export const STOREFRONT_GOODS = 12;

/** Producers of a village: approved sellers whose account still exists, verified first. */
function listProducers(db: Db, villageId: number, limit: number) {
  // Verified sellers first: "verified_at IS NULL" is 0 for them.
  const rows = prepared(
    db,
    `SELECT sellers.id AS id, sellers.name AS name, sellers.verified_at AS verifiedAt
       FROM sellers JOIN users ON users.id = sellers.user_id
      WHERE sellers.village_id = ? AND users.deleted_at IS NULL
      ORDER BY sellers.verified_at IS NULL, sellers.id LIMIT ?`,
  ).all(villageId, limit) as { id: number; name: string | null; verifiedAt: number | null }[];
  const total = prepared(
    db,
    "SELECT count(*) AS n FROM sellers JOIN users ON users.id = sellers.user_id WHERE sellers.village_id = ? AND users.deleted_at IS NULL",
  ).get(villageId) as { n: number };
  return { producers: rows.map((row) => ({ ...row, verifiedAt: dateOrNull(row.verifiedAt) })), producerCount: total.n };
}

/** The village's page: its story, its producers, its newest goods. */
export function getVillageStorefront(db: Db, villageId: number) {
  return whileUnchanged(db, `village-storefront:${villageId}`, () => readVillageStorefront(db, villageId));
}

function readVillageStorefront(db: Db, villageId: number) {
  const story = prepared(db, "SELECT story_kk AS storyKk, story_ru AS storyRu, story_en AS storyEn FROM villages WHERE id = ?").get(villageId) as
    | { storyKk: string | null; storyRu: string | null; storyEn: string | null }
    | undefined;
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
  return whileUnchanged(db, `seller-page:${sellerId}:${page}`, () => readSellerPage(db, sellerId, page));
}

function readSellerPage(db: Db, sellerId: number, page: number) {
  const seller = db
    .select({
      id: sellers.id,
      name: sellers.name,
      approvedAt: sellers.approvedAt,
      verifiedAt: sellers.verifiedAt,
      deletedAt: users.deletedAt,
      village: { slug: villages.slug, ...names(villages), isDemo: villages.isDemo },
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
