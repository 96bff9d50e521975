/**
 * Online backups of the one SQLite file that holds every tenge, and of the
 * photos beside it (DB-06; docs/decisions/0013-online-backups-and-restore.md).
 *
 * A backup opens its own connection and copies every page in one step of
 * SQLite's backup API: one read transaction, so the copy is the database as
 * it was at one commit, while the server goes on writing (WAL lets a writer
 * and a reader run together). The copy is then made a self-contained file
 * (journal_mode=DELETE), checked (integrity, foreign keys, the ledger's
 * invariants, every listing photo present), synced, renamed into place and
 * recorded in a JSON file beside it. Photos are content-addressed and never
 * change, so copying them is append-only: only names not yet copied.
 *
 * The server runs this in a child process (app/jobs.server.ts), so neither
 * the copy nor the checks ever hold up a request.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../../db/schema";
import { getEnv, type Env } from "../../env.server";
import { PHOTO_NAME, photoName } from "../catalog/photo-store.server";
import { PHOTO_WIDTHS } from "../catalog/photos.server";
import { checkLedgerInvariants } from "../escrow/ledger-invariants.server";
import { backupName, backupsToPrune, backupTime, type BackupStamp, type RetentionPolicy } from "./backup-retention";

export interface BackupSettings {
  /** Where backups go; null when the schedule is off (development without BACKUP_DIR). */
  dir: string | null;
  everyMinutes: number;
  keep: RetentionPolicy;
  databasePath: string;
  photosDir: string;
}

/** What a backup found, kept as `<name>.json` beside `<name>.db`. */
export interface BackupRecord {
  name: string;
  /** The database copy's file name, or null when the backup failed before there was one. */
  file: string | null;
  startedAt: string;
  finishedAt: string;
  sizeBytes: number | null;
  sha256: string | null;
  verified: boolean;
  /** Every check that failed, in words (for the operator; empty when verified). */
  problems: string[];
  counts: { orders: number; ledgerTransfers: number; listingPhotos: number } | null;
  photos: { copied: number; copiedBytes: number; total: number };
  durationMs: { copy: number; photos: number; verify: number; total: number };
}

/** A backup as the admin's page lists it: its record, and whether its file is still there. */
export interface BackupEntry extends BackupRecord {
  fileExists: boolean;
}

export const PHOTOS_SUBDIR = "photos";
/** Every page in one step: one read transaction, so a writer elsewhere never restarts the copy. */
const ALL_PAGES = 0x7fffffff;
const MAX_PROBLEMS = 20;

let override: BackupSettings | undefined;

/** The backup settings from the environment (tests set their own with setBackupSettings). */
export function backupSettings(env: Env = getEnv()): BackupSettings {
  if (override) return override;
  const dir = env.BACKUP_DIR ?? (env.NODE_ENV === "production" ? defaultBackupDir(env) : null);
  return {
    dir: dir === null ? null : path.resolve(dir),
    everyMinutes: env.BACKUP_EVERY_MINUTES,
    keep: { hourly: env.BACKUP_KEEP_HOURLY, daily: env.BACKUP_KEEP_DAILY },
    databasePath: path.resolve(env.DATABASE_PATH),
    photosDir: path.resolve(env.PHOTOS_DIR),
  };
}

export function setBackupSettings(settings: BackupSettings | undefined): void {
  override = settings;
}

/** `backups/` beside the database: used when BACKUP_DIR is unset (production, `npm run db:backup`). */
export function defaultBackupDir(env: Env = getEnv()): string {
  return path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "backups");
}

/** Whether the backups would be lost with the database's disk (the same filesystem). */
export function sharesDiskWithDatabase(settings: BackupSettings): boolean {
  if (!settings.dir) return false;
  // The backup folder may not exist yet: the nearest folder above it that does is where it will be made.
  let dir = settings.dir;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    return fs.statSync(dir).dev === fs.statSync(path.dirname(settings.databasePath)).dev;
  } catch {
    return false;
  }
}

/**
 * Backs the database up into `backupDir`, copies new photos, verifies the
 * copy, records the result and prunes old backups. Never throws for a failed
 * backup: the record says what went wrong.
 */
export async function makeBackup(
  input: { databasePath: string; backupDir: string; photosDir: string | null; keep: RetentionPolicy },
  clock: () => Date = () => new Date(),
): Promise<BackupRecord & { pruned: string[] }> {
  const started = clock();
  const name = backupName(started);
  const t0 = performance.now();
  fs.mkdirSync(input.backupDir, { recursive: true });
  const finalFile = path.join(input.backupDir, `${name}.db`);
  const partial = `${finalFile}.partial`;
  const photosTo = path.join(input.backupDir, PHOTOS_SUBDIR);
  const durationMs = { copy: 0, photos: 0, verify: 0, total: 0 };
  let record: BackupRecord;
  try {
    if (fs.existsSync(finalFile) || fs.existsSync(partial)) throw new Error(`${name} exists already`);
    await copyDatabase(input.databasePath, partial);
    durationMs.copy = performance.now() - t0;
    // After the copy: every photo the copy names was on disk before the commit that named it.
    const photos = input.photosDir ? copyNewPhotos(input.photosDir, photosTo) : { copied: 0, copiedBytes: 0, total: 0 };
    durationMs.photos = performance.now() - t0 - durationMs.copy;
    const check = verifyDatabaseCopy(partial, photosTo);
    durationMs.verify = performance.now() - t0 - durationMs.copy - durationMs.photos;
    fsyncPath(partial);
    fs.renameSync(partial, finalFile);
    fsyncPath(input.backupDir);
    const problems = [...check.problems, ...check.photoProblems];
    record = {
      name,
      file: path.basename(finalFile),
      startedAt: started.toISOString(),
      finishedAt: "",
      sizeBytes: fs.statSync(finalFile).size,
      sha256: await fileSha256(finalFile),
      verified: problems.length === 0,
      problems,
      counts: check.counts,
      photos,
      durationMs,
    };
  } catch (error) {
    removeDatabaseFile(partial);
    const reason = error instanceof Error ? error.message : String(error);
    record = {
      name,
      file: null,
      startedAt: started.toISOString(),
      finishedAt: "",
      sizeBytes: null,
      sha256: null,
      verified: false,
      problems: [`the backup failed: ${reason}`],
      counts: null,
      photos: { copied: 0, copiedBytes: 0, total: 0 },
      durationMs,
    };
  }
  durationMs.total = performance.now() - t0;
  for (const key of Object.keys(durationMs) as (keyof typeof durationMs)[]) durationMs[key] = Math.round(durationMs[key]);
  record.finishedAt = clock().toISOString();
  writeRecord(input.backupDir, record);
  const pruned = pruneBackups(input.backupDir, input.keep, clock());
  return { ...record, pruned };
}

/** A consistent copy of a live database file, through its own connection that never writes. */
async function copyDatabase(databasePath: string, destination: string): Promise<void> {
  const source = new Database(databasePath, { fileMustExist: true, timeout: 5000 });
  try {
    source.pragma("query_only = ON");
    await source.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
}

export interface CopyCheck {
  /** What is wrong with the database itself: a copy with any of these must not be restored. */
  problems: string[];
  /** Listing photos whose files are not beside the copy. */
  photoProblems: string[];
  counts: { orders: number; ledgerTransfers: number; listingPhotos: number } | null;
}

/**
 * Checks a database copy: SQLite's integrity check, foreign keys, the
 * ledger's invariants (MONEY-04..09), and that every variant of every listing
 * photo is in `photosDir`. Leaves the copy in rollback-journal mode, one
 * self-contained file (the server turns WAL back on when it opens it).
 */
export function verifyDatabaseCopy(file: string, photosDir: string | null): CopyCheck {
  const problems: string[] = [];
  const photoProblems: string[] = [];
  let counts: CopyCheck["counts"] = null;
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { fileMustExist: true });
    sqlite.pragma("journal_mode = DELETE");
    const integrity = sqlite.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
    for (const row of integrity) if (row.integrity_check !== "ok") problems.push(`integrity: ${row.integrity_check}`);
    if (problems.length > 0) return { problems: problems.slice(0, MAX_PROBLEMS), photoProblems, counts };
    const foreign = sqlite.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    for (const row of foreign) problems.push(`foreign key: ${row.table} row ${row.rowid} points at a missing ${row.parent}`);
    problems.push(...checkLedgerInvariants(drizzle(sqlite, { schema })).map((p) => `ledger: ${p}`));
    const count = (table: string) => (sqlite!.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    counts = { orders: count("orders"), ledgerTransfers: count("ledger_transfers"), listingPhotos: count("listing_photos") };
    if (photosDir) {
      const hashes = sqlite.prepare("SELECT DISTINCT hash FROM listing_photos").pluck().all() as string[];
      const missing = hashes.flatMap((hash) => PHOTO_WIDTHS.map((width) => photoName(hash, width))).filter((n) => !fs.existsSync(path.join(photosDir, n)));
      if (missing.length > 0) photoProblems.push(`photos: ${missing.length} files of listing photos are missing, e.g. ${missing.slice(0, 3).join(", ")}`);
    }
  } catch (error) {
    problems.push(`the copy cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    sqlite?.close();
  }
  return { problems: problems.slice(0, MAX_PROBLEMS), photoProblems, counts };
}

/** Copies the photos `to` has not got yet (each written aside, then renamed). Photos never change, so nothing is overwritten. */
export function copyNewPhotos(from: string, to: string): { copied: number; copiedBytes: number; total: number } {
  if (!fs.existsSync(from)) return { copied: 0, copiedBytes: 0, total: 0 };
  fs.mkdirSync(to, { recursive: true });
  const have = new Set(fs.readdirSync(to));
  let copied = 0;
  let copiedBytes = 0;
  let total = 0;
  for (const name of fs.readdirSync(from)) {
    if (!PHOTO_NAME.test(name)) continue;
    total++;
    if (have.has(name)) continue;
    const temporary = path.join(to, `${name}.${crypto.randomBytes(6).toString("hex")}.tmp`);
    fs.copyFileSync(path.join(from, name), temporary);
    fs.renameSync(temporary, path.join(to, name));
    copied++;
    copiedBytes += fs.statSync(path.join(to, name)).size;
  }
  if (copied > 0) fsyncPath(to);
  return { copied, copiedBytes, total };
}

/** The backups in a directory, newest first, each with its record (or what is known without one). */
export function listBackups(dir: string): BackupEntry[] {
  if (!fs.existsSync(dir)) return [];
  const names = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    const match = /^(.*)\.(db|json)$/.exec(file);
    if (match && backupTime(match[1]!)) names.add(match[1]!);
  }
  const entries = [...names].map((name) => readEntry(dir, name));
  return entries.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** The backups' names, times and verdicts, for retention and the schedule. */
export function backupStamps(dir: string): BackupStamp[] {
  return listBackups(dir).map((b) => ({ name: b.name, createdAt: new Date(b.startedAt), verified: b.verified }));
}

/** Backups being written right now (or left half-written by a process that died). */
export function backupsInProgress(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".db.partial"));
}

function readEntry(dir: string, name: string): BackupEntry {
  const file = path.join(dir, `${name}.db`);
  const fileExists = fs.existsSync(file);
  try {
    const record = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8")) as BackupRecord;
    if (record.file && !fileExists) return { ...record, fileExists, verified: false, problems: [...record.problems, "the backup file is gone"] };
    return { ...record, fileExists };
  } catch {
    const startedAt = backupTime(name)!.toISOString();
    return {
      name,
      file: fileExists ? `${name}.db` : null,
      startedAt,
      finishedAt: startedAt,
      sizeBytes: fileExists ? fs.statSync(file).size : null,
      sha256: null,
      verified: false,
      problems: ["no readable record: the backup was not verified"],
      counts: null,
      photos: { copied: 0, copiedBytes: 0, total: 0 },
      durationMs: { copy: 0, photos: 0, verify: 0, total: 0 },
      fileExists,
    };
  }
}

/** Deletes the backups the retention policy lets go (database and record; photos stay), and copies left half-written a day ago. */
export function pruneBackups(dir: string, keep: RetentionPolicy, now: Date): string[] {
  const pruned = backupsToPrune(backupStamps(dir), keep, now);
  for (const name of pruned) {
    fs.rmSync(path.join(dir, `${name}.db`), { force: true });
    fs.rmSync(path.join(dir, `${name}.json`), { force: true });
  }
  for (const partial of backupsInProgress(dir)) {
    const started = backupTime(partial.replace(/\.db\.partial$/, ""));
    if (started && now.getTime() - started.getTime() > 86_400_000) removeDatabaseFile(path.join(dir, partial));
  }
  return pruned;
}

/** The record of a backup, written aside and renamed so a reader never sees half of it. */
function writeRecord(dir: string, record: BackupRecord): void {
  const target = path.join(dir, `${record.name}.json`);
  fs.writeFileSync(`${target}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${target}.tmp`, target);
}

/** The record beside a backup file, if there is one. */
export function readRecordOf(backupFile: string): BackupRecord | null {
  try {
    return JSON.parse(fs.readFileSync(backupFile.replace(/\.db$/, ".json"), "utf8")) as BackupRecord;
  } catch {
    return null;
  }
}

export async function fileSha256(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Flushes a file or a directory (a rename is durable only once its directory is). */
export function fsyncPath(target: string): void {
  const fd = fs.openSync(target, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A database file and whatever journal SQLite may have left beside it. */
export function removeDatabaseFile(file: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
}
