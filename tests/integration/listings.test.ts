import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "../../app/db.server";
import { changeListingStatus, createListing, getListingForEdit, quickEditListing, updateListing } from "../../app/domain/catalog/listings.server";
import { listingInput } from "../../app/domain/catalog/listing-rules";
import { foldForSearch } from "../../app/domain/catalog/search-text";
import * as adminCategories from "../../app/routes/admin_.categories";
import * as assistedEdit from "../../app/routes/coordinator_.$village_.listings.$id";
import * as assistedList from "../../app/routes/coordinator_.$village_.listings._index";
import * as assistedNew from "../../app/routes/coordinator_.$village_.listings.new";
import * as photoRoute from "../../app/routes/photos.$name";
import * as editRoute from "../../app/routes/seller_.listings.$id";
import * as listRoute from "../../app/routes/seller_.listings._index";
import * as newRoute from "../../app/routes/seller_.listings.new";
import * as uploadRoute from "../../app/routes/seller_.listings.photos";
import { categories, listingChanges, listingPhotos, listings } from "../../db/schema";
import { seedCategories } from "../../db/seed/seed";
import { languageCookie } from "../../app/web/language.server";
import { BASE, context, cookieHeader, csrfPair, get, post, testApp } from "../support/app";
import { approvedSeller, categoryId, chairFields, file, jpeg, postMultipart, usePhotoFolder } from "../support/catalog";
import { grant, signIn } from "../support/identity";

const photoDir = usePhotoFolder();
// Every test re-encodes photos with sharp: allow for two cores shared with other runs.
vi.setConfig({ testTimeout: 30_000 });

async function world() {
  const app = testApp();
  seedCategories(app.db);
  const seller = await approvedSeller(app.db, app.sms, "+77011112233", "besagash", "Асқар");
  const otherSeller = await approvedSeller(app.db, app.sms, "+77011112244", "turgen", "Бекзат");
  grant(app.db, "+77012223344", "coordinator", "besagash");
  const coordinator = await signIn(app.db, app.sms, "+77012223344");
  grant(app.db, "+77012223355", "coordinator", "turgen");
  const otherCoordinator = await signIn(app.db, app.sms, "+77012223355");
  const buyer = await signIn(app.db, app.sms, "+77013334455");
  grant(app.db, "+77014445566", "admin");
  const admin = await signIn(app.db, app.sms, "+77014445566");
  const chairs = categoryId(app.db, "tables-chairs");
  return { ...app, seller, otherSeller, coordinator, otherCoordinator, buyer, admin, chairs };
}

function listingRows(db: Db) {
  return db.select().from(listings).all();
}

function changesOf(db: Db, listingId: number) {
  return db.select().from(listingChanges).where(eq(listingChanges.listingId, listingId)).all();
}

/** A PNG whose header claims 14000×14000 pixels: a decompression bomb. */
function pixelBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(14000, 0);
  header.writeUInt32BE(14000, 4);
  header.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(Buffer.alloc(14001))), chunk("IEND", Buffer.alloc(0))]);
}

describe("a seller lists a chair (multipart, no JavaScript)", () => {
  it("creates the listing with three photos, stored as WebP under content-hashed names, searchable", async () => {
    const w = await world();
    const photos = await Promise.all([jpeg(1600, 1200, { r: 120, g: 80, b: 40 }), jpeg(900, 1200, { r: 60, g: 90, b: 30 }), jpeg(800, 800, { r: 10, g: 10, b: 200 })]);
    const answer = await postMultipart(newRoute.action, "/seller/listings/new", chairFields(w.chairs), photos.map((p, i) => ({ name: "photos", file: file(p, `IMG_00${i}.jpg`) })), { cookie: w.seller.cookie });
    expect(answer.status).toBe(303);
    const [listing] = listingRows(w.db);
    expect(answer.headers.get("Location")).toBe(`/seller/listings?done=created#listing-${listing!.id}`);
    expect(listing).toMatchObject({ titleKk: "Ағаш орындық", titleRu: "Деревянный стул", priceTiyn: 2_500_000, stock: 3, status: "active", unit: "piece", language: "kk" });
    expect(listing!.publishedAt).not.toBeNull();
    expect(listing!.searchText).toContain(foldForSearch("Ағаш орындық"));
    expect(listing!.searchText).toContain(foldForSearch("Деревянный стул"));
    const stored = w.db.select().from(listingPhotos).where(eq(listingPhotos.listingId, listing!.id)).all();
    expect(stored.map((p) => p.position)).toEqual([0, 1, 2]);
    for (const photo of stored) {
      for (const width of [320, 640, 1280]) expect(fs.existsSync(path.join(photoDir, `${photo.hash}-${width}.webp`))).toBe(true);
    }
    const [change] = changesOf(w.db, listing!.id);
    expect(change).toMatchObject({ actorUserId: w.seller.userId, onBehalf: false, consentNote: null });

    // The FTS5 index follows searchText: the listing is found by the folded prefix.
    const hits = w.sqlite.prepare("SELECT rowid FROM listings_fts WHERE listings_fts MATCH ?").all(`"${foldForSearch("орындык")}"*`);
    expect(hits).toEqual([{ rowid: listing!.id }]);

    // It is in the seller's list.
    const list = await get(listRoute.loader, "/seller/listings", { cookie: w.seller.cookie });
    expect((list.data as { listings: { id: number }[] }).listings.map((l) => l.id)).toEqual([listing!.id]);

    // The photo is served with a year's cache and nosniff.
    const served = await get(photoRoute.loader, `/photos/${stored[0]!.hash}-320.webp`, { params: { name: `${stored[0]!.hash}-320.webp` } });
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect(served.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("answers every field error with 400, translated keys, and everything typed kept; the chosen photo is named to be chosen again", async () => {
    const w = await world();
    const fields = { ...chairFields(w.chairs), title: "Аб", price: "жиырма", stock: "", madeToOrder: "on", leadDays: "500", title_en: "Wooden chair" };
    const chair = await jpeg();
    const answer = await postMultipart(newRoute.action, "/seller/listings/new", fields, [{ name: "photos", file: file(chair, "chair.jpg") }], { cookie: w.seller.cookie });
    expect(answer.status).toBe(400);
    const data = answer.data as { errors: Record<string, string>; values: Record<string, string>; kept: { hash: string }[]; photoProblems: unknown[] };
    expect(data.errors).toMatchObject({
      title: "catalog:errors.title_short",
      price: "catalog:errors.price",
      stock: "catalog:errors.stock",
      leadDays: "catalog:errors.lead_days",
      photos: "catalog:errors.photos_not_read",
    });
    expect(data.values).toMatchObject({ title: "Аб", price: "жиырма", madeToOrder: "on", leadDays: "500", title_en: "Wooden chair", description: "Емен ағашынан жасалған орындық" });
    // Fields are checked first (issue 13 §8): the photo was neither decoded nor stored.
    expect(data.kept).toHaveLength(0);
    expect(data.photoProblems).toEqual([{ name: "chair.jpg", reason: "photo.not_read" }]);
    expect(listingRows(w.db)).toHaveLength(0);

    // Sent again, corrected, with the photo chosen again: created with it.
    const again = await postMultipart(newRoute.action, "/seller/listings/new", chairFields(w.chairs), [{ name: "photos", file: file(chair, "chair.jpg") }], { cookie: w.seller.cookie });
    expect(again.status).toBe(303);
    const [listing] = listingRows(w.db);
    expect(w.db.select().from(listingPhotos).where(eq(listingPhotos.listingId, listing!.id)).all()).toHaveLength(1);
  });

  it.each([
    ["an HTML page named .jpg", () => Promise.resolve(Buffer.from("<html><script>alert(1)</script></html>")), "photo.not_an_image"],
    ["a pixel bomb", () => Promise.resolve(pixelBomb()), "photo.too_many_pixels"],
    ["a 16 MiB file", () => Promise.resolve(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(16 * 1024 * 1024)])), "photo.too_large"],
  ])("refuses %s with a translated error and keeps the rest of the form", async (_name, make, reason) => {
    const w = await world();
    const good = await jpeg();
    const answer = await postMultipart(
      newRoute.action,
      "/seller/listings/new",
      chairFields(w.chairs),
      [
        { name: "photos", file: file(good, "good.jpg") },
        { name: "photos", file: file(await make(), "bad.jpg") },
      ],
      { cookie: w.seller.cookie },
    );
    expect(answer.status).toBe(400);
    const data = answer.data as { errors: Record<string, string>; values: Record<string, string>; photoProblems: { name: string; reason: string }[]; kept: unknown[] };
    expect(data.photoProblems).toEqual([{ name: "bad.jpg", reason }]);
    expect(data.errors).toEqual({ photos: "catalog:errors.photos" });
    expect(data.values.title).toBe("Ағаш орындық");
    expect(data.kept).toHaveLength(1);
    expect(listingRows(w.db)).toHaveLength(0);
    // Streaming 16 MiB through the parser and re-encoding the good photo: seconds on a busy machine.
  }, 30_000);

  it("refuses a multipart form without the CSRF token", async () => {
    const w = await world();
    const body = new FormData();
    for (const [k, v] of Object.entries(chairFields(w.chairs))) body.append(k, v);
    const request = new Request(`${BASE}/seller/listings/new`, { method: "POST", headers: { Cookie: w.seller.cookie }, body });
    await expect(newRoute.action({ request, params: {}, context: context() })).rejects.toMatchObject({ status: 403 });
  });

  it("uploads one photo for the page's script and answers its hash, or a translated reason", async () => {
    const w = await world();
    const ok = await postMultipart(uploadRoute.action, "/seller/listings/photos", {}, [{ name: "photo", file: file(await jpeg(), "a.jpg") }], { cookie: w.seller.cookie });
    expect(ok.status).toBe(200);
    const csrf = await csrfPair();
    const body = new FormData();
    body.append("csrf", csrf.token);
    body.append("photo", file("not a photo", "a.jpg"));
    const response = (await uploadRoute.action({
      request: new Request(`${BASE}/seller/listings/photos`, { method: "POST", headers: { Cookie: cookieHeader(csrf.cookie, w.seller.cookie, (await languageCookie.serialize("ru")).split(";")[0]) }, body }),
      params: {},
      context: context(),
    })) as Response;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "это не изображение (нужен JPEG, PNG или WebP)" });
    // A buyer may not upload.
    const buyer = await postMultipart(uploadRoute.action, "/seller/listings/photos", {}, [{ name: "photo", file: file(await jpeg(), "a.jpg") }], { cookie: w.buyer.cookie });
    expect(buyer.status).toBe(403);
  });
});

async function sellerListing(w: Awaited<ReturnType<typeof world>>, overrides: Record<string, string> = {}) {
  const answer = await postMultipart(newRoute.action, "/seller/listings/new", { ...chairFields(w.chairs), ...overrides }, [{ name: "photos", file: file(await jpeg(), "a.jpg") }], { cookie: w.seller.cookie });
  if (answer.status !== 303) throw new Error(`create failed: ${JSON.stringify(answer.data)}`);
  return listingRows(w.db).at(-1)!;
}

describe("editing, status and stock", () => {
  it("sells out at zero stock from the list's quick edit and reopens when restocked", async () => {
    const w = await world();
    const listing = await sellerListing(w);
    const zero = await post(listRoute.action, "/seller/listings", { id: String(listing.id), price: "27 500", stock: "0" }, { cookie: w.seller.cookie });
    expect(zero.status).toBe(303);
    expect(listingRows(w.db)[0]).toMatchObject({ priceTiyn: 2_750_000, stock: 0, status: "sold_out" });
    const restock = await post(listRoute.action, "/seller/listings", { id: String(listing.id), price: "27 500", stock: "4" }, { cookie: w.seller.cookie });
    expect(restock.status).toBe(303);
    expect(listingRows(w.db)[0]).toMatchObject({ stock: 4, status: "active" });
    const bad = await post(listRoute.action, "/seller/listings", { id: String(listing.id), price: "-5", stock: "x" }, { cookie: w.seller.cookie });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ listingId: listing.id, price: "-5", stock: "x", errors: { price: "catalog:errors.price", stock: "catalog:errors.stock" } });
    const last = changesOf(w.db, listing.id).at(-1)!;
    expect(JSON.parse(last.change)).toEqual({ stock: [0, 4], status: ["sold_out", "active"] });
  });

  it("keeps searchText in step with every edit of the title, description and translations", async () => {
    const w = await world();
    const listing = await sellerListing(w);
    const fields = { ...chairFields(w.chairs), intent: "save", title: "Емен үстел", description: "Үлкен", title_ru: "", title_en: "Oak table" };
    const answer = await postMultipart(editRoute.action, `/seller/listings/${listing.id}`, fields, [], { cookie: w.seller.cookie, params: { id: String(listing.id) } });
    expect(answer.status).toBe(303);
    const [after] = listingRows(w.db);
    expect(after).toMatchObject({ titleKk: "Емен үстел", titleRu: null, titleEn: "Oak table" });
    expect(after!.searchText).toBe(foldForSearch("Емен үстел Oak table Үлкен"));
    expect(w.sqlite.prepare("SELECT rowid FROM listings_fts WHERE listings_fts MATCH ?").all(`"${foldForSearch("орындық")}"*`)).toEqual([]);
    expect(w.sqlite.prepare("SELECT rowid FROM listings_fts WHERE listings_fts MATCH ?").all(`"${foldForSearch("үстел")}"*`)).toEqual([{ rowid: listing.id }]);
  });

  it("publishes, pauses and resumes; a draft with zero stock publishes as sold out", async () => {
    const w = await world();
    const draft = await sellerListing(w, { intent: "draft", stock: "0" });
    expect(draft.status).toBe("draft");
    const edit = (fields: Record<string, string>) => postMultipart(editRoute.action, `/seller/listings/${draft.id}`, fields, [], { cookie: w.seller.cookie, params: { id: String(draft.id) } });
    expect((await edit({ intent: "status", to: "active" })).status).toBe(303);
    expect(listingRows(w.db)[0]!.status).toBe("sold_out");
    expect((await edit({ intent: "status", to: "paused" })).status).toBe(303);
    expect(listingRows(w.db)[0]!.status).toBe("paused");
    const refused = await edit({ intent: "status", to: "removed" });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ formError: "catalog:errors.listing.status_not_allowed" });
  });

  it("removes and reorders photos, recording each change", async () => {
    const w = await world();
    const listing = await sellerListing(w);
    const add = await postMultipart(editRoute.action, `/seller/listings/${listing.id}`, { ...chairFields(w.chairs), intent: "save" }, [{ name: "photos", file: file(await jpeg(700, 500, { r: 1, g: 200, b: 1 }), "b.jpg") }], {
      cookie: w.seller.cookie,
      params: { id: String(listing.id) },
    });
    expect(add.status).toBe(303);
    const photos = () => getListingForEdit(w.db, listing.id)!.photos;
    const [first, second] = photos();
    const edit = (fields: Record<string, string>) => postMultipart(editRoute.action, `/seller/listings/${listing.id}`, fields, [], { cookie: w.seller.cookie, params: { id: String(listing.id) } });
    expect((await edit({ intent: "move-photo", photoId: String(second!.id), direction: "earlier" })).status).toBe(303);
    expect(photos().map((p) => p.id)).toEqual([second!.id, first!.id]);
    expect((await edit({ intent: "remove-photo", photoId: String(second!.id) })).status).toBe(303);
    expect(photos().map((p) => [p.id, p.position])).toEqual([[first!.id, 0]]);
    expect(changesOf(w.db, listing.id).map((c) => Object.keys(JSON.parse(c.change) as object))).toEqual([["created", "photos"], ["photosAdded"], ["photoOrder"], ["photoRemoved"]]);
  });
});

describe("who may change a listing", () => {
  it("answers another seller's listing as missing, on every seller route", async () => {
    const w = await world();
    const listing = await sellerListing(w);
    const params = { id: String(listing.id) };
    expect((await get(editRoute.loader, `/seller/listings/${listing.id}`, { cookie: w.otherSeller.cookie, params })).status).toBe(404);
    expect((await postMultipart(editRoute.action, `/seller/listings/${listing.id}`, { intent: "status", to: "paused" }, [], { cookie: w.otherSeller.cookie, params })).status).toBe(404);
    expect((await post(listRoute.action, "/seller/listings", { id: String(listing.id), price: "1", stock: "1" }, { cookie: w.otherSeller.cookie })).status).toBe(404);
    expect((await get(editRoute.loader, `/seller/listings/${listing.id}`, { cookie: w.buyer.cookie, params })).status).toBe(404);
    expect((await get(editRoute.loader, "/seller/listings/999999", { cookie: w.seller.cookie, params: { id: "999999" } })).status).toBe(404);
    const anonymous = await get(editRoute.loader, `/seller/listings/${listing.id}`, { params });
    expect(anonymous.status).toBe(302);
    // A buyer has no shop: the new-listing form refuses before reading the body.
    expect((await postMultipart(newRoute.action, "/seller/listings/new", chairFields(w.chairs), [], { cookie: w.buyer.cookie })).status).toBe(404);
    expect(listingRows(w.db)[0]!.status).toBe("active");
  });

  it("lets the village's coordinator act for its sellers only, each change with the consent note", async () => {
    const w = await world();
    const listing = await sellerListing(w);
    const village = { village: "besagash" };
    const sellerId = String(listing.sellerId);

    // Without a consent note: refused, all typed kept.
    const noConsent = await postMultipart(assistedNew.action, "/coordinator/besagash/listings/new", { ...chairFields(w.chairs), seller: sellerId }, [], { cookie: w.coordinator.cookie, params: village });
    expect(noConsent.status).toBe(400);
    expect(noConsent.data).toMatchObject({ errors: { consentNote: "catalog:errors.consent_required" }, values: { title: "Ағаш орындық" } });

    const created = await postMultipart(
      assistedNew.action,
      "/coordinator/besagash/listings/new",
      { ...chairFields(w.chairs), seller: sellerId, title: "Киіз үй жабдығы", consentNote: "Асқар аға телефонмен келісті, 12 қараша" },
      [{ name: "photos", file: file(await jpeg(), "k.jpg") }],
      { cookie: w.coordinator.cookie, params: village },
    );
    expect(created.status).toBe(303);
    const assisted = listingRows(w.db).at(-1)!;
    expect(assisted.sellerId).toBe(listing.sellerId);
    expect(changesOf(w.db, assisted.id)[0]).toMatchObject({ actorUserId: w.coordinator.userId, onBehalf: true, consentNote: "Асқар аға телефонмен келісті, 12 қараша" });

    const quick = await post(assistedList.action, "/coordinator/besagash/listings", { id: String(listing.id), price: "30000", stock: "0", consentNote: "SMS арқылы келісті" }, { cookie: w.coordinator.cookie, params: village });
    expect(quick.status).toBe(303);
    expect(listingRows(w.db)[0]).toMatchObject({ priceTiyn: 3_000_000, status: "sold_out" });
    expect(changesOf(w.db, listing.id).at(-1)).toMatchObject({ actorUserId: w.coordinator.userId, onBehalf: true, consentNote: "SMS арқылы келісті" });
    const quickNoConsent = await post(assistedList.action, "/coordinator/besagash/listings", { id: String(listing.id), price: "30000", stock: "2" }, { cookie: w.coordinator.cookie, params: village });
    expect(quickNoConsent.status).toBe(400);

    const params = { village: "besagash", id: String(listing.id) };
    const paused = await postMultipart(assistedEdit.action, `/coordinator/besagash/listings/${listing.id}`, { intent: "status", to: "paused", consentNote: "келісті" }, [], { cookie: w.coordinator.cookie, params });
    expect(paused.status).toBe(303);

    // Another village's coordinator: the listing is not there for them; a seller is not a coordinator at all.
    expect((await get(assistedEdit.loader, `/coordinator/besagash/listings/${listing.id}`, { cookie: w.otherCoordinator.cookie, params })).status).toBe(404);
    expect((await get(assistedEdit.loader, `/coordinator/turgen/listings/${listing.id}`, { cookie: w.otherCoordinator.cookie, params: { village: "turgen", id: String(listing.id) } })).status).toBe(404);
    expect((await get(assistedList.loader, "/coordinator/besagash/listings", { cookie: w.seller.cookie, params: village })).status).toBe(403);
    expect((await postMultipart(assistedNew.action, "/coordinator/besagash/listings/new", { ...chairFields(w.chairs), seller: sellerId, consentNote: "x" }, [], { cookie: w.otherCoordinator.cookie, params: village })).status).toBe(404);
  });
});

describe("listing use cases", () => {
  it("refuses an assisted change with a blank consent note, and the database refuses one too", async () => {
    const w = await world();
    const listing = await sellerListing(w);
    const input = listingInput.parse({ language: "kk", title: "Орындық", categoryId: w.chairs, price: "100", unit: "piece", stock: "1", weightClass: "upTo15kg" });
    expect(updateListing(w.db, { listingId: listing.id, listing: input, by: { userId: w.coordinator.userId, consentNote: "  " } }, new Date())).toEqual({ ok: false, reason: "listing.consent_required" });
    expect(quickEditListing(w.db, { listingId: listing.id, priceTiyn: 100, stock: 1, by: { userId: w.coordinator.userId, consentNote: "" } }, new Date())).toEqual({ ok: false, reason: "listing.consent_required" });
    expect(() => w.sqlite.prepare("INSERT INTO listing_changes (listing_id, actor_user_id, on_behalf, consent_note, change, at) VALUES (?, ?, 1, ' ', '{}', 0)").run(listing.id, w.coordinator.userId)).toThrow(/CHECK/);
    expect(createListing(w.db, { sellerId: listing.sellerId, listing: { ...input, categoryId: 999_999 }, photos: [], publish: true, by: { userId: w.seller.userId } }, new Date())).toEqual({ ok: false, reason: "listing.category_not_found" });
    expect(changeListingStatus(w.db, { listingId: listing.id, to: "sold_out", by: { userId: w.seller.userId } }, new Date())).toEqual({ ok: false, reason: "listing.status_not_allowed" });
  });
});

describe("the admin's category editor", () => {
  it("renames in three languages, adds a child, reorders; only admins", async () => {
    const w = await world();
    const furniture = categoryId(w.db, "furniture");
    const renamed = await post(adminCategories.action, "/admin/categories", { intent: "rename", id: String(furniture), nameKk: "Жиһаздар", nameRu: "Мебель", nameEn: "Furniture" }, { cookie: w.admin.cookie });
    expect(renamed.status).toBe(303);
    expect(w.db.select().from(categories).where(eq(categories.id, furniture)).get()?.nameKk).toBe("Жиһаздар");
    const empty = await post(adminCategories.action, "/admin/categories", { intent: "rename", id: String(furniture), nameKk: "", nameRu: "Мебель", nameEn: "Furniture" }, { cookie: w.admin.cookie });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ errors: { nameKk: "catalog:errors.category_name" }, values: { nameRu: "Мебель" } });
    const added = await post(adminCategories.action, "/admin/categories", { intent: "add", id: String(furniture), slug: "cradles", nameKk: "Бесік", nameRu: "Колыбели", nameEn: "Cradles" }, { cookie: w.admin.cookie });
    expect(added.status).toBe(303);
    const cradles = categoryId(w.db, "cradles");
    const taken = await post(adminCategories.action, "/admin/categories", { intent: "add", id: String(furniture), slug: "cradles", nameKk: "Бесік", nameRu: "Колыбели", nameEn: "Cradles" }, { cookie: w.admin.cookie });
    expect(taken.data).toMatchObject({ errors: { slug: "catalog:errors.category_admin.slug_taken" } });
    const moved = await post(adminCategories.action, "/admin/categories", { intent: "move", id: String(cradles), direction: "earlier" }, { cookie: w.admin.cookie });
    expect(moved.status).toBe(303);
    const children = w.db.select().from(categories).where(eq(categories.parentId, furniture)).all().sort((a, b) => a.position - b.position);
    expect(children.at(-2)?.slug).toBe("cradles");
    expect((await get(adminCategories.loader, "/admin/categories", { cookie: w.coordinator.cookie })).status).toBe(403);
    expect((await post(adminCategories.action, "/admin/categories", { intent: "move", id: String(cradles), direction: "earlier" }, { cookie: w.seller.cookie })).status).toBe(403);
  });
});

describe("the photo route", () => {
  it.each(["../../etc/passwd", "abc.webp", `${"a".repeat(64)}-320.png`, `${"A".repeat(64)}-320.webp`, `${"a".repeat(64)}-999.webp`, `${"a".repeat(64)}-320.webp`])("answers %j with 404", async (name) => {
    const answer = await get(photoRoute.loader, `/photos/${encodeURIComponent(name)}`, { params: { name } });
    expect(answer.status).toBe(404);
    expect(answer.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
