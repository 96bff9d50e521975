import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { categoryNames } from "../../app/domain/catalog/categories.server";
import { listingInput } from "../../app/domain/catalog/listing-rules";
import { removalInput, reportInput } from "../../app/domain/catalog/moderation";
import { checkTokenLabel } from "../../app/domain/insights/api-token-rules";
import { checkConsentInput } from "../../app/domain/insights/evidence-rules";
import { deliverPending } from "../../app/domain/notify/outbox.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { refusalKey } from "../../app/i18n/refusals";
import { translator } from "../../app/i18n/translate.server";
import * as desk from "../../app/routes/coordinator_.$village";
import * as orderPage from "../../app/routes/orders.$id";
import * as profile from "../../app/routes/profile";
import * as seller from "../../app/routes/seller";
import * as apply from "../../app/routes/seller_.apply";
import { checkConsentNote } from "../../app/web/listing-form.server";
import { parsePickupPointValues } from "../../app/web/pickup-point-form";
import { sellerApplications, users } from "../../db/schema";
import { get, post, testApp } from "../support/app";
import { grant, signIn } from "../support/identity";
import { buy, devProvider, eventsOf, orderWorld, payCheckout } from "../support/orders";

/**
 * Issue 13 §6: a name that carries a right-to-left override, a zero-width
 * space or a NUL could pass for another person's on the seller's, the
 * operator's and the coordinator's screens. Through the real routes and a real
 * SQLite file: what is stored is clean, and a name of nothing but such
 * characters is refused with the field's translated message and kept as typed.
 */
const ME = "+77011234567";
const COORDINATOR = "+77770000001";

/** "Асқар" with an override that would show what follows reversed, a zero-width space and a NUL. */
const HOSTILE_NAME = "\u202EАс\u200Bқар\u0000 Төлеген\u202C";
const INVISIBLE_ONLY = "\u200B\u202E\u2060\u00AD\uFEFF";
const KAZAKH = "Әсем Ғалымжанқызы — ә ғ қ ң ө ұ ү һ і";

afterEach(() => setPaymentProvider(undefined));

async function signedIn() {
  const app = testApp();
  const me = await signIn(app.db, app.sms, ME);
  return { ...app, me };
}

const storedName = (app: Awaited<ReturnType<typeof signedIn>>) => app.db.select({ name: users.displayName }).from(users).where(eq(users.id, app.me.userId)).get()?.name;

function expectTranslated(namespace: "identity", code: string) {
  const texts = (["kk", "ru", "en"] as const).map((language) => translator(language, namespace)(refusalKey(code)));
  for (const text of texts) expect(text).not.toMatch(/^(identity|errors)[.:]/);
  expect(new Set(texts).size).toBe(3);
}

describe("profile: the display name", () => {
  it("stores a hostile name cleaned: no override, no zero-width space, no NUL", async () => {
    const app = await signedIn();
    const saved = await post(profile.action, "/profile", { intent: "save", displayName: HOSTILE_NAME, preferredLanguage: "kk" }, { cookie: app.me.cookie });
    expect(saved.status).toBe(303);
    expect(storedName(app)).toBe("Асқар Төлеген");
    const page = (await get(profile.loader, "/profile", { cookie: app.me.cookie })).data as { displayName: string };
    expect(page.displayName).toBe("Асқар Төлеген");
  });

  it("stores a decomposed name composed (NFC), and Kazakh letters exactly as typed", async () => {
    const app = await signedIn();
    await post(profile.action, "/profile", { intent: "save", displayName: "Пе\u0308тр", preferredLanguage: "ru" }, { cookie: app.me.cookie });
    expect(storedName(app)).toBe("Пётр");
    await post(profile.action, "/profile", { intent: "save", displayName: KAZAKH, preferredLanguage: "kk" }, { cookie: app.me.cookie });
    expect(storedName(app)).toBe(KAZAKH);
  });

  it("refuses a name of nothing but invisible characters: 400, the field's translated message, the typed value kept, nothing stored", async () => {
    const app = await signedIn();
    await post(profile.action, "/profile", { intent: "save", displayName: "Асқар", preferredLanguage: "kk" }, { cookie: app.me.cookie });
    const refused = await post(profile.action, "/profile", { intent: "save", displayName: INVISIBLE_ONLY, preferredLanguage: "kk" }, { cookie: app.me.cookie });
    expect(refused).toMatchObject({ status: 400, data: { errors: { displayName: "identity.name_required" }, values: { displayName: INVISIBLE_ONLY } } });
    expectTranslated("identity", "identity.name_required");
    expect(storedName(app)).toBe("Асқар");
  });
});

describe("seller application: the shop name and the craft", () => {
  it("stores them cleaned, so the coordinator's desk and then the shop show the clean name", async () => {
    const app = await signedIn();
    grant(app.db, COORDINATOR, "coordinator", "besagash");
    const coordinator = await signIn(app.db, app.sms, COORDINATOR);
    const applied = await post(
      apply.action,
      "/seller/apply",
      { village: "besagash", name: "Бал\u202Eарман\u202C\u200D", craft: "Бал\u0000\r\nара\u2066 ұясы\u2069", taxId: "" },
      { cookie: app.me.cookie },
    );
    expect(applied.status).toBe(303);
    const row = app.db.select({ name: sellerApplications.name, craft: sellerApplications.craft }).from(sellerApplications).get();
    expect(row).toEqual({ name: "Баларман", craft: "Бал\nара ұясы" });

    const view = (await get(desk.loader, "/coordinator/besagash", { cookie: coordinator.cookie, params: { village: "besagash" } })).data as { applications: { id: number; name: string }[] };
    expect(view.applications.map((a) => a.name)).toEqual(["Баларман"]);
    const approved = await post(desk.action, "/coordinator/besagash", { intent: "approve", id: String(view.applications[0]?.id), reason: "" }, { cookie: coordinator.cookie, params: { village: "besagash" } });
    expect(approved.status).toBe(303);
    const area = (await get(seller.loader, "/seller", { cookie: app.me.cookie })).data as { shops: { name: string }[] };
    expect(area.shops.map((s) => s.name)).toEqual(["Баларман"]);
  });

  it("refuses a shop name of invisible characters with 400 and the translated message, keeping the craft as typed", async () => {
    const app = await signedIn();
    const craft = "Киіз басу\nтекемет";
    const refused = await post(apply.action, "/seller/apply", { village: "besagash", name: INVISIBLE_ONLY, craft, taxId: "" }, { cookie: app.me.cookie });
    expect(refused).toMatchObject({ status: 400, data: { errors: { name: "identity.name_required" }, values: { name: INVISIBLE_ONLY, craft } } });
    expect(refused.data).not.toHaveProperty("errors.craft");
    expectTranslated("identity", "identity.name_required");
    expect(app.db.select().from(sellerApplications).all()).toEqual([]);
  });

  it("a rejection's reason reaches the applicant cleaned, on the page and by SMS", async () => {
    const app = await signedIn();
    grant(app.db, COORDINATOR, "coordinator", "besagash");
    const coordinator = await signIn(app.db, app.sms, COORDINATOR);
    await post(apply.action, "/seller/apply", { village: "besagash", name: "Асқар", craft: "Бал", taxId: "" }, { cookie: app.me.cookie });
    const id = app.db.select({ id: sellerApplications.id }).from(sellerApplications).get()!.id;
    const rejected = await post(desk.action, "/coordinator/besagash", { intent: "reject", id: String(id), reason: "Хабарласыңыз\u202E 0 007 007 007\u0000" }, { cookie: coordinator.cookie, params: { village: "besagash" } });
    expect(rejected.status).toBe(303);
    expect(app.db.select({ reason: sellerApplications.reason }).from(sellerApplications).get()?.reason).toBe("Хабарласыңыз 0 007 007 007");
    await deliverPending(app.db, app.sms);
    const text = app.sms.sent.at(-1)?.text ?? "";
    expect(text).toContain("Хабарласыңыз 0 007 007 007");
    expect(text).not.toMatch(/[\u202A-\u202E\u0000]/);
  });
});

describe("an order's reason", () => {
  it("a seller's decline reason is stored cleaned in the order's timeline", async () => {
    const { db, sms } = testApp();
    const w = orderWorld(db);
    const provider = devProvider(() => new Date());
    setPaymentProvider(provider);
    const now = new Date();
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, now);
    if (!placed.ok) throw new Error(placed.reason);
    await payCheckout(db, provider, placed.checkoutId, now);
    const orderId = placed.orderIds[0]!;
    db.update(users).set({ phone: "+77012000044" }).where(eq(users.id, w.sellerA.userId)).run();
    const sellerA = await signIn(db, sms, "+77012000044");
    const declined = await post(orderPage.action, `/orders/${orderId}`, { intent: "decline", reason: "\u202Eқоймада\u200B жоқ\u0000" }, { cookie: sellerA.cookie, params: { id: String(orderId) } });
    expect(declined.status).toBe(303);
    expect(eventsOf(db, orderId).at(-1)).toMatchObject({ event: "decline", reason: "қоймада жоқ" });

    // A reason of nothing but invisible characters is no reason.
    const second = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, now);
    if (!second.ok) throw new Error(second.reason);
    await payCheckout(db, provider, second.checkoutId, now);
    const refused = await post(orderPage.action, `/orders/${second.orderIds[0]}`, { intent: "decline", reason: INVISIBLE_ONLY }, { cookie: sellerA.cookie, params: { id: String(second.orderIds[0]) } });
    expect(refused).toMatchObject({ status: 400, data: { error: "orders.reason_required", reason: INVISIBLE_ONLY } });
  });
});

describe("every other short text people type goes through the same cleaning", () => {
  const dirty = (text: string) => `\u202E${text.slice(0, 2)}\u200B${text.slice(2)}\u0000\u2066`;

  it("listing title, description and their translations", () => {
    const parsed = listingInput.parse({
      language: "kk",
      title: dirty("Ағаш орындық"),
      description: `${dirty("Қайың")}\r\n${dirty("120 см")}`,
      translations: { ru: { title: dirty("Стул"), description: dirty("Берёза") }, en: { title: "\u200B", description: "" } },
      categoryId: "1",
      price: "25000",
      unit: "piece",
      stock: "3",
      weightClass: "upTo15kg",
    });
    expect(parsed).toMatchObject({ title: "Ағаш орындық", description: "Қайың\n120 см", translations: { ru: { title: "Стул", description: "Берёза" }, en: { title: undefined, description: undefined } } });
    expect(listingInput.safeParse({ language: "kk", title: "\u200B\u200BАБ\u200B", categoryId: "1", price: "1", unit: "piece", stock: "1", weightClass: "upTo15kg" }).error?.issues[0]?.message).toBe(
      "catalog.title_short",
    );
  });

  it("pickup point name, address and hours", () => {
    const parsed = parsePickupPointValues({ kind: "hub_shop", name: dirty("Бесағаш дүкені"), address: dirty("Абай көшесі, 5"), openingHours: dirty("09:00–18:00"), storageDays: "7" });
    expect(parsed).toMatchObject({ ok: true, point: { name: "Бесағаш дүкені", address: "Абай көшесі, 5", openingHours: "09:00–18:00" } });
    expect(parsePickupPointValues({ kind: "hub_shop", name: INVISIBLE_ONLY, address: "Абай, 5", openingHours: "09–18", storageDays: "7" })).toMatchObject({
      ok: false,
      errors: { name: "logistics:errors.name_required" },
    });
  });

  it("category names", () => {
    expect(categoryNames.parse({ nameKk: dirty("Жиһаз"), nameRu: dirty("Мебель"), nameEn: dirty("Furniture") })).toEqual({ nameKk: "Жиһаз", nameRu: "Мебель", nameEn: "Furniture" });
    expect(categoryNames.safeParse({ nameKk: INVISIBLE_ONLY, nameRu: "Мебель", nameEn: "Furniture" }).error?.issues[0]?.message).toBe("catalog.category_name");
  });

  it("report and removal notes", () => {
    expect(reportInput.parse({ reason: "fake", note: dirty("Суреті басқа") }).note).toBe("Суреті басқа");
    expect(removalInput.parse({ reason: "fake", note: dirty("Жалған") }).note).toBe("Жалған");
    expect(reportInput.parse({ reason: "fake", note: INVISIBLE_ONLY }).note).toBeUndefined();
  });

  it("the consent purpose, the API token label, the assisted-selling consent note", () => {
    expect(checkConsentInput({ purpose: dirty("Несие алу үшін"), days: "90" })).toMatchObject({ ok: true, purpose: "Несие алу үшін" });
    expect(checkConsentInput({ purpose: INVISIBLE_ONLY, days: "90" })).toMatchObject({ ok: false, errors: { purpose: "evidence.purpose_required" } });
    expect(checkTokenLabel(dirty("Облыс есебі"))).toEqual({ ok: true, label: "Облыс есебі" });
    expect(checkTokenLabel(INVISIBLE_ONLY)).toEqual({ ok: false, reason: "api.label_required" });
    expect(checkConsentNote({ consentNote: INVISIBLE_ONLY })).toBe("catalog:errors.consent_required");
    expect(checkConsentNote({ consentNote: dirty("Телефон арқылы келісті") })).toBeUndefined();
  });
});
