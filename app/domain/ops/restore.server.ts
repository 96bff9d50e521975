/**
 * Restoring a backup into a stopped installation (`npm run db:restore`;
 * docs/decisions/0013-online-backups-and-restore.md). Nothing is deleted that
 * could hold data: the current database is checkpointed and renamed aside,
 * and the backup is checked before anything is moved.
 *
 * "Stopped" is asked of SQLite itself: a connection in exclusive locking mode
 * gets its lock only when no other connection — a server, `npm run jobs:due`,
 * a backup — has the file open. The same probe folds a WAL left by a crash
 * into the file it belongs to, so the copy kept aside is whole.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS_FOLDER } from "../../db.server";
import { copyNewPhotos, fileSha256, fsyncPath, PHOTOS_SUBDIR, readRecordOf, removeDatabaseFile, verifyDatabaseCopy } from "./backup.server";

export type RestoreRefusal = "backup.not_found" | "backup.database_in_use" | "backup.damaged" | "backup.newer_schema";

export interface Restored {
  ok: true;
  /** Where the database that was in place now is (null when there was none). */
  keptAside: string | null;
  /** Files that went aside with it: a WAL that could not be folded in. */
  keptAsideAlso: string[];
  /** Stale shared-memory or empty WAL files removed. */
  removed: string[];
  checksum: "matches record" | "no record";
  counts: { orders: number; ledgerTransfers: number; listingPhotos: number } | null;
  /** Listing photos missing beside the backup: the database is restored, those photos will not show. */
  photoProblems: string[];
  photos: { copied: number; copiedBytes: number; total: number };
  durationMs: number;
}

export type RestoreResult = Restored | { ok: false; reason: RestoreRefusal; problems: string[] };

/** Whether another connection (in this process or another) has the database open. */
export function isDatabaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { fileMustExist: true, timeout: 0 });
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("COMMIT");
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    // Not a database SQLite can read: no server has it open either.
    return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
  } finally {
    probe?.close();
  }
}

/** The newest migration this code knows (drizzle's journal), as drizzle records it in the database. */
function newestKnownMigration(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

function newestAppliedMigration(file: string): number {
  const sqlite = new Database(file, { fileMustExist: true, readonly: true });
  try {
    const row = sqlite.prepare("SELECT MAX(created_at) AS at FROM __drizzle_migrations").get() as { at: number | null } | undefined;
    return Number(row?.at ?? 0);
  } catch {
    return 0;
  } finally {
    sqlite.close();
  }
}

const stampOf = (at: Date) => at.toISOString().replace(/[:.]/g, "-");

/**
 * Puts `backupFile` in place of `databasePath`, after checking that nothing
 * has the database open, that the backup matches its record's checksum, and
 * that a copy of it passes the integrity and ledger checks. Copies the
 * backup's photos that `photosDir` lacks.
 */
export async function restoreBackup(input: { backupFile: string; databasePath: string; photosDir: string }, now: Date): Promise<RestoreResult> {
  const t0 = performance.now();
  const backupFile = path.resolve(input.backupFile);
  const databasePath = path.resolve(input.databasePath);
  if (!fs.existsSync(backupFile) || !fs.statSync(backupFile).isFile() || backupFile === databasePath) {
    return { ok: false, reason: "backup.not_found", problems: [] };
  }
  if (isDatabaseInUse(databasePath)) return { ok: false, reason: "backup.database_in_use", problems: [] };

  const record = readRecordOf(backupFile);
  if (record?.sha256 && record.sha256 !== (await fileSha256(backupFile))) {
    return { ok: false, reason: "backup.damaged", problems: ["the file's SHA-256 differs from the one recorded when it was made"] };
  }

  // Checked as a copy beside the target, so the rename that puts it in place is atomic.
  fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  const staged = `${databasePath}.restoring-${stampOf(now)}`;
  fs.copyFileSync(backupFile, staged);
  const check = verifyDatabaseCopy(staged, path.join(path.dirname(backupFile), PHOTOS_SUBDIR));
  if (check.problems.length > 0) {
    removeDatabaseFile(staged);
    return { ok: false, reason: "backup.damaged", problems: check.problems };
  }
  if (newestAppliedMigration(staged) > newestKnownMigration()) {
    removeDatabaseFile(staged);
    return { ok: false, reason: "backup.newer_schema", problems: [] };
  }
  fsyncPath(staged);

  // Asked again just before the swap: a server may have started meanwhile.
  if (isDatabaseInUse(databasePath)) {
    removeDatabaseFile(staged);
    return { ok: false, reason: "backup.database_in_use", problems: [] };
  }
  let keptAside: string | null = null;
  const keptAsideAlso: string[] = [];
  const removed: string[] = [];
  if (fs.existsSync(databasePath)) {
    keptAside = `${databasePath}.before-restore-${stampOf(now)}`;
    fs.renameSync(databasePath, keptAside);
  }
  for (const suffix of ["-wal", "-shm", "-journal"]) {
    const file = `${databasePath}${suffix}`;
    if (!fs.existsSync(file)) continue;
    // A WAL the probe could not fold in may hold commits: it goes aside with its database.
    if (suffix !== "-shm" && keptAside && fs.statSync(file).size > 0) {
      fs.renameSync(file, `${keptAside}${suffix}`);
      keptAsideAlso.push(`${keptAside}${suffix}`);
    } else {
      fs.rmSync(file);
      removed.push(file);
    }
  }
  fs.renameSync(staged, databasePath);
  fsyncPath(path.dirname(databasePath));

  const photos = copyNewPhotos(path.join(path.dirname(backupFile), PHOTOS_SUBDIR), path.resolve(input.photosDir));
  return {
    ok: true,
    keptAside,
    keptAsideAlso,
    removed,
    checksum: record?.sha256 ? "matches record" : "no record",
    counts: check.counts,
    photoProblems: check.photoProblems,
    photos,
    durationMs: Math.round(performance.now() - t0),
  };
}
