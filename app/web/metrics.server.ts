/**
 * /metrics for the operator (issue 12 §6): the server processes' request
 * counts and latencies by route and their memory, summed over every process
 * (kept in server.ts, gathered by the supervisor, passed in the load context),
 * and gauges read from the database at scrape time — the WAL, the SMS outbox
 * backlog, the lag of due deadlines, the money held in escrow, which process
 * holds the background work.
 * Who may read it: an admin's session, or a scraper with METRICS_TOKEN.
 */
import crypto from "node:crypto";
import { databaseFileBytes, getConnection } from "../db.server";
import { heldInEscrowTiyn } from "../domain/escrow/ledger-reads.server";
import { outboxBacklog } from "../domain/notify/outbox.server";
import { overdueDeadlines } from "../domain/orders/order-events.server";
import { getEnv } from "../env.server";
import { leaseHolder } from "../domain/ops/lease.server";
import { BACKGROUND_LEASE } from "../jobs.server";
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

export function operationalMetrics(serverMetrics: string, now: Date): string {
  const connection = getConnection();
  const { db } = connection;
  const files = databaseFileBytes(connection);
  const outbox = outboxBacklog(db, now);
  const deadlines = overdueDeadlines(db, now);
  // The lease row names the holder `host:pid:random` (jobs.server): the pid says which process.
  const holder = leaseHolder(db, BACKGROUND_LEASE, now);
  return [
    serverMetrics,
    family("auyl_sqlite_wal_bytes", "gauge", "Size of the database's write-ahead log file (DB-08: it should shrink back after checkpoints).", [{ value: files.walBytes }]),
    family("auyl_sqlite_database_bytes", "gauge", "Size of the database file.", [{ value: files.databaseBytes }]),
    family("auyl_sms_outbox_pending", "gauge", "SMS messages queued and not yet delivered.", [{ value: outbox.pending }]),
    family("auyl_sms_outbox_oldest_pending_seconds", "gauge", "How long the oldest undelivered SMS has waited (0 when none).", [{ value: outbox.oldestWaitSeconds }]),
    family("auyl_deadlines_overdue", "gauge", "Order deadlines that passed and are not yet applied.", [{ value: deadlines.count }]),
    family("auyl_deadlines_oldest_overdue_seconds", "gauge", "How long ago the oldest unapplied deadline passed (due-job lag; 0 when none).", [{ value: deadlines.oldestLateSeconds }]),
    family("auyl_escrow_held_tiyn", "gauge", "Buyers' money held in escrow, in tiyn (1 tenge = 100 tiyn), from the ledger.", [{ value: heldInEscrowTiyn(db) }]),
    family(
      "auyl_background_work_holder",
      "gauge",
      "1 for the server process that holds the background work (deadlines, outbox, backups, checkpoints), by pid; no sample while nobody holds it.",
      holder ? [{ labels: { pid: holder.split(":")[1] ?? "" }, value: 1 }] : [],
    ),
  ].join("");
}
