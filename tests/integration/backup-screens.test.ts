/**
 * The admin's backups page (DB-06): the backups on disk with their time, size
 * and verdict, and "Back up now", which runs the real backup command in a
 * child process as the server's schedule does.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isBackupRunning } from "../../app/domain/ops/backup-runner.server";
import { makeBackup, setBackupSettings, type BackupSettings } from "../../app/domain/ops/backup.server";
import { formatDateTime } from "../../app/i18n/format";
import * as adminBackups from "../../app/routes/admin_.backups";
import { listingPhotos } from "../../db/schema";
import { get, post, testApp } from "../support/app";
import { grant, signIn } from "../support/identity";
import { T0 } from "../support/ledger";
import { makeListing, orderWorld } from "../support/orders";

const dirs: string[] = [];
afterEach(() => {
  setBackupSettings(undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Page = Awaited<ReturnType<typeof adminBackups.loader>>;

async function world() {
  const app = testApp();
  grant(app.db, "+77010000005", "admin");
  const admin = await signIn(app.db, app.sms, "+77010000005");
  const buyer = await signIn(app.db, app.sms, "+77010000001");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-backups-page-"));
  dirs.push(dir);
  const settings: BackupSettings = { dir: path.join(dir, "backups"), everyMinutes: 60, keep: { hourly: 48, daily: 30 }, databasePath: app.sqlite.name, photosDir: path.join(dir, "photos") };
  setBackupSettings(settings);
  return { app, admin, buyer, settings };
}

describe("/admin/backups", () => {
  it("lists each backup with its time, size, orders and whether it passed its checks, to admins only", async () => {
    const { app, admin, buyer, settings } = await world();
    const input = { databasePath: settings.databasePath, backupDir: settings.dir!, photosDir: settings.photosDir, keep: settings.keep };
    await makeBackup(input, () => new Date("2026-08-05T09:00:00Z"));
    // A listing photo whose files are not on disk: the next backup does not verify.
    const w = orderWorld(app.db);
    app.db.insert(listingPhotos).values({ listingId: makeListing(app.db, w.sellerA, { priceTiyn: 100, stock: 1 }), hash: "a".repeat(64), width: 1, height: 1, position: 0, createdAt: T0 }).run();
    await makeBackup(input, () => new Date("2026-08-05T10:00:00Z"));

    expect((await get(adminBackups.loader, "/admin/backups", { cookie: buyer.cookie })).status).toBe(403);
    const answer = await get(adminBackups.loader, "/admin/backups", { cookie: admin.cookie });
    expect(answer.status).toBe(200);
    const page = answer.data as Page;
    expect(page).toMatchObject({ dir: settings.dir, everyMinutes: 60, running: false });
    expect(page.backups.map((b) => [b.made, b.verified, b.orders])).toEqual([
      [formatDateTime(new Date("2026-08-05T10:00:00Z"), "kk"), false, "0"],
      [formatDateTime(new Date("2026-08-05T09:00:00Z"), "kk"), true, "0"],
    ]);
    // Kazakh by default: "0,3 MБ".
    expect(page.backups[0]!.size).toMatch(/^\d+(,\d)?\s\S+$/);
    expect(page.backups[0]!.problems).toEqual([expect.stringContaining("photos: 3 files of listing photos are missing")]);
    expect(page.backups[1]!.file).toBe("auyl-2026-08-05T09-00-00-000Z.db");
  });

  it("Back up now runs the backup command in the background, once at a time, and the page then lists it verified", async () => {
    const { admin, settings } = await world();
    const first = await post(adminBackups.action, "/admin/backups", {}, { cookie: admin.cookie });
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe("/admin/backups?done=started");
    const second = await post(adminBackups.action, "/admin/backups", {}, { cookie: admin.cookie });
    expect(second.headers.get("Location")).toBe("/admin/backups?done=running");
    expect(((await get(adminBackups.loader, "/admin/backups?done=running", { cookie: admin.cookie })).data as Page).running).toBe(true);

    const until = Date.now() + 60_000;
    while (isBackupRunning() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const page = (await get(adminBackups.loader, "/admin/backups", { cookie: admin.cookie })).data as Page;
    expect(page.running).toBe(false);
    expect(page.backups).toHaveLength(1);
    expect(page.backups[0]).toMatchObject({ verified: true, problems: [] });
    expect(fs.readdirSync(settings.dir!).filter((f) => f.endsWith(".db"))).toEqual([page.backups[0]!.file]);
  }, 90_000);

  it("with backups off, says how to turn them on, and Back up now answers 409", async () => {
    const { admin, settings } = await world();
    setBackupSettings({ ...settings, dir: null });
    const page = (await get(adminBackups.loader, "/admin/backups", { cookie: admin.cookie })).data as Page;
    expect(page).toMatchObject({ dir: null, backups: [], running: false });
    const answer = await post(adminBackups.action, "/admin/backups", {}, { cookie: admin.cookie });
    expect(answer.status).toBe(409);
    expect(answer.data).toEqual({ error: "money:backups.errors.off" });
  });
});
