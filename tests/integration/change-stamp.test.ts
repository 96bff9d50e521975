import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { PRIVATE_TABLES, STAMP_TABLE, ensureChangeStamp, publicChangeStamp, stampedTables } from "../../app/change-stamp.server";
import { freshDatabase } from "../support/db";

/**
 * The public change stamp (issue 18, decision 0034): the remembered buyer-page reads and the
 * anonymous page cache are kept until it moves, so a table a buyer page reads that did not move
 * it would show a stale page, and a private table that did would throw kept pages away for nothing.
 */
describe("the public change stamp", () => {
  it("counts writes to every table of the schema except the named private ones, each of which exists", () => {
    const { sqlite } = freshDatabase();
    const all = (sqlite.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'").all() as { name: string }[]).map((t) => t.name);
    // The private list names real tables: a renamed table would otherwise silently become counted, or a typo keep nothing.
    for (const name of PRIVATE_TABLES) expect(all, name).toContain(name);
    const triggers = new Set((sqlite.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; tbl_name: string }[]).map((t) => `${t.tbl_name}:${t.name}`));
    const stamped = stampedTables(sqlite);
    for (const table of ["listings", "listing_photos", "sellers", "villages", "reviews", "seller_reputation", "pickup_points", "orders", "categories", "settings"]) {
      expect(stamped, table).toContain(table);
    }
    for (const table of stamped) {
      for (const event of ["insert", "update", "delete"]) expect(triggers.has(`${table}:${STAMP_TABLE}_${table}_${event}`), `${table} ${event}`).toBe(true);
    }
    for (const table of PRIVATE_TABLES) expect([...triggers].some((t) => t.startsWith(`${table}:${STAMP_TABLE}_`)), table).toBe(false);
  });

  it("moves with a commit to a buyer-page table by any connection, and not with a private write or a rolled-back one", () => {
    const { sqlite } = freshDatabase();
    const before = publicChangeStamp(sqlite);
    sqlite.prepare("INSERT INTO leases (name, holder, expires_at) VALUES ('x', 'p', 1)").run();
    sqlite.prepare("DELETE FROM leases").run();
    expect(publicChangeStamp(sqlite)).toBe(before);

    const other = new Database(sqlite.name);
    other.prepare("INSERT INTO categories (slug, name_kk, name_ru, name_en) VALUES ('felt', 'Киіз', 'Войлок', 'Felt')").run();
    expect(publicChangeStamp(sqlite)).toBe(before + 1);
    try {
      other.transaction(() => {
        other.prepare("UPDATE categories SET name_kk = name_kk || '?'").run();
        throw new Error("rolled back");
      })();
    } catch {
      // the update is undone, and so is its count
    }
    other.close();
    expect(publicChangeStamp(sqlite)).toBe(before + 1);
  });

  it("is made again for a table a later migration adds, and a table made private loses its triggers", () => {
    const { sqlite } = freshDatabase();
    sqlite.exec("CREATE TABLE later_things (id INTEGER PRIMARY KEY)");
    sqlite.exec(`CREATE TRIGGER ${STAMP_TABLE}_sessions_insert AFTER INSERT ON sessions BEGIN UPDATE ${STAMP_TABLE} SET n = n + 1; END`);
    ensureChangeStamp(sqlite);
    const before = publicChangeStamp(sqlite);
    sqlite.exec("INSERT INTO later_things (id) VALUES (1)");
    expect(publicChangeStamp(sqlite)).toBe(before + 1);
    const sessionTriggers = sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sessions'").pluck().get();
    expect(sessionTriggers).toBe(0);
  });
});
