/**
 * Running a backup from the server (the schedule in app/jobs.server.ts, the
 * admin's "Back up now"): `scripts/db-backup.ts` in a child process, one at a
 * time per server. A child, because checking the copy of a large database
 * takes CPU time that would otherwise stall every request (about a second
 * on the demo database, growing with the data).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { backupSettings, sharesDiskWithDatabase, type BackupSettings } from "./backup.server";

let backupChild: ChildProcess | null = null;

export function isBackupRunning(): boolean {
  return backupChild !== null;
}

/** Starts a backup, unless one this server started is still running; its lines go to the server's log. */
export function startBackup(settings: BackupSettings = backupSettings()): "started" | "running" | "off" {
  if (!settings.dir) return "off";
  if (backupChild) return "running";
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  const child = spawn(process.execPath, [tsx, path.resolve("scripts/db-backup.ts"), "--dir", settings.dir], {
    env: {
      ...process.env,
      DATABASE_PATH: settings.databasePath,
      PHOTOS_DIR: settings.photosDir,
      BACKUP_KEEP_HOURLY: String(settings.keep.hourly),
      BACKUP_KEEP_DAILY: String(settings.keep.daily),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  backupChild = child;
  const relay = (log: (line: string) => void) => (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) log(`Backup: ${line}`);
  };
  child.stdout?.on("data", relay((line) => console.log(line)));
  child.stderr?.on("data", relay((line) => console.warn(line)));
  const done = (code: number | null, signal: NodeJS.Signals | null) => {
    if (backupChild !== child) return;
    backupChild = null;
    if (code !== 0) console.warn(`Backup: did not complete verified (${signal ?? `exit ${String(code)}`}); its record in ${settings.dir} says why.`);
  };
  child.on("error", (error) => {
    console.warn("Backup: could not start", error);
    done(null, null);
  });
  child.on("exit", done);
  return "started";
}

/** Stops a backup this server started (at shutdown); its half-written copy is pruned a day later. */
export function stopBackup(): void {
  backupChild?.kill("SIGTERM");
}

/** One line for the start-up log: where backups go and how often, or why there are none. */
export function describeBackupPlan(settings: BackupSettings = backupSettings()): string {
  if (!settings.dir) return "Backups are off: set BACKUP_DIR (README, Configuration) or run npm run db:backup.";
  const every = settings.everyMinutes === 0 ? "only by npm run db:backup or the admin's page" : `every ${settings.everyMinutes} min`;
  const plan = `Backups ${every} into ${settings.dir} (keeping ${settings.keep.hourly} hourly, ${settings.keep.daily} daily).`;
  return sharesDiskWithDatabase(settings) ? `${plan} They are on the database's own disk: mount another disk at BACKUP_DIR.` : plan;
}
