/**
 * The open data API (issue 6 §5): tokens made on /insights/tokens (shown
 * once, only a hash kept, revocable), and /api/v1 answering with the token's
 * user's current grants, the same numbers as areaReport, "<5" where fewer than
 * five sellers make a cell, and JSON errors with 400/401/403/404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createApiToken, hashApiToken, resolveApiToken } from "../../app/domain/insights/api-tokens.server";
import { areaReport, type Area } from "../../app/domain/insights/areas.server";
import { findOrCreateUser, grantRole, revokeRole, setUserDisabled } from "../../app/domain/identity/users.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import * as apiIndex from "../../app/routes/api.v1._index";
import * as apiCountry from "../../app/routes/api.v1.country";
import * as apiDistrict from "../../app/routes/api.v1.regions.$region.districts.$district";
import * as apiRegion from "../../app/routes/api.v1.regions.$region._index";
import * as apiVillage from "../../app/routes/api.v1.villages.$village";
import * as tokensPage from "../../app/routes/insights.tokens";
import { apiTokens, auditLog, roleGrants } from "../../db/schema";
import { BASE, context, get, post, testApp } from "../support/app";
import { analystWorld } from "../support/analyst-world";
import { signIn } from "../support/identity";
import { devProvider } from "../support/orders";

afterEach(() => setPaymentProvider(undefined));

type TokensData = Awaited<ReturnType<typeof tokensPage.loader>>;
type Created = { label: string; error: string | null; token: string | null };

function analyst(db: ReturnType<typeof testApp>["db"], phone: string, regionId: number | null) {
  const user = findOrCreateUser(db, phone, new Date());
  const granted = grantRole(db, { actorUserId: null, userId: user.id, role: "analyst", regionId, ip: null }, new Date());
  if (!granted.ok) throw new Error(granted.reason);
  return user.id;
}

async function makeToken(app: ReturnType<typeof testApp>, cookie: string, label = "Monthly report") {
  const answer = await post(tokensPage.action, "/insights/tokens", { intent: "create", label }, { cookie });
  expect(answer.status).toBe(200);
  const token = (answer.data as Created).token;
  if (!token) throw new Error("no token");
  return token;
}

describe("/insights/tokens", () => {
  it("makes a token shown once, keeps only its SHA-256, lists it with its last use, and revokes it", async () => {
    const app = testApp();
    setPaymentProvider(devProvider(() => new Date()));
    analyst(app.db, "+77015550101", null);
    const session = await signIn(app.db, app.sms, "+77015550101");
    const answer = await post(tokensPage.action, "/insights/tokens", { intent: "create", label: "  Regional   agency  " }, { cookie: session.cookie });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Cache-Control")).toBe("no-store");
    const created = answer.data as Created;
    expect(created.label).toBe("Regional agency");
    expect(created.token).toMatch(/^auyl_[A-Za-z0-9_-]{43}$/);
    const token = created.token!;
    const rows = app.db.select().from(apiTokens).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(rows)).not.toContain(token.slice(5));

    let page = (await get(tokensPage.loader, "/insights/tokens", { cookie: session.cookie })).data as TokensData;
    expect(page.tokens).toEqual([expect.objectContaining({ label: "Regional agency", lastUsed: null, revoked: null })]);
    expect(JSON.stringify(page)).not.toContain(token.slice(5));

    expect(resolveApiToken(app.db, token, new Date())).toMatchObject({ userId: session.userId, grants: [expect.objectContaining({ role: "analyst", regionId: null })] });
    page = (await get(tokensPage.loader, "/insights/tokens", { cookie: session.cookie })).data as TokensData;
    expect(page.tokens[0]!.lastUsed).not.toBeNull();

    const revoked = await post(tokensPage.action, "/insights/tokens", { intent: "revoke", tokenId: String(rows[0]!.id) }, { cookie: session.cookie });
    expect(revoked.status).toBe(303);
    expect(resolveApiToken(app.db, token, new Date())).toBeNull();
    page = (await get(tokensPage.loader, "/insights/tokens", { cookie: session.cookie })).data as TokensData;
    expect(page.tokens[0]!.revoked).not.toBeNull();

    // Both are in the audit log, by id and label: neither the token nor its hash.
    const audit = app.db.select().from(auditLog).where(eq(auditLog.subjectUserId, session.userId)).all();
    expect(audit.filter((a) => a.action.startsWith("api_token.")).map((a) => a.action)).toEqual(["api_token.created", "api_token.revoked"]);
    expect(JSON.stringify(audit)).not.toContain(token.slice(5));
    expect(JSON.stringify(audit)).not.toContain(rows[0]!.tokenHash);
  });

  it("refuses an empty or long label with 400 keeping it; another's token is missing; a signed-in person without an analyst grant gets 403", async () => {
    const app = testApp();
    analyst(app.db, "+77015550101", null);
    analyst(app.db, "+77015550102", null);
    const one = await signIn(app.db, app.sms, "+77015550101");
    const two = await signIn(app.db, app.sms, "+77015550102");
    const empty = await post(tokensPage.action, "/insights/tokens", { intent: "create", label: "   " }, { cookie: one.cookie });
    expect(empty.status).toBe(400);
    expect(empty.data).toEqual({ label: "   ", error: "api.label_required", token: null });
    const long = await post(tokensPage.action, "/insights/tokens", { intent: "create", label: "ж".repeat(81) }, { cookie: one.cookie });
    expect(long.status).toBe(400);
    expect((long.data as Created).error).toBe("api.label_too_long");
    expect(app.db.select().from(apiTokens).all()).toEqual([]);

    await makeToken(app, one.cookie);
    const id = app.db.select().from(apiTokens).get()!.id;
    expect((await post(tokensPage.action, "/insights/tokens", { intent: "revoke", tokenId: String(id) }, { cookie: two.cookie })).status).toBe(404);
    expect(app.db.select().from(apiTokens).get()!.revokedAt).toBeNull();
    expect((await post(tokensPage.action, "/insights/tokens", { intent: "revoke", tokenId: "x" }, { cookie: one.cookie })).status).toBe(400);

    const buyer = await signIn(app.db, app.sms, "+77015550109");
    expect((await get(tokensPage.loader, "/insights/tokens", { cookie: buyer.cookie })).status).toBe(403);
    expect((await post(tokensPage.action, "/insights/tokens", { intent: "create", label: "x" }, { cookie: buyer.cookie })).status).toBe(403);
    expect((await get(tokensPage.loader, "/insights/tokens")).status).toBe(302);
  });

  it("stops working when the user is disabled or loses the analyst grant", async () => {
    const app = testApp();
    const userId = analyst(app.db, "+77015550101", null);
    const admin = findOrCreateUser(app.db, "+77015550100", new Date());
    grantRole(app.db, { actorUserId: null, userId: admin.id, role: "admin", ip: null }, new Date());
    const session = await signIn(app.db, app.sms, "+77015550101");
    const token = await makeToken(app, session.cookie);
    setUserDisabled(app.db, { actorUserId: admin.id, userId, disabled: true, ip: "127.0.0.1" }, new Date());
    expect(resolveApiToken(app.db, token, new Date())).toBeNull();
    setUserDisabled(app.db, { actorUserId: admin.id, userId, disabled: false, ip: "127.0.0.1" }, new Date());
    expect(resolveApiToken(app.db, token, new Date())?.grants).toHaveLength(1);
    const grant = app.db.select().from(roleGrants).where(eq(roleGrants.userId, userId)).get()!;
    revokeRole(app.db, { actorUserId: admin.id, userId, grantId: grant.id, ip: "127.0.0.1" }, new Date());
    expect(resolveApiToken(app.db, token, new Date())).toEqual({ userId, grants: [] });
    expect(resolveApiToken(app.db, "auyl_" + "A".repeat(43), new Date())).toBeNull();
    expect(resolveApiToken(app.db, token + "x", new Date())).toBeNull();
  });
});

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;
interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

/** A GET to an API route with the given Authorization header value. */
async function call(loader: Loader, path: string, params: Record<string, string>, authorization?: string, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const request = new Request(BASE + path, { headers: { ...(authorization ? { Authorization: authorization } : {}), ...headers } });
  const response = await loader({ request, params, context: context() });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ApiAnswer["body"] };
}

async function apiWorld() {
  const app = testApp();
  const w = analystWorld(app.db);
  w.bigShops.forEach((shop, i) => {
    w.sell(shop, 3 + i, 1 + (i % 2));
    w.sell(shop, 70 + i);
  });
  w.sell(w.smallShops[0]!, 5);
  w.sell(w.smallShops[1]!, 6, 2);
  w.sell(w.farShops[0]!, 4);
  const token = (userId: number) => {
    const made = createApiToken(app.db, { userId, label: "test" }, new Date());
    if (!made.ok) throw new Error(made.reason);
    return `Bearer ${made.token}`;
  };
  const national = token(w.analyst("+77015550201", null));
  const regional = token(w.analyst("+77015550202", w.regions.kz19));
  const report = (area: Area, months: 3 | 6 | 12 = 6) => areaReport(app.db, area, months, new Date())!;
  return { ...app, w, national, regional, report };
}

const endpoints = {
  country: (months = "") => [apiCountry.loader, `/api/v1/country${months}`, {}] as const,
  region: (iso: string, months = "") => [apiRegion.loader, `/api/v1/regions/${iso}${months}`, { region: iso }] as const,
  district: (iso: string, slug: string) => [apiDistrict.loader, `/api/v1/regions/${iso}/districts/${slug}`, { region: iso, district: slug }] as const,
  village: (slug: string, months = "") => [apiVillage.loader, `/api/v1/villages/${slug}${months}`, { village: slug }] as const,
};

describe("/api/v1", () => {
  it("answers a national analyst's token with areaReport's numbers, as JSON nobody caches", async () => {
    const app = await apiWorld();
    const [loader, path, params] = endpoints.country();
    const answer = await call(loader as Loader, path, params, app.national);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Cache-Control")).toBe("no-store");
    expect(answer.headers.get("Content-Type")).toMatch(/^application\/json/);
    const report = app.report({ kind: "country" });
    expect(answer.body).toMatchObject({
      apiVersion: 1,
      period: { months: 6, first: report.current.first, last: report.current.last },
      previousPeriod: { first: report.previous.first, last: report.previous.last },
      suppression: { minSellers: 5, marker: "<5" },
      totals: report.totals,
      previousTotals: report.previousTotals,
      months: report.months,
    });
    const children = answer.body.children as { slug: string; current: unknown; rank: number | null; href: string }[];
    expect(children.map((c) => c.slug)).toEqual(report.children.map((c) => c.slug));
    expect(children.map((c) => c.current)).toEqual(report.children.map((c) => c.current));
    expect(children.find((c) => c.slug === "kz-19")).toMatchObject({ href: "/api/v1/regions/kz-19" });
    // KZ-33 stands on one seller, so it is "<5" — and KZ-19 with it, or the country's total minus KZ-19 would give KZ-33 away.
    expect(children.find((c) => c.slug === "kz-33")!.current).toMatchObject({ gmvTiyn: "<5" });
    expect(children.find((c) => c.slug === "kz-19")!.current).toMatchObject({ gmvTiyn: "<5" });
    children.forEach((c, i) => expect(c.rank).toBe((c.current as { gmvTiyn: unknown }).gmvTiyn === "<5" ? null : i + 1));
    // The country's total stands on 8 sellers: shown, in integer tiyn.
    expect(Number.isSafeInteger(report.totals.gmvTiyn)).toBe(true);
    expect(report.totals.ordersCompleted).toBe(5 * 2 + 2 + 1);

    for (const months of ["3", "12"] as const) {
      const [l, p, q] = endpoints.region("kz-19", `?months=${months}`);
      const body = (await call(l as Loader, p, q, app.national)).body;
      const regional = app.report({ kind: "region", regionId: app.w.regions.kz19 }, Number(months) as 3 | 12);
      expect(body.totals).toEqual(regional.totals);
      expect(body.months).toEqual(regional.months);
      expect((body.villages as { slug: string; current: unknown; tier: unknown }[]).map((v) => [v.slug, v.current, v.tier])).toEqual(regional.villages.map((v) => [v.slug, v.current, v.status?.tier ?? null]));
    }
  });

  it("shows a village of fewer than 5 sellers as \"<5\", and one of 5 with its numbers", async () => {
    const app = await apiWorld();
    const small = await call(...(endpoints.village("walk-small") as unknown as [Loader, string, Record<string, string>]), app.national);
    expect(small.status).toBe(200);
    const totals = small.body.totals as Record<string, unknown>;
    expect(totals.gmvTiyn).toBe("<5");
    expect(totals.ordersCompleted).toBe("<5");
    expect(totals.activeSellers).toBe("<5");
    expect((small.body.months as Record<string, unknown>[]).filter((m) => m.gmvTiyn !== 0).every((m) => m.gmvTiyn === "<5")).toBe(true);
    expect(small.body.topCategories).toBe("<5");
    const big = await call(...(endpoints.village("walk-big") as unknown as [Loader, string, Record<string, string>]), app.national);
    const report = app.report({ kind: "village", villageId: app.w.villages.big });
    expect(big.body.totals).toEqual(report.totals);
    expect((big.body.totals as Record<string, unknown>).activeSellers).toBe(5);
    expect((big.body.status as { tier: unknown }).tier).toBe(report.villageStatus!.tier);
  });

  it("lets a region's analyst read their region only (403 elsewhere), and lists what a token may read", async () => {
    const app = await apiWorld();
    const run = (e: readonly [unknown, string, Record<string, string>], auth = app.regional) => call(e[0] as Loader, e[1], e[2], auth);
    expect((await run(endpoints.region("kz-19"))).status).toBe(200);
    expect((await run(endpoints.region("KZ-19"))).status).toBe(200);
    expect((await run(endpoints.district("kz-19", "walk-one"))).status).toBe(200);
    expect((await run(endpoints.village("walk-big"))).status).toBe(200);
    for (const e of [endpoints.region("kz-33"), endpoints.village("walk-far-village"), endpoints.district("kz-33", "walk-far"), endpoints.country()]) {
      const answer = await run(e);
      expect(answer.status, e[1]).toBe(403);
      expect(answer.body.error?.code).toBe("forbidden");
      expect(answer.body).not.toHaveProperty("totals");
    }
    expect((await run(endpoints.region("kz-33"), app.national)).status).toBe(200);
    expect((await run(endpoints.country(), app.national)).status).toBe(200);

    const index = await call(apiIndex.loader as Loader, "/api/v1", {}, app.regional);
    expect(index.body).toMatchObject({ country: null, regions: [expect.objectContaining({ slug: "kz-19", href: "/api/v1/regions/kz-19" })] });
    expect((index.body.regions as unknown[]).length).toBe(1);
    const all = await call(apiIndex.loader as Loader, "/api/v1", {}, app.national);
    expect(all.body.country).toBe("/api/v1/country");
    expect((all.body.regions as unknown[]).length).toBeGreaterThan(10);
  });

  it("answers 401 without or with a garbled or revoked token, 400 for a bad period, 404 for an unknown area, in JSON", async () => {
    const app = await apiWorld();
    const [loader, path, params] = endpoints.region("kz-19");
    const none = await call(loader as Loader, path, params);
    expect(none.status).toBe(401);
    expect(none.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(none.headers.get("Cache-Control")).toBe("no-store");
    expect(none.body.error).toMatchObject({ code: "unauthorized" });
    expect(none.body.error!.message.length).toBeGreaterThan(5);
    for (const auth of ["Bearer nonsense", "Basic dXNlcjpwYXNz", `Bearer auyl_${"x".repeat(43)}`, app.national.slice(0, -1), "Bearer"]) {
      const answer = await call(loader as Loader, path, params, auth);
      expect(answer.status, auth).toBe(401);
      expect(answer.body.error?.code).toBe("unauthorized");
    }
    const russian = await call(loader as Loader, path, params, "Bearer nonsense", { "Accept-Language": "ru-RU,ru;q=0.9" });
    expect(russian.body.error!.message).toMatch(/Токен/);

    // Revoked: the same token stops at once.
    const row = app.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(app.regional.slice(7)))).get()!;
    app.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, row.id)).run();
    expect((await call(loader as Loader, path, params, app.regional)).status).toBe(401);

    for (const months of ["7", "abc", "", "6.0"]) {
      const [l, p, q] = endpoints.country(`?months=${months}`);
      const answer = await call(l as Loader, p, q, app.national);
      expect(answer.status, months).toBe(400);
      expect(answer.body.error?.code).toBe("bad_request");
    }
    for (const e of [endpoints.region("kz-99"), endpoints.region("narnia"), endpoints.village("no-such-village"), endpoints.village("../etc"), endpoints.district("kz-19", "walk-far"), endpoints.district("kz-19", "NOPE")]) {
      const answer = await call(e[0] as Loader, e[1], e[2], app.national);
      expect(answer.status, e[1]).toBe(404);
      expect(answer.body.error?.code).toBe("not_found");
    }
  });
});
