import { eq } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { foldForSearch } from "../../app/domain/catalog/search-text";
import { applyToSell, decideApplication } from "../../app/domain/identity/sellers.server";
import { findOrCreateUser, updateProfile } from "../../app/domain/identity/users.server";
import type { Language } from "../../app/i18n/config";
import { categories, listings, sellers } from "../../db/schema";
import { villageId } from "./identity";

/**
 * An approved seller of a village, made through the real onboarding use
 * cases (apply, the coordinator approves). Returns the seller's id and user.
 */
export function approvedSellerOf(db: Db, input: { phone: string; village: string; name: string; language: Language; coordinatorUserId: number }) {
  const coordinatorId = input.coordinatorUserId;
  const userId = findOrCreateUser(db, input.phone, new Date()).id;
  updateProfile(db, { userId, displayName: input.name, preferredLanguage: input.language, ip: "10.0.0.1" }, new Date());
  const applied = applyToSell(db, { userId, villageSlug: input.village, name: input.name, craft: "demo", taxId: null, ip: "10.0.0.1" }, new Date());
  if (!applied.ok) throw new Error(applied.reason);
  const decided = decideApplication(
    db,
    { actorUserId: coordinatorId, villageId: villageId(db, input.village), applicationId: applied.applicationId, approve: true, reason: "", ip: "10.0.0.1" },
    new Date(),
  );
  if (!decided.ok) throw new Error(decided.reason);
  const seller = db.select().from(sellers).where(eq(sellers.userId, userId)).get();
  if (!seller) throw new Error("no seller");
  return { sellerId: seller.id, userId, villageId: seller.villageId };
}

export interface ListingSeed {
  sellerId: number;
  villageId: number;
  category: string;
  language: Language;
  title: Partial<Record<Language, string>>;
  description?: Partial<Record<Language, string>>;
  priceTenge: number;
  unit?: "piece" | "kg" | "litre" | "m2" | "set";
  stock: number;
  madeToOrder?: number;
  status?: "draft" | "active" | "paused" | "sold_out" | "removed";
  publishedDaysAgo?: number;
}

/** Writes a listing as the seller's screens would (folded search text included). */
export function insertListing(db: Db, seed: ListingSeed): number {
  const category = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, seed.category)).get();
  if (!category) throw new Error(`no category ${seed.category}`);
  const texts = {
    titleKk: seed.title.kk ?? null,
    titleRu: seed.title.ru ?? null,
    titleEn: seed.title.en ?? null,
    descriptionKk: seed.description?.kk ?? null,
    descriptionRu: seed.description?.ru ?? null,
    descriptionEn: seed.description?.en ?? null,
  };
  const now = Date.now();
  const status = seed.status ?? "active";
  return db
    .insert(listings)
    .values({
      sellerId: seed.sellerId,
      villageId: seed.villageId,
      categoryId: category.id,
      language: seed.language,
      ...texts,
      searchText: foldForSearch(Object.values(texts).filter(Boolean).join(" ")),
      priceTiyn: seed.priceTenge * 100,
      unit: seed.unit ?? "piece",
      stock: seed.stock,
      weightClass: "15to50kg",
      madeToOrder: seed.madeToOrder !== undefined,
      leadDays: seed.madeToOrder ?? null,
      status,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      publishedAt: status === "draft" ? null : new Date(now - (seed.publishedDaysAgo ?? 0) * 86_400_000),
    })
    .returning({ id: listings.id })
    .get().id;
}
