import { describe, expect, it } from "vitest";
import { listGrantsOf, revokeRole } from "../../app/domain/identity/users.server";
import { deliverPending, setSmsSender } from "../../app/domain/notify/outbox.server";
import { createHttpSender } from "../../app/domain/notify/sms-http.server";
import * as adminUser from "../../app/routes/admin_.users.$user";
import * as devSms from "../../app/routes/dev.sms";
import { getLanguage } from "../../app/web/language.server";
import * as desk from "../../app/routes/coordinator_.$village";
import * as language from "../../app/routes/language";
import * as profile from "../../app/routes/profile";
import * as profileData from "../../app/routes/profile_.data";
import * as seller from "../../app/routes/seller";
import * as apply from "../../app/routes/seller_.apply";
import { BASE, get, post, testApp } from "../support/app";
import { grant, signIn, villageId } from "../support/identity";

const APPLICANT = "+77011234567";
const COORDINATOR = "+77770000001";

describe("seller onboarding", () => {
  it("applies with an IIN, is approved by the village's coordinator, is told by SMS in their language, and sees the seller area", async () => {
    const { db, sms } = testApp();
    grant(db, COORDINATOR, "coordinator", "besagash");
    const coordinator = await signIn(db, sms, COORDINATOR);
    const me = await signIn(db, sms, APPLICANT);
    await post(profile.action, "/profile", { intent: "save", displayName: "Aigerim", preferredLanguage: "ru" }, { cookie: me.cookie });

    const bad = await post(apply.action, "/seller/apply", { village: "besagash", name: "Aigerim", craft: "Felt carpets", taxId: "921029350852" }, { cookie: me.cookie });
    expect(bad).toMatchObject({ status: 400, data: { values: { taxId: "921029350852" }, errors: { taxId: "identity.tax_id_checksum" } } });
    const applied = await post(apply.action, "/seller/apply", { village: "besagash", name: "Aigerim", craft: "Felt carpets", taxId: "9210 2935 0851" }, { cookie: me.cookie });
    expect(applied).toMatchObject({ status: 303 });
    const again = await post(apply.action, "/seller/apply", { village: "besagash", name: "Aigerim", craft: "Felt", taxId: "" }, { cookie: me.cookie });
    expect(again).toMatchObject({ status: 400, data: { refusal: "identity.application_pending" } });

    // The applicant sees the number masked; the coordinator sees it whole.
    const mine = await get(seller.loader, "/seller", { cookie: me.cookie });
    expect(JSON.stringify(mine.data)).toContain("9210••••0851");
    expect(JSON.stringify(mine.data)).not.toContain("921029350851");
    const view = await get(desk.loader, "/coordinator/besagash", { cookie: coordinator.cookie, params: { village: "besagash" } });
    const application = (view.data as { applications: { id: number; taxId: string; status: string }[] }).applications[0];
    expect(application).toMatchObject({ taxId: "921029350851", status: "pending" });

    const noReason = await post(desk.action, "/coordinator/besagash", { intent: "reject", id: String(application?.id), reason: " " }, { cookie: coordinator.cookie, params: { village: "besagash" } });
    expect(noReason).toMatchObject({ status: 400, data: { error: "identity.reason_required" } });
    const approved = await post(desk.action, "/coordinator/besagash", { intent: "approve", id: String(application?.id), reason: "" }, { cookie: coordinator.cookie, params: { village: "besagash" } });
    expect(approved.status).toBe(303);
    await deliverPending(db, sms);
    expect(sms.sent.at(-1)).toMatchObject({ to: APPLICANT, text: "Auyl Hub: теперь вы продавец в селе Бесагаш. Войдите, чтобы открыть кабинет продавца." });

    const sellers = (await get(desk.loader, "/coordinator/besagash", { cookie: coordinator.cookie, params: { village: "besagash" } })).data as { sellers: { id: number; verifiedAt: Date | null }[] };
    expect(sellers.sellers).toHaveLength(1);
    await post(desk.action, "/coordinator/besagash", { intent: "verify", id: String(sellers.sellers[0]?.id) }, { cookie: coordinator.cookie, params: { village: "besagash" } });

    const area = (await get(seller.loader, "/seller", { cookie: me.cookie })).data as { shops: { name: string; village: { slug: string }; verifiedAt: Date | null }[]; applications: { status: string }[] };
    expect(area.shops).toMatchObject([{ name: "Aigerim", village: { slug: "besagash" } }]);
    expect(area.shops[0]?.verifiedAt).toBeInstanceOf(Date);
    expect(area.applications.map((a) => a.status)).toEqual(["approved"]);
  });

  it("tells a rejected applicant the reason by SMS", async () => {
    const { db, sms } = testApp();
    grant(db, COORDINATOR, "coordinator", "besagash");
    const coordinator = await signIn(db, sms, COORDINATOR);
    const me = await signIn(db, sms, APPLICANT);
    await post(apply.action, "/seller/apply", { village: "besagash", name: "Nurlan", craft: "Tables", taxId: "" }, { cookie: me.cookie });
    const view = (await get(desk.loader, "/coordinator/besagash", { cookie: coordinator.cookie, params: { village: "besagash" } })).data as { applications: { id: number }[] };
    await post(desk.action, "/coordinator/besagash", { intent: "reject", id: String(view.applications[0]?.id), reason: "Бізге құжаттармен келіңіз" }, { cookie: coordinator.cookie, params: { village: "besagash" } });
    await deliverPending(db, sms);
    expect(sms.sent.at(-1)?.text).toBe("Auyl Hub: Бесағаш ауылында сату туралы өтінішіңіз бекітілмеді. Себебі: Бізге құжаттармен келіңіз");
  });
});

describe("seller role revoked", () => {
  it("keeps the shop on record, marked suspended", async () => {
    const { db, sms } = testApp();
    grant(db, COORDINATOR, "coordinator", "besagash");
    const coordinator = await signIn(db, sms, COORDINATOR);
    const me = await signIn(db, sms, APPLICANT);
    await post(apply.action, "/seller/apply", { village: "besagash", name: "Aigerim", craft: "Felt", taxId: "" }, { cookie: me.cookie });
    const view = (await get(desk.loader, "/coordinator/besagash", { cookie: coordinator.cookie, params: { village: "besagash" } })).data as { applications: { id: number }[] };
    await post(desk.action, "/coordinator/besagash", { intent: "approve", id: String(view.applications[0]?.id), reason: "" }, { cookie: coordinator.cookie, params: { village: "besagash" } });
    const area = async () => ((await get(seller.loader, "/seller", { cookie: me.cookie })).data as { shops: { active: boolean }[] }).shops;
    expect(await area()).toMatchObject([{ active: true }]);
    const adminId = grant(db, "+77770000009", "admin");
    const grantId = listGrantsOf(db, me.userId)[0]?.id ?? 0;
    expect(revokeRole(db, { actorUserId: adminId, userId: me.userId, grantId, ip: "x" }, new Date())).toEqual({ ok: true });
    expect(await area()).toMatchObject([{ active: false }]);
    // The admin screen cannot hand the seller role back without an application.
    const admin = await signIn(db, sms, "+77770000009");
    const regrant = await post(adminUser.action, `/admin/users/${me.userId}`, { intent: "grant", role: "seller", village: String(villageId(db, "besagash")) }, { cookie: admin.cookie, params: { user: String(me.userId) } });
    expect(regrant).toMatchObject({ status: 400, data: { error: "identity.role_required" } });
  });
});

describe("development outbox page", () => {
  it("exists only while no gateway is configured", async () => {
    testApp();
    expect((await get(devSms.loader, "/dev/sms")).status).toBe(200);
    setSmsSender(createHttpSender({ url: "http://127.0.0.1:9/sms", token: "t", senderName: "AuylHub", timeoutMs: 100, retries: 0 }));
    expect((await get(devSms.loader, "/dev/sms")).status).toBe(404);
  });
});

describe("profile", () => {
  it("downloads the person's own data as JSON", async () => {
    const { db, sms } = testApp();
    const me = await signIn(db, sms, APPLICANT);
    const answer = await profileData.loader({ request: new Request(`${BASE}/profile/data`, { headers: { Cookie: me.cookie } }), params: {}, context: { cspNonce: "", clientIp: "x" } });
    expect(answer.headers.get("Content-Disposition")).toMatch(/attachment/);
    const body = (await answer.json()) as { user: { phone: string }; events: { action: string }[] };
    expect(body.user.phone).toBe(APPLICANT);
    expect(body.events.map((e) => e.action)).toContain("signin");
  });

  it("deletes an account: personal data gone, rows kept, sessions ended", async () => {
    const { db, sms, sqlite } = testApp();
    const me = await signIn(db, sms, APPLICANT);
    await post(apply.action, "/seller/apply", { village: "besagash", name: "Aigerim", craft: "Felt", taxId: "921029350851" }, { cookie: me.cookie });
    const unconfirmed = await post(profile.action, "/profile", { intent: "delete" }, { cookie: me.cookie });
    expect(unconfirmed).toMatchObject({ status: 400, data: { errors: { confirm: "identity.delete_confirm_required" } } });
    expect((await post(profile.action, "/profile", { intent: "delete", confirm: "yes" }, { cookie: me.cookie })).status).toBe(303);
    expect((await get(profile.loader, "/profile", { cookie: me.cookie })).status).toBe(302);
    const dump = JSON.stringify([
      sqlite.prepare("SELECT * FROM users").all(),
      sqlite.prepare("SELECT * FROM seller_applications").all(),
      sqlite.prepare("SELECT * FROM outbox_messages").all(),
      sqlite.prepare("SELECT * FROM sign_in_codes").all(),
      sqlite.prepare("SELECT * FROM dev_sms_inbox").all(),
      sqlite.prepare("SELECT * FROM audit_log").all(),
    ]);
    expect(dump).not.toContain("7011234567");
    expect(dump).not.toContain("921029350851");
    expect(dump).not.toContain("Aigerim");
    expect(sqlite.prepare("SELECT count(*) AS n FROM seller_applications").get()).toEqual({ n: 1 });
    expect(sqlite.prepare("SELECT deleted_at IS NOT NULL AS deleted FROM users WHERE id = ?").get(me.userId)).toEqual({ deleted: 1 });
  });
});

describe("language choice", () => {
  it("goes cookie → profile → Accept-Language → kk, and the switcher saves it to the profile", async () => {
    const { db, sms } = testApp();
    const me = await signIn(db, sms, APPLICANT);
    const request = (headers: Record<string, string>) => new Request(BASE, { headers });
    expect(await getLanguage(request({}))).toBe("kk");
    expect(await getLanguage(request({ "Accept-Language": "ru-RU,ru;q=0.9" }))).toBe("ru");
    expect(await getLanguage(request({ "Accept-Language": "ru-RU", Cookie: me.cookie }))).toBe("kk"); // the profile says kk
    const switched = await post(language.action, "/language", { lng: "en", redirectTo: "/seller" }, { cookie: me.cookie });
    expect(switched.status).toBe(303);
    expect(await getLanguage(request({ "Accept-Language": "ru-RU", Cookie: me.cookie }))).toBe("en");
    expect(await getLanguage(request({ Cookie: `${me.cookie}; lng=${encodeURIComponent(btoa(JSON.stringify("ru")))}` }))).toBe("ru");
  });
});
