/**
 * The buyer pages' remembered reads (decision 0021) are forgotten as soon as
 * the database changes: by this connection's own write, and by a commit of
 * another connection on the file — another server process.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../app/db.server";
import { parseCatalogQuery } from "../../app/domain/catalog/catalog-query";
import { searchCatalog } from "../../app/domain/catalog/search.server";
import { whileUnchanged } from "../../app/domain/catalog/unchanged-reads.server";
import { listings } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makeListing, orderWorld } from "../support/orders";

const everything = parseCatalogQuery(new URLSearchParams("")).query;
const ids = (db: Parameters<typeof searchCatalog>[0]) => {
  const result = searchCatalog(db, everything);
  return result.ok ? result.cards.map((c) => c.id).sort((a, b) => a - b) : [];
};

describe("reads remembered while the database is unchanged", () => {
  it("answers again from memory, and reads anew after this connection writes", () => {
    const { db } = freshDatabase();
    let reads = 0;
    const read = () => whileUnchanged(db, "k", () => ++reads);
    expect([read(), read()]).toEqual([1, 1]);
    const w = orderWorld(db);
    expect(read()).toBe(2);
    const before = ids(db);
    const added = makeListing(db, w.sellerA, { priceTiyn: 100, stock: 1 });
    expect(ids(db)).toEqual([...before, added].sort((a, b) => a - b));
  });

  it("reads anew after another connection (another server process) commits", () => {
    const { db, sqlite } = freshDatabase();
    const w = orderWorld(db);
    const other = openDatabase(sqlite.name);
    try {
      const before = ids(db);
      expect(before).toContain(w.listingA);
      other.db.update(listings).set({ status: "paused" }).where(eq(listings.id, w.listingA)).run();
      expect(ids(db)).not.toContain(w.listingA);
      const added = makeListing(other.db, w.sellerB, { priceTiyn: 200, stock: 2 });
      expect(ids(db)).toContain(added);
    } finally {
      other.sqlite.close();
    }
  });
});
