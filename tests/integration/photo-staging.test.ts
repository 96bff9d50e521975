/**
 * Uploaded photos wait in a staging area until a listing takes them, and the
 * job clears those no listing took within a day (issue 13 §8); a form whose
 * fields are wrong is answered before any photo is decoded or stored. Forms
 * with files stream them to disk and hold one of the person's two upload
 * slots (issue 13 §4). Only routes, the job and the disk are used, so every
 * test here also runs against the code before the staging area.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { runDueJobs } from "../../app/jobs.server";
import * as editRoute from "../../app/routes/seller_.listings.$id";
import * as newRoute from "../../app/routes/seller_.listings.new";
import * as uploadRoute from "../../app/routes/seller_.listings.photos";
import { createListing } from "../../app/domain/catalog/listings.server";
import { listingInput } from "../../app/domain/catalog/listing-rules";
import { eq } from "drizzle-orm";
import { listingPhotos, listings, sellers, villages } from "../../db/schema";
import { seedCategories } from "../../db/seed/seed";
import type { Db } from "../../app/db.server";
import { BASE, context, cookieHeader, csrfPair, post, testApp } from "../support/app";
import { approvedSeller, categoryId, chairFields, file, jpeg, postMultipart, usePhotoFolder } from "../support/catalog";

const photoDir = usePhotoFolder();
// Every test re-encodes photos with sharp: allow for two cores shared with other runs.
vi.setConfig({ testTimeout: 60_000 });

const HOUR = 60 * 60 * 1000;
// Each test starts with no photos on disk.
beforeEach(() => {
  for (const entry of fs.readdirSync(photoDir)) fs.rmSync(path.join(photoDir, entry), { recursive: true, force: true });
});
const PHOTO_FILE = /^([0-9a-f]{64})-(320|640|1280)\.webp$/;

async function world() {
  const app = testApp();
  seedCategories(app.db);
  const sellers = [
    await approvedSeller(app.db, app.sms, "+77011112201", "besagash", "Асқар"),
    await approvedSeller(app.db, app.sms, "+77011112202", "besagash", "Бекзат"),
    await approvedSeller(app.db, app.sms, "+77011112203", "turgen", "Гүлнар"),
  ];
  return { ...app, sellers, seller: sellers[0]!, chairs: categoryId(app.db, "tables-chairs") };
}
type World = Awaited<ReturnType<typeof world>>;

/** Photo files on disk, by hash: how many of the three widths each has. */
function photoFiles(): Map<string, number> {
  const files = new Map<string, number>();
  if (!fs.existsSync(photoDir)) return files;
  for (const name of fs.readdirSync(photoDir)) {
    const match = PHOTO_FILE.exec(name);
    if (match) files.set(match[1]!, (files.get(match[1]!) ?? 0) + 1);
  }
  return files;
}

function fileCount(): number {
  return [...photoFiles().values()].reduce((a, b) => a + b, 0);
}

/** Whatever is left over from requests: files besides the photos (temporary uploads, half-written variants). */
function leftovers(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (!(dir === photoDir && PHOTO_FILE.test(entry.name))) found.push(path.join(dir, entry.name));
    }
  };
  walk(photoDir);
  return found;
}

function shownHashes(db: Db): Set<string> {
  return new Set(db.select({ hash: listingPhotos.hash }).from(listingPhotos).all().map((row) => row.hash));
}

/** Files no listing shows, and photos of listings that lack a file. */
function audit(db: Db): { orphans: number; missing: number } {
  const shown = shownHashes(db);
  const files = photoFiles();
  return {
    orphans: [...files.keys()].filter((hash) => !shown.has(hash)).length,
    missing: [...shown].filter((hash) => files.get(hash) !== 3).length,
  };
}

/** The page script's upload of one photo; the hash, or the status and message. */
async function upload(cookie: string, photo: Buffer, name = "IMG.jpg"): Promise<{ status: number; hash?: string; error?: string; retryAfter: string | null }> {
  const csrf = await csrfPair();
  const body = new FormData();
  body.append("csrf", csrf.token);
  body.append("photo", file(photo, name));
  const request = new Request(`${BASE}/seller/listings/photos`, { method: "POST", headers: { Cookie: cookieHeader(csrf.cookie, cookie) }, body });
  const response = (await uploadRoute.action({ request, params: {}, context: context() })) as Response;
  const answer = (await response.json()) as { hash?: string; error?: string };
  return { status: response.status, ...answer, retryAfter: response.headers.get("Retry-After") };
}

const newListing = (w: World, cookie: string, fields: Record<string, string | string[]>, photos: { name: string; data: Buffer }[] = []) =>
  postMultipart(newRoute.action, "/seller/listings/new", { ...chairFields(w.chairs), ...fields }, photos.map((p) => ({ name: "photos", file: file(p.data, p.name) })), { cookie });

const listingsOf = (db: Db) => db.select().from(listings).all();

/** Runs the job with the clock `hours` ahead (the photo job goes by the wall clock, not by a rehearsed moment). */
async function jobAfter(db: Db, hours: number) {
  const later = new Date(Date.now() + hours * HOUR);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(later);
  try {
    return await runDueJobs(db);
  } finally {
    vi.useRealTimers();
  }
}

describe("a listing form is checked before its photos (issue 13 §8)", () => {
  it("answers wrong fields with 400 without decoding or storing the chosen photos, keeping what was typed and the kept photos", async () => {
    const w = await world();
    const uploaded = await upload(w.seller.cookie, await jpeg(900, 700, { r: 200, g: 10, b: 10 }));
    expect(uploaded.status).toBe(200);
    const before = fileCount();
    expect(before).toBe(3);

    const seven = await Promise.all(Array.from({ length: 7 }, (_, i) => jpeg(1200, 900, { r: 20 * i, g: 90, b: 60 })));
    const answer = await newListing(w, w.seller.cookie, { title: "Аб", price: "жиырма", kept: uploaded.hash! }, seven.map((data, i) => ({ name: `IMG_${i}.jpg`, data })));
    expect(answer.status).toBe(400);
    // Not one of the seven was stored.
    expect(fileCount()).toBe(before);
    const data = answer.data as { values: Record<string, string>; errors: Record<string, string>; photoProblems: { name: string; reason: string }[]; kept: { hash: string }[] };
    expect(data.values).toMatchObject({ title: "Аб", price: "жиырма", description: "Емен ағашынан жасалған орындық" });
    expect(data.errors).toMatchObject({ title: "catalog:errors.title_short", price: "catalog:errors.price", photos: "catalog:errors.photos_not_read" });
    // The photo uploaded before is kept; the files chosen now are named, to be chosen again.
    expect(data.kept.map((p) => p.hash)).toEqual([uploaded.hash]);
    expect(data.photoProblems).toEqual(seven.map((_, i) => ({ name: `IMG_${i}.jpg`, reason: "photo.not_read" })));
    expect(listingsOf(w.db)).toHaveLength(0);
    // Nothing of the request stays on disk.
    expect(leftovers()).toEqual([]);
  });

  it("answers a wrong edit with 400 without storing its photos", async () => {
    const w = await world();
    const created = await newListing(w, w.seller.cookie, {}, [{ name: "a.jpg", data: await jpeg(800, 600) }]);
    expect(created.status).toBe(303);
    const [listing] = listingsOf(w.db);
    const before = fileCount();
    const answer = await postMultipart(
      editRoute.action,
      `/seller/listings/${listing!.id}`,
      { ...chairFields(w.chairs), intent: "save", stock: "много" },
      [{ name: "photos", file: file(await jpeg(700, 500, { r: 1, g: 200, b: 1 }), "b.jpg") }],
      { cookie: w.seller.cookie, params: { id: String(listing!.id) } },
    );
    expect(answer.status).toBe(400);
    expect((answer.data as { errors: Record<string, string> }).errors).toMatchObject({ stock: "catalog:errors.stock", photos: "catalog:errors.photos_not_read" });
    expect(fileCount()).toBe(before);
    expect(w.db.select().from(listingPhotos).all()).toHaveLength(1);
  });
});

describe("the staging area and its job (issue 13 §8)", () => {
  it("removes a photo uploaded and never used once it is a day old, and then asks for it again", async () => {
    const w = await world();
    const uploaded = await upload(w.seller.cookie, await jpeg(900, 700));
    expect(photoFiles().get(uploaded.hash!)).toBe(3);

    await jobAfter(w.db, 23);
    expect(photoFiles().get(uploaded.hash!)).toBe(3);
    await jobAfter(w.db, 25);
    expect(photoFiles().has(uploaded.hash!)).toBe(false);

    // The form that still carries it says so, keeps the rest, and creates nothing.
    const answer = await newListing(w, w.seller.cookie, { kept: uploaded.hash! });
    expect(answer.status).toBe(400);
    expect((answer.data as { photoProblems: unknown[] }).photoProblems).toEqual([{ name: "", reason: "photo.expired" }]);
    expect(listingsOf(w.db)).toHaveLength(0);
  });

  it("never removes a photo a village page shows (a hub opened or edited with a photo)", async () => {
    const w = await world();
    const uploaded = await upload(w.seller.cookie, await jpeg(900, 700));
    w.db.update(villages).set({ photoHash: uploaded.hash!, photoWidth: 900, photoHeight: 700 }).where(eq(villages.slug, "besagash")).run();
    await jobAfter(w.db, 25);
    expect(photoFiles().get(uploaded.hash!)).toBe(3);
  });

  it("keeps a fresh upload when the deadlines are rehearsed at a later moment (jobs:due --at)", async () => {
    const w = await world();
    const uploaded = await upload(w.seller.cookie, await jpeg(900, 700));
    await runDueJobs(w.db, () => new Date(Date.now() + 8 * 24 * HOUR));
    expect(photoFiles().get(uploaded.hash!)).toBe(3);
    expect((await newListing(w, w.seller.cookie, { kept: uploaded.hash! })).status).toBe(303);
  });

  it("never removes a photo a listing shows, also when it was uploaded again or taken off another listing", async () => {
    const w = await world();
    const photo = await jpeg(900, 700, { r: 10, g: 120, b: 200 });
    const uploaded = await upload(w.seller.cookie, photo);
    expect((await newListing(w, w.seller.cookie, { kept: uploaded.hash! })).status).toBe(303);
    // The same picture on a second listing, then taken off it: the first still shows it.
    expect((await newListing(w, w.seller.cookie, { kept: uploaded.hash!, title: "Екінші орындық" })).status).toBe(303);
    const second = listingsOf(w.db)[1]!;
    const secondPhoto = w.db.select().from(listingPhotos).all().find((p) => p.listingId === second.id)!;
    const removed = await post(editRoute.action, `/seller/listings/${second.id}`, { intent: "remove-photo", photoId: String(secondPhoto.id) }, { cookie: w.seller.cookie, params: { id: String(second.id) } });
    expect(removed.status).toBe(303);
    // Another seller uploads the same picture and leaves it.
    expect((await upload(w.sellers[2]!.cookie, photo)).hash).toBe(uploaded.hash);

    await jobAfter(w.db, 50);
    expect(photoFiles().get(uploaded.hash!)).toBe(3);
    expect(audit(w.db)).toEqual({ orphans: 0, missing: 0 });
  });

  it("refuses a listing whose photo the job cleared after the form found it (the listing's own transaction checks)", async () => {
    const w = await world();
    const uploaded = await upload(w.seller.cookie, await jpeg(900, 700));
    const photo = { hash: uploaded.hash!, width: 900, height: 700 };
    await jobAfter(w.db, 25);
    const seller = w.db.select().from(sellers).where(eq(sellers.userId, w.seller.userId)).get()!;
    const listing = listingInput.parse({ language: "kk", title: "Орындық", categoryId: w.chairs, price: "100", unit: "piece", stock: "1", weightClass: "upTo15kg" });
    const by = { userId: w.seller.userId };
    expect(createListing(w.db, { sellerId: seller.id, listing, photos: [photo], publish: true, by }, new Date())).toEqual({ ok: false, reason: "listing.photo_expired" });
    expect(listingsOf(w.db)).toHaveLength(0);
  });

  it("clears a photo taken off its last listing a day later", async () => {
    const w = await world();
    expect((await newListing(w, w.seller.cookie, {}, [{ name: "a.jpg", data: await jpeg(800, 600) }, { name: "b.jpg", data: await jpeg(600, 800, { r: 5, g: 5, b: 5 }) }])).status).toBe(303);
    const [listing] = listingsOf(w.db);
    const [first, second] = w.db.select().from(listingPhotos).all();
    const removed = await post(editRoute.action, `/seller/listings/${listing!.id}`, { intent: "remove-photo", photoId: String(second!.id) }, { cookie: w.seller.cookie, params: { id: String(listing!.id) } });
    expect(removed.status).toBe(303);
    await jobAfter(w.db, 25);
    expect([...photoFiles().keys()]).toEqual([first!.hash]);
  });

  it("leaves no orphan and loses no photo of a live listing after uploads, saved, refused and abandoned forms", async () => {
    const w = await world();
    let colour = 0;
    const picture = () => jpeg(640 + (colour % 7) * 16, 480, { r: (colour * 37) % 256, g: (colour++ * 91) % 256, b: 77 });
    for (const seller of w.sellers) {
      // The page's script: four uploads, two of them used by a listing, two left.
      const hashes: string[] = [];
      for (let i = 0; i < 4; i++) hashes.push((await upload(seller.cookie, await picture())).hash!);
      expect((await newListing(w, seller.cookie, { kept: hashes.slice(0, 2) })).status).toBe(303);
      // No JavaScript: wrong fields with two photos, abandoned.
      expect((await newListing(w, seller.cookie, { price: "" }, [{ name: "x.jpg", data: await picture() }, { name: "y.jpg", data: await picture() }])).status).toBe(400);
      // A good and a broken photo: the good one is kept for the next try, which never comes.
      const refused = await newListing(w, seller.cookie, {}, [{ name: "good.jpg", data: await picture() }, { name: "bad.jpg", data: Buffer.from("<html>") }]);
      expect(refused.status).toBe(400);
      expect((refused.data as { kept: unknown[] }).kept).toHaveLength(1);
      // Saved with two photos, then one taken off and another added by the edit form.
      expect((await newListing(w, seller.cookie, { title: "Үстел" }, [{ name: "p.jpg", data: await picture() }, { name: "q.jpg", data: await picture() }])).status).toBe(303);
      const listing = listingsOf(w.db).at(-1)!;
      const photo = w.db.select().from(listingPhotos).all().find((p) => p.listingId === listing.id)!;
      const params = { id: String(listing.id) };
      expect((await post(editRoute.action, `/seller/listings/${listing.id}`, { intent: "remove-photo", photoId: String(photo.id) }, { cookie: seller.cookie, params })).status).toBe(303);
      expect((await postMultipart(editRoute.action, `/seller/listings/${listing.id}`, { ...chairFields(w.chairs), title: "Үстел", intent: "save" }, [{ name: "photos", file: file(await picture(), "r.jpg") }], { cookie: seller.cookie, params })).status).toBe(303);
    }
    const before = audit(w.db);
    // Per seller: two uploads left, one kept photo abandoned, one taken off.
    expect(before).toEqual({ orphans: 3 * 4, missing: 0 });

    await jobAfter(w.db, 1);
    expect(audit(w.db)).toEqual(before);
    await jobAfter(w.db, 25);
    expect(audit(w.db)).toEqual({ orphans: 0, missing: 0 });
    expect(shownHashes(w.db).size).toBe(3 * 4);
    expect(leftovers()).toEqual([]);
  });
});

/**
 * A multipart request whose body stops short of its end until `finish` is
 * called: the action is reading it (and holds its upload slot) meanwhile.
 */
async function heldUpload(cookie: string, photo: Buffer): Promise<{ answer: Promise<Response>; finish: () => void }> {
  const csrf = await csrfPair();
  const form = new FormData();
  form.append("csrf", csrf.token);
  form.append("photo", file(photo, "slow.jpg"));
  const encoded = new Response(form);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let finish = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, bytes.length - 200));
      finish = () => {
        controller.enqueue(bytes.subarray(bytes.length - 200));
        controller.close();
      };
    },
  });
  const request = new Request(`${BASE}/seller/listings/photos`, {
    method: "POST",
    headers: { Cookie: cookieHeader(csrf.cookie, cookie), "Content-Type": encoded.headers.get("Content-Type")! },
    body,
    duplex: "half",
  } as RequestInit);
  const answer = Promise.resolve(uploadRoute.action({ request, params: {}, context: context() })) as Promise<Response>;
  return { answer, finish: () => finish() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("uploads per person (issue 13 §4)", () => {
  it("streams each file to disk, and answers a third upload at once with a translated 429; another person's goes through", async () => {
    const w = await world();
    const [one, two] = [await heldUpload(w.seller.cookie, await jpeg(800, 600)), await heldUpload(w.seller.cookie, await jpeg(600, 800))];
    await tick();
    // Both files are arriving on disk, not in memory.
    const incoming = leftovers();
    expect(incoming).toHaveLength(2);
    expect(incoming.every((f) => fs.statSync(f).size > 1000)).toBe(true);

    const third = await upload(w.seller.cookie, await jpeg());
    expect(third).toMatchObject({ status: 429, retryAfter: "3", error: "басқа суреттеріңіз әлі жіберіліп жатыр: сәл күтіп, осы суретті қайта таңдаңыз" });
    // Without JavaScript the listing form answers 429 too, with everything typed.
    const form = await newListing(w, w.seller.cookie, { title: "Шкаф" }, [{ name: "c.jpg", data: await jpeg() }]);
    expect(form.status).toBe(429);
    expect(form.data).toMatchObject({ values: { title: "Шкаф" }, photoProblems: [{ name: "c.jpg", reason: "photo.busy" }] });
    expect(listingsOf(w.db)).toHaveLength(0);
    expect((await upload(w.sellers[1]!.cookie, await jpeg())).status).toBe(200);

    one.finish();
    two.finish();
    expect((await one.answer).status).toBe(200);
    expect((await two.answer).status).toBe(200);
    expect((await upload(w.seller.cookie, await jpeg())).status).toBe(200);
    expect(leftovers()).toEqual([]);
  });

  it("clears what a crash left in the upload folder after an hour", async () => {
    const w = await world();
    const incoming = path.join(photoDir, "incoming");
    fs.mkdirSync(incoming, { recursive: true });
    const old = path.join(incoming, "upload-left-by-a-crash");
    const running = path.join(incoming, "upload-still-arriving");
    fs.writeFileSync(old, "x");
    fs.writeFileSync(running, "x");
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    await jobAfter(w.db, 0);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(running)).toBe(true);
    fs.rmSync(running);
  });
});
