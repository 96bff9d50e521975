/**
 * Which backups to keep (pure: names and times in, names out). A backup is
 * `auyl-<UTC time>.db` with its record `auyl-<UTC time>.json` beside it; the
 * time is in the name so that a directory listing sorts by age and a record
 * lost or damaged still says when its backup was made.
 *
 * Retention in the manner of grandfather-father-son rotation: of the verified
 * backups, the newest of each of the last `hourly` hours that have one and the
 * newest of each of the last `daily` days (Kazakhstan's days) that have one.
 * Counting hours and days that *have* a backup, not calendar time, means a
 * server that was off for a week still keeps its last good copies. A backup
 * that failed verification never takes a slot — failures cannot push good
 * copies out — and is kept for `hourly` hours so an admin sees it.
 */
import { almatyDay } from "../insights/calendar";

export interface RetentionPolicy {
  hourly: number;
  daily: number;
}

export interface BackupStamp {
  /** The name without its extension: `auyl-2026-08-05T10-15-00-000Z`. */
  name: string;
  createdAt: Date;
  verified: boolean;
}

const NAME = /^auyl-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/;
const HOUR_MS = 3_600_000;

/** The name of a backup started at this moment; colons are left out for the disks that refuse them. */
export function backupName(at: Date): string {
  return `auyl-${at.toISOString().replace(/:/g, "-").replace(".", "-")}`;
}

/** When a backup of this name was started, or null for a name that is not a backup's. */
export function backupTime(name: string): Date | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, day, hours, minutes, seconds, millis] = match;
  const at = new Date(`${day}T${hours}:${minutes}:${seconds}.${millis}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The backups to delete, by name, oldest first. */
export function backupsToPrune(backups: readonly BackupStamp[], policy: RetentionPolicy, now: Date): string[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set<string>();
  const hours = new Set<string>();
  const days = new Set<string>();
  for (const backup of newestFirst) {
    if (!backup.verified) {
      if (now.getTime() - backup.createdAt.getTime() < policy.hourly * HOUR_MS) keep.add(backup.name);
      continue;
    }
    const hour = backup.createdAt.toISOString().slice(0, 13);
    if (!hours.has(hour) && hours.size < policy.hourly) {
      hours.add(hour);
      keep.add(backup.name);
    }
    const day = almatyDay(backup.createdAt);
    if (!days.has(day) && days.size < policy.daily) {
      days.add(day);
      keep.add(backup.name);
    }
  }
  return newestFirst
    .filter((backup) => !keep.has(backup.name))
    .map((backup) => backup.name)
    .reverse();
}

/** Whether the schedule should start a backup: none yet, or the newest attempt is an interval old. */
export function isBackupDue(backups: readonly BackupStamp[], everyMinutes: number, now: Date): boolean {
  if (everyMinutes <= 0) return false;
  const newest = Math.max(...backups.map((b) => b.createdAt.getTime()), Number.NEGATIVE_INFINITY);
  return now.getTime() - newest >= everyMinutes * 60_000;
}
