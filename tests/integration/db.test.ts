import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../app/db.server";
import { freshDatabase } from "../support/db";

describe("the embedded database (DB-01, DB-02)", () => {
  it("runs with WAL, foreign keys, a 5 s busy timeout and synchronous=FULL", () => {
    const { sqlite } = freshDatabase();
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("is built from the committed migrations, all of them applied", () => {
    const { sqlite } = freshDatabase();
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };
    const applied = sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("enforces foreign keys", () => {
    const { sqlite } = freshDatabase();
    expect(() =>
      sqlite
        .prepare("INSERT INTO districts (region_id, slug, name_kk, name_ru, name_en) VALUES (999, 'x', 'x', 'x', 'x')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it("refuses to open a path that is not a database", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-bad-"));
    expect(() => openDatabase(dir)).toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has the SQLite the single-writer rule needs (DB-05: WAL-reset fix, 3.51.3 or later)", () => {
    const { sqlite } = freshDatabase();
    const version = (sqlite.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
    const [major, minor, patch] = version.split(".").map(Number);
    expect(major! * 1_000_000 + minor! * 1_000 + (patch ?? 0)).toBeGreaterThanOrEqual(3_051_003);
  });
});

describe("write transactions (DB-03)", () => {
  it("take the write lock at BEGIN, so concurrent processes doing read-then-write never surfaces SQLITE_BUSY", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-conc-"));
    const file = path.join(dir, "test.db");
    openDatabase(file).sqlite.close();
    const runs = 150;
    // Separate processes, each with its own connection, as DB-03 asks.
    const worker = () =>
      new Promise<{ errors: string[] }>((resolve, reject) => {
        execFile(
          process.execPath,
          ["--import", "tsx", "tests/support/counter-worker.ts", file, String(runs)],
          (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as { errors: string[] })),
        );
      });
    const results = await Promise.all([worker(), worker(), worker()]);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const { sqlite } = openDatabase(file);
    const row = sqlite.prepare("SELECT value FROM settings WHERE key = 'counter'").get() as { value: string };
    expect(Number(row.value)).toBe(3 * runs);
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("write paths use writeTransaction, never a bare deferred transaction", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && full !== path.join("app", "db.server.ts")) {
          const source = fs.readFileSync(full, "utf8");
          // BEGIN EXCLUSIVE is no deferred transaction either: db:restore takes it to prove nobody has the file open.
          // A trigger's body (BEGIN UPDATE … END, the change stamp's) is no transaction at all.
          if (/\.transaction\(/.test(source) || /BEGIN(?! (?:IMMEDIATE|EXCLUSIVE|UPDATE ))/.test(source)) offenders.push(full);
        }
      }
    };
    walk("app");
    walk("db/seed");
    expect(offenders).toEqual([]);
  });
});
