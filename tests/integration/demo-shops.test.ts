import fs from "node:fs";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "../../app/db.server";
import { setConnection } from "../../app/db.server";
import { parseCatalogQuery } from "../../app/domain/catalog/catalog-query";
import { searchCatalog } from "../../app/domain/catalog/search.server";
import { setSmsSender } from "../../app/domain/notify/outbox.server";
import { startup } from "../../app/startup.server";
import {
  listingPhotos,
  listings,
  outboxMessages,
  roleGrants,
  sellerApplications,
  sellers,
  users,
} from "../../db/schema";
import { DEMO_COORDINATOR, DEMO_SELLER_PHONES, seedDemoShops } from "../../db/seed/demo-shops";
import { seedCategories } from "../../db/seed/seed";
import { recordingSender, testApp } from "../support/app";
import { usePhotoFolder } from "../support/catalog";
import { freshDatabase } from "../support/db";

const photoFolder = usePhotoFolder();
// Encoding the photos takes seconds on a busy machine (once per file: they are remembered).
const SLOW = 60_000;

function counts(db: Db) {
  const n = (table: typeof users | typeof sellers | typeof listings | typeof listingPhotos | typeof roleGrants | typeof sellerApplications | typeof outboxMessages) =>
    db.select({ n: sql<number>`count(*)` }).from(table).get()?.n ?? 0;
  return {
    users: n(users),
    sellers: n(sellers),
    applications: n(sellerApplications),
    grants: n(roleGrants),
    listings: n(listings),
    photos: n(listingPhotos),
    messages: n(outboxMessages),
  };
}

function demoListings(db: Db) {
  return db
    .select({ listing: listings })
    .from(listings)
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .innerJoin(users, eq(users.id, sellers.userId))
    .where(inArray(users.phone, DEMO_SELLER_PHONES))
    .all()
    .map((row) => row.listing);
}

function found(db: Db, q: string): number[] {
  const parsed = parseCatalogQuery(new URLSearchParams({ q }));
  if (!parsed.ok) throw new Error(`bad query ${q}`);
  const result = searchCatalog(db, parsed.query, 100);
  if (!result.ok) throw new Error(`unknown ${result.unknown}`);
  return result.cards.map((card) => card.id);
}

describe("the demo shops", () => {
  it("are seeded once: a second run writes nothing and leaves the same counts", async () => {
    const { db } = testApp();
    seedCategories(db);
    const first = await seedDemoShops(db);
    expect(first).toMatchObject({ created: true, sellers: 9 });
    expect(first.listings).toBeGreaterThanOrEqual(18);
    const after = counts(db);
    expect(after.sellers).toBe(9);
    expect(after.listings).toBe(first.listings);

    const second = await seedDemoShops(db);
    expect(second.created).toBe(false);
    expect(counts(db)).toEqual(after);
  }, SLOW);

  it("list active goods, each with a stored photo and Kazakh text, each found by search", async () => {
    const { db } = testApp();
    seedCategories(db);
    await seedDemoShops(db);
    const rows = demoListings(db);
    expect(rows.length).toBeGreaterThanOrEqual(18);
    for (const listing of rows) {
      expect(listing.status, listing.titleKk ?? "").toBe("active");
      expect(listing.titleKk, `listing ${listing.id}`).toBeTruthy();
      expect(listing.descriptionKk, `listing ${listing.id}`).toBeTruthy();
      expect(listing.publishedAt!.getTime()).toBeLessThan(Date.now());
      const photos = db.select().from(listingPhotos).where(eq(listingPhotos.listingId, listing.id)).all();
      expect(photos.length, listing.titleKk ?? "").toBeGreaterThanOrEqual(1);
      for (const photo of photos) {
        for (const width of [320, 640, 1280]) expect(fs.existsSync(path.join(photoFolder, `${photo.hash}-${width}.webp`))).toBe(true);
      }
      expect(found(db, listing.titleKk!), `search for ${listing.titleKk}`).toContain(listing.id);
      if (listing.titleEn) expect(found(db, listing.titleEn), `search for ${listing.titleEn}`).toContain(listing.id);
    }
    // What the demo is for: made-to-order goods with lead days, listings a
    // reader sees marked as written in another language, a seller writing
    // in Russian, prices in whole tenge.
    expect(rows.some((l) => l.madeToOrder && (l.leadDays ?? 0) > 0 && l.stock === 0)).toBe(true);
    expect(rows.some((l) => l.titleEn === null)).toBe(true);
    expect(rows.some((l) => l.titleRu === null)).toBe(true);
    expect(rows.some((l) => l.language === "ru")).toBe(true);
    expect(rows.every((l) => l.priceTiyn % 100 === 0)).toBe(true);
    expect(found(db, "орындық").length).toBeGreaterThan(0);
    expect(found(db, "бал").length).toBeGreaterThan(0);
  }, SLOW);

  it("are approved and partly verified by a coordinator of the village, and send no SMS to their made-up phones", async () => {
    const { db } = testApp();
    seedCategories(db);
    await seedDemoShops(db);
    const shops = db.select().from(sellers).all();
    expect(shops.every((s) => s.approvedAt !== null)).toBe(true);
    const verified = shops.filter((s) => s.verifiedAt !== null).length;
    expect(verified).toBeGreaterThan(0);
    expect(verified).toBeLessThan(shops.length);
    const coordinator = db.select().from(users).where(eq(users.phone, DEMO_COORDINATOR.phone)).get();
    expect(coordinator?.displayName).toBeTruthy();
    const grants = db.select().from(roleGrants).where(eq(roleGrants.userId, coordinator!.id)).all();
    expect(grants.map((g) => g.role)).toEqual(["coordinator"]);
    expect(db.select().from(outboxMessages).where(eq(outboxMessages.status, "pending")).all()).toEqual([]);
    // No test uses the +7 700 range (tests/ uses +7 701, 702, 777 …): the demo never meets a test's account.
    for (const phone of [DEMO_COORDINATOR.phone, ...DEMO_SELLER_PHONES]) expect(phone).toMatch(/^\+770000000\d\d$/);
  }, SLOW);

  it("seed themselves into a database that start-up has just created, not into one it reopens", async () => {
    const connection = freshDatabase();
    setConnection(connection);
    setSmsSender(recordingSender());
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      startup();
      await vi.waitFor(() => expect(counts(connection.db).listings).toBeGreaterThan(0), { timeout: 20_000, interval: 50 });
      expect(log).toHaveBeenCalledWith(expect.stringContaining("+7 700 000 00 01"));
      const seeded = counts(connection.db);
      // A restart of a database already in use (its regions are there) adds nothing.
      startup();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(counts(connection.db)).toEqual(seeded);
    } finally {
      log.mockRestore();
    }
    // Geography seeded by someone else (as in every other test) is not a new database: no demo shops.
    const other = testApp();
    startup();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(counts(other.db).sellers).toBe(0);
  }, SLOW);
});
