/**
 * The seller side of the catalog: create and edit listings, change their
 * status, quick price and stock edits, photos. Each use case is one IMMEDIATE
 * transaction that also writes a `listing_changes` row: who changed what, and
 * when a coordinator acted for a seller (assisted selling), the seller's
 * consent note. Photos are staged and their files written before, by the
 * caller (photo-staging); a listing takes only photos still staged or shown.
 */
import { checkListing } from "../trust/fraud.server";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { categories, listingChanges, listingPhotos, listings, sellers, villages } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { LANGUAGES, type Language } from "../../i18n/config";
import { cleanLines } from "../identity/person-text";
import {
  MAX_LISTING_PHOTOS,
  MAX_PRICE_TIYN,
  MAX_STOCK,
  canChangeListingStatus,
  statusAfterStockChange,
  type ListingInput,
} from "./listing-rules";
import type { ListingStatus } from "./vocabulary";
import { foldForSearch } from "./search-text";
import { names } from "../../i18n/localized";
import { photosAvailable, restageIfUnused, unstagePhotos } from "./photo-staging.server";

/** Who makes a change: the seller, or a coordinator for the seller with their consent note. */
export interface ChangedBy {
  userId: number;
  /** Present only for assisted selling; must not be blank then. */
  consentNote?: string;
}

export interface PhotoRef {
  hash: string;
  width: number;
  height: number;
}

export type ListingRefusal =
  | "listing.not_found"
  | "listing.seller_not_found"
  | "listing.category_not_found"
  | "listing.consent_required"
  | "listing.too_many_photos"
  | "listing.photo_not_found"
  | "listing.photo_expired"
  | "listing.removed"
  | "listing.status_not_allowed"
  | "listing.invalid_quick_edit";

type Result<T = object> = ({ ok: true } & T) | { ok: false; reason: ListingRefusal };

const SUFFIX: Record<Language, "Kk" | "Ru" | "En"> = { kk: "Kk", ru: "Ru", en: "En" };

/** The text columns a listing form fills: the seller's language plus optional translations. */
function textColumns(input: ListingInput) {
  const columns: Record<string, string | null> = {};
  for (const language of LANGUAGES) {
    const own = language === input.language;
    columns[`title${SUFFIX[language]}`] = own ? input.title : (input.translations[language]?.title ?? null);
    columns[`description${SUFFIX[language]}`] = own ? input.description || null : (input.translations[language]?.description ?? null);
  }
  return columns as {
    titleKk: string | null; titleRu: string | null; titleEn: string | null;
    descriptionKk: string | null; descriptionRu: string | null; descriptionEn: string | null;
  };
}

/** Every version of the title and description, folded into the one search key FTS5 indexes. */
export function searchTextOf(texts: ReturnType<typeof textColumns>): string {
  return foldForSearch(
    [texts.titleKk, texts.titleRu, texts.titleEn, texts.descriptionKk, texts.descriptionRu, texts.descriptionEn]
      .filter((text): text is string => Boolean(text))
      .join(" "),
  );
}

function consentOf(by: ChangedBy): { ok: true; onBehalf: boolean; consentNote: string | null } | { ok: false } {
  if (by.consentNote === undefined) return { ok: true, onBehalf: false, consentNote: null };
  const note = cleanLines(by.consentNote);
  return note ? { ok: true, onBehalf: true, consentNote: note } : { ok: false };
}

function recordChange(tx: Tx, listingId: number, by: ChangedBy, change: Record<string, unknown>, now: Date): void {
  const consent = consentOf(by);
  tx.insert(listingChanges)
    .values({
      listingId,
      actorUserId: by.userId,
      onBehalf: consent.ok && consent.onBehalf,
      consentNote: consent.ok ? consent.consentNote : null,
      change: JSON.stringify(change),
      at: now,
    })
    .run();
  checkListing(tx, listingId, now);
}

/** Old → new for the fields that differ. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key] instanceof Date ? (before[key] as Date).getTime() : before[key];
    const next = value instanceof Date ? value.getTime() : value;
    if (old !== next) out[key] = [old ?? null, next ?? null];
  }
  return out;
}

// ---------------------------------------------------------------- reads

/** The shops (seller rows) a person has, with their village. */
export function listShopsOf(db: Db, userId: number) {
  return db
    .select({ id: sellers.id, name: sellers.name, villageId: sellers.villageId, village: { slug: villages.slug, ...names(villages) } })
    .from(sellers)
    .innerJoin(villages, eq(villages.id, sellers.villageId))
    .where(eq(sellers.userId, userId))
    .orderBy(asc(sellers.id))
    .all();
}

/** The sellers of a village, for a coordinator's assisted selling. */
export function listVillageSellers(db: Db, villageId: number) {
  return db
    .select({ id: sellers.id, name: sellers.name, userId: sellers.userId })
    .from(sellers)
    .where(eq(sellers.villageId, villageId))
    .orderBy(asc(sellers.name), asc(sellers.id))
    .all();
}

export function getSeller(db: Db, sellerId: number) {
  return db
    .select({ id: sellers.id, userId: sellers.userId, villageId: sellers.villageId, name: sellers.name, assisted: sellers.assistedOrders })
    .from(sellers)
    .where(eq(sellers.id, sellerId))
    .get();
}

/** Who a listing belongs to, for the authorization check before anything else is read. */
export function getListingOwner(db: Db, listingId: number) {
  return db
    .select({ id: listings.id, sellerId: listings.sellerId, sellerUserId: sellers.userId, villageId: listings.villageId })
    .from(listings)
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .where(eq(listings.id, listingId))
    .get();
}

/** Categories as a flat list, parents before their children, for a select. */
export function listCategoryChoices(db: Db) {
  const rows = db.select().from(categories).orderBy(asc(categories.position), asc(categories.id)).all();
  const out: (typeof rows[number] & { depth: number })[] = [];
  const walk = (parentId: number | null, depth: number) => {
    for (const row of rows.filter((r) => r.parentId === parentId)) {
      out.push({ ...row, depth });
      walk(row.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const summaryColumns = {
  id: listings.id,
  sellerId: listings.sellerId,
  language: listings.language,
  titleKk: listings.titleKk,
  titleRu: listings.titleRu,
  titleEn: listings.titleEn,
  priceTiyn: listings.priceTiyn,
  unit: listings.unit,
  stock: listings.stock,
  madeToOrder: listings.madeToOrder,
  status: listings.status,
  removedReason: listings.removedReason,
  updatedAt: listings.updatedAt,
  photoHash: sql<string | null>`(SELECT hash FROM listing_photos p WHERE p.listing_id = ${listings.id} ORDER BY p.position LIMIT 1)`,
};

/** A seller's listings in all their shops, newest change first. */
export function listSellerListings(db: Db, userId: number) {
  return db
    .select(summaryColumns)
    .from(listings)
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .where(eq(sellers.userId, userId))
    .orderBy(desc(listings.updatedAt), desc(listings.id))
    .limit(500)
    .all();
}

/** A village's listings with their seller's name, for the coordinator. */
export function listVillageListings(db: Db, villageId: number) {
  return db
    .select({ ...summaryColumns, sellerName: sellers.name })
    .from(listings)
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .where(eq(listings.villageId, villageId))
    .orderBy(desc(listings.updatedAt), desc(listings.id))
    .limit(500)
    .all();
}

/** Everything the edit screen shows: the listing, its photos in order, and its recent changes. */
export function getListingForEdit(db: Db, listingId: number) {
  const listing = db.select().from(listings).where(eq(listings.id, listingId)).get();
  if (!listing) return undefined;
  const photos = db
    .select({ id: listingPhotos.id, hash: listingPhotos.hash, width: listingPhotos.width, height: listingPhotos.height, position: listingPhotos.position })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
    .orderBy(asc(listingPhotos.position), asc(listingPhotos.id))
    .all();
  const changes = db
    .select({ id: listingChanges.id, actorUserId: listingChanges.actorUserId, onBehalf: listingChanges.onBehalf, consentNote: listingChanges.consentNote, change: listingChanges.change, at: listingChanges.at })
    .from(listingChanges)
    .where(eq(listingChanges.listingId, listingId))
    .orderBy(desc(listingChanges.id))
    .limit(20)
    .all();
  return { listing, photos, changes };
}

// ---------------------------------------------------------------- writes

function insertPhotos(tx: Tx, listingId: number, photos: PhotoRef[], from: number, now: Date): void {
  photos.forEach((photo, index) => {
    tx.insert(listingPhotos).values({ listingId, hash: photo.hash, width: photo.width, height: photo.height, position: from + index, createdAt: now }).run();
  });
  unstagePhotos(tx, photos.map((p) => p.hash));
}

const EXPIRED = { ok: false, reason: "listing.photo_expired" } as const;

function categoryExists(tx: Tx, categoryId: number): boolean {
  return tx.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId)).get() !== undefined;
}

/**
 * A new listing in a seller's shop, as a draft or published at once. Zero
 * stock (not made to order) publishes it as sold out.
 */
export function createListing(
  db: Db,
  input: { sellerId: number; listing: ListingInput; photos: PhotoRef[]; publish: boolean; by: ChangedBy },
  now: Date,
): Result<{ listingId: number }> {
  if (!consentOf(input.by).ok) return { ok: false, reason: "listing.consent_required" };
  if (input.photos.length > MAX_LISTING_PHOTOS) return { ok: false, reason: "listing.too_many_photos" };
  return writeTransaction(db, (tx) => {
    const seller = tx.select({ id: sellers.id, villageId: sellers.villageId }).from(sellers).where(eq(sellers.id, input.sellerId)).get();
    if (!seller) return { ok: false, reason: "listing.seller_not_found" } as const;
    if (!categoryExists(tx, input.listing.categoryId)) return { ok: false, reason: "listing.category_not_found" } as const;
    if (!photosAvailable(tx, input.photos.map((p) => p.hash))) return EXPIRED;
    const texts = textColumns(input.listing);
    const status = statusAfterStockChange(input.publish ? "active" : "draft", input.listing.stock, input.listing.madeToOrder);
    const values = {
      sellerId: seller.id,
      villageId: seller.villageId,
      categoryId: input.listing.categoryId,
      language: input.listing.language,
      ...texts,
      searchText: searchTextOf(texts),
      priceTiyn: input.listing.priceTiyn,
      unit: input.listing.unit,
      stock: input.listing.stock,
      weightClass: input.listing.weightClass,
      madeToOrder: input.listing.madeToOrder,
      leadDays: input.listing.madeToOrder ? (input.listing.leadDays ?? null) : null,
      status,
      createdAt: now,
      updatedAt: now,
      publishedAt: input.publish ? now : null,
    };
    const row = tx.insert(listings).values(values).returning({ id: listings.id }).get();
    insertPhotos(tx, row.id, input.photos, 0, now);
    const { createdAt: _c, updatedAt: _u, searchText: _s, ...recorded } = values;
    recordChange(tx, row.id, input.by, { created: recorded, photos: input.photos.map((p) => p.hash) }, now);
    return { ok: true, listingId: row.id } as const;
  });
}

type ListingRow = typeof listings.$inferSelect;

function loadForChange(tx: Tx, listingId: number): ListingRow | undefined {
  return tx.select().from(listings).where(eq(listings.id, listingId)).get();
}

/** Saves the whole form of an existing listing; new photos, if any, go after the others. */
export function updateListing(
  db: Db,
  input: { listingId: number; listing: ListingInput; photos?: PhotoRef[]; by: ChangedBy },
  now: Date,
): Result {
  if (!consentOf(input.by).ok) return { ok: false, reason: "listing.consent_required" };
  return writeTransaction(db, (tx) => {
    const current = loadForChange(tx, input.listingId);
    if (!current) return { ok: false, reason: "listing.not_found" } as const;
    if (current.status === "removed") return { ok: false, reason: "listing.removed" } as const;
    if (!categoryExists(tx, input.listing.categoryId)) return { ok: false, reason: "listing.category_not_found" } as const;
    const added = input.photos ?? [];
    const count = photoCount(tx, current.id);
    if (count + added.length > MAX_LISTING_PHOTOS) return { ok: false, reason: "listing.too_many_photos" } as const;
    if (!photosAvailable(tx, added.map((p) => p.hash))) return EXPIRED;
    const texts = textColumns(input.listing);
    const next = {
      categoryId: input.listing.categoryId,
      language: input.listing.language,
      ...texts,
      priceTiyn: input.listing.priceTiyn,
      unit: input.listing.unit,
      stock: input.listing.stock,
      weightClass: input.listing.weightClass,
      madeToOrder: input.listing.madeToOrder,
      leadDays: input.listing.madeToOrder ? (input.listing.leadDays ?? null) : null,
      status: statusAfterStockChange(current.status, input.listing.stock, input.listing.madeToOrder),
    };
    const change: Record<string, unknown> = diff(current, next);
    tx.update(listings).set({ ...next, searchText: searchTextOf(texts), updatedAt: now }).where(eq(listings.id, current.id)).run();
    if (added.length > 0) {
      insertPhotos(tx, current.id, added, nextPosition(tx, current.id), now);
      change.photosAdded = added.map((p) => p.hash);
    }
    recordChange(tx, current.id, input.by, change, now);
    return { ok: true } as const;
  });
}

/** Publish, pause, resume (the seller's buttons); sold out follows the stock, never a button. */
export function changeListingStatus(db: Db, input: { listingId: number; to: ListingStatus; by: ChangedBy }, now: Date): Result<{ status: ListingStatus }> {
  if (!consentOf(input.by).ok) return { ok: false, reason: "listing.consent_required" };
  return writeTransaction(db, (tx) => {
    const current = loadForChange(tx, input.listingId);
    if (!current) return { ok: false, reason: "listing.not_found" } as const;
    const allowed = canChangeListingStatus(current.status, input.to, "seller");
    if (!allowed.ok) return { ok: false, reason: allowed.reason } as const;
    // Publishing or resuming with nothing in stock shows the listing as sold out.
    const status = statusAfterStockChange(input.to, current.stock, current.madeToOrder);
    const publishedAt = current.publishedAt ?? (status === "active" || status === "sold_out" ? now : null);
    tx.update(listings).set({ status, publishedAt, updatedAt: now }).where(eq(listings.id, current.id)).run();
    recordChange(tx, current.id, input.by, { status: [current.status, status] }, now);
    return { ok: true, status } as const;
  });
}

/** The list's in-place edit: price and stock; zero stock sells out, restocking reopens. */
export function quickEditListing(
  db: Db,
  input: { listingId: number; priceTiyn: number; stock: number; by: ChangedBy },
  now: Date,
): Result<{ status: ListingStatus }> {
  if (!consentOf(input.by).ok) return { ok: false, reason: "listing.consent_required" };
  const validPrice = Number.isSafeInteger(input.priceTiyn) && input.priceTiyn > 0 && input.priceTiyn <= MAX_PRICE_TIYN;
  const validStock = Number.isSafeInteger(input.stock) && input.stock >= 0 && input.stock <= MAX_STOCK;
  if (!validPrice || !validStock) return { ok: false, reason: "listing.invalid_quick_edit" };
  return writeTransaction(db, (tx) => {
    const current = loadForChange(tx, input.listingId);
    if (!current) return { ok: false, reason: "listing.not_found" } as const;
    if (current.status === "removed") return { ok: false, reason: "listing.removed" } as const;
    const next = { priceTiyn: input.priceTiyn, stock: input.stock, status: statusAfterStockChange(current.status, input.stock, current.madeToOrder) };
    const change = diff(current, next);
    if (Object.keys(change).length === 0) return { ok: true, status: current.status } as const;
    tx.update(listings).set({ ...next, updatedAt: now }).where(eq(listings.id, current.id)).run();
    recordChange(tx, current.id, input.by, change, now);
    return { ok: true, status: next.status } as const;
  });
}

function photoCount(tx: Tx, listingId: number): number {
  return tx.select({ n: sql<number>`count(*)` }).from(listingPhotos).where(eq(listingPhotos.listingId, listingId)).get()?.n ?? 0;
}

function nextPosition(tx: Tx, listingId: number): number {
  return (tx.select({ max: sql<number | null>`max(position)` }).from(listingPhotos).where(eq(listingPhotos.listingId, listingId)).get()?.max ?? -1) + 1;
}

/** Photos added to a listing (files already stored), after the ones it has. */
export function addListingPhotos(db: Db, input: { listingId: number; photos: PhotoRef[]; by: ChangedBy }, now: Date): Result {
  if (!consentOf(input.by).ok) return { ok: false, reason: "listing.consent_required" };
  return writeTransaction(db, (tx) => {
    const current = loadForChange(tx, input.listingId);
    if (!current) return { ok: false, reason: "listing.not_found" } as const;
    if (current.status === "removed") return { ok: false, reason: "listing.removed" } as const;
    if (photoCount(tx, current.id) + input.photos.length > MAX_LISTING_PHOTOS) return { ok: false, reason: "listing.too_many_photos" } as const;
    if (!photosAvailable(tx, input.photos.map((p) => p.hash))) return EXPIRED;
    insertPhotos(tx, current.id, input.photos, nextPosition(tx, current.id), now);
    tx.update(listings).set({ updatedAt: now }).where(eq(listings.id, current.id)).run();
    recordChange(tx, current.id, input.by, { photosAdded: input.photos.map((p) => p.hash) }, now);
    return { ok: true } as const;
  });
}

/** Takes a photo off a listing. Its files stay: staged again if no other listing shows it, for the job to clear. */
export function removeListingPhoto(db: Db, input: { listingId: number; photoId: number; by: ChangedBy }, now: Date): Result {
  if (!consentOf(input.by).ok) return { ok: false, reason: "listing.consent_required" };
  return writeTransaction(db, (tx) => {
    const photo = tx
      .select({ id: listingPhotos.id, hash: listingPhotos.hash })
      .from(listingPhotos)
      .where(and(eq(listingPhotos.id, input.photoId), eq(listingPhotos.listingId, input.listingId)))
      .get();
    if (!photo) return { ok: false, reason: "listing.photo_not_found" } as const;
    tx.delete(listingPhotos).where(eq(listingPhotos.id, photo.id)).run();
    restageIfUnused(tx, photo.hash, input.by.userId, now);
    renumber(tx, input.listingId);
    tx.update(listings).set({ updatedAt: now }).where(eq(listings.id, input.listingId)).run();
    recordChange(tx, input.listingId, input.by, { photoRemoved: photo.hash }, now);
    return { ok: true } as const;
  });
}

/** Moves a photo one place earlier or later; the first photo is the one the catalog shows. */
export function moveListingPhoto(db: Db, input: { listingId: number; photoId: number; direction: "earlier" | "later"; by: ChangedBy }, now: Date): Result {
  if (!consentOf(input.by).ok) return { ok: false, reason: "listing.consent_required" };
  return writeTransaction(db, (tx) => {
    const ordered = orderedPhotos(tx, input.listingId);
    const index = ordered.findIndex((p) => p.id === input.photoId);
    if (index < 0) return { ok: false, reason: "listing.photo_not_found" } as const;
    const target = input.direction === "earlier" ? index - 1 : index + 1;
    if (target < 0 || target >= ordered.length) return { ok: true } as const;
    const [moved] = ordered.splice(index, 1);
    ordered.splice(target, 0, moved!);
    ordered.forEach((photo, position) => tx.update(listingPhotos).set({ position }).where(eq(listingPhotos.id, photo.id)).run());
    tx.update(listings).set({ updatedAt: now }).where(eq(listings.id, input.listingId)).run();
    recordChange(tx, input.listingId, input.by, { photoOrder: ordered.map((p) => p.hash) }, now);
    return { ok: true } as const;
  });
}

function orderedPhotos(tx: Tx, listingId: number) {
  return tx
    .select({ id: listingPhotos.id, hash: listingPhotos.hash })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
    .orderBy(asc(listingPhotos.position), asc(listingPhotos.id))
    .all();
}

function renumber(tx: Tx, listingId: number): void {
  orderedPhotos(tx, listingId).forEach((photo, position) => tx.update(listingPhotos).set({ position }).where(eq(listingPhotos.id, photo.id)).run());
}

/** Listings by id, for checks in tests and the list screens. */
export function getListings(db: Db, ids: number[]) {
  return ids.length === 0 ? [] : db.select().from(listings).where(inArray(listings.id, ids)).all();
}
