/**
 * For the orders spec: `tsx tests/e2e/support/order-world.ts <kk|ru|en> <n>`
 * makes, in the e2e server's database (DATABASE_PATH) and through the real
 * use cases, everyone the first safe sale needs: two approved sellers (in
 * Besagash and in Karabulak) with a listing each, the two villages'
 * coordinators, an operator of Besagash's cooperative warehouse, and a buyer.
 * Prints their session tokens and the ids as JSON. `n` keeps phones and
 * goods apart between tests and retries.
 */
import { and, eq } from "drizzle-orm";
import { categories, pickupPoints } from "../../../db/schema";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createListing } from "../../../app/domain/catalog/listings.server";
import { listingInput } from "../../../app/domain/catalog/listing-rules";
import { applyToSell, decideApplication } from "../../../app/domain/identity/sellers.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { appointOperator } from "../../../app/domain/logistics/pickup-points.server";
import { villageRegionCode } from "../../../app/domain/orders/places.server";
import type { Language } from "../../../app/i18n/config";
import { worldArgs } from "./world-phones";
import { getVillage } from "../../../app/domain/geo/geo.server";
import { DEMO_CITY_POINTS } from "../../../db/seed/pickup-points";

const { language, phone, N, L } = worldArgs("order-world.ts <kk|ru|en> <0-99>");

const { sqlite, db } = getConnection();
const now = new Date();

function person(role: number, lang: Language) {
  const user = findOrCreateUser(db, phone(role), now);
  setPreferredLanguage(db, user.id, lang);
  return user;
}

function token(userId: number) {
  return writeTransaction(db, (tx) => createSession(tx, userId, now));
}

function village(slug: string) {
  const found = getVillage(db, slug);
  if (!found) throw new Error(`no village ${slug}`);
  return found;
}

const besagash = village("besagash");
const karabulak = village("karabulak");
const coordinatorA = person(1, language);
const coordinatorB = person(2, language);
grantRole(db, { actorUserId: null, userId: coordinatorA.id, role: "coordinator", villageId: besagash.id, ip: "e2e" }, now);
grantRole(db, { actorUserId: null, userId: coordinatorB.id, role: "coordinator", villageId: karabulak.id, ip: "e2e" }, now);

function seller(role: number, slug: string, name: string, coordinatorId: number, villageId: number) {
  const user = person(role, language as Language);
  const applied = applyToSell(db, { userId: user.id, villageSlug: slug, name, craft: "шебер", taxId: null, ip: "e2e" }, now);
  if (!applied.ok) throw new Error(applied.reason);
  const decided = decideApplication(db, { actorUserId: coordinatorId, villageId, applicationId: applied.applicationId, approve: true, reason: "", ip: "e2e" }, now);
  if (!decided.ok) throw new Error(decided.reason);
  return user;
}

const sellerA = seller(3, "besagash", `Асқар Ағашшы ${N}`, coordinatorA.id, besagash.id);
const sellerB = seller(4, "karabulak", `Гүлнар Кілемші ${N}`, coordinatorB.id, karabulak.id);

function sellerIdOf(userId: number): number {
  const row = sqlite.prepare("SELECT id FROM sellers WHERE user_id = ?").get(userId) as { id: number } | undefined;
  if (!row) throw new Error("seller missing");
  return row.id;
}

function categoryId(slug: string): number {
  const row = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).get();
  if (!row) throw new Error(`no category ${slug}`);
  return row.id;
}

function listing(sellerUserId: number, title: string, price: string, category: string, madeToOrder: { leadDays: string } | null = null) {
  const parsed = listingInput.parse({
    ...(madeToOrder ? { madeToOrder: "on", leadDays: madeToOrder.leadDays } : {}),
    language: "kk",
    title,
    description: "Қолдан жасалған.",
    translations: {},
    categoryId: String(categoryId(category)),
    price,
    unit: "piece",
    stock: "5",
    weightClass: "15to50kg",
  });
  const created = createListing(db, { sellerId: sellerIdOf(sellerUserId), listing: parsed, photos: [], publish: true, by: { userId: sellerUserId } }, now);
  if (!created.ok) throw new Error(created.reason);
  return created.listingId;
}

// Not "орындық": the storefront spec searches that word and must find its own chair on the first page.
const listingA = listing(sellerA.id, `Ағаш үстел ${N}${L}`, "25000", "tables-chairs");
const listingB = listing(sellerB.id, `Киіз сырмақ ${N}${L}`, "18000", "felt");
// Like the demo's wardrobe in Besagash (issue 14): made to order in 21 days, 160 000 ₸.
const wardrobe = listing(sellerA.id, `Үш есікті киім шкафы ${N}${L}`, "160000", "beds-wardrobes", { leadDays: "21" });

const point = db
  .select({ id: pickupPoints.id, name: pickupPoints.name })
  .from(pickupPoints)
  .where(and(eq(pickupPoints.villageId, besagash.id), eq(pickupPoints.kind, "coop_warehouse")))
  .get();
if (!point) throw new Error("Besagash has no cooperative warehouse (demo pickup points)");
const operator = person(5, language);
const appointed = appointOperator(db, { actorUserId: coordinatorA.id, villageId: besagash.id, pickupPointId: point.id, phone: phone(5), ip: "e2e" }, now);
if (!appointed.ok) throw new Error(appointed.reason);
const buyer = person(6, language);
// The demo's partner shop in Almaty (a city point Besagash answers for, issue 17 §1) and its own operator.
const cityPoint = db.select({ id: pickupPoints.id, name: pickupPoints.name }).from(pickupPoints).where(eq(pickupPoints.name, DEMO_CITY_POINTS[0]!.name)).get();
if (!cityPoint) throw new Error("no demo city point in Almaty");
const cityOperator = person(7, language);
const cityAppointed = appointOperator(db, { actorUserId: coordinatorA.id, villageId: besagash.id, pickupPointId: cityPoint.id, phone: phone(7), ip: "e2e" }, now);
if (!cityAppointed.ok) throw new Error(cityAppointed.reason);

console.log(
  JSON.stringify({
    tokens: {
      coordinatorA: token(coordinatorA.id),
      coordinatorB: token(coordinatorB.id),
      sellerA: token(sellerA.id),
      sellerB: token(sellerB.id),
      operator: token(operator.id),
      buyer: token(buyer.id),
      cityOperator: token(cityOperator.id),
    },
    listingA,
    listingB,
    wardrobe,
    point: { ...point, regionCode: villageRegionCode(db, besagash.id) },
    cityPoint: { ...cityPoint, regionCode: "kz-75" },
  }),
);
sqlite.close();
