/**
 * The work the clock does (DESIGN §3): deadlines that passed, refunds the
 * provider has yet to pay, messages not yet delivered, uploaded photos no
 * listing took within a day (issue 13 §8). Run every minute by
 * the server and by `npm run jobs:due`; two runs at once apply each deadline
 * once (conditional updates) and post each refund once (ledger keys).
 * And the backups (DB-06), each in a child process of its own.
 */
import type { Db } from "./db.server";
import { backupSettings, backupStamps, type BackupSettings } from "./domain/ops/backup.server";
import { isBackupDue } from "./domain/ops/backup-retention";
import { startBackup, stopBackup } from "./domain/ops/backup-runner.server";
import { deliverPending, getSmsSender } from "./domain/notify/outbox.server";
import { runDueDeadlines } from "./domain/orders/order-events.server";
import { payPendingRefunds } from "./domain/payments/payments.server";
import { clearStagedPhotos } from "./domain/catalog/photo-staging.server";
import { clearIncoming } from "./domain/catalog/photo-store.server";
import { forgetOldKeys } from "./domain/offline/idempotency.server";

export const JOBS_INTERVAL_MS = 60_000;

export async function runDueJobs(db: Db, now: () => Date = () => new Date()): Promise<{ deadlines: number; refunds: number; photos: number }> {
  const { applied } = runDueDeadlines(db, now());
  const refunds = await payPendingRefunds(db, now);
  // Through the database this run was given (deliverSoon() would use the process's default one).
  deliverPending(db, getSmsSender(), now).catch((error: unknown) => console.warn("SMS delivery run failed", error));
  // Photos go by the wall clock, not `now`: rehearsing a later moment (`jobs:due --at`) must not
  // clear the uploads of sellers still filling in their form, and the files' times are real.
  const { photos } = clearStagedPhotos(db, new Date());
  await clearIncoming(new Date());
  // Keys of queued actions are remembered for KEY_DAYS (issue 20).
  forgetOldKeys(db, now());
  return { deadlines: applied, refunds, photos };
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
