/**
 * Buyer-page reads remembered while the database has not changed (issue 18,
 * decision 0021). An answer is kept with the database's public change stamp
 * (decision 0034: it moves with every commit, by any connection or server
 * process, to a table a buyer page could read — not with sign-ins, the
 * outbox, the ledger or the lease) and given again only while the stamp is
 * the same. So it is correct across processes, not merely short-lived;
 * between writes a hundred buyers reading the same catalog page cost one
 * query. Bounded per connection; a transaction (no connection of its own) is
 * never remembered.
 */
import type Database from "better-sqlite3";
import { publicChangeStamp } from "../../change-stamp.server";
import type { Db } from "../../db.server";

const MAX_ANSWERS = 500;
const kept = new WeakMap<Database.Database, Memory>();

type Memory = { stamp: string; answers: Map<string, unknown> };

function memoryOf(client: Database.Database): Memory {
  let memory = kept.get(client);
  if (!memory) {
    memory = { stamp: "", answers: new Map() };
    kept.set(client, memory);
  }
  return memory;
}

function stampOf(client: Database.Database): string {
  return String(publicChangeStamp(client));
}

/**
 * The database's public change stamp as this connection sees it now: it moves with any commit, this
 * connection's or another's, that could change a buyer page (the anonymous page cache keys rendered
 * pages by it, decisions 0029 and 0034).
 * Undefined inside a transaction, which has no connection of its own.
 */
export function databaseStamp(db: Db): string | undefined {
  const client = (db as Db & { $client?: Database.Database }).$client;
  return client ? stampOf(client) : undefined;
}

/** The answer of `read()` for `key`, remembered until the database changes. The answer must not be changed by the caller. */
export function whileUnchanged<T>(db: Db, key: string, read: () => T): T {
  const client = (db as Db & { $client?: Database.Database }).$client;
  if (!client) return read();
  const memory = memoryOf(client);
  const stamp = stampOf(client);
  if (stamp !== memory.stamp) {
    memory.answers.clear();
    memory.stamp = stamp;
  }
  if (memory.answers.has(key)) return memory.answers.get(key) as T;
  const answer = read();
  if (memory.answers.size >= MAX_ANSWERS) memory.answers.clear();
  memory.answers.set(key, answer);
  return answer;
}
