/**
 * `npm run db:restore -- <backup file>`: puts a backup in place of
 * DATABASE_PATH, for an installation whose server is stopped. Refuses while
 * anything has the database open; checks the backup first (checksum,
 * integrity, ledger invariants); keeps the current database aside (renamed,
 * never deleted); removes stale -wal/-shm files; copies the backup's photos
 * that PHOTOS_DIR lacks. Prints what it did.
 */
import path from "node:path";
import { getEnv } from "../app/env.server";
import { restoreBackup } from "../app/domain/ops/restore.server";
import { refusalKey } from "../app/i18n/refusals";
import { translator } from "../app/i18n/translate.server";

const file = process.argv.slice(2).find((arg) => arg !== "--");
if (!file) {
  console.error("Usage: npm run db:restore -- <backup file>  (e.g. data/backups/auyl-2026-08-05T10-00-00-000Z.db)");
  process.exit(2);
}

const env = getEnv();
const databasePath = path.resolve(env.DATABASE_PATH);
const result = await restoreBackup({ backupFile: file, databasePath, photosDir: env.PHOTOS_DIR }, new Date());
if (!result.ok) {
  const t = translator("en", "money");
  console.error(`Not restored: ${t(refusalKey(result.reason), { file, database: databasePath })}`);
  for (const problem of result.problems) console.error(`  ${problem}`);
  process.exit(1);
}

console.log(`Restored ${path.resolve(file)} into ${databasePath} in ${(result.durationMs / 1000).toFixed(2)} s.`);
console.log(`  checked: checksum ${result.checksum}; integrity ok, foreign keys ok, ledger invariants hold`);
if (result.counts) console.log(`  it holds ${result.counts.orders} orders and ${result.counts.ledgerTransfers} ledger transfers`);
console.log(result.keptAside ? `  the database that was in place is kept as ${result.keptAside}` : "  there was no database in place");
for (const also of result.keptAsideAlso) console.log(`  kept with it: ${also} (a write-ahead log that could not be folded in)`);
for (const removed of result.removed) console.log(`  removed the stale ${removed}`);
console.log(`  photos: ${result.photos.copied} copied into ${path.resolve(env.PHOTOS_DIR)} (${result.photos.total} in the backup)`);
for (const problem of result.photoProblems) console.log(`  warning: ${problem}`);
console.log("Start the server again (npm start): it turns WAL back on and applies any newer migrations.");
