import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { LISTING_STATUSES, LISTING_UNITS, REPORT_REASONS, WEIGHT_CLASSES } from "../../app/domain/catalog/vocabulary";
import { villages } from "./geo";
import { sellers, users } from "./identity";
import { reviews } from "./trust";

/** The category tree (names in three languages); `parentId` NULL for the top level. */
export const categories = sqliteTable(
  "categories",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    parentId: integer("parent_id").references((): AnySQLiteColumn => categories.id),
    slug: text("slug").notNull().unique(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("categories_parent").on(t.parentId, t.position)],
);

/**
 * A seller's offer. Title and description are written in `language` and may
 * be translated into the other two; `searchText` is every version folded by
 * `foldForSearch`, kept in step by the app and indexed by FTS5 (listings_fts).
 * `villageId` copies the seller's village so the catalog filters on one table.
 */
export const listings = sqliteTable(
  "listings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sellerId: integer("seller_id")
      .notNull()
      .references(() => sellers.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    language: text("language", { enum: ["kk", "ru", "en"] }).notNull(),
    titleKk: text("title_kk"),
    titleRu: text("title_ru"),
    titleEn: text("title_en"),
    descriptionKk: text("description_kk"),
    descriptionRu: text("description_ru"),
    descriptionEn: text("description_en"),
    searchText: text("search_text").notNull().default(""),
    priceTiyn: integer("price_tiyn").notNull(),
    unit: text("unit", { enum: LISTING_UNITS }).notNull(),
    stock: integer("stock").notNull(),
    weightClass: text("weight_class", { enum: WEIGHT_CLASSES }).notNull(),
    madeToOrder: integer("made_to_order", { mode: "boolean" }).notNull().default(false),
    leadDays: integer("lead_days"),
    status: text("status", { enum: LISTING_STATUSES }).notNull().default("draft"),
    removedReason: text("removed_reason"),
    removedBy: integer("removed_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    /** The seller's rating (seller_reputation.rating_milli), copied so the catalog sorts by it through an index. */
    sellerRatingMilli: integer("seller_rating_milli").notNull().default(4000),
  },
  (t) => [
    index("listings_seller").on(t.sellerId, t.status),
    index("listings_status_village").on(t.status, t.villageId, t.publishedAt),
    index("listings_status_category").on(t.status, t.categoryId, t.publishedAt),
    index("listings_status_price").on(t.status, t.priceTiyn),
    // The catalog sorted by price within a village or category (a sort over a
    // covering index instead of row lookups in price order).
    index("listings_status_village_price").on(t.status, t.villageId, t.priceTiyn),
    index("listings_status_category_price").on(t.status, t.categoryId, t.priceTiyn),
    index("listings_status_published").on(t.status, t.publishedAt),
    // The catalog sorted by the seller's rating, in all of it, a village or a category (decision 0027).
    index("listings_status_rating").on(t.status, t.sellerRatingMilli),
    index("listings_status_village_rating").on(t.status, t.villageId, t.sellerRatingMilli),
    index("listings_status_category_rating").on(t.status, t.categoryId, t.sellerRatingMilli),
    check("listings_price_positive", sql`${t.priceTiyn} > 0`),
    check("listings_stock_nonnegative", sql`${t.stock} >= 0`),
    check("listings_lead_days", sql`(${t.madeToOrder} = 0 AND ${t.leadDays} IS NULL) OR (${t.madeToOrder} = 1 AND ${t.leadDays} BETWEEN 1 AND 180)`),
  ],
);

/** Up to 8 photos a listing; files are `${hash}-${width}.webp` in the photo folder. */
export const listingPhotos = sqliteTable(
  "listing_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    hash: text("hash").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    position: integer("position").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("listing_photos_listing").on(t.listingId, t.position), index("listing_photos_hash").on(t.hash)],
);

/**
 * Photos uploaded but not (or no longer) on any listing: the staging area
 * (issue 13 §8). A row is written before the photo's files; a listing that
 * takes the photo deletes the row in its own transaction; taking a photo
 * off its last listing writes the row again. The job removes rows older
 * than a day, with their files, unless a listing shows the photo by then.
 */
export const stagedPhotos = sqliteTable(
  "staged_photos",
  {
    hash: text("hash").primaryKey(),
    /** Who uploaded it; NULL for the demo data. */
    uploadedBy: integer("uploaded_by").references(() => users.id),
    stagedAt: integer("staged_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("staged_photos_staged_at").on(t.stagedAt)],
);

/**
 * Every change to a listing: who made it, and when a coordinator made it on a
 * seller's behalf (assisted selling), the seller's consent note.
 */
export const listingChanges = sqliteTable(
  "listing_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    actorUserId: integer("actor_user_id").references(() => users.id),
    onBehalf: integer("on_behalf", { mode: "boolean" }).notNull().default(false),
    consentNote: text("consent_note"),
    /** JSON: the fields changed, old → new. */
    change: text("change").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("listing_changes_listing").on(t.listingId, t.at),
    check("listing_changes_consent", sql`${t.onBehalf} = 0 OR length(trim(${t.consentNote})) > 0`),
  ],
);


/** A report about a listing, queued for the village's coordinator. */
export const listingReports = sqliteTable(
  "listing_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    reporterUserId: integer("reporter_user_id").references(() => users.id),
    /** A report about a review of this listing, not the listing itself. */
    reviewId: integer("review_id").references((): AnySQLiteColumn => reviews.id),
    reason: text("reason", { enum: REPORT_REASONS }).notNull(),
    note: text("note"),
    status: text("status", { enum: ["open", "dismissed", "actioned"] }).notNull().default("open"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    resolvedBy: integer("resolved_by").references(() => users.id),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("listing_reports_listing").on(t.listingId, t.status), index("listing_reports_status").on(t.status, t.createdAt)],
);
