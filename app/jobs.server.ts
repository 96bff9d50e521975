/**
 * The work the clock does (DESIGN §3): deadlines that passed, refunds the
 * provider has yet to pay, messages not yet delivered, uploaded photos no
 * listing took within a day (issue 13 §8). Run every minute by
 * the server and by `npm run jobs:due`; two runs at once apply each deadline
 * once (conditional updates) and post each refund once (ledger keys).
 */
import type { Db } from "./db.server";
import { deliverPending, getSmsSender } from "./domain/notify/outbox.server";
import { runDueDeadlines } from "./domain/orders/order-events.server";
import { payPendingRefunds } from "./domain/payments/payments.server";
import { clearStagedPhotos } from "./domain/catalog/photo-staging.server";
import { clearIncoming } from "./domain/catalog/photo-store.server";

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
