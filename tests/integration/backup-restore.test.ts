/**
 * DB-06: online backups and restores, on real files. The restore drill: a
 * child process writes orders through the real use cases (checkout, payment
 * webhook, order events) and acknowledges each after its commit, while this
 * process backs the file up; the backup is restored into a fresh path, and
 * integrity, the ledger's invariants and every order acknowledged before the
 * backup began must be there. Then what a restore keeps aside and removes,
 * what it refuses (a database in use, a damaged backup), and retention on disk.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { backupName } from "../../app/domain/ops/backup-retention";
import { listBackups, makeBackup } from "../../app/domain/ops/backup.server";
import { isDatabaseInUse, restoreBackup } from "../../app/domain/ops/restore.server";
import { listingPhotos } from "../../db/schema";
import { crashWorld, expectAcknowledged } from "../support/acknowledged";
import { acknowledgedLines } from "../support/crash";
import { freshDatabase } from "../support/db";
import { T0 } from "../support/ledger";
import { makeListing, orderWorld } from "../support/orders";
import { startWorker } from "../support/orders-processes";

const KEEP = { hourly: 48, daily: 30 };
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-backup-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The orders worker writing continuously on `file`; `lines` grows with each acknowledged step. */
async function writer(file: string, world: ReturnType<typeof crashWorld>) {
  const child = await startWorker([file, "crash", JSON.stringify(world), "1"]);
  children.push(child);
  child.stdin.end();
  let out = "";
  let err = "";
  const state = { lines: [] as string[] };
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    out += chunk;
    state.lines = acknowledgedLines(out);
  });
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  return {
    state,
    async atLeast(n: number) {
      const until = Date.now() + 60_000;
      while (state.lines.length < n) {
        if (child.exitCode !== null || Date.now() > until) throw new Error(`the writer stopped after ${state.lines.length} steps: ${err}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** A process that has read the database and keeps it open, as a running server does, until killed. */
async function holder(file: string): Promise<ChildProcessWithoutNullStreams> {
  const script = `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(file)}); db.pragma("journal_mode = WAL"); db.prepare("SELECT COUNT(*) FROM sqlite_master").get(); console.log("open"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.on("error", reject);
    child.on("close", (code) => reject(new Error(`the holder exited with ${String(code)}`)));
  });
  return child;
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** A listing photo row with its three variants written as files (the checks look at names, not pixels). */
function addPhoto(db: Db, listingId: number, photosDir: string | null): string {
  const hash = crypto.randomBytes(32).toString("hex");
  if (photosDir) {
    fs.mkdirSync(photosDir, { recursive: true });
    for (const width of [320, 640, 1280]) fs.writeFileSync(path.join(photosDir, `${hash}-${width}.webp`), `photo ${hash} ${width}`);
  }
  db.insert(listingPhotos).values({ listingId, hash, width: 1280, height: 960, position: 0, createdAt: T0 }).run();
  return hash;
}

/** A small shop in a fresh database, backed up into a new folder. */
async function backedUpShop() {
  const dir = tempDir();
  const source = freshDatabase();
  orderWorld(source.db);
  const backup = await makeBackup({ databasePath: source.sqlite.name, backupDir: dir, photosDir: null, keep: KEEP });
  return { dir, source, backupFile: path.join(dir, backup.file!) };
}

describe("the restore drill (DB-06)", () => {
  it("a backup taken while orders are written restores with integrity, the ledger's invariants and every order acknowledged before it began", async () => {
    const dir = tempDir();
    const { db, sqlite } = freshDatabase();
    const world = crashWorld(db);
    const file = sqlite.name;
    sqlite.close();

    const orders = await writer(file, world);
    await orders.atLeast(40);
    const acknowledgedBefore = [...orders.state.lines];
    const backup = await makeBackup({ databasePath: file, backupDir: path.join(dir, "backups"), photosDir: null, keep: KEEP });
    const acknowledgedDuring = orders.state.lines.length - acknowledgedBefore.length;
    // The writer went on after the backup, then stops as a crash would stop it.
    await orders.atLeast(orders.state.lines.length + 5);
    await orders.stop();

    expect(backup.problems).toEqual([]);
    expect(backup.verified).toBe(true);
    const restoredPath = path.join(dir, "fresh", "auyl.db");
    const restored = await restoreBackup({ backupFile: path.join(dir, "backups", backup.file!), databasePath: restoredPath, photosDir: path.join(dir, "fresh", "photos") }, new Date());
    expect(restored).toMatchObject({ ok: true, keptAside: null, checksum: "matches record" });

    const reopened = openDatabase(restoredPath);
    try {
      expect(reopened.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(checkLedgerInvariants(reopened.db)).toEqual([]);
      expectAcknowledged(reopened.db, acknowledgedBefore, `(${acknowledgedBefore.length} acknowledged before the backup began)`);
      const count = (table: string) => (reopened.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count("orders")).toBe(backup.counts!.orders);
      expect(count("ledger_transfers")).toBe(backup.counts!.ledgerTransfers);
    } finally {
      reopened.sqlite.close();
    }
    // The live database went on past the backup: the copy is one moment, not the end.
    const live = new Database(file, { readonly: true });
    expect((live.prepare("SELECT COUNT(*) AS n FROM orders").get() as { n: number }).n).toBeGreaterThan(backup.counts!.orders);
    live.close();
    expect(acknowledgedDuring, "the writer committed while the backup ran").toBeGreaterThan(0);
  }, 120_000);
});

describe("a restore", () => {
  it("keeps the database in place aside with what a crash left in its WAL, removes the stale files, and copies only the photos missing", async () => {
    const dir = tempDir();
    const source = freshDatabase();
    const w = orderWorld(source.db);
    const photosDir = path.join(dir, "photos");
    addPhoto(source.db, makeListing(source.db, w.sellerA, { priceTiyn: 100_000, stock: 3 }), photosDir);
    const backup = await makeBackup({ databasePath: source.sqlite.name, backupDir: path.join(dir, "backups"), photosDir, keep: KEEP });
    expect(backup).toMatchObject({ verified: true, photos: { copied: 3, total: 3 } });
    expect(fs.readdirSync(path.join(dir, "backups", "photos")).sort()).toEqual(fs.readdirSync(photosDir).sort());

    // The installation's current database: a server wrote to it and was killed, leaving its WAL and shared memory.
    const target = path.join(dir, "site", "auyl.db");
    fs.mkdirSync(path.dirname(target));
    const crash = `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(target)}); db.pragma("journal_mode = WAL"); db.pragma("synchronous = FULL");
      db.exec("CREATE TABLE marker (note TEXT)"); db.prepare("INSERT INTO marker VALUES ('written before the crash')").run(); process.kill(process.pid, "SIGKILL");`;
    spawnSync(process.execPath, ["-e", crash]);
    expect(fs.statSync(`${target}-wal`).size).toBeGreaterThan(0);
    expect(fs.existsSync(`${target}-shm`)).toBe(true);

    const sitePhotos = path.join(dir, "site", "photos");
    const restored = await restoreBackup({ backupFile: path.join(dir, "backups", backup.file!), databasePath: target, photosDir: sitePhotos }, new Date("2026-08-05T10:00:00Z"));
    if (!restored.ok) throw new Error(restored.reason);
    expect(restored.keptAside).toBe(`${target}.before-restore-2026-08-05T10-00-00-000Z`);
    expect(restored.photos).toMatchObject({ copied: 3, total: 3 });
    expect(fs.readdirSync(path.dirname(target)).sort()).toEqual(["auyl.db", "auyl.db.before-restore-2026-08-05T10-00-00-000Z", "photos"]);
    // The commit the crashed server acknowledged is in the file kept aside, not lost with its WAL.
    const aside = new Database(restored.keptAside!, { readonly: true });
    expect(aside.prepare("SELECT note FROM marker").pluck().all()).toEqual(["written before the crash"]);
    aside.close();

    const reopened = openDatabase(target);
    expect(reopened.sqlite.prepare("SELECT COUNT(*) FROM listing_photos").pluck().get()).toBe(1);
    expect(reopened.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'marker'").get()).toBeUndefined();
    reopened.sqlite.close();
    // Photos are append-only: a second restore finds them all there.
    const again = await restoreBackup({ backupFile: path.join(dir, "backups", backup.file!), databasePath: target, photosDir: sitePhotos }, new Date("2026-08-05T11:00:00Z"));
    expect(again).toMatchObject({ ok: true, photos: { copied: 0, total: 3 } });
  });

  it("refuses while the database is in use, in this process or another, and leaves everything as it was", async () => {
    const { dir, source, backupFile } = await backedUpShop();
    // The source is open in this process (source.sqlite), as the server holds its database.
    expect(isDatabaseInUse(source.sqlite.name)).toBe(true);
    expect(await restoreBackup({ backupFile, databasePath: source.sqlite.name, photosDir: path.join(dir, "p") }, new Date())).toEqual({ ok: false, reason: "backup.database_in_use", problems: [] });

    const target = path.join(dir, "site.db");
    fs.copyFileSync(backupFile, target);
    const running = await holder(target);
    const before = sha256(target);
    const listing = () => fs.readdirSync(dir).sort();
    const files = listing();
    expect(await restoreBackup({ backupFile, databasePath: target, photosDir: path.join(dir, "p") }, new Date())).toEqual({ ok: false, reason: "backup.database_in_use", problems: [] });

    // The command a person types says so in words and exits with 1.
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const command = spawnSync(process.execPath, [tsx, "scripts/db-restore.ts", backupFile], { env: { ...process.env, DATABASE_PATH: target }, encoding: "utf8" });
    expect(command.status).toBe(1);
    expect(command.stderr).toContain(`is in use. Stop the server`);
    expect(sha256(target)).toBe(before);
    expect(listing()).toEqual(files);

    running.kill("SIGKILL");
    await new Promise((resolve) => running.on("close", resolve));
    expect(isDatabaseInUse(target)).toBe(false);
    expect(await restoreBackup({ backupFile, databasePath: target, photosDir: path.join(dir, "p") }, new Date())).toMatchObject({ ok: true });
  }, 60_000);

  it("refuses a backup that does not match its checksum or does not pass the checks, and changes nothing", async () => {
    const { dir, backupFile } = await backedUpShop();
    const target = path.join(dir, "site", "auyl.db");
    const input = { databasePath: target, photosDir: path.join(dir, "site", "photos") };

    // One byte changed on the backup disk: the recorded SHA-256 catches it.
    const bytes = fs.readFileSync(backupFile);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    fs.writeFileSync(backupFile, bytes);
    const flipped = await restoreBackup({ ...input, backupFile }, new Date());
    expect(flipped).toMatchObject({ ok: false, reason: "backup.damaged" });
    expect(!flipped.ok && flipped.problems[0]).toMatch(/SHA-256/);

    // Without its record, a cut-off copy is caught by SQLite's own checks.
    const cut = path.join(dir, "elsewhere.db");
    fs.writeFileSync(cut, bytes.subarray(0, 8192));
    expect(await restoreBackup({ ...input, backupFile: cut }, new Date())).toMatchObject({ ok: false, reason: "backup.damaged" });
    expect(await restoreBackup({ ...input, backupFile: path.join(dir, "no-such.db") }, new Date())).toMatchObject({ ok: false, reason: "backup.not_found" });
    expect(fs.existsSync(path.dirname(target)) ? fs.readdirSync(path.dirname(target)) : []).toEqual([]);
  });
});

describe("backups on disk", () => {
  it("a backup with listing photos missing is recorded as not verified, and retention deletes old backups but never photos", async () => {
    const dir = tempDir();
    const source = freshDatabase();
    const w = orderWorld(source.db);
    const listing = makeListing(source.db, w.sellerA, { priceTiyn: 100_000, stock: 3 });
    const photosDir = path.join(dir, "photos");
    addPhoto(source.db, listing, photosDir);
    const backupDir = path.join(dir, "backups");
    const at = (iso: string) => () => new Date(iso);
    const keep = { hourly: 2, daily: 0 };

    const first = await makeBackup({ databasePath: source.sqlite.name, backupDir, photosDir, keep }, at("2026-08-05T08:00:00Z"));
    const second = await makeBackup({ databasePath: source.sqlite.name, backupDir, photosDir, keep }, at("2026-08-05T09:00:00Z"));
    expect([first.verified, second.verified]).toEqual([true, true]);
    // A photo row whose files never reached the disk.
    const lost = addPhoto(source.db, listing, null);
    const third = await makeBackup({ databasePath: source.sqlite.name, backupDir, photosDir, keep }, at("2026-08-05T10:00:00Z"));
    expect(third.verified).toBe(false);
    expect(third.problems).toEqual([expect.stringContaining(`photos: 3 files of listing photos are missing, e.g. ${lost}-320.webp`)]);
    // The failure takes no slot: the two verified backups stay.
    expect(third.pruned).toEqual([]);

    const fourth = await makeBackup({ databasePath: source.sqlite.name, backupDir, photosDir, keep }, at("2026-08-05T11:00:00Z"));
    expect(fourth.verified).toBe(false);
    source.db.delete(listingPhotos).run();
    const fifth = await makeBackup({ databasePath: source.sqlite.name, backupDir, photosDir, keep }, at("2026-08-05T12:00:00Z"));
    expect(fifth.verified).toBe(true);
    // Two hourly slots: 12:00 and 09:00 (the newest verified); 08:00 goes, failures stay for two hours.
    expect(fifth.pruned).toEqual([backupName(new Date("2026-08-05T08:00:00Z")), backupName(new Date("2026-08-05T10:00:00Z"))]);
    expect(fs.readdirSync(backupDir).filter((f) => f !== "photos").sort()).toEqual(
      ["09", "11", "12"].flatMap((h) => [`${backupName(new Date(`2026-08-05T${h}:00:00Z`))}.db`, `${backupName(new Date(`2026-08-05T${h}:00:00Z`))}.json`]),
    );
    expect(fs.readdirSync(path.join(backupDir, "photos"))).toHaveLength(3);
    expect(listBackups(backupDir).map((b) => [b.startedAt.slice(11, 16), b.verified])).toEqual([
      ["12:00", true],
      ["11:00", false],
      ["09:00", true],
    ]);
  });
});
