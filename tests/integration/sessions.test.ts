import { describe, expect, it, vi } from "vitest";
import { resolveSession } from "../../app/domain/identity/sessions.server";
import { SESSION_TTL_MS } from "../../app/domain/identity/rules";
import { requestSignInCode, verifySignInCode } from "../../app/domain/identity/codes.server";
import { setUserDisabled } from "../../app/domain/identity/users.server";
import * as root from "../../app/root";
import * as profileRoute from "../../app/routes/profile";
import * as signOutRoute from "../../app/routes/signout";
import * as signInRoute from "../../app/routes/signin";
import * as codeRoute from "../../app/routes/signin_.code";
import * as adminUser from "../../app/routes/admin_.users.$user";
import { BASE, get, post, setCookies, testApp } from "../support/app";
import { grant, lastCodeFor, signIn, villageId } from "../support/identity";

const PHONE = "+77011234567";

describe("sessions (SEC-01, SEC-02)", () => {
  it("uses __Host-sid with Secure when served over https", async () => {
    const { db, sms } = testApp();
    const sent = await post(signInRoute.action, "/signin", { phone: "87011234567" });
    const signin = `signin=${setCookies(sent.headers).get("signin")}`;
    const code = await lastCodeFor(db, sms, PHONE);
    const csrfAndCookie = await import("../support/app").then((m) => m.csrfPair());
    const request = new Request("https://hub.example/signin/code", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `${csrfAndCookie.cookie}; ${signin}` },
      body: new URLSearchParams({ csrf: csrfAndCookie.token, code }),
    });
    const response = (await codeRoute.action({ request, params: {}, context: { cspNonce: "", clientIp: "1.2.3.4" } })) as Response;
    const line = response.headers.getSetCookie().find((c) => c.startsWith("__Host-sid="));
    expect(line).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure$/);
  });

  it("issues a new id at sign-in and ends the session the browser had before", async () => {
    const { db, sms } = testApp();
    const first = await signIn(db, sms, PHONE);
    requestSignInCode(db, { phone: PHONE, ip: "1.1.1.1", language: "kk" }, new Date());
    const code = await lastCodeFor(db, sms, PHONE);
    const second = verifySignInCode(db, { phone: PHONE, code, ip: "1.1.1.1", language: "kk", previousToken: first.token }, new Date());
    expect(second.ok && second.token).not.toBe(first.token);
    expect(resolveSession(db, first.token, new Date())).toBeNull();
    expect(second.ok && resolveSession(db, second.token, new Date())).toMatchObject({ userId: first.userId });
  });

  it("signs out: the old cookie, replayed, is anonymous", async () => {
    const { db, sms } = testApp();
    const me = await signIn(db, sms, PHONE);
    expect((await get(profileRoute.loader, "/profile", { cookie: me.cookie })).status).toBe(200);
    const out = await post(signOutRoute.action, "/signout", {}, { cookie: me.cookie });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie()[0]).toMatch(/^sid=; .*Max-Age=0/);
    const replay = await get(profileRoute.loader, "/profile", { cookie: me.cookie });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toBe("/signin?redirectTo=%2Fprofile");
  });

  it("signs out of every device", async () => {
    const { db, sms } = testApp();
    const phone = await signIn(db, sms, PHONE);
    const laptop = await signIn(db, sms, PHONE);
    expect((await post(profileRoute.action, "/profile", { intent: "everywhere" }, { cookie: laptop.cookie })).status).toBe(303);
    for (const device of [phone, laptop]) expect((await get(profileRoute.loader, "/profile", { cookie: device.cookie })).status).toBe(302);
  });

  it("ends every session of a user who is disabled", async () => {
    const { db, sms } = testApp();
    const adminId = grant(db, "+77770000001", "admin");
    const me = await signIn(db, sms, PHONE);
    const other = await signIn(db, sms, PHONE);
    const admin = await signIn(db, sms, "+77770000001");
    expect(adminId).toBe(admin.userId);
    const answer = await post(adminUser.action, `/admin/users/${me.userId}`, { intent: "disable" }, { cookie: admin.cookie, params: { user: String(me.userId) } });
    expect(answer.status).toBe(303);
    for (const device of [me, other]) expect(resolveSession(db, device.token, new Date())).toBeNull();
    expect(setUserDisabled(db, { actorUserId: admin.userId, userId: admin.userId, disabled: true, ip: "x" }, new Date())).toEqual({ ok: false, reason: "identity.cannot_disable_self" });
  });

  it("gives a new id on the next page after a role change; the old one lapses", async () => {
    const { db, sms } = testApp();
    const me = await signIn(db, sms, PHONE);
    grant(db, PHONE, "coordinator", "besagash");
    expect(villageId(db, "besagash")).toBeGreaterThan(0);
    const page = await get(root.loader, "/", { cookie: me.cookie });
    const rotated = setCookies(page.headers).get("sid");
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated).not.toBe(me.token);
    expect(page.data).toMatchObject({ user: { coordinator: true, admin: false } });
    // The old id still answers a few seconds (loaders of the same page), then not at all.
    const soon = new Date(Date.now() + 60_000);
    expect(resolveSession(db, me.token, soon)).toBeNull();
    expect(resolveSession(db, rotated ?? "", soon)).toMatchObject({ userId: me.userId });
  });

  it("rolls the 30-day expiry forward when used, and expires when not", async () => {
    const { db, sms } = testApp();
    const start = new Date();
    const me = await signIn(db, sms, PHONE, start);
    vi.useFakeTimers({ now: new Date(start.getTime() + 2 * 24 * 60 * 60_000), toFake: ["Date"] });
    try {
      const page = await get(root.loader, "/", { cookie: me.cookie });
      expect(page.headers.getSetCookie().some((c) => c.startsWith(`sid=${me.token};`) && c.includes("Max-Age=2592000"))).toBe(true);
      const session = resolveSession(db, me.token, new Date());
      expect(session?.expiresAt.getTime()).toBe(Date.now() + SESSION_TTL_MS);
    } finally {
      vi.useRealTimers();
    }
    expect(resolveSession(db, me.token, new Date(start.getTime() + 33 * 24 * 60 * 60_000))).toBeNull();
  });

  it("anonymous pages do not set a session cookie", async () => {
    testApp();
    const page = await get(root.loader, "/");
    expect(setCookies(page.headers).has("sid")).toBe(false);
    expect(new URL(BASE).protocol).toBe("http:");
  });
});
