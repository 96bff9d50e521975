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
const kept = new WeakMap<Database.Database, { stamp: string; answers: Map<string, unknown>; stampStatement: Database.Statement }>();

/** The answer of `read()` for `key`, remembered until the database changes. The answer must not be changed by the caller. */
export function whileUnchanged<T>(db: Db, key: string, read: () => T): T {
  const client = (db as Db & { $client?: Database.Database }).$client;
  if (!client) return read();
  let memory = kept.get(client);
  if (!memory) {
    memory = { stamp: "", answers: new Map(), stampStatement: client.prepare("SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS others") };
    kept.set(client, memory);
  }
  const row = memory.stampStatement.get() as { own: number; others: number };
  const stamp = `${row.own}:${row.others}`;
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
