import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseCatalogQuery } from "../../app/domain/catalog/catalog-query";
import { listingText } from "../../app/domain/catalog/listing-text";
import { searchCatalog, type ListingCard } from "../../app/domain/catalog/search.server";
import { whenDelivered } from "../../app/domain/notify/outbox.server";
import type { Language } from "../../app/i18n/config";
import { languageCookie } from "../../app/web/language.server";
import * as catalog from "../../app/routes/catalog";
import * as reports from "../../app/routes/coordinator_.$village_.reports";
import * as listingRoute from "../../app/routes/listings.$id";
import * as sellerRoute from "../../app/routes/sellers.$id";
import * as villageRoute from "../../app/routes/villages.$village";
import { listingReports, listings } from "../../db/schema";
import { seedCategories } from "../../db/seed/seed";
import { get, post, testApp } from "../support/app";
import { grant, signIn } from "../support/identity";
import { approvedSellerOf, insertListing } from "../support/storefront";

const BESAGASH_COORDINATOR = "+77770000001";
const KARABULAK_COORDINATOR = "+77770000002";

/**
 * Two villages' goods in real words: a Kazakh chair from Besagash, Russian
 * tables from Karabulak, honey, and listings a buyer must not see.
 */
function market() {
  const app = testApp();
  const { db } = app;
  seedCategories(db);
  const besagashCoordinator = grant(db, BESAGASH_COORDINATOR, "coordinator", "besagash");
  const karabulakCoordinator = grant(db, KARABULAK_COORDINATOR, "coordinator", "karabulak");
  const asqar = approvedSellerOf(db, { phone: "+77011110001", village: "besagash", name: "Асқар Ахметов", language: "kk", coordinatorUserId: besagashCoordinator });
  const olga = approvedSellerOf(db, { phone: "+77011110002", village: "karabulak", name: "Ольга Ким", language: "ru", coordinatorUserId: karabulakCoordinator });
  const chair = insertListing(db, {
    ...asqar,
    category: "tables-chairs",
    language: "kk",
    title: { kk: "Ағаш орындық" },
    description: { kk: "Қайыңнан қолмен жасалған, лакпен жабылған." },
    priceTenge: 25_000,
    stock: 3,
    publishedDaysAgo: 2,
  });
  const tables = insertListing(db, {
    ...olga,
    category: "tables-chairs",
    language: "ru",
    title: { ru: "Столы обеденные", en: "Dining tables" },
    priceTenge: 60_000,
    stock: 0,
    madeToOrder: 14,
    publishedDaysAgo: 1,
  });
  const coffeeTable = insertListing(db, { ...olga, category: "tables-chairs", language: "ru", title: { ru: "Столик журнальный" }, priceTenge: 18_000, stock: 2, publishedDaysAgo: 3 });
  const honey = insertListing(db, { ...asqar, category: "honey", language: "kk", title: { kk: "Таулы бал", ru: "Горный мёд" }, priceTenge: 4_500, unit: "kg", stock: 50, publishedDaysAgo: 0 });
  const paused = insertListing(db, { ...asqar, category: "tables-chairs", language: "kk", title: { kk: "Ескі орындық" }, priceTenge: 5_000, stock: 1, status: "paused" });
  const draft = insertListing(db, { ...asqar, category: "tables-chairs", language: "kk", title: { kk: "Жаңа орындық" }, priceTenge: 5_000, stock: 1, status: "draft" });
  return { ...app, asqar, olga, ids: { chair, tables, coffeeTable, honey, paused, draft } };
}

function search(db: Parameters<typeof searchCatalog>[0], params: string, pageSize?: number) {
  const parsed = parseCatalogQuery(new URLSearchParams(params));
  expect(parsed.ok, params).toBe(true);
  const result = searchCatalog(db, parsed.query, pageSize);
  if (!result.ok) throw new Error(`unknown ${result.unknown}`);
  return result;
}

const ids = (cards: ListingCard[]) => cards.map((c) => c.id);

/** The cookie the language switcher sets. */
async function lng(language: Language): Promise<string> {
  return ((await languageCookie.serialize(language)).split(";")[0] ?? "");
}

describe("search", () => {
  it("finds the Kazakh chair however орындық is typed, and by ағаш in Latin", () => {
    const { db, ids: l } = market();
    for (const q of ["орындық", "орындык", "ОРЫНДЫҚ", "oryndyq", "oryndyk", "agash", "ағаш орындық", "орын"]) {
      expect(ids(search(db, `q=${encodeURIComponent(q)}`).cards), q).toEqual([l.chair]);
    }
  });

  it("finds столы and столик by the prefix стол, and not the chair", () => {
    const { db, ids: l } = market();
    expect(ids(search(db, "q=стол").cards).sort()).toEqual([l.tables, l.coffeeTable].sort());
    expect(ids(search(db, "q=столик").cards)).toEqual([l.coffeeTable]);
    expect(ids(search(db, "q=мед").cards)).toEqual([l.honey]);
  });

  it("never shows paused or draft listings, and finds nothing for words that match nothing", () => {
    const { db, ids: l } = market();
    const all = ids(search(db, "").cards);
    expect(all).not.toContain(l.paused);
    expect(all).not.toContain(l.draft);
    expect(search(db, "q=кілем").cards).toEqual([]);
    expect(search(db, "q=%22%29%28").cards).toEqual([]);
  });
});

describe("filters, sorting and pages", () => {
  it("filters by village, district, region, category (with its subcategories), price in tenge and stock", () => {
    const { db, ids: l } = market();
    expect(ids(search(db, "village=besagash").cards).sort()).toEqual([l.chair, l.honey].sort());
    expect(ids(search(db, "region=kz-61").cards).sort()).toEqual([l.tables, l.coffeeTable].sort());
    expect(ids(search(db, "region=kz-19&district=talgar").cards).sort()).toEqual([l.chair, l.honey].sort());
    expect(ids(search(db, "category=tables-chairs").cards).sort()).toEqual([l.chair, l.tables, l.coffeeTable].sort());
    expect(ids(search(db, "category=furniture").cards).sort()).toEqual([l.chair, l.tables, l.coffeeTable].sort());
    expect(ids(search(db, "minPrice=10%20000&maxPrice=30000").cards).sort()).toEqual([l.chair, l.coffeeTable].sort());
    // Made to order is not "in stock now".
    expect(ids(search(db, "category=furniture&inStock=1").cards).sort()).toEqual([l.chair, l.coffeeTable].sort());
    expect(ids(search(db, "village=besagash&q=oryndyq").cards)).toEqual([l.chair]);
  });

  it("sorts by newest, by price both ways, and by relevance when searching", () => {
    const { db, ids: l } = market();
    expect(ids(search(db, "").cards)).toEqual([l.honey, l.tables, l.chair, l.coffeeTable]);
    expect(ids(search(db, "sort=price_asc").cards)).toEqual([l.honey, l.coffeeTable, l.chair, l.tables]);
    expect(ids(search(db, "sort=price_desc").cards)).toEqual([l.tables, l.chair, l.coffeeTable, l.honey]);
    expect(parseCatalogQuery(new URLSearchParams("q=стол")).query.sort).toBe("relevance");
    expect(ids(search(db, "q=стол&sort=price_asc").cards)).toEqual([l.coffeeTable, l.tables]);
  });

  it("pages with plain links: one more row tells whether a next page exists", () => {
    const { db, ids: l } = market();
    const first = search(db, "sort=price_asc", 3);
    expect(ids(first.cards)).toEqual([l.honey, l.coffeeTable, l.chair]);
    expect(first.hasNext).toBe(true);
    const second = search(db, "sort=price_asc&page=2", 3);
    expect(ids(second.cards)).toEqual([l.tables]);
    expect(second.hasNext).toBe(false);
  });

  it("answers bad filters with 400 and a translated key, never 500", async () => {
    market();
    for (const [path, field, key] of [
      ["/catalog?minPrice=abc", "minPrice", "storefront:errors.price"],
      ["/catalog?minPrice=5000&maxPrice=100", "maxPrice", "storefront:errors.price_range"],
      ["/catalog?page=51", "page", "storefront:errors.page"],
      ["/catalog?page=-1", "page", "storefront:errors.page"],
      ["/catalog?sort=cheapest", "sort", "storefront:errors.sort"],
      ["/catalog?village=nowhere", "village", "storefront:errors.village"],
      ["/catalog?village=%3Cscript%3E", "village", "storefront:errors.village"],
      ["/catalog?category=cars", "category", "storefront:errors.category"],
      ["/catalog?region=kz-99", "region", "storefront:errors.region"],
      [`/catalog?q=${"а".repeat(101)}`, "q", "storefront:errors.q_long"],
    ] as const) {
      const answer = await get(catalog.loader, path);
      expect(answer.status, path).toBe(400);
      expect((answer.data as { errors: Record<string, string> }).errors[field], path).toBe(key);
    }
    const ok = await get(catalog.loader, "/catalog?q=%D0%BE%D1%80%D1%8B%D0%BD%D0%B4%D1%8B%D2%9B&village=besagash");
    expect(ok.status).toBe(200);
    expect((ok.data as { cards: ListingCard[] }).cards.map((c) => c.titleKk)).toEqual(["Ағаш орындық"]);
  });
});

describe("listing, village and seller pages", () => {
  it("shows a listing in every language, the original marked where the reader's language is missing", async () => {
    const { ids: l } = market();
    for (const [language, fallback] of [["kk", false], ["ru", true], ["en", true]] as const) {
      const answer = await get(listingRoute.loader, `/listings/${l.chair}`, { params: { id: String(l.chair) }, cookie: await lng(language) });
      expect(answer.status).toBe(200);
      const page = answer.data as { language: string; listing: Parameters<typeof listingText>[0] & { status: string; seller: { name: string }; village: { slug: string } } };
      expect(page.language).toBe(language);
      expect(listingText(page.listing, "title", language)).toEqual({ text: "Ағаш орындық", language: "kk", isOriginalFallback: fallback });
      expect(page.listing).toMatchObject({ status: "active", seller: { name: "Асқар Ахметов" }, village: { slug: "besagash" } });
      expect(JSON.stringify(page)).not.toContain("sellerUserId");
    }
    const tables = (await get(listingRoute.loader, `/listings/${l.tables}`, { params: { id: String(l.tables) }, cookie: await lng("en") })).data as { listing: Parameters<typeof listingText>[0] };
    expect(listingText(tables.listing, "title", "en")).toEqual({ text: "Dining tables", language: "en", isOriginalFallback: false });
  });

  it("answers 404 for unknown, malformed and draft listings; a paused one is shown with its status", async () => {
    const { ids: l } = market();
    for (const id of ["999999", "abc", "0", "1e3", String(l.draft)]) {
      expect((await get(listingRoute.loader, `/listings/${id}`, { params: { id } })).status, id).toBe(404);
    }
    const paused = await get(listingRoute.loader, `/listings/${l.paused}`, { params: { id: String(l.paused) } });
    expect(paused).toMatchObject({ status: 200, data: { listing: { status: "paused" } } });
  });

  it("shows a village's story, producers and goods, and a seller's page", async () => {
    const { db, asqar, ids: l } = market();
    db.update(listings).set({ updatedAt: new Date() }).where(eq(listings.id, l.chair)).run();
    const village = await get(villageRoute.loader, "/villages/besagash", { params: { village: "besagash" }, cookie: await lng("ru") });
    const data = village.data as { storefront: { producers: { name: string }[]; producerCount: number; goods: ListingCard[] } };
    expect(data.storefront.producers.map((p) => p.name)).toEqual(["Асқар Ахметов"]);
    expect(data.storefront.goods.map((g) => g.id)).toEqual([l.honey, l.chair]);
    const seller = await get(sellerRoute.loader, `/sellers/${asqar.sellerId}`, { params: { id: String(asqar.sellerId) } });
    expect(seller).toMatchObject({ status: 200, data: { seller: { name: "Асқар Ахметов", village: { slug: "besagash" } } } });
    expect((seller.data as { goods: ListingCard[] }).goods.map((g) => g.id)).toEqual([l.honey, l.chair]);
    expect((await get(sellerRoute.loader, "/sellers/999", { params: { id: "999" } })).status).toBe(404);
    expect((await get(sellerRoute.loader, `/sellers/${asqar.sellerId}?page=x`, { params: { id: String(asqar.sellerId) } })).status).toBe(404);
  });
});

describe("reports and moderation", () => {
  it("a report from anyone reaches only the coordinator of the listing's village", async () => {
    const { db, sms, ids: l } = market();
    const besagash = await signIn(db, sms, BESAGASH_COORDINATOR);
    const karabulak = await signIn(db, sms, KARABULAK_COORDINATOR);
    const sent = await post(listingRoute.action, `/listings/${l.chair}`, { reason: "fake", note: "Суреті басқа сайттан алынған" }, { params: { id: String(l.chair) } });
    expect(sent.status).toBe(303);
    const bad = await post(listingRoute.action, `/listings/${l.chair}`, { reason: "spam" }, { params: { id: String(l.chair) } });
    expect(bad).toMatchObject({ status: 400, data: { error: "storefront:errors.report_reason" } });

    const own = await get(reports.loader, "/coordinator/besagash/reports", { cookie: besagash.cookie, params: { village: "besagash" } });
    expect(own.status).toBe(200);
    expect((own.data as { queue: { listingId: number; reasons: string[] }[] }).queue).toMatchObject([{ listingId: l.chair, reasons: ["fake"] }]);
    const other = await get(reports.loader, "/coordinator/karabulak/reports", { cookie: karabulak.cookie, params: { village: "karabulak" } });
    expect((other.data as { queue: unknown[] }).queue).toEqual([]);

    // Another village's coordinator cannot see or act on Besagash's queue.
    expect((await get(reports.loader, "/coordinator/besagash/reports", { cookie: karabulak.cookie, params: { village: "besagash" } })).status).toBe(403);
    const foreign = await post(reports.action, "/coordinator/besagash/reports", { intent: "remove", listingId: String(l.chair), reason: "fake" }, { cookie: karabulak.cookie, params: { village: "besagash" } });
    expect(foreign.status).toBe(403);
    // …nor through their own village's URL: the listing is not theirs.
    const sideways = await post(reports.action, "/coordinator/karabulak/reports", { intent: "remove", listingId: String(l.chair), reason: "fake" }, { cookie: karabulak.cookie, params: { village: "karabulak" } });
    expect(sideways.status).toBe(404);
    const anonymous = await get(reports.loader, "/coordinator/besagash/reports", { params: { village: "besagash" } });
    expect(anonymous.status).toBe(302);
    expect(db.select().from(listings).where(eq(listings.id, l.chair)).get()?.status).toBe("active");
  });

  it("removing a listing closes its reports, hides it, and tells the seller why by SMS in their language", async () => {
    const { db, sms, ids: l } = market();
    const besagash = await signIn(db, sms, BESAGASH_COORDINATOR);
    await post(listingRoute.action, `/listings/${l.chair}`, { reason: "wrong_price" }, { params: { id: String(l.chair) } });
    const removed = await post(
      reports.action,
      "/coordinator/besagash/reports",
      { intent: "remove", listingId: String(l.chair), reason: "wrong_price", note: "Бағаны түзетіп, қайта жариялаңыз." },
      { cookie: besagash.cookie, params: { village: "besagash" } },
    );
    expect(removed.status).toBe(303);
    await whenDelivered();
    expect(sms.sent.at(-1)).toMatchObject({
      to: "+77011110001",
      text: "Auyl Hub: «Ағаш орындық» хабарландыруыңызды Бесағаш ауылының үйлестірушісі алып тастады. Себебі: Бағасы немесе сипаттамасы дұрыс емес. Бағаны түзетіп, қайта жариялаңыз.",
    });
    expect(db.select().from(listings).where(eq(listings.id, l.chair)).get()).toMatchObject({ status: "removed", removedReason: "wrong_price: Бағаны түзетіп, қайта жариялаңыз." });
    expect(db.select({ status: listingReports.status }).from(listingReports).all()).toEqual([{ status: "actioned" }]);
    expect(ids(search(db, "q=орындық").cards)).toEqual([]);
    const page = await get(listingRoute.loader, `/listings/${l.chair}`, { params: { id: String(l.chair) } });
    // Gone for good: 410, so a search engine drops it at once (issue 19 §2); a person still reads why.
    expect(page).toMatchObject({ status: 410, data: { listing: { status: "removed" } } });
    const again = await post(reports.action, "/coordinator/besagash/reports", { intent: "remove", listingId: String(l.chair), reason: "fake" }, { cookie: besagash.cookie, params: { village: "besagash" } });
    expect(again).toMatchObject({ status: 400, data: { error: "storefront:errors.moderation.status_not_allowed" } });
  });

  it("dismissing leaves the listing on sale; a Russian-speaking seller's SMS is in Russian", async () => {
    const { db, sms, ids: l } = market();
    const karabulak = await signIn(db, sms, KARABULAK_COORDINATOR);
    await post(listingRoute.action, `/listings/${l.tables}`, { reason: "other" }, { params: { id: String(l.tables) } });
    const dismissed = await post(reports.action, "/coordinator/karabulak/reports", { intent: "dismiss", listingId: String(l.tables) }, { cookie: karabulak.cookie, params: { village: "karabulak" } });
    expect(dismissed.status).toBe(303);
    expect(db.select().from(listings).where(eq(listings.id, l.tables)).get()?.status).toBe("active");
    await post(listingRoute.action, `/listings/${l.coffeeTable}`, { reason: "offensive" }, { params: { id: String(l.coffeeTable) } });
    await post(reports.action, "/coordinator/karabulak/reports", { intent: "remove", listingId: String(l.coffeeTable), reason: "offensive" }, { cookie: karabulak.cookie, params: { village: "karabulak" } });
    await whenDelivered();
    expect(sms.sent.at(-1)).toMatchObject({
      to: "+77011110002",
      text: "Auyl Hub: координатор села Карабулак снял ваше объявление «Столик журнальный». Причина: Грубое или оскорбительное содержание.",
    });
  });

  it("limits reports from one address", async () => {
    const { ids: l } = market();
    for (let i = 0; i < 10; i++) {
      const answer = await post(listingRoute.action, `/listings/${l.honey}`, { reason: "other" }, { params: { id: String(l.honey) }, ip: "10.9.9.9" });
      expect(answer.status).toBe(303);
    }
    const limited = await post(listingRoute.action, `/listings/${l.honey}`, { reason: "other" }, { params: { id: String(l.honey) }, ip: "10.9.9.9" });
    expect(limited).toMatchObject({ status: 429, data: { error: "storefront:errors.report.rate_limited" } });
    const elsewhere = await post(listingRoute.action, `/listings/${l.honey}`, { reason: "other" }, { params: { id: String(l.honey) }, ip: "10.9.9.10" });
    expect(elsewhere.status).toBe(303);
    const missing = await post(listingRoute.action, "/listings/999999", { reason: "other" }, { params: { id: "999999" } });
    expect(missing.status).toBe(404);
  });
});
