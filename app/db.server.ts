import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../db/schema";
import { ensureChangeStamp } from "./change-stamp.server";
import { getEnv } from "./env.server";

export type Db = BetterSQLite3Database<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Connection {
  sqlite: Database.Database;
  db: Db;
}

/** Where drizzle-kit writes the migrations; resolved against the project root. */
export const MIGRATIONS_FOLDER = path.resolve("db/migrations");

/** The WAL's size past which the background work's checkpoint waits for readers and truncates it (DB-08). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The pragmas every connection must run with (DB-01, DB-02). `synchronous=FULL`
 * (2) because an acknowledged escrow commit must survive a power loss.
 */
const REQUIRED_PRAGMAS = [
  { set: "journal_mode = WAL", read: "journal_mode", expect: "wal" },
  { set: "foreign_keys = ON", read: "foreign_keys", expect: 1 },
  { set: "busy_timeout = 5000", read: "busy_timeout", expect: 5000 },
  { set: "synchronous = FULL", read: "synchronous", expect: 2 },
  // After a checkpoint resets the WAL, SQLite cuts the file back to this size: a burst of writes while
  // readers held an old snapshot leaves no huge file behind (DB-08, decision 0021).
  { set: `journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`, read: "journal_size_limit", expect: WAL_SIZE_LIMIT_BYTES },
] as const;

export class DatabaseSetupError extends Error {}

/** Opens a SQLite file, sets and reads back the pragmas, applies the migrations and makes the public change stamp (decision 0034). */
export function openDatabase(file: string): Connection {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file, { timeout: 5000 });
  try {
    for (const pragma of REQUIRED_PRAGMAS) {
      sqlite.pragma(pragma.set);
      const actual = sqlite.pragma(pragma.read, { simple: true });
      if (actual !== pragma.expect) {
        throw new DatabaseSetupError(
          `SQLite pragma ${pragma.read} is ${String(actual)}, expected ${String(pragma.expect)} (${file})`,
        );
      }
    }
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    ensureChangeStamp(sqlite);
    return { sqlite, db };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

const globalForDb = globalThis as unknown as { auylConnection?: Connection };

/** The process's one connection, opened on first use (at server start-up). */
export function getConnection(): Connection {
  globalForDb.auylConnection ??= openDatabase(getEnv().DATABASE_PATH);
  return globalForDb.auylConnection;
}

/** Tests and scripts point the app at their own database (or back to the default with undefined). */
export function setConnection(connection: Connection | undefined): void {
  globalForDb.auylConnection = connection;
}

export function getDb(): Db {
  return getConnection().db;
}

/**
 * Runs a use case in one synchronous write transaction that takes the write
 * lock at BEGIN (DB-03), so a read-then-write never meets SQLITE_BUSY halfway.
 * The callback must not be async: better-sqlite3 cannot await inside a transaction.
 */
export function writeTransaction<T>(db: Db, work: (tx: Tx) => T): T {
  return db.transaction(work, { behavior: "immediate" });
}

/** For /metrics: the database file and its write-ahead log, in bytes (DB-08: a WAL that keeps growing means checkpoints starve). */
export function databaseFileBytes(connection: Connection): { databaseBytes: number; walBytes: number } {
  const file = connection.sqlite.name;
  const size = (name: string) => (fs.existsSync(name) ? fs.statSync(name).size : 0);
  return { databaseBytes: file === ":memory:" ? 0 : size(file), walBytes: file === ":memory:" ? 0 : size(`${file}-wal`) };
}

/**
 * The background work's checkpoint (DB-08), besides SQLite's automatic one
 * at every 1000 pages: a PASSIVE checkpoint copies what it can without waiting
 * for anyone; once the WAL has grown past WAL_SIZE_LIMIT_BYTES (readers kept
 * old snapshots while writers went on), a TRUNCATE one waits up to the busy
 * timeout for the readers and cuts the file to nothing.
 */
export function checkpointWal(connection: Connection): { mode: "PASSIVE" | "TRUNCATE"; busy: boolean } {
  try {
    const mode = databaseFileBytes(connection).walBytes > WAL_SIZE_LIMIT_BYTES ? "TRUNCATE" : "PASSIVE";
    const [result] = connection.sqlite.pragma(`wal_checkpoint(${mode})`) as { busy: number }[];
    return { mode, busy: (result?.busy ?? 0) !== 0 };
  } catch (error) {
    console.warn("WAL checkpoint failed", error);
    return { mode: "PASSIVE", busy: true };
  }
}
