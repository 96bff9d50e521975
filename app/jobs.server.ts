/**
 * The work the clock does (DESIGN §3): deadlines that passed (or flagged for a person),
 * reminders before deadlines still ahead (issue 14 §3), refunds the
 * provider has yet to pay, messages not yet delivered, uploaded photos no
 * listing took within a day (issue 13 §8), yesterday's reconciliation with
 * the payment organisation (issue 15 §4). Run every minute by
 * the server and by `npm run jobs:due`; two runs at once apply each deadline
 * once (conditional updates) and post each refund once (ledger keys).
 * And the backups (DB-06), each in a child process of its own.
 */
import os from "node:os";
import crypto from "node:crypto";
import { checkpointWal, type Connection, type Db } from "./db.server";
import { holdLease, releaseLease } from "./domain/ops/lease.server";
import { backupSettings, backupStamps, type BackupSettings } from "./domain/ops/backup.server";
import { isBackupDue } from "./domain/ops/backup-retention";
import { startBackup, stopBackup } from "./domain/ops/backup-runner.server";
import { deliverPending, deliverSoon, getSmsSender } from "./domain/notify/outbox.server";
import { runDueDeadlines } from "./domain/orders/order-events.server";
import { sendDueReminders } from "./domain/orders/order-reminders.server";
import { runDueDisputeSteps } from "./domain/trust/disputes.server";
import { payPendingRefunds } from "./domain/payments/payments.server";
import { clearStagedPhotos } from "./domain/catalog/photo-staging.server";
import { clearIncoming } from "./domain/catalog/photo-store.server";
import { runNightlyReconciliation } from "./domain/payouts/reconciliation.server";
import { forgetOldKeys } from "./domain/offline/idempotency.server";
import { runQualityMonths } from "./domain/trust/quality.server";
import { refreshLogisticsRollups } from "./domain/insights/logistics-rollups.server";

export const JOBS_INTERVAL_MS = 60_000;

export async function runDueJobs(
  db: Db,
  now: () => Date = () => new Date(),
): Promise<{ deadlines: number; flagged: number; reminders: number; refunds: number; photos: number }> {
  const { applied, flagged } = runDueDeadlines(db, now());
  // The dispute ladder's own deadlines: an answer not given, an appeal window passed (decision 0033).
  const ladder = runDueDisputeSteps(db, now());
  // After the deadlines: a reminder goes only to a deadline still ahead.
  const reminders = sendDueReminders(db, now());
  const refunds = await payPendingRefunds(db, now);
  // Through the database this run was given (deliverSoon() would use the process's default one).
  deliverPending(db, getSmsSender(), now).catch((error: unknown) => console.warn("SMS delivery run failed", error));
  // Photos go by the wall clock, not `now`: rehearsing a later moment (`jobs:due --at`) must not
  // clear the uploads of sellers still filling in their form, and the files' times are real.
  const { photos } = clearStagedPhotos(db, new Date());
  await clearIncoming(new Date());
  // Yesterday's list of the payment organisation against the ledger, once a day (a run is written down; nothing is corrected).
  await runNightlyReconciliation(db, now()).catch((error: unknown) => console.warn("Reconciliation failed", error));
  // Keys of queued actions are remembered for KEY_DAYS (issue 20).
  forgetOldKeys(db, now());
  // Last month's quality index, each seller once (issue 16 §5).
  runQualityMonths(db, now());
  // The insights' logistics figures of the last and the current month (shipments arrive, parcels are found lost).
  refreshLogisticsRollups(db, now());
  return { deadlines: applied + ladder, flagged, reminders, refunds, photos };
}

/** Starts the in-server scheduler; returns the function that stops it. */
export function scheduleJobs(db: Db): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runDueJobs(db)
      .catch((error: unknown) => console.warn("Scheduled jobs failed", error))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, JOBS_INTERVAL_MS);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}

// ---------------------------------------------------------------------------
// Backups (docs/decisions/0013-online-backups-and-restore.md)

/** How often the schedule looks whether a backup is due. */
export const BACKUP_CHECK_MS = 60_000;

/** Starts the backup schedule (checked every minute; a backup when the newest is an interval old); returns the function that stops it. */
export function scheduleBackups(settings: BackupSettings = backupSettings()): () => void {
  // Off or manual only: still stops a backup the admin started when the server stops.
  if (!settings.dir || settings.everyMinutes === 0) return stopBackup;
  const dir = settings.dir;
  const tick = () => {
    try {
      if (isBackupDue(backupStamps(dir), settings.everyMinutes, new Date())) startBackup(settings);
    } catch (error) {
      console.warn("Backup: the schedule could not read", dir, error);
    }
  };
  // The first look comes a minute after start, once migrations and seeding are under way.
  const timer = setInterval(tick, BACKUP_CHECK_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    stopBackup();
  };
}

// ---------------------------------------------------------------------------
// Who does the background work (docs/decisions/0021-several-server-processes-one-file.md)

export const BACKGROUND_LEASE = "background_work";
/** A holder that stops renewing (a crash) hands the work on this long after its last renewal. */
export const BACKGROUND_LEASE_TERM_MS = 30_000;
const BACKGROUND_RENEW_MS = 10_000;
/** Messages whose delivery failed are tried again this often. */
const OUTBOX_RETRY_MS = 30_000;

/** This process's name in the lease row: host, pid and a random part (a pid can be reused after a crash). */
export const PROCESS_HOLDER = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;

let holdingBackgroundWork = false;

/**
 * Every server process calls this at start; exactly one of them at a time
 * holds the lease and runs the schedules — due deadlines and refunds, the
 * outbox's retries, the backups, the WAL checkpoints — and the others only
 * keep asking, so that a crashed holder's work moves to one of them within a
 * lease term. Returns the function that stops the work and gives the lease up.
 */
export function scheduleBackgroundWork(connection: Connection, holder: string = PROCESS_HOLDER): () => void {
  const { db } = connection;
  let stopHeld: (() => void) | undefined;
  const startHeld = () => {
    const stopJobs = scheduleJobs(db);
    const stopBackups = scheduleBackups();
    deliverSoon();
    const retry = setInterval(deliverSoon, OUTBOX_RETRY_MS);
    const checkpoints = setInterval(() => checkpointWal(connection), CHECKPOINT_EVERY_MS);
    retry.unref();
    checkpoints.unref();
    return () => {
      stopJobs();
      stopBackups();
      clearInterval(retry);
      clearInterval(checkpoints);
    };
  };
  const renew = () => {
    let held = false;
    try {
      held = holdLease(db, BACKGROUND_LEASE, holder, new Date(), BACKGROUND_LEASE_TERM_MS);
    } catch (error) {
      console.warn("Background work: the lease could not be renewed", error);
    }
    if (held && !stopHeld) {
      console.log(`Background work (deadlines, outbox, backups, checkpoints): this process holds it (pid ${process.pid}).`);
      stopHeld = startHeld();
    } else if (!held && stopHeld) {
      console.log(`Background work: another process took it over (pid ${process.pid} stops).`);
      stopHeld();
      stopHeld = undefined;
    }
    holdingBackgroundWork = held;
  };
  renew();
  const timer = setInterval(renew, BACKGROUND_RENEW_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    stopHeld?.();
    stopHeld = undefined;
    if (holdingBackgroundWork) {
      holdingBackgroundWork = false;
      try {
        releaseLease(db, BACKGROUND_LEASE, holder);
      } catch (error) {
        console.warn("Background work: the lease could not be given up", error);
      }
    }
  };
}

/** How often the holder checkpoints the WAL (DB-08), on top of SQLite's own automatic checkpoints. */
export const CHECKPOINT_EVERY_MS = 60_000;
