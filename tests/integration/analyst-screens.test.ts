/**
 * The analysts' screens (issue 6 §4–6): who may open which area, the CSV
 * export (BOM, translated headers, "<5" cells), and the admin's thresholds
 * form. Rollup rows are written directly for sellers of the demo villages.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { addMonths, almatyMonth } from "../../app/domain/insights/calendar";
import { getThresholds } from "../../app/domain/insights/thresholds.server";
import { findOrCreateUser, grantRole } from "../../app/domain/identity/users.server";
import { languageCookie } from "../../app/web/language.server";
import * as adminInsights from "../../app/routes/admin_.insights";
import * as csvExport from "../../app/routes/insights.export[.]csv";
import * as national from "../../app/routes/insights._index";
import * as district from "../../app/routes/insights.regions.$region.$district";
import * as region from "../../app/routes/insights.regions.$region._index";
import * as village from "../../app/routes/insights.villages.$village";
import type { AreaViewData } from "../../app/ui/insights-area";
import { auditLog, categories, districts, insightsSellerMonths, insightsVillageDays, regions, sellerApplications, sellers, users, villages } from "../../db/schema";
import en from "../../locales/en/analytics.json";
import kk from "../../locales/kk/analytics.json";
import ru from "../../locales/ru/analytics.json";
import { seedCategories } from "../../db/seed/seed";
import { cookieHeader, get, post, testApp } from "../support/app";
import { grant, signIn } from "../support/identity";

const MONTH = almatyMonth(new Date());
let phone = 0;
const nextPhone = () => `+7702${String(++phone).padStart(7, "0")}`;

/** Sellers with a month of sales in a village, written straight into both rollups. */
function sellersWithSales(db: Db, villageId: number, count: number, gmvTiyn: number) {
  const category = db.select({ id: categories.id }).from(categories).limit(1).get()!.id;
  for (let i = 0; i < count; i++) {
    const user = db.insert(users).values({ phone: nextPhone(), displayName: `Private Name ${phone}`, createdAt: new Date(0) }).returning().get();
    const application = db.insert(sellerApplications).values({ userId: user.id, villageId, name: `Shop Name ${phone}`, status: "approved", createdAt: new Date(0) }).returning().get();
    const sellerId = db.insert(sellers).values({ userId: user.id, villageId, applicationId: application.id, name: `Shop Name ${phone}`, approvedAt: new Date(0) }).returning().get().id;
    db.insert(insightsSellerMonths).values({ villageId, sellerId, month: MONTH, gmvTiyn, ordersCompleted: 3, items: 3 }).run();
    db.insert(insightsVillageDays)
      .values({ villageId, day: `${MONTH}-01`, categoryId: category, gmvTiyn, ordersCompleted: 3, items: 3 })
      .onConflictDoUpdate({
        target: [insightsVillageDays.villageId, insightsVillageDays.day, insightsVillageDays.categoryId],
        set: { gmvTiyn: sql`${insightsVillageDays.gmvTiyn} + ${gmvTiyn}`, ordersCompleted: sql`${insightsVillageDays.ordersCompleted} + 3`, items: sql`${insightsVillageDays.items} + 3` },
      })
      .run();
  }
}

async function world() {
  const app = testApp();
  seedCategories(app.db);
  // Two regions that have demo villages.
  const places = app.db
    .select({ villageId: villages.id, villageSlug: villages.slug, districtSlug: districts.slug, regionId: regions.id, iso: regions.isoCode })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .orderBy(regions.isoCode, villages.id)
    .all();
  const a = places[0]!;
  const b = places.find((p) => p.regionId !== a.regionId)!;
  sellersWithSales(app.db, a.villageId, 6, 100_000);
  sellersWithSales(app.db, b.villageId, 4, 250_000);

  const analyst = (regionId: number | null) => {
    const p = nextPhone();
    const user = findOrCreateUser(app.db, p, new Date());
    const granted = grantRole(app.db, { actorUserId: null, userId: user.id, role: "analyst", regionId, ip: null }, new Date());
    if (!granted.ok) throw new Error(granted.reason);
    return signIn(app.db, app.sms, p);
  };
  const regionAnalyst = await analyst(a.regionId);
  const nationalAnalyst = await analyst(null);
  const twoRegions = await analyst(a.regionId);
  grantRole(app.db, { actorUserId: null, userId: twoRegions.userId, role: "analyst", regionId: b.regionId, ip: null }, new Date());
  const twoRegionsAgain = await signIn(app.db, app.sms, app.db.select({ phone: users.phone }).from(users).where(eq(users.id, twoRegions.userId)).get()!.phone!);
  const adminPhone = nextPhone();
  grant(app.db, adminPhone, "admin");
  const admin = await signIn(app.db, app.sms, adminPhone);
  const coordinatorPhone = nextPhone();
  grant(app.db, coordinatorPhone, "coordinator", a.villageSlug);
  const coordinator = await signIn(app.db, app.sms, coordinatorPhone);
  const buyer = await signIn(app.db, app.sms, nextPhone());
  const sellerPhone = app.db.select({ phone: users.phone }).from(users).innerJoin(sellers, eq(sellers.userId, users.id)).where(eq(sellers.villageId, a.villageId)).get()!.phone!;
  const seller = await signIn(app.db, app.sms, sellerPhone);
  return { ...app, a, b, regionAnalyst, nationalAnalyst, twoRegions: twoRegionsAgain, admin, coordinator, buyer, seller };
}

type W = Awaited<ReturnType<typeof world>>;
const regionPage = (w: W, iso: string, cookie?: string) => get(region.loader, `/insights/regions/${iso.toLowerCase()}`, { cookie, params: { region: iso.toLowerCase() } });
const districtPage = (w: W, p: W["a"], cookie?: string) =>
  get(district.loader, `/insights/regions/${p.iso.toLowerCase()}/${p.districtSlug}`, { cookie, params: { region: p.iso.toLowerCase(), district: p.districtSlug } });
const villagePage = (w: W, p: W["a"], cookie?: string) => get(village.loader, `/insights/villages/${p.villageSlug}`, { cookie, params: { village: p.villageSlug } });
/** Splits a CSV line into fields (RFC 4180 quotes; enough for one line without line breaks). */
function fields(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(field);
      field = "";
    } else field += c;
  }
  out.push(field);
  return out;
}
const csv = (query: string, cookie?: string) => get(csvExport.loader, `/insights/export.csv?${query}`, { cookie });

describe("who sees which area", () => {
  it("a region's analyst sees their region, its districts and villages, and is refused another region", async () => {
    const w = await world();
    const cookie = w.regionAnalyst.cookie;
    expect((await regionPage(w, w.a.iso, cookie)).status).toBe(200);
    expect((await districtPage(w, w.a, cookie)).status).toBe(200);
    expect((await villagePage(w, w.a, cookie)).status).toBe(200);
    expect((await csv(`region=${w.a.iso.toLowerCase()}&table=villages`, cookie)).status).toBe(200);
    expect((await regionPage(w, w.b.iso, cookie)).status).toBe(403);
    expect((await districtPage(w, w.b, cookie)).status).toBe(403);
    expect((await villagePage(w, w.b, cookie)).status).toBe(403);
    expect((await csv(`region=${w.b.iso.toLowerCase()}&table=villages`, cookie)).status).toBe(403);
    expect((await csv(`village=${w.b.villageSlug}&table=months`, cookie)).status).toBe(403);
    expect((await csv("table=children", cookie)).status).toBe(403);
    // /insights sends them to their region.
    const home = await get(national.loader, "/insights", { cookie });
    expect(home.status).toBe(302);
    expect(home.headers.get("Location")).toBe(`/insights/regions/${w.a.iso.toLowerCase()}`);
    // With two regions, they choose.
    const choose = await get(national.loader, "/insights", { cookie: w.twoRegions.cookie });
    expect(choose.status).toBe(200);
    expect((choose.data as { kind: string; regions: { slug: string }[] }).regions.map((r) => r.slug).sort()).toEqual([w.a.iso, w.b.iso].map((s) => s.toLowerCase()).sort());
  });

  it("a national analyst and an admin see the country and every region", async () => {
    const w = await world();
    for (const person of [w.nationalAnalyst, w.admin]) {
      const home = await get(national.loader, "/insights", { cookie: person.cookie });
      expect(home.status).toBe(200);
      const data = home.data as AreaViewData & { kind: string };
      expect(data.kind).toBe("country");
      expect(data.report.totals.gmvTiyn).toBe(6 * 100_000 + 4 * 250_000);
      // Region B stands on 4 sellers: hidden, and so is the smallest other region with sales (secondary suppression).
      const rowB = data.report.children.find((c) => c.slug === w.b.iso.toLowerCase())!;
      const rowA = data.report.children.find((c) => c.slug === w.a.iso.toLowerCase())!;
      expect(rowB.current.gmvTiyn).toBe("<5");
      expect(rowA.current.gmvTiyn).toBe("<5");
      expect((await regionPage(w, w.a.iso, person.cookie)).status).toBe(200);
      expect((await regionPage(w, w.b.iso, person.cookie)).status).toBe(200);
      expect((await villagePage(w, w.b, person.cookie)).status).toBe(200);
      expect((await csv("table=children", person.cookie)).status).toBe(200);
    }
  });

  it("sellers, coordinators and buyers are refused; anonymous visitors are sent to sign in", async () => {
    const w = await world();
    for (const person of [w.seller, w.coordinator, w.buyer]) {
      expect((await get(national.loader, "/insights", { cookie: person.cookie })).status).toBe(403);
      expect((await regionPage(w, w.a.iso, person.cookie)).status).toBe(403);
      expect((await districtPage(w, w.a, person.cookie)).status).toBe(403);
      expect((await villagePage(w, w.a, person.cookie)).status).toBe(403);
      expect((await csv(`region=${w.a.iso.toLowerCase()}&table=months`, person.cookie)).status).toBe(403);
      expect((await get(adminInsights.loader, "/admin/insights", { cookie: person.cookie })).status).toBe(403);
    }
    for (const answer of [await get(national.loader, "/insights"), await regionPage(w, w.a.iso), await villagePage(w, w.a), await csv("table=months")]) {
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toMatch(/^\/signin\?redirectTo=/);
    }
    expect((await get(adminInsights.loader, "/admin/insights", { cookie: w.regionAnalyst.cookie })).status).toBe(403);
  });

  it("unknown areas and bad CSV requests are 404 and 400, not 500", async () => {
    const w = await world();
    const cookie = w.admin.cookie;
    expect((await get(region.loader, "/insights/regions/kz-98", { cookie, params: { region: "kz-98" } })).status).toBe(404);
    expect((await get(region.loader, "/insights/regions/xx", { cookie, params: { region: "xx" } })).status).toBe(404);
    expect((await get(village.loader, "/insights/villages/nowhere", { cookie, params: { village: "nowhere" } })).status).toBe(404);
    expect((await csv("table=nonsense", cookie)).status).toBe(400);
    expect((await csv("region=';drop&table=months", cookie)).status).toBe(400);
    expect((await csv("district=x&table=months", cookie)).status).toBe(400);
    expect((await csv("region=kz-98&table=months", cookie)).status).toBe(404);
  });
});

describe("the figures an analyst sees", () => {
  it("a village of 6 sellers is shown, a village of 4 is <5; no seller's name or phone reaches the page", async () => {
    const w = await world();
    const shown = (await villagePage(w, w.a, w.admin.cookie)).data as AreaViewData;
    expect(shown.report.totals).toMatchObject({ gmvTiyn: 600_000, ordersCompleted: 18, activeSellers: 6 });
    const hidden = (await villagePage(w, w.b, w.admin.cookie)).data as AreaViewData;
    expect(hidden.report.totals.gmvTiyn).toBe("<5");
    expect(hidden.report.months.at(-1)!.gmvTiyn).toBe("<5");
    const regionData = (await regionPage(w, w.a.iso, w.admin.cookie)).data as AreaViewData;
    for (const data of [shown, hidden, regionData]) {
      const json = JSON.stringify(data);
      expect(json).not.toMatch(/Private Name|Shop Name|\+7702/);
    }
    expect(regionData.report.villages.find((v) => v.slug === w.a.villageSlug)!.current.gmvTiyn).toBe(600_000);
  });
});

describe("CSV export", () => {
  const lng = async (language: string) => (await languageCookie.serialize(language)).split(";")[0]!;

  it("starts with the BOM, has CRLF lines and headers in the reader's language, money in tenge and <5 cells", async () => {
    const w = await world();
    for (const [language, locale] of [["kk", kk], ["ru", ru], ["en", en]] as const) {
      const answer = await get(csvExport.loader, `/insights/export.csv?village=${w.a.villageSlug}&table=months&months=3`, { cookie: cookieHeader(w.admin.cookie, await lng(language)) });
      expect(answer.status).toBe(200);
      // The route answers a Response: read it again through the loader directly.
      const response = (await csvExport.loader({
        request: new Request(`http://localhost/insights/export.csv?village=${w.a.villageSlug}&table=months&months=3`, { headers: { Cookie: cookieHeader(w.admin.cookie, await lng(language)) } }),
        params: {},
        context: { cspNonce: "t", clientIp: "127.0.0.1" },
      })) as Response;
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="auyl-hub-[a-z0-9-]+\.csv"$/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      const lines = text.slice(1).split("\r\n");
      expect(lines.at(-1)).toBe("");
      const header = fields(lines[0]!);
      expect(header[0]).toBe(locale.column.month);
      expect(header[1]).toBe(locale.column.gmv);
      expect(header).toContain(locale.column.activeShops);
      expect(lines).toHaveLength(1 + 3 + 1);
      // This month: 6 sellers × 1 000 ₸.
      expect(fields(lines[3]!).slice(0, 3)).toEqual([MONTH, "6000.00", "18"]);
      expect(fields(lines[1]!)[1]).toBe("0.00");
    }
    const hidden = (await csvExport.loader({
      request: new Request(`http://localhost/insights/export.csv?village=${w.b.villageSlug}&table=summary`, { headers: { Cookie: w.admin.cookie } }),
      params: {},
      context: { cspNonce: "t", clientIp: "127.0.0.1" },
    })) as Response;
    const text = await hidden.text();
    expect(text.split("\r\n")[1]).toBe(`"${kk.column.gmv}",<5,0.00`);
    expect(text).not.toContain("1000.00");
    expect(addMonths(MONTH, 0)).toBe(MONTH);
  });
});

describe("/admin/insights", () => {
  it("validates with translated errors and 400, keeps the values, saves and audits valid thresholds", async () => {
    const w = await world();
    const page = await get(adminInsights.loader, "/admin/insights", { cookie: w.admin.cookie });
    expect(page.status).toBe(200);
    expect((page.data as { values: Record<string, string> }).values).toMatchObject({ gmvYuan: "10000000", tiynPerYuan: "70", activeShops: "100", householdsShareBp: "10" });

    const fields = { gmvYuan: "10000000", tiynPerYuan: "abc", activeShops: "100", householdsShareBp: "10", districtVillages: "3", emergingShareBp: "50" };
    const refused = await post(adminInsights.action, "/admin/insights", fields, { cookie: w.admin.cookie });
    expect(refused.status).toBe(400);
    const failure = refused.data as { values: Record<string, string>; errors: Record<string, string> };
    expect(failure.values.tiynPerYuan).toBe("abc");
    expect(failure.errors).toEqual({ tiynPerYuan: "analytics:thresholds.errors.rate" });
    expect(en.thresholds.errors.rate).toBeTruthy();
    expect(getThresholds(w.db).tiynPerYuan).toBe(7000);

    const saved = await post(adminInsights.action, "/admin/insights", { ...fields, tiynPerYuan: "68,45" }, { cookie: w.admin.cookie });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe("/admin/insights?done=saved");
    expect(getThresholds(w.db).tiynPerYuan).toBe(6845);
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, "insights.thresholds.changed")).all()).toHaveLength(1);

    // Not for analysts.
    expect((await post(adminInsights.action, "/admin/insights", fields, { cookie: w.nationalAnalyst.cookie })).status).toBe(403);
  });
});
