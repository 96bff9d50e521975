/**
 * The cart: lines of listings a browser means to buy, kept in the database
 * under a cart key (see db/schema/orders.ts) so it works before sign-in and
 * moves onto the account at sign-in. Prices are read live; checkout copies them.
 */
import crypto from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { cartItems, listingPhotos, listings, sellers, villages } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { Language } from "../../i18n/config";
import { listingText } from "../catalog/listing-text";
import { MAX_CART_LINES, MAX_CART_QUANTITY } from "./cart-limits";
import { namesAs } from "../../i18n/localized";

export type CartRefusal = "orders.listing_unavailable" | "orders.quantity_invalid" | "orders.not_enough_stock" | "orders.cart_full";

export function userCartKey(userId: number): string {
  return `u:${userId}`;
}

/** The key of an anonymous browser's cart: a hash, so the cookie cannot be read back from the database. */
export function cookieCartKey(token: string): string {
  return `c:${crypto.createHash("sha256").update(token).digest("base64url")}`;
}

export function newCartToken(): string {
  return crypto.randomBytes(24).toString("base64url");
}

function available(
  listing: { status: string; stock: number; madeToOrder: boolean },
  quantity: number,
): CartRefusal | null {
  if (listing.status !== "active") return "orders.listing_unavailable";
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_CART_QUANTITY) return "orders.quantity_invalid";
  if (!listing.madeToOrder && quantity > listing.stock) return "orders.not_enough_stock";
  return null;
}

/** Adds `quantity` to the line (or sets it when `replace`), checked against the listing's stock. */
export function putInCart(
  db: Db,
  input: { cartKey: string; listingId: number; quantity: number; replace?: boolean },
  now: Date,
): { ok: true } | { ok: false; reason: CartRefusal } {
  return writeTransaction(db, (tx) => {
    const listing = tx
      .select({ status: listings.status, stock: listings.stock, madeToOrder: listings.madeToOrder })
      .from(listings)
      .where(eq(listings.id, input.listingId))
      .get();
    if (!listing) return { ok: false, reason: "orders.listing_unavailable" } as const;
    const line = tx
      .select({ quantity: cartItems.quantity })
      .from(cartItems)
      .where(and(eq(cartItems.cartKey, input.cartKey), eq(cartItems.listingId, input.listingId)))
      .get();
    const quantity = input.replace ? input.quantity : (line?.quantity ?? 0) + input.quantity;
    const refusal = available(listing, quantity);
    if (refusal) return { ok: false, reason: refusal } as const;
    if (!line && countLines(tx, input.cartKey) >= MAX_CART_LINES) return { ok: false, reason: "orders.cart_full" } as const;
    tx.insert(cartItems)
      .values({ cartKey: input.cartKey, listingId: input.listingId, quantity, addedAt: now })
      .onConflictDoUpdate({ target: [cartItems.cartKey, cartItems.listingId], set: { quantity } })
      .run();
    return { ok: true } as const;
  });
}

function countLines(tx: Tx | Db, cartKey: string): number {
  return tx.select({ n: sql<number>`count(*)` }).from(cartItems).where(eq(cartItems.cartKey, cartKey)).get()?.n ?? 0;
}

export function removeFromCart(db: Db, cartKey: string, listingId: number): void {
  db.delete(cartItems).where(and(eq(cartItems.cartKey, cartKey), eq(cartItems.listingId, listingId))).run();
}

export function cartCount(db: Db, cartKey: string): number {
  return db.select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)` }).from(cartItems).where(eq(cartItems.cartKey, cartKey)).get()?.n ?? 0;
}

/**
 * Moves an anonymous cart onto the signed-in person's cart. A listing in both
 * keeps the larger quantity, so signing in never doubles an order by surprise.
 */
export function mergeCarts(tx: Tx, fromKey: string, toKey: string): void {
  const lines = tx.select().from(cartItems).where(eq(cartItems.cartKey, fromKey)).all();
  const already = new Set(tx.select({ listingId: cartItems.listingId }).from(cartItems).where(eq(cartItems.cartKey, toKey)).all().map((l) => l.listingId));
  for (const line of lines) {
    // The account's cart keeps its limit: lines beyond it are left out, not forced in.
    if (!already.has(line.listingId) && already.size >= MAX_CART_LINES) continue;
    already.add(line.listingId);
    tx.insert(cartItems)
      .values({ ...line, cartKey: toKey })
      .onConflictDoUpdate({
        target: [cartItems.cartKey, cartItems.listingId],
        set: { quantity: sql`max(${cartItems.quantity}, excluded.quantity)` },
      })
      .run();
  }
  tx.delete(cartItems).where(eq(cartItems.cartKey, fromKey)).run();
}

export interface CartLine {
  listingId: number;
  title: string;
  titleLanguage: Language;
  quantity: number;
  priceTiyn: number;
  lineTiyn: number;
  unit: string;
  photoHash: string | null;
  /** Why this line cannot be bought now, if it cannot. */
  problem: CartRefusal | null;
  /** Made to order: the days the seller needs to make it. */
  leadDays: number | null;
  /** The listing's weight class: the heaviest line's is the parcel's (delivery price, point limits). */
  weightClass: (typeof listings.$inferSelect)["weightClass"];
}

export interface CartGroup {
  sellerId: number;
  sellerName: string;
  /** The seller lets buyers pay cash at the pickup point. */
  acceptsCash: boolean;
  villageId: number;
  villageSlug: string;
  villageName: string;
  lines: CartLine[];
  totalTiyn: number;
}

/** The cart by seller: checkout makes one order per group. */
export function readCart(db: Db | Tx, cartKey: string, language: Language): CartGroup[] {
  const rows = db
    .select({
      listingId: listings.id,
      quantity: cartItems.quantity,
      language: listings.language,
      titleKk: listings.titleKk,
      titleRu: listings.titleRu,
      titleEn: listings.titleEn,
      priceTiyn: listings.priceTiyn,
      unit: listings.unit,
      status: listings.status,
      stock: listings.stock,
      madeToOrder: listings.madeToOrder,
      leadDays: listings.leadDays,
      weightClass: listings.weightClass,
      sellerId: sellers.id,
      sellerName: sellers.name,
      sellerAcceptsCash: sellers.acceptsCash,
      villageId: villages.id,
      villageSlug: villages.slug,
      ...namesAs("village", villages),
    })
    .from(cartItems)
    .innerJoin(listings, eq(listings.id, cartItems.listingId))
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .innerJoin(villages, eq(villages.id, listings.villageId))
    .where(eq(cartItems.cartKey, cartKey))
    .orderBy(asc(sellers.id), asc(cartItems.addedAt))
    .all();
  const photos = firstPhotos(
    db,
    rows.map((r) => r.listingId),
  );
  const groups = new Map<number, CartGroup>();
  for (const row of rows) {
    const title = listingText(row, "title", language);
    let group = groups.get(row.sellerId);
    if (!group) {
      const villageName = language === "ru" ? row.villageRu : language === "en" ? row.villageEn : row.villageKk;
      group = {
        sellerId: row.sellerId,
        sellerName: row.sellerName ?? "",
        acceptsCash: row.sellerAcceptsCash,
        villageId: row.villageId,
        villageSlug: row.villageSlug,
        villageName,
        lines: [],
        totalTiyn: 0,
      };
      groups.set(row.sellerId, group);
    }
    const lineTiyn = row.priceTiyn * row.quantity;
    group.lines.push({
      listingId: row.listingId,
      title: title.text,
      titleLanguage: title.language,
      quantity: row.quantity,
      priceTiyn: row.priceTiyn,
      lineTiyn,
      unit: row.unit,
      photoHash: photos.get(row.listingId) ?? null,
      problem: available(row, row.quantity),
      leadDays: row.madeToOrder ? row.leadDays : null,
      weightClass: row.weightClass,
    });
    group.totalTiyn += lineTiyn;
  }
  return [...groups.values()];
}

function firstPhotos(db: Db | Tx, listingIds: number[]): Map<number, string> {
  if (listingIds.length === 0) return new Map();
  const rows = db
    .select({ listingId: listingPhotos.listingId, hash: listingPhotos.hash, position: listingPhotos.position })
    .from(listingPhotos)
    .where(inArray(listingPhotos.listingId, listingIds))
    .orderBy(asc(listingPhotos.position))
    .all();
  const first = new Map<number, string>();
  for (const row of rows) if (!first.has(row.listingId)) first.set(row.listingId, row.hash);
  return first;
}

export function clearCart(tx: Tx, cartKey: string): void {
  tx.delete(cartItems).where(eq(cartItems.cartKey, cartKey)).run();
}
