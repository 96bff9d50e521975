/**
 * The evidence pack (issue 6 §7): a seller consents per shop on
 * /seller/evidence; the coordinators of the shop's village list the live
 * consents and print the statement, whose figures are insights_seller_months;
 * withdrawn or expired consent, or another village's coordinator, and nothing
 * is shown.
 */
import { and, desc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { findPrintedReference, giveConsent } from "../../app/domain/insights/evidence.server";
import { periods } from "../../app/domain/insights/insights.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { formatNumber } from "../../app/i18n/format";
import { formatMonth } from "../../app/i18n/months";
import * as printPage from "../../app/routes/coordinator_.$village_.evidence.$seller";
import * as villageList from "../../app/routes/coordinator_.$village_.evidence._index";
import * as sellerPage from "../../app/routes/seller_.evidence";
import { auditLog, evidenceConsents, insightsSellerMonths, listings, sellerApplications, sellers, users, villages } from "../../db/schema";
import { get, post, testApp } from "../support/app";
import { cashSale, grantSellerRole } from "../support/cash-sales";
import { grant, signIn } from "../support/identity";
import { DAY, devProvider, orderWorld } from "../support/orders";
import { formatMoney } from "../../app/i18n/money";

afterEach(() => setPaymentProvider(undefined));

type SellerData = Awaited<ReturnType<typeof sellerPage.loader>>;
type ListData = { consents: { sellerId: number; purpose: string }[]; check: { ok: boolean; text: string } | null; reference: string };
type PrintData = Extract<Awaited<ReturnType<typeof printPage.loader>>["data"], { ok: true }>;

async function world() {
  const app = testApp();
  setPaymentProvider(devProvider(() => new Date()));
  const w = orderWorld(app.db);
  app.db.update(listings).set({ stock: 1000 }).run();
  const slugOf = (id: number) => app.db.select({ slug: villages.slug }).from(villages).where(eq(villages.id, id)).get()!.slug;
  const phoneOf = (id: number) => app.db.select({ phone: users.phone }).from(users).where(eq(users.id, id)).get()!.phone!;
  const slugA = slugOf(w.villageA);
  const slugB = slugOf(w.villageB);
  grantSellerRole(app.db, w.sellerA.userId, w.villageA);
  grantSellerRole(app.db, w.sellerB.userId, w.villageB);
  grant(app.db, "+77015550001", "coordinator", slugA);
  grant(app.db, "+77015550002", "coordinator", slugB);
  const coordinator = await signIn(app.db, app.sms, "+77015550001");
  const otherCoordinator = await signIn(app.db, app.sms, "+77015550002");
  const seller = await signIn(app.db, app.sms, phoneOf(w.sellerA.userId));
  const otherSeller = await signIn(app.db, app.sms, phoneOf(w.sellerB.userId));
  const sales = { buyerUserId: w.buyerUserId, hubUserId: w.hubUserId, operatorUserId: w.operatorUserId, pointId: w.pointB };
  const sellA = (daysAgo: number, quantity: number) => cashSale(app.db, sales, { listingId: w.listingA, sellerUserId: w.sellerA.userId, quantity, daysAgo });
  const printPath = (sellerId: number, slug = slugA) => ({ path: `/coordinator/${slug}/evidence/${sellerId}`, params: { village: slug, seller: String(sellerId) } });
  const print = (cookie: string, sellerId = w.sellerA.sellerId, slug = slugA) => {
    const p = printPath(sellerId, slug);
    return get(printPage.loader, p.path, { cookie, params: p.params });
  };
  const list = async (cookie: string, query = "") => get(villageList.loader, `/coordinator/${slugA}/evidence${query}`, { cookie, params: { village: slugA } });
  const consentRows = () => app.db.select().from(evidenceConsents).orderBy(desc(evidenceConsents.id)).all();
  return { ...app, w, slugA, slugB, coordinator, otherCoordinator, seller, otherSeller, sellA, print, list, consentRows };
}

describe("/seller/evidence", () => {
  it("records a consent for the seller's own shop, lists it as in force, and the village's coordinator sees it", async () => {
    const app = await world();
    const before = Date.now();
    const given = await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: String(app.w.sellerA.sellerId), purpose: "  Auyl Amanaty,   Talgar branch ", days: "30" }, { cookie: app.seller.cookie });
    expect(given.status).toBe(303);
    expect(given.headers.get("Location")).toBe("/seller/evidence?done=given");
    const [row] = app.consentRows();
    expect(row).toMatchObject({ sellerId: app.w.sellerA.sellerId, purpose: "Auyl Amanaty, Talgar branch", withdrawnAt: null });
    expect(row!.givenAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(row!.expiresAt.getTime() - row!.givenAt.getTime()).toBe(30 * DAY);

    const page = (await get(sellerPage.loader, "/seller/evidence", { cookie: app.seller.cookie })).data as SellerData;
    expect(page.shops).toHaveLength(1);
    expect(page.shops[0]!.consents).toEqual([expect.objectContaining({ id: row!.id, purpose: "Auyl Amanaty, Talgar branch", state: "live", withdrawn: null })]);

    const listed = (await app.list(app.coordinator.cookie)).data as ListData;
    expect(listed.consents).toEqual([expect.objectContaining({ sellerId: app.w.sellerA.sellerId, purpose: "Auyl Amanaty, Talgar branch" })]);
    // Seller B's village coordinator does not see seller A, and cannot open A's village list.
    expect((await app.list(app.otherCoordinator.cookie)).status).toBe(403);
  });

  it("refuses an empty purpose and an unknown validity with 400, keeping what was typed, and writes nothing", async () => {
    const app = await world();
    const empty = await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: String(app.w.sellerA.sellerId), purpose: "   ", days: "90" }, { cookie: app.seller.cookie });
    expect(empty.status).toBe(400);
    expect(empty.data).toEqual({ sellerId: app.w.sellerA.sellerId, values: { purpose: "   ", days: "90" }, errors: { purpose: "evidence.purpose_required" } });
    const odd = await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: String(app.w.sellerA.sellerId), purpose: "Микрокредит", days: "45" }, { cookie: app.seller.cookie });
    expect(odd.status).toBe(400);
    expect(odd.data).toEqual({ sellerId: app.w.sellerA.sellerId, values: { purpose: "Микрокредит", days: "45" }, errors: { days: "evidence.validity_unknown" } });
    const long = await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: String(app.w.sellerA.sellerId), purpose: "x".repeat(201), days: "90" }, { cookie: app.seller.cookie });
    expect(long.status).toBe(400);
    expect((long.data as { errors: unknown }).errors).toEqual({ purpose: "evidence.purpose_too_long" });
    expect((await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: "abc", purpose: "Bank", days: "90" }, { cookie: app.seller.cookie })).status).toBe(400);
    expect((await post(sellerPage.action, "/seller/evidence", { intent: "shout" }, { cookie: app.seller.cookie })).status).toBe(400);
    expect(app.consentRows()).toEqual([]);
  });

  it("is the seller's own: another person's shop or consent is answered as missing; a buyer without a shop gets 404", async () => {
    const app = await world();
    const other = await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: String(app.w.sellerB.sellerId), purpose: "Bank", days: "90" }, { cookie: app.seller.cookie });
    expect(other.status).toBe(404);
    expect(app.consentRows()).toEqual([]);
    const theirs = giveConsent(app.db, { userId: app.w.sellerB.userId, sellerId: app.w.sellerB.sellerId, purpose: "Bank", days: 90 }, new Date());
    if (!theirs.ok) throw new Error(theirs.reason);
    const withdraw = await post(sellerPage.action, "/seller/evidence", { intent: "withdraw", consentId: String(theirs.consentId) }, { cookie: app.seller.cookie });
    expect(withdraw.status).toBe(404);
    expect(app.consentRows()[0]!.withdrawnAt).toBeNull();
    const buyer = await signIn(app.db, app.sms, "+77015550009");
    expect((await get(sellerPage.loader, "/seller/evidence", { cookie: buyer.cookie })).status).toBe(404);
    expect((await get(sellerPage.loader, "/seller/evidence")).status).toBe(302);
  });
});

describe("/coordinator/<village>/evidence/<seller>", () => {
  it("prints the 12 months of insights_seller_months with totals, months with sales, the first sale and a reference recorded in the audit log", async () => {
    const app = await world();
    app.sellA(2, 2);
    app.sellA(40, 1);
    app.sellA(41, 3);
    app.sellA(200, 1);
    app.sellA(500, 4); // before the 12 months: only the first sale month sees it
    giveConsent(app.db, { userId: app.w.sellerA.userId, sellerId: app.w.sellerA.sellerId, purpose: "Auyl Amanaty", days: 90 }, new Date());

    const page = await app.print(app.coordinator.cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    const pack = page.data as PrintData;
    expect(pack.ok).toBe(true);
    const { current } = periods(12, new Date());
    expect(pack.months.map((m) => m.month)).toEqual(current.months);
    const rows = app.db.select().from(insightsSellerMonths).where(eq(insightsSellerMonths.sellerId, app.w.sellerA.sellerId)).all();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const month of pack.months) {
      const row = rows.find((r) => r.month === month.month);
      expect(month.gmvTiyn, month.month).toBe(row?.gmvTiyn ?? 0);
      expect(month.ordersCompleted, month.month).toBe(row?.ordersCompleted ?? 0);
      expect(month.gmv).toBe(formatMoney(row?.gmvTiyn ?? 0, "kk"));
      expect(month.items).toBe(formatNumber(row?.items ?? 0, "kk"));
    }
    const inPeriod = rows.filter((r) => current.months.includes(r.month));
    expect(pack.totals.gmvTiyn).toBe(inPeriod.reduce((s, r) => s + r.gmvTiyn, 0));
    expect(pack.totals.gmvTiyn).toBe(1_234_567 * 7);
    expect(pack.totals.ordersCompleted).toBe(4);
    expect(pack.totals.items).toBe(7);
    expect(pack.monthsWithSales).toBe(inPeriod.filter((r) => r.ordersCompleted > 0).length);
    const firstMonth = rows.map((r) => r.month).sort()[0]!;
    expect(current.months).not.toContain(firstMonth);
    expect(pack.firstSale).toBe(formatMonth(firstMonth, "kk"));
    expect(pack.purpose).toBe("Auyl Amanaty");
    expect(pack.reference).toMatch(/^AH-\d+-\d{8}-[0-9A-F]{6}$/);

    const audit = app.db.select().from(auditLog).where(and(eq(auditLog.action, "evidence.printed"))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: app.coordinator.userId, subjectUserId: app.w.sellerA.userId });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ sellerId: app.w.sellerA.sellerId, reference: pack.reference });

    // A lender calls with the reference: the coordinator confirms it; a made-up one is unknown, a garbled one a 400.
    const confirmed = (await app.list(app.coordinator.cookie, `?reference=${pack.reference.toLowerCase()}`)).data as ListData;
    expect(confirmed.check).toMatchObject({ ok: true });
    expect(findPrintedReference(app.db, app.w.villageA, pack.reference)).toMatchObject({ ok: true, sellerId: app.w.sellerA.sellerId });
    expect(findPrintedReference(app.db, app.w.villageB, pack.reference)).toMatchObject({ ok: false, reason: "evidence.reference_unknown" });
    const forged = pack.reference.replace(/-[0-9A-F]{6}$/, "-000000");
    expect(((await app.list(app.coordinator.cookie, `?reference=${forged}`)).data as ListData).check).toMatchObject({ ok: false });
    const garbled = await app.list(app.coordinator.cookie, "?reference=hello");
    expect(garbled.status).toBe(400);
    expect((garbled.data as ListData).reference).toBe("hello");
  });

  it("is refused without a live consent (403 with the explanation), and withdrawing blocks printing at once", async () => {
    const app = await world();
    app.sellA(2, 1);
    const none = await app.print(app.coordinator.cookie);
    expect(none.status).toBe(403);
    expect(none.data).toMatchObject({ ok: false });
    expect(JSON.stringify(none.data)).not.toContain("1234567");

    await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: String(app.w.sellerA.sellerId), purpose: "Bank", days: "90" }, { cookie: app.seller.cookie });
    expect((await app.print(app.coordinator.cookie)).status).toBe(200);
    const consentId = app.consentRows()[0]!.id;
    const withdrawn = await post(sellerPage.action, "/seller/evidence", { intent: "withdraw", consentId: String(consentId) }, { cookie: app.seller.cookie });
    expect(withdrawn.status).toBe(303);
    expect((await app.print(app.coordinator.cookie)).status).toBe(403);
    expect(((await app.list(app.coordinator.cookie)).data as ListData).consents).toEqual([]);
    // The row is the record: kept, marked withdrawn.
    const [row] = app.consentRows();
    expect(row!.id).toBe(consentId);
    expect(row!.withdrawnAt).toBeInstanceOf(Date);
    const page = (await get(sellerPage.loader, "/seller/evidence", { cookie: app.seller.cookie })).data as SellerData;
    expect(page.shops[0]!.consents[0]).toMatchObject({ state: "withdrawn" });
    expect(app.db.select().from(auditLog).where(eq(auditLog.action, "evidence.printed")).all()).toHaveLength(1);
  });

  it("is refused once the consent has expired", async () => {
    const app = await world();
    app.sellA(2, 1);
    giveConsent(app.db, { userId: app.w.sellerA.userId, sellerId: app.w.sellerA.sellerId, purpose: "Bank", days: 30 }, new Date(Date.now() - 31 * DAY));
    expect((await app.print(app.coordinator.cookie)).status).toBe(403);
    expect(((await app.list(app.coordinator.cookie)).data as ListData).consents).toEqual([]);
    const page = (await get(sellerPage.loader, "/seller/evidence", { cookie: app.seller.cookie })).data as SellerData;
    expect(page.shops[0]!.consents[0]).toMatchObject({ state: "expired" });
  });

  it("is refused to another village's coordinator, to the seller, and for a seller of another village", async () => {
    const app = await world();
    giveConsent(app.db, { userId: app.w.sellerA.userId, sellerId: app.w.sellerA.sellerId, purpose: "Bank", days: 90 }, new Date());
    giveConsent(app.db, { userId: app.w.sellerB.userId, sellerId: app.w.sellerB.sellerId, purpose: "Bank", days: 90 }, new Date());
    expect((await app.print(app.otherCoordinator.cookie)).status).toBe(403);
    expect((await app.print(app.seller.cookie)).status).toBe(403);
    // Seller B lives in village B: not printable through village A's address.
    expect((await app.print(app.coordinator.cookie, app.w.sellerB.sellerId)).status).toBe(404);
    expect((await app.print(app.coordinator.cookie, 999_999)).status).toBe(404);
    const bad = await get(printPage.loader, `/coordinator/${app.slugA}/evidence/1e3`, { cookie: app.coordinator.cookie, params: { village: app.slugA, seller: "1e3" } });
    expect(bad.status).toBe(404);
    expect((await app.print("")).status).toBe(302);
    expect(app.db.select().from(auditLog).where(eq(auditLog.action, "evidence.printed")).all()).toEqual([]);
  });

  it("takes consent per shop: a person selling in two villages consents for one, the other stays closed", async () => {
    const app = await world();
    // Seller A's person also has a shop in village B.
    const applicationId = app.db
      .insert(sellerApplications)
      .values({ userId: app.w.sellerA.userId, villageId: app.w.villageB, name: "Second shop", craft: "киіз", status: "approved", createdAt: new Date(), decidedAt: new Date() })
      .returning({ id: sellerApplications.id })
      .get().id;
    const secondShop = app.db.insert(sellers).values({ userId: app.w.sellerA.userId, villageId: app.w.villageB, applicationId, name: "Second shop", approvedAt: new Date() }).returning({ id: sellers.id }).get().id;
    await post(sellerPage.action, "/seller/evidence", { intent: "give", sellerId: String(secondShop), purpose: "Bank", days: "180" }, { cookie: app.seller.cookie });
    const page = (await get(sellerPage.loader, "/seller/evidence", { cookie: app.seller.cookie })).data as SellerData;
    expect(page.shops.map((s) => [s.sellerId, s.consents.length])).toEqual([
      [app.w.sellerA.sellerId, 0],
      [secondShop, 1],
    ]);
    expect((await app.print(app.coordinator.cookie)).status).toBe(403);
    expect((await app.print(app.otherCoordinator.cookie, secondShop, app.slugB)).status).toBe(200);
  });
});
