/**
 * Buyer-page reads remembered while the database has not changed (issue 18,
 * decision 0021). An answer is kept with the database's change stamp — this
 * connection's own writes (`total_changes()`) and every other connection's
 * commits, other server processes included (`PRAGMA data_version`) — and
 * given again only while the stamp is the same: any write anywhere forgets
 * every answer. So it is correct across processes, not merely short-lived;
 * between writes a hundred buyers reading the same catalog page cost one
 * query. Bounded per connection; a transaction (no connection of its own) is
 * never remembered.
 */
import type Database from "better-sqlite3";
import type { Db } from "../../db.server";

const MAX_ANSWERS = 500;
const kept = new WeakMap<Database.Database, Memory>();

type Memory = { stamp: string; answers: Map<string, unknown>; stampStatement: Database.Statement };

function memoryOf(client: Database.Database): Memory {
  let memory = kept.get(client);
  if (!memory) {
    memory = { stamp: "", answers: new Map(), stampStatement: client.prepare("SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS others") };
    kept.set(client, memory);
  }
  return memory;
}

function stampOf(memory: Memory): string {
  const row = memory.stampStatement.get() as { own: number; others: number };
  return `${row.own}:${row.others}`;
}

/**
 * The database's change stamp as this connection sees it now: it moves with any commit, this
 * connection's or another's (the anonymous page cache keys rendered pages by it, decision 0029).
 * Undefined inside a transaction, which has no connection of its own.
 */
export function databaseStamp(db: Db): string | undefined {
  const client = (db as Db & { $client?: Database.Database }).$client;
  return client ? stampOf(memoryOf(client)) : undefined;
}

/** The answer of `read()` for `key`, remembered until the database changes. The answer must not be changed by the caller. */
export function whileUnchanged<T>(db: Db, key: string, read: () => T): T {
  const client = (db as Db & { $client?: Database.Database }).$client;
  if (!client) return read();
  const memory = memoryOf(client);
  const stamp = stampOf(memory);
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
