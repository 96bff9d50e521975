/**
 * /metrics for the operator (issue 12 §6): the HTTP server's request counts
 * and latencies by route (kept in server.ts, passed in the load context) and
 * gauges read at scrape time — the database's WAL, the SMS outbox backlog, the
 * lag of due deadlines, the money held in escrow, the process's memory.
 * Who may read it: an admin's session, or a scraper with METRICS_TOKEN.
 */
import crypto from "node:crypto";
import { databaseFileBytes, getConnection } from "../db.server";
import { heldInEscrowTiyn } from "../domain/escrow/ledger-reads.server";
import { outboxBacklog } from "../domain/notify/outbox.server";
import { overdueDeadlines } from "../domain/orders/order-events.server";
import { getEnv } from "../env.server";
import { holdsBackgroundWork } from "../jobs.server";
import { family } from "./prometheus";

/** The request's `Authorization: Bearer …` token, or null when it carries none. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("Authorization");
  if (!header) return null;
  return /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] ?? "";
}

/** Compared in constant time, as digests so the lengths need not match. */
export function isMetricsToken(token: string): boolean {
  const expected = getEnv().METRICS_TOKEN;
  if (!expected) return false;
  const digest = (text: string) => crypto.createHash("sha256").update(text).digest();
  return crypto.timingSafeEqual(digest(token), digest(expected));
}

export function operationalMetrics(httpMetrics: string, now: Date): string {
  const connection = getConnection();
  const { db } = connection;
  const files = databaseFileBytes(connection);
  const outbox = outboxBacklog(db, now);
  const deadlines = overdueDeadlines(db, now);
  const memory = process.memoryUsage();
  return [
    httpMetrics,
    family("auyl_sqlite_wal_bytes", "gauge", "Size of the database's write-ahead log file (DB-08: it should shrink back after checkpoints).", [{ value: files.walBytes }]),
    family("auyl_sqlite_database_bytes", "gauge", "Size of the database file.", [{ value: files.databaseBytes }]),
    family("auyl_sms_outbox_pending", "gauge", "SMS messages queued and not yet delivered.", [{ value: outbox.pending }]),
    family("auyl_sms_outbox_oldest_pending_seconds", "gauge", "How long the oldest undelivered SMS has waited (0 when none).", [{ value: outbox.oldestWaitSeconds }]),
    family("auyl_deadlines_overdue", "gauge", "Order deadlines that passed and are not yet applied.", [{ value: deadlines.count }]),
    family("auyl_deadlines_oldest_overdue_seconds", "gauge", "How long ago the oldest unapplied deadline passed (due-job lag; 0 when none).", [{ value: deadlines.oldestLateSeconds }]),
    family("auyl_escrow_held_tiyn", "gauge", "Buyers' money held in escrow, in tiyn (1 tenge = 100 tiyn), from the ledger.", [{ value: heldInEscrowTiyn(db) }]),
    family("auyl_server_process", "gauge", "The server process that answered this scrape (one of WEB_CONCURRENCY; the HTTP counters and memory above and below are its own), 1.", [{ labels: { pid: String(process.pid) }, value: 1 }]),
    family("auyl_background_work_holder", "gauge", "1 when the answering process holds the background work (deadlines, outbox, backups, checkpoints): exactly one process on the database does.", [{ value: holdsBackgroundWork() ? 1 : 0 }]),
    family("process_resident_memory_bytes", "gauge", "Resident memory of the server process (DESIGN §6 budget: 250 MB).", [{ value: memory.rss }]),
    family("nodejs_heap_used_bytes", "gauge", "V8 heap in use.", [{ value: memory.heapUsed }]),
    family("process_start_time_seconds", "gauge", "When the server process started, in Unix seconds.", [{ value: Math.round(Date.now() / 1000 - process.uptime()) }]),
  ].join("");
}
