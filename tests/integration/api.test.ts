/**
 * The open data API (issue 6 §5): tokens made on /insights/tokens (shown
 * once, only a hash kept, revocable), and /api/v1 answering with the token's
 * user's current grants, the same numbers as areaReport, "<5" where fewer than
 * five sellers make a cell, and JSON errors with 400/401/403/404.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { hashApiToken, resolveApiToken } from "../../app/domain/insights/api-tokens.server";
import { findOrCreateUser, grantRole, revokeRole, setUserDisabled } from "../../app/domain/identity/users.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import * as tokensPage from "../../app/routes/insights.tokens";
import { apiTokens, roleGrants } from "../../db/schema";
import { get, post, testApp } from "../support/app";
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
