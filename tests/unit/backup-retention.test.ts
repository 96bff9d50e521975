import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/env.server";
import { backupName, backupsToPrune, backupTime, isBackupDue, type BackupStamp } from "../../app/domain/ops/backup-retention";
import { backupSettings } from "../../app/domain/ops/backup.server";

/** DB-06: which backups retention deletes, and when the schedule makes the next. */

const stamp = (iso: string, verified = true): BackupStamp => {
  const createdAt = new Date(iso);
  return { name: backupName(createdAt), createdAt, verified };
};

describe("backup names", () => {
  it("carry the start time, without colons, and read back to it", () => {
    const at = new Date("2026-08-05T10:15:00.042Z");
    expect(backupName(at)).toBe("auyl-2026-08-05T10-15-00-042Z");
    expect(backupTime(backupName(at))?.toISOString()).toBe(at.toISOString());
  });

  it("other names are no backups", () => {
    for (const name of ["auyl", "auyl-2026-08-05", "other-2026-08-05T10-15-00-042Z", "auyl-2026-13-45T10-15-00-042Z", "auyl-2026-08-05T10-15-00-042Z.db"]) {
      expect(backupTime(name), name).toBeNull();
    }
  });
});

describe("retention", () => {
  const now = new Date("2026-08-05T12:00:00Z");
  const policy = { hourly: 3, daily: 2 };

  it("keeps the newest verified backup of each of the last hours and days, and failures only for those hours", () => {
    const backups = [
      stamp("2026-08-05T11:50:00Z", false), // failed 10 minutes ago: kept for the admin to see
      stamp("2026-08-05T11:40:00Z"), // hour 11 (a failure later in the hour does not take its slot); newest of 5 Aug in Almaty
      stamp("2026-08-05T11:10:00Z"), // an older one of hour 11
      stamp("2026-08-05T10:20:00Z"), // hour 10
      stamp("2026-08-05T09:50:00Z"), // hour 09: the third and last hourly slot
      stamp("2026-08-05T08:30:00Z"), // past the hourly slots, not the newest of its day
      stamp("2026-08-05T06:00:00Z", false), // failed 6 hours ago: older than 3 hours
      stamp("2026-08-04T20:00:00Z"), // 01:00 on 5 Aug in Almaty: not the newest of that day
      stamp("2026-08-04T18:30:00Z"), // 23:30 on 4 Aug in Almaty: the newest of the second day
      stamp("2026-08-04T10:00:00Z"), // an older one of 4 Aug
      stamp("2026-08-03T12:00:00Z"), // a third day: past the daily slots
    ];
    expect(backupsToPrune(backups, policy, now)).toEqual(
      ["2026-08-03T12:00:00Z", "2026-08-04T10:00:00Z", "2026-08-04T20:00:00Z", "2026-08-05T06:00:00Z", "2026-08-05T08:30:00Z", "2026-08-05T11:10:00Z"].map((iso) => backupName(new Date(iso))),
    );
  });

  it("with the defaults, an hourly schedule over 40 days keeps 48 hours and 30 days", () => {
    const hourly = Array.from({ length: 40 * 24 }, (_, i) => stamp(new Date(now.getTime() - i * 3_600_000).toISOString()));
    const pruned = new Set(backupsToPrune(hourly, { hourly: 48, daily: 30 }, now));
    const kept = hourly.filter((b) => !pruned.has(b.name));
    // The 48 newest hours (back to 13:00 UTC on 3 Aug) hold the newest backup of three Almaty days
    // (5, 4 and 3 Aug); the other 27 daily slots take 23:00 Almaty (18:00 UTC) of 2 Aug and back.
    expect(kept.slice(0, 48)).toEqual(hourly.slice(0, 48));
    const daily = kept.slice(48);
    expect(daily).toHaveLength(27);
    expect(daily.map((b) => b.createdAt.toISOString())).toEqual(Array.from({ length: 27 }, (_, i) => new Date(Date.UTC(2026, 7, 2 - i, 18)).toISOString()));
  });

  it("never deletes the newest verified backup, and failures never push a verified one out", () => {
    const minute = 60_000;
    const arbitraryBackups = fc.uniqueArray(fc.record({ minutesAgo: fc.integer({ min: 0, max: 60 * 24 * 10 }), verified: fc.boolean() }), { selector: (b) => b.minutesAgo, maxLength: 60 });
    fc.assert(
      fc.property(arbitraryBackups, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 5 }), (list, hours, days) => {
        const backups = list.map((b) => ({ ...stamp(new Date(now.getTime() - b.minutesAgo * minute).toISOString()), verified: b.verified }));
        const pruned = new Set(backupsToPrune(backups, { hourly: hours, daily: days }, now));
        const verified = backups.filter((b) => b.verified).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
        if (verified[0]) expect(pruned.has(verified[0].name)).toBe(false);
        const withoutFailures = new Set(backupsToPrune(verified, { hourly: hours, daily: days }, now));
        for (const b of verified) expect(pruned.has(b.name)).toBe(withoutFailures.has(b.name));
        expect(verified.filter((b) => !pruned.has(b.name)).length).toBeLessThanOrEqual(hours + days);
      }),
    );
  });
});

describe("the schedule", () => {
  const now = new Date("2026-08-05T12:00:00Z");
  it("starts a backup when there is none or the newest attempt is an interval old", () => {
    expect(isBackupDue([], 60, now)).toBe(true);
    expect(isBackupDue([stamp("2026-08-05T11:01:00Z")], 60, now)).toBe(false);
    expect(isBackupDue([stamp("2026-08-05T11:00:00Z")], 60, now)).toBe(true);
    // A failed attempt counts too: the next try waits an interval, not a minute.
    expect(isBackupDue([stamp("2026-08-05T11:30:00Z", false), stamp("2026-08-05T09:00:00Z")], 60, now)).toBe(false);
    expect(isBackupDue([], 0, now)).toBe(false);
  });
});

describe("the backup settings", () => {
  it("are off in development without BACKUP_DIR, beside the database in production, and refuse bad numbers by name", () => {
    const base = { DATABASE_PATH: "/srv/auyl/auyl.db" };
    expect(backupSettings(parseEnv({ ...base, NODE_ENV: "development" })).dir).toBeNull();
    expect(backupSettings(parseEnv({ ...base, NODE_ENV: "production" }))).toMatchObject({ dir: "/srv/auyl/backups", everyMinutes: 60, keep: { hourly: 48, daily: 30 } });
    expect(backupSettings(parseEnv({ ...base, BACKUP_DIR: "/mnt/backup", BACKUP_EVERY_MINUTES: "15", BACKUP_KEEP_DAILY: "0" }))).toMatchObject({ dir: "/mnt/backup", everyMinutes: 15, keep: { hourly: 48, daily: 0 } });
    expect(() => parseEnv({ BACKUP_EVERY_MINUTES: "-5" })).toThrow(/BACKUP_EVERY_MINUTES/);
    expect(() => parseEnv({ BACKUP_KEEP_HOURLY: "0" })).toThrow(/BACKUP_KEEP_HOURLY/);
  });
});
