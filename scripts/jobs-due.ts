/**
 * `npm run jobs:due`: applies every deadline that has passed, pays pending
 * refunds and delivers queued messages, once, against DATABASE_PATH — for a
 * cron job, or after the server was down. Safe to run while the server runs.
 */
import { getConnection } from "../app/db.server";
import { runDueJobs } from "../app/jobs.server";
import { whenDelivered } from "../app/domain/notify/outbox.server";

async function main() {
  const { sqlite, db } = getConnection();
  const result = await runDueJobs(db);
  await whenDelivered();
  console.log(`Deadlines applied: ${result.deadlines}; refunds paid: ${result.refunds}.`);
  sqlite.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
