/**
 * `npm run db:backup`: an online backup of DATABASE_PATH and its photos into
 * BACKUP_DIR (or `--dir <dir>`; without either, `backups/` beside the
 * database), verified, recorded and pruned as the server's schedule does it.
 * Safe while the server runs: it reads through its own connection and never
 * writes to the database. Exits with 1 when the backup failed or did not verify.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { getEnv } from "../app/env.server";
import { backupSettings, defaultBackupDir, makeBackup, type BackupRecord } from "../app/domain/ops/backup.server";

const { values } = parseArgs({ options: { dir: { type: "string" } } });
const env = getEnv();
const settings = backupSettings(env);
const backupDir = path.resolve(values.dir ?? settings.dir ?? defaultBackupDir(env));

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function describe(record: BackupRecord & { pruned: string[] }): string[] {
  const where = record.file ? path.join(backupDir, record.file) : backupDir;
  const lines = [`${where}: ${record.verified ? "verified" : "NOT VERIFIED"}`];
  if (record.counts) {
    lines.push(`  ${record.counts.orders} orders, ${record.counts.ledgerTransfers} ledger transfers, ${record.counts.listingPhotos} listing photos`);
  }
  if (record.sizeBytes !== null) {
    const d = record.durationMs;
    lines.push(`  ${megabytes(record.sizeBytes)} in ${seconds(d.total)} (copy ${seconds(d.copy)}, photos ${seconds(d.photos)}, checks ${seconds(d.verify)}); sha256 ${record.sha256}`);
  }
  lines.push(`  photos: ${record.photos.copied} new (${megabytes(record.photos.copiedBytes)}) of ${record.photos.total}, in ${path.join(backupDir, "photos")}`);
  for (const problem of record.problems) lines.push(`  problem: ${problem}`);
  if (record.pruned.length > 0) lines.push(`  pruned by retention: ${record.pruned.join(", ")}`);
  return lines;
}

const record = await makeBackup({ databasePath: settings.databasePath, backupDir, photosDir: settings.photosDir, keep: settings.keep });
const lines = describe(record);
if (record.verified) console.log(lines.join("\n"));
else {
  console.error(lines.join("\n"));
  process.exitCode = 1;
}
