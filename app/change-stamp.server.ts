/**
 * The database's public change stamp (issue 18, decision 0034): a counter that moves with every
 * committed write that could change what a visitor who is not signed in sees — and only those.
 * The remembered buyer-page reads and the anonymous page cache (decisions 0021, 0029) are keyed
 * by it, so a sign-in, the background work's lease renewal every 10 s, an SMS leaving the outbox
 * or a ledger posting no longer forget every kept page and answer.
 *
 * How: one row in `change_stamp`, and on every table not named below three triggers (after
 * insert, update, delete) that add one to it in the writer's own transaction. A rolled-back
 * write moves nothing; another process's commit is seen by the next read, like any row. The
 * triggers are made when the database is opened, after the migrations, for every table there
 * is — a table added later is public (and counted) unless it is named here, so forgetting this
 * list costs speed, never a stale page. `tests/integration/change-stamp.test.ts` holds the list
 * to the schema.
 */
import type Database from "better-sqlite3";

/**
 * Tables no page for an anonymous visitor reads: who is signed in, limits, the outbox, money's
 * books, carts, private messages, custody and shipments, audit. A write here keeps kept pages.
 */
export const PRIVATE_TABLES: ReadonlySet<string> = new Set([
  "api_tokens",
  "audit_log",
  "cart_items",
  "checkouts",
  "custody_scans",
  "dev_sms_inbox",
  "dispute_reviewers",
  "evidence_consents",
  "idempotency_keys",
  "lane_payees",
  "leases",
  "ledger_accounts",
  "ledger_operations",
  "ledger_transfers",
  "message_threads",
  "messages",
  "order_reminders",
  "outbox_messages",
  "parcel_codes",
  "payment_events",
  "payments",
  "payout_batches",
  "payout_destinations",
  "payout_lines",
  "rate_hits",
  "reconciliation_items",
  "reconciliation_runs",
  "sessions",
  "shipment_discrepancies",
  "shipment_parcels",
  "shipments",
  "sign_in_codes",
  "staged_photos",
]);

export const STAMP_TABLE = "change_stamp";
const EVENTS = ["insert", "update", "delete"] as const;

const triggerName = (table: string, event: (typeof EVENTS)[number]) => `${STAMP_TABLE}_${table}_${event}`;

/** The ordinary tables of this database: no SQLite or migration bookkeeping, no full-text index or its shadow tables. */
export function stampedTables(sqlite: Database.Database): string[] {
  const tables = sqlite.prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main'").all() as { name: string; type: string }[];
  return tables
    .filter((t) => t.type === "table" && !t.name.startsWith("sqlite_") && !t.name.startsWith("__drizzle") && t.name !== STAMP_TABLE)
    .map((t) => t.name)
    .filter((name) => !PRIVATE_TABLES.has(name))
    .sort();
}

/** Makes the counter and the missing triggers (a no-op read when all are there). Run after the migrations. */
export function ensureChangeStamp(sqlite: Database.Database): void {
  const present = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((t) => t.name));
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(STAMP_TABLE) !== undefined;
  const missing = stampedTables(sqlite).flatMap((table) => EVENTS.filter((event) => !present.has(triggerName(table, event))).map((event) => ({ table, event })));
  const unwanted = [...present].filter((name) => name.startsWith(`${STAMP_TABLE}_`) && [...PRIVATE_TABLES].some((table) => EVENTS.some((event) => triggerName(table, event) === name)));
  if (hasTable && missing.length === 0 && unwanted.length === 0) return;
  // One immediate transaction (DB-03): several server processes opening the file at once make them once.
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS ${STAMP_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`);
    sqlite.exec(`INSERT OR IGNORE INTO ${STAMP_TABLE} (id, n) VALUES (1, 0)`);
    for (const name of unwanted) sqlite.exec(`DROP TRIGGER IF EXISTS "${name}"`);
    for (const { table, event } of missing) {
      sqlite.exec(
        `CREATE TRIGGER IF NOT EXISTS "${triggerName(table, event)}" AFTER ${event.toUpperCase()} ON "${table}" ` +
          `BEGIN UPDATE ${STAMP_TABLE} SET n = n + 1 WHERE id = 1; END`,
      );
    }
    sqlite.exec("COMMIT");
  } catch (error) {
    sqlite.exec("ROLLBACK");
    throw error;
  }
}

const statements = new WeakMap<Database.Database, Database.Statement>();

/** The public change stamp now, as this connection sees it (outside a transaction: the last commit of any process). */
export function publicChangeStamp(sqlite: Database.Database): number {
  let statement = statements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare(`SELECT n FROM ${STAMP_TABLE} WHERE id = 1`).pluck();
    statements.set(sqlite, statement);
  }
  return (statement.get() as number | undefined) ?? 0;
}
