import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { searchCatalog } from "../../app/domain/catalog/search.server";
import { getDistrict, getVillage } from "../../app/domain/geo/geo.server";
import { applyKatoEdition } from "../../app/domain/geo/kato-import.server";
import { createPickupPoint, pickupPointFilterChoices } from "../../app/domain/logistics/pickup-points.server";
import { listVillageChoices } from "../../app/domain/identity/users.server";
import { findVillageArea } from "../../app/domain/insights/areas.server";
import * as admin from "../../app/routes/admin";
import * as adminHubs from "../../app/routes/admin_.hubs._index";
import * as openHub from "../../app/routes/admin_.hubs.new";
import * as adminUser from "../../app/routes/admin_.users.$user";
import * as villagePage from "../../app/routes/coordinator_.$village_.page";
import * as newListing from "../../app/routes/seller_.listings.new";
import * as storefront from "../../app/routes/villages.$village";
import { readKatoFile, withAncestors } from "../../db/seed/kato";
import { seedCategories } from "../../db/seed/seed";
import { get, post, testApp } from "../support/app";
import { approvedSeller, categoryId, chairFields, file, jpeg, postMultipart, usePhotoFolder } from "../support/catalog";
import { grant, signIn } from "../support/identity";

const photoDir = usePhotoFolder();
// Photos are re-encoded with sharp: allow for two cores shared with other runs.
vi.setConfig({ testTimeout: 30_000 });

/** The town of Talgar (KATO 196220100): a settlement of the classifier with no hub yet. */
const TALGAR = "196220100";
const PAGE = { households: "14 500", specialty: "crafts", storyKk: "Алатау баурайындағы қала.", storyRu: "", storyEn: "A town at the foot of the Alatau." };

/** The demo villages, the classifier's rows for Talgar, an admin and a future coordinator, signed in. */
async function world() {
  const app = testApp();
  seedCategories(app.db);
  applyKatoEdition(app.db, withAncestors(readKatoFile(), [TALGAR]), new Date(), { subset: true });
  grant(app.db, "+77010000005", "admin");
  const adminUser = await signIn(app.db, app.sms, "+77010000005");
  const coordinator = await signIn(app.db, app.sms, "+77010000006");
  return { ...app, admin: adminUser, coordinator };
}

type World = Awaited<ReturnType<typeof world>>;

async function openTalgar(w: World, fields: Record<string, string> = PAGE, photos: File[] = []) {
  return postMultipart(openHub.action, `/admin/hubs/new?code=${TALGAR}`, fields, photos.map((f) => ({ name: "photos", file: f })), { cookie: w.admin.cookie });
}

describe("an admin opens a village hub on a settlement of the classifier", () => {
  it("finds the town by name, opens a hub with its page and photo, and the hub is a village like any other", async () => {
    const w = await world();
    const found = await get(adminHubs.loader, "/admin/hubs?q=Талғар", { cookie: w.admin.cookie });
    const results = (found.data as { results: { code: string; hubSlug: string | null }[] }).results;
    expect(results.find((r) => r.code === TALGAR)).toMatchObject({ hubSlug: null });

    const answer = await openTalgar(w, PAGE, [file(await jpeg(1600, 1000), "IMG_0001.jpg")]);
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe("/admin/hubs?done=opened&hub=talgar#hub-talgar");

    const village = getVillage(w.db, "talgar");
    expect(village).toMatchObject({ nameKk: "Талғар", nameRu: "Талгар", nameEn: "Talgar", households: 14_500, specialty: "crafts", isDemo: false, district: { slug: "talgar" } });
    expect(village?.photoHash).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(photoDir, `${village!.photoHash}-640.webp`))).toBe(true);
    expect(w.sqlite.prepare("SELECT action, details FROM audit_log WHERE action = 'hub.opened'").get()).toMatchObject({ details: expect.stringContaining(`"katoCode":"${TALGAR}"`) });

    // Its storefront page, its district's list, the seller application's list, pickup points and insights all have it.
    const page = await get(storefront.loader, "/villages/talgar", { params: { village: "talgar" } });
    expect(page.status).toBe(200);
    expect(getDistrict(w.db, "KZ-19", "talgar")?.villages.map((v) => v.slug)).toEqual(["besagash", "talgar"]);
    expect(listVillageChoices(w.db).map((v) => v.slug)).toContain("talgar");
    expect(findVillageArea(w.db, "talgar")).toBeDefined();
    const point = createPickupPoint(w.db, { actorUserId: w.admin.userId, villageId: village!.id, point: { kind: "hub_shop", name: "Дүкен", address: "Талғар, Абай 1", openingHours: "09–18", storageDays: 7, acceptsCash: true, active: true } }, new Date());
    expect(pickupPointFilterChoices(w.db, "en").villages.map((v) => v.slug)).toContain("talgar");
    expect(point.id).toBeGreaterThan(0);

    // Searched again, the town says a hub is open there; the form for it sends the admin to the list.
    const again = await get(adminHubs.loader, `/admin/hubs?q=${TALGAR}`, { cookie: w.admin.cookie });
    expect((again.data as { results: { hubSlug: string | null }[] }).results).toEqual([expect.objectContaining({ hubSlug: "talgar" })]);
    expect((await get(openHub.loader, `/admin/hubs/new?code=${TALGAR}`, { cookie: w.admin.cookie })).status).toBe(303);
    expect((await openTalgar(w)).status).toBe(303);
    expect(w.sqlite.prepare("SELECT count(*) AS n FROM villages WHERE kato_code = ?").get(TALGAR)).toEqual({ n: 1 });
  });

  it("answers a mistake with 400, everything typed and the photo kept, and opens nothing", async () => {
    const w = await world();
    const typed = { ...PAGE, households: "много", specialty: "gold" };
    const refused = await openTalgar(w, typed, [file(await jpeg(), "IMG_0002.jpg")]);
    expect(refused.status).toBe(400);
    const data = refused.data as { values: Record<string, string>; errors: Record<string, string>; photo: { hash: string; kept: boolean } };
    expect(data.values).toMatchObject({ households: "много", specialty: "gold", storyKk: PAGE.storyKk, storyEn: PAGE.storyEn });
    expect(data.errors).toEqual({ households: "geo:errors.households", specialty: "geo:errors.specialty" });
    expect(data.photo).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), kept: true });
    expect(getVillage(w.db, "talgar")).toBeUndefined();

    // Sent again with the photo kept (no new file), the hub opens with that photo.
    const opened = await openTalgar(w, { ...PAGE, kept: data.photo.hash });
    expect(opened.status).toBe(303);
    expect(getVillage(w.db, "talgar")?.photoHash).toBe(data.photo.hash);
  });

  it("refuses a file that is not an image with the photo's own reason", async () => {
    const w = await world();
    const refused = await openTalgar(w, PAGE, [file("<html>not a photo</html>", "village.jpg")]);
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors).toEqual({ photo: "catalog:errors.photo.not_an_image" });
  });

  it("answers 404 for a code that is no settlement (a district, nonsense)", async () => {
    const w = await world();
    for (const code of ["196200000", "12345", "abc"]) {
      expect((await get(openHub.loader, `/admin/hubs/new?code=${code}`, { cookie: w.admin.cookie })).status, code).toBe(404);
    }
  });
});

describe("the hub's coordinator, appointed from the hub list, keeps the village's page", () => {
  it("is appointed through the person's page, edits the story and takes the photo down; a seller lists there and the catalog finds it", async () => {
    const w = await world();
    await openTalgar(w, PAGE, [file(await jpeg(), "IMG_0003.jpg")]);
    const village = getVillage(w.db, "talgar")!;

    // The hub list links to /admin?village=<id>; finding the person opens their page ready to appoint them there.
    const found = await get(admin.loader, `/admin?village=${village.id}&phone=87010000006`, { cookie: w.admin.cookie });
    expect(found.status).toBe(302);
    expect(found.headers.get("Location")).toBe(`/admin/users/${w.coordinator.userId}?village=${village.id}`);
    const person = await get(adminUser.loader, `/admin/users/${w.coordinator.userId}?village=${village.id}`, { cookie: w.admin.cookie, params: { user: String(w.coordinator.userId) } });
    expect(person.data).toMatchObject({ appointIn: village.id });
    const granted = await post(adminUser.action, `/admin/users/${w.coordinator.userId}`, { intent: "grant", role: "coordinator", village: String(village.id) }, { cookie: w.admin.cookie, params: { user: String(w.coordinator.userId) } });
    expect(granted.status).toBe(303);
    const hubs = await get(adminHubs.loader, "/admin/hubs", { cookie: w.admin.cookie });
    expect((hubs.data as { hubs: { slug: string; coordinators: { userId: number }[] }[] }).hubs.find((h) => h.slug === "talgar")?.coordinators).toEqual([
      expect.objectContaining({ userId: w.coordinator.userId }),
    ]);

    // A role change rotates the session: sign in again, as the person would after the SMS.
    const coordinator = await signIn(w.db, w.sms, "+77010000006");
    const params = { village: "talgar" };
    const form = await get(villagePage.loader, "/coordinator/talgar/page", { cookie: coordinator.cookie, params });
    expect(form.data).toMatchObject({ values: { households: "14500", specialty: "crafts", storyKk: PAGE.storyKk, storyRu: "" }, photo: { kept: false } });

    const bad = await post(villagePage.action, "/coordinator/talgar/page", { ...PAGE, households: "0", storyRu: "Город у подножия Алатау." }, { cookie: coordinator.cookie, params });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ values: { households: "0", storyRu: "Город у подножия Алатау." }, errors: { households: "geo:errors.households" }, photo: { kept: false } });

    const saved = await post(villagePage.action, "/coordinator/talgar/page", { ...PAGE, households: "15 000", storyRu: "Город у подножия Алатау.", removePhoto: "on" }, { cookie: coordinator.cookie, params });
    expect(saved.status).toBe(303);
    expect(getVillage(w.db, "talgar")).toMatchObject({ households: 15_000, photoHash: null });
    expect(w.sqlite.prepare("SELECT story_ru AS storyRu FROM villages WHERE slug = 'talgar'").get()).toEqual({ storyRu: "Город у подножия Алатау." });

    // A seller of the new hub lists a chair, and a buyer's search finds it there.
    const seller = await approvedSeller(w.db, w.sms, "+77010000007", "talgar", "Ерлан");
    const listed = await postMultipart(newListing.action, "/seller/listings/new", chairFields(categoryId(w.db, "tables-chairs")), [{ name: "photos", file: file(await jpeg(), "chair.jpg") }], { cookie: seller.cookie });
    expect(listed.status).toBe(303);
    const result = searchCatalog(w.db, { q: "orindik", village: "talgar", inStock: false, sort: "relevance", page: 1 });
    expect(result.ok && result.cards.map((card) => [card.titleKk, card.village.slug])).toEqual([["Ағаш орындық", "talgar"]]);
  });
});
