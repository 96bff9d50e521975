import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deleteAccount } from "../../app/domain/identity/users.server";
import { listingChanges, listings, sellers, users } from "../../db/schema";
import { seedCategories, seedGeography } from "../../db/seed/seed";
import { freshDatabase } from "../support/db";
import { grant } from "../support/identity";
import { approvedSellerOf, insertListing } from "../support/storefront";

describe("deleting a seller's account", () => {
  it("takes the shop's goods off sale, records why, and keeps the rows for accounting", () => {
    const { db } = freshDatabase();
    seedGeography(db, { demo: true });
    seedCategories(db);
    const coordinatorUserId = grant(db, "+77011110000", "coordinator", "besagash");
    const seller = approvedSellerOf(db, { phone: "+77012223344", village: "besagash", name: "Асқар", language: "kk", coordinatorUserId });
    const base = { sellerId: seller.sellerId, villageId: seller.villageId, category: "tables-chairs", language: "kk" as const, priceTenge: 25_000 };
    const active = insertListing(db, { ...base, title: { kk: "Ағаш орындық" }, stock: 3 });
    const soldOut = insertListing(db, { ...base, title: { kk: "Үстел" }, stock: 0, status: "sold_out" });
    const draft = insertListing(db, { ...base, title: { kk: "Сандық" }, stock: 1, status: "draft" });

    deleteAccount(db, { userId: seller.userId, ip: "10.0.0.1" }, new Date());

    const status = (id: number) => db.select({ status: listings.status }).from(listings).where(eq(listings.id, id)).get()?.status;
    expect([status(active), status(soldOut), status(draft)]).toEqual(["paused", "paused", "draft"]);
    const changes = db.select().from(listingChanges).where(eq(listingChanges.actorUserId, seller.userId)).all();
    expect(changes.map((c) => JSON.parse(c.change))).toEqual([
      { status: ["active", "paused"], why: "account_deleted" },
      { status: ["sold_out", "paused"], why: "account_deleted" },
    ]);
    expect(db.select().from(users).where(eq(users.id, seller.userId)).get()).toMatchObject({ phone: null, displayName: null });
    expect(db.select().from(sellers).where(eq(sellers.id, seller.sellerId)).get()?.name).toBeNull();
  });
});
