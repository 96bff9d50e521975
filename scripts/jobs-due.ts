/**
 * `npm run jobs:due`: applies every deadline that has passed, pays pending
 * refunds, delivers queued messages and clears uploaded photos no listing
 * took within a day, once, against DATABASE_PATH — for a
 * cron job, or after the server was down. Safe to run while the server runs.
 *
 * `--at <ISO time>` runs them as of another moment: for rehearsing what the
 * deadlines will do (and for the end-to-end tests, which cannot wait 7 days).
 */
import { parseArgs } from "node:util";
import { getConnection } from "../app/db.server";
import { runDueJobs } from "../app/jobs.server";
import { whenDelivered } from "../app/domain/notify/outbox.server";

const { values } = parseArgs({ options: { at: { type: "string" } } });
const at = values.at === undefined ? undefined : new Date(values.at);
if (at && Number.isNaN(at.getTime())) {
  console.error(`--at must be a date and time, e.g. 2026-12-05T10:00:00Z (got ${JSON.stringify(values.at)})`);
  process.exit(2);
}

async function main() {
  const { sqlite, db } = getConnection();
  const result = await runDueJobs(db, () => at ?? new Date());
  await whenDelivered();
  console.log(`Deadlines applied: ${result.deadlines}; flagged for a person: ${result.flagged}; reminders sent: ${result.reminders}; refunds paid: ${result.refunds}; unused photos cleared: ${result.photos}.`);
  sqlite.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
