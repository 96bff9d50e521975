/**
 * The insights screens (issue 6 §4) read the rollups: the village dashboard
 * shows, month by month and for the period, exactly what insights_village_days
 * and insights_seller_months hold after orders went through the real use
 * cases, and its service figures (repeat buyers, days to pickup, on-time
 * handovers, disputes, active shops) what the monthly service rollups hold;
 * another village's coordinator gets 403; a seller sees only their own
 * monthly sales.
 */
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { addMonths, monthsBetween } from "../../app/domain/insights/calendar";
import { serviceMetrics } from "../../app/domain/insights/service.server";
import { activeShops } from "../../app/domain/insights/shops.server";
import { buyerPickupCode, handOver } from "../../app/domain/orders/handover.server";
import { applyOrderEvent } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { formatNumber } from "../../app/i18n/format";
import { languageCookie } from "../../app/web/language.server";
import { formatDecimal, formatShare } from "../../app/ui/sales-months";
import * as villageInsights from "../../app/routes/coordinator_.$village_.insights";
import * as sellerSales from "../../app/routes/seller_.sales";
import { insightsSellerMonths, insightsVillageDays, listings, users, villages } from "../../db/schema";
import { get, testApp } from "../support/app";
import { grant, signIn } from "../support/identity";
import { makeUser } from "../support/ledger";
import { buy, DAY, devProvider, orderWorld, payCheckout } from "../support/orders";
import { formatMoney } from "../../app/i18n/money";

const NOW = Date.now();
let clock = new Date(NOW);
const provider = devProvider(() => clock);
afterEach(() => setPaymentProvider(undefined));

type VillageData = Awaited<ReturnType<typeof villageInsights.loader>>;
type SellerData = Awaited<ReturnType<typeof sellerSales.loader>>;

async function world() {
  const app = testApp();
  setPaymentProvider(provider);
  const w = orderWorld(app.db);
  app.db.update(listings).set({ stock: 1000 }).where(eq(listings.id, w.listingA)).run();
  const slugOf = (id: number) => app.db.select({ slug: villages.slug }).from(villages).where(eq(villages.id, id)).get()!.slug;
  const phoneOf = (id: number) => app.db.select({ phone: users.phone }).from(users).where(eq(users.id, id)).get()!.phone!;
  const slugA = slugOf(w.villageA);
  grant(app.db, "+77015550001", "coordinator", slugA);
  grant(app.db, "+77015550002", "coordinator", slugOf(w.villageB));
  const coordinator = await signIn(app.db, app.sms, "+77015550001");
  const otherCoordinator = await signIn(app.db, app.sms, "+77015550002");
  const seller = await signIn(app.db, app.sms, phoneOf(w.sellerA.userId));

  /** A cash order of seller A, dropped within the hour, collected and confirmed `daysAgo` days ago, 6 hours after it was placed. */
  const cashSale = (daysAgo: number, quantity: number, buyerUserId = w.buyerUserId) => {
    const t = (hours: number) => new Date(NOW - daysAgo * DAY + hours * 3_600_000);
    const placed = buy(app.db, { buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity }], paymentMethod: "cash" }, t(-6));
    if (!placed.ok) throw new Error(placed.reason);
    const id = placed.orderIds[0]!;
    for (const [event, by, actor, hours] of [
      ["drop", "seller", w.sellerA.userId, -5],
      ["receive", "hub", w.hubUserId, -4],
      ["send", "hub", w.hubUserId, -3],
      ["arrive", "operator", w.operatorUserId, -2],
    ] as const) {
      const result = applyOrderEvent(app.db, { orderId: id, event, by, actorUserId: actor }, t(hours));
      if (!result.ok) throw new Error(`${event}: ${result.reason}`);
    }
    const code = buyerPickupCode(app.db, getOrder(app.db, id)!)!;
    const handed = handOver(app.db, { orderId: id, code, actorUserId: w.operatorUserId, cashTiyn: getOrder(app.db, id)!.totalTiyn }, t(0));
    if (!handed.ok) throw new Error(handed.reason);
    // The hub keeps the cash until the buyer's word (issue 14 §7): confirmed at the counter.
    const confirmed = applyOrderEvent(app.db, { orderId: id, event: "confirm", by: "buyer", actorUserId: buyerUserId }, t(0));
    if (!confirmed.ok) throw new Error(confirmed.reason);
  };
  /** An online order of seller A, disputed and resolved with a partial refund `daysAgo` days ago. */
  const refundedInPart = async (daysAgo: number, refundTiyn: number) => {
    const t = (hours: number) => new Date(NOW - daysAgo * DAY + hours * 3_600_000);
    const placed = buy(app.db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, t(-8));
    if (!placed.ok) throw new Error(placed.reason);
    const id = placed.orderIds[0]!;
    clock = t(-7.9);
    await payCheckout(app.db, provider, placed.checkoutId, clock);
    for (const [event, by, actor, hours] of [
      ["accept", "seller", w.sellerA.userId, -7],
      ["drop", "seller", w.sellerA.userId, -6],
      ["receive", "hub", w.hubUserId, -5],
      ["send", "hub", w.hubUserId, -4],
      ["arrive", "operator", w.operatorUserId, -3],
    ] as const) {
      const result = applyOrderEvent(app.db, { orderId: id, event, by, actorUserId: actor }, t(hours));
      if (!result.ok) throw new Error(`${event}: ${result.reason}`);
    }
    const code = buyerPickupCode(app.db, getOrder(app.db, id)!)!;
    if (!handOver(app.db, { orderId: id, code, actorUserId: w.operatorUserId }, t(-2)).ok) throw new Error("handover");
    for (const [event, by, actor, hours, extra] of [
      ["dispute", "buyer", w.buyerUserId, -1, {}],
      ["resolve_partial", "resolver", w.hubUserId, 0, { refundTiyn }],
    ] as const) {
      const result = applyOrderEvent(app.db, { orderId: id, event, by, actorUserId: actor, ...extra }, t(hours));
      if (!result.ok) throw new Error(`${event}: ${result.reason}`);
    }
  };
  /** A cash order of seller A never dropped: cancelled by the drop deadline `daysAgo` days ago (a late handover). */
  const missedDrop = (daysAgo: number) => {
    const placedAt = new Date(NOW - daysAgo * DAY - 73 * 3_600_000);
    const placed = buy(app.db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }], paymentMethod: "cash" }, placedAt);
    if (!placed.ok) throw new Error(placed.reason);
    const result = applyOrderEvent(app.db, { orderId: placed.orderIds[0]!, event: "drop_deadline", by: "clock", actorUserId: null }, new Date(NOW - daysAgo * DAY));
    if (!result.ok) throw new Error(`drop_deadline: ${result.reason}`);
  };
  return { ...app, w, slugA, coordinator, otherCoordinator, seller, cashSale, refundedInPart, missedDrop };
}

describe("/coordinator/<village>/insights", () => {
  it("shows per month and for the period the same numbers as the rollups, and compares with the previous period", async () => {
    const app = await world();
    app.cashSale(1, 2);
    app.cashSale(40, 1);
    app.cashSale(95, 3);
    await app.refundedInPart(10, 234_567);
    app.cashSale(250, 1); // the previous 6-month period

    const page = await get(villageInsights.loader, `/coordinator/${app.slugA}/insights?months=6`, { cookie: app.coordinator.cookie, params: { village: app.slugA } });
    expect(page.status).toBe(200);
    const data = page.data as VillageData;
    expect(data.length).toBe(6);
    expect(data.months).toHaveLength(6);

    const monthSums = (first: string, last: string) =>
      app.db
        .select({
          gmvTiyn: sql<number>`COALESCE(SUM(${insightsVillageDays.gmvTiyn}), 0)`,
          ordersCompleted: sql<number>`COALESCE(SUM(${insightsVillageDays.ordersCompleted}), 0)`,
          refundedTiyn: sql<number>`COALESCE(SUM(${insightsVillageDays.refundedTiyn}), 0)`,
          items: sql<number>`COALESCE(SUM(${insightsVillageDays.items}), 0)`,
        })
        .from(insightsVillageDays)
        .where(and(eq(insightsVillageDays.villageId, app.w.villageA), gte(insightsVillageDays.day, `${first}-01`), lt(insightsVillageDays.day, `${addMonths(last, 1)}-01`)))
        .get()!;
    for (const row of data.months) {
      const sums = monthSums(row.month, row.month);
      expect(row.gmvTiyn, row.month).toBe(sums.gmvTiyn);
      expect(row.ordersCompleted, row.month).toBe(sums.ordersCompleted);
      expect(row.gmv).toBe(formatMoney(sums.gmvTiyn, data.language));
      expect(row.refunded).toBe(formatMoney(sums.refundedTiyn, data.language));
      expect(row.items).toBe(formatNumber(sums.items, data.language));
    }
    const period = monthSums(data.months[0]!.month, data.months[5]!.month);
    expect(period.ordersCompleted).toBe(4);
    expect(period.refundedTiyn).toBe(234_567);
    expect(period.gmvTiyn).toBe(1_234_567 * (2 + 1 + 3 + 1) - 234_567);
    expect(data.totals).toMatchObject({ gmvTiyn: period.gmvTiyn, ordersCompleted: 4, refundedTiyn: 234_567, items: 7, activeSellers: 1 });
    const summary = Object.fromEntries(data.summary.map((r) => [r.key, r]));
    expect(summary.gmv).toMatchObject({ current: formatMoney(period.gmvTiyn, data.language), previous: formatMoney(1_234_567, data.language) });
    expect(summary.orders).toMatchObject({ current: formatNumber(4, data.language), previous: formatNumber(1, data.language) });
    expect(summary.orders!.change).toMatch(/300/);
    // The seller-month rollup agrees with the daily one over the period.
    const sellerPeriod = app.db
      .select({ gmvTiyn: sql<number>`SUM(${insightsSellerMonths.gmvTiyn})` })
      .from(insightsSellerMonths)
      .where(and(eq(insightsSellerMonths.villageId, app.w.villageA), gte(insightsSellerMonths.month, data.months[0]!.month)))
      .get()!;
    expect(sellerPeriod.gmvTiyn).toBe(period.gmvTiyn);
    expect(data.topCategories).toEqual([expect.objectContaining({ gmv: formatMoney(period.gmvTiyn, data.language), orders: formatNumber(4, data.language) })]);
    expect(checkLedgerInvariants(app.db)).toEqual([]);

    // The period is chosen by a GET form; anything else falls back to 6 months.
    const twelve = (await get(villageInsights.loader, `/coordinator/${app.slugA}/insights?months=12`, { cookie: app.coordinator.cookie, params: { village: app.slugA } })).data as VillageData;
    expect(twelve.months).toHaveLength(12);
    expect(twelve.totals.ordersCompleted).toBe(5);
    const odd = (await get(villageInsights.loader, `/coordinator/${app.slugA}/insights?months=7`, { cookie: app.coordinator.cookie, params: { village: app.slugA } })).data as VillageData;
    expect(odd.length).toBe(6);
  });

  it("shows repeat buyers, days from payment to pickup, on-time handovers, disputes and active shops as the service rollups hold them", async () => {
    const app = await world();
    const otherBuyer = makeUser(app.db);
    app.cashSale(1, 1);
    app.cashSale(5, 1, otherBuyer);
    app.cashSale(40, 1);
    await app.refundedInPart(10, 100_000);
    app.missedDrop(20);
    app.cashSale(250, 1); // the previous 6-month period

    const page = await get(villageInsights.loader, `/coordinator/${app.slugA}/insights?months=6`, { cookie: app.coordinator.cookie, params: { village: app.slugA } });
    expect(page.status).toBe(200);
    const data = page.data as VillageData;
    const months = data.months.map((m) => m.month);
    const previousMonths = monthsBetween(addMonths(months[0]!, -6), addMonths(months[0]!, -1));

    // The rollups, read here with SQL of their own.
    const village = app.w.villageA;
    const counts = (list: string[]) =>
      app.db.all<{ pickups: number; onlinePickups: number; disputes: number; handoversDue: number; handoversOnTime: number }>(sql`
        SELECT COALESCE(SUM(pickups), 0) AS pickups, COALESCE(SUM(online_pickups), 0) AS onlinePickups, COALESCE(SUM(disputes), 0) AS disputes,
               COALESCE(SUM(handovers_due), 0) AS handoversDue, COALESCE(SUM(handovers_on_time), 0) AS handoversOnTime
          FROM insights_village_months WHERE village_id = ${village} AND month >= ${list[0]} AND month <= ${list[list.length - 1]}`)[0]!;
    const buyers = (list: string[]) =>
      app.db.all<{ buyers: number; repeatBuyers: number }>(sql`
        SELECT COUNT(*) AS buyers, COALESCE(SUM(n >= 2), 0) AS repeatBuyers FROM (
          SELECT SUM(orders_completed) AS n FROM insights_village_buyers
           WHERE village_id = ${village} AND month >= ${list[0]} AND month <= ${list[list.length - 1]} GROUP BY buyer_id)`)[0]!;
    const hours = (list: string[]) =>
      app.db
        .all<{ hours: number; orders: number }>(sql`
          SELECT hours, SUM(orders) AS orders FROM insights_pickup_hours
           WHERE village_id = ${village} AND month >= ${list[0]} AND month <= ${list[list.length - 1]} GROUP BY hours`)
        .flatMap((r) => Array<number>(r.orders).fill(r.hours))
        .sort((a, b) => a - b);

    // What the orders above make: two buyers, one of them with three completed orders; four pickups, one online and disputed;
    // five handovers settled, the missed drop late; 6 hours from placing to pickup for cash, 5.9 from payment for the online one.
    expect(counts(months)).toEqual({ pickups: 4, onlinePickups: 1, disputes: 1, handoversDue: 5, handoversOnTime: 4 });
    expect(buyers(months)).toEqual({ buyers: 2, repeatBuyers: 1 });
    expect(hours(months)).toEqual([5, 6, 6, 6]);
    expect(counts(previousMonths)).toEqual({ pickups: 1, onlinePickups: 0, disputes: 0, handoversDue: 1, handoversOnTime: 1 });
    expect(buyers(previousMonths)).toEqual({ buyers: 1, repeatBuyers: 0 });

    expect(data.service).toEqual({ ...counts(months), ...buyers(months), medianPickupDays: 0.3 });
    expect(data.previousService).toEqual({ ...counts(previousMonths), ...buyers(previousMonths), medianPickupDays: 0.3 });
    expect(data.service).toEqual(serviceMetrics(app.db, [village], months));
    // Seller A was approved long ago and completed 3 or more orders in this month and the two before; none in the previous period's.
    expect(data.activeShops).toBe(activeShops(app.db, [village], months[5]!));
    expect(data.activeShops).toBe(1);
    expect(data.previousActiveShops).toBe(0);

    const rows = Object.fromEntries(data.serviceSummary.map((r) => [r.key, r]));
    expect(Object.keys(rows)).toEqual(["repeatBuyers", "medianPickupDays", "onTimeHandovers", "disputeRate", "activeShops"]);
    const n = (value: number) => formatNumber(value, data.language);
    expect(rows.repeatBuyers!.current).toContain(`${n(1)}`);
    expect(rows.repeatBuyers!.current).toContain(formatShare(0.5, data.language));
    expect(rows.repeatBuyers!.previous).toContain(formatShare(0, data.language));
    expect(rows.onTimeHandovers!.current).toContain(formatShare(0.8, data.language));
    expect(rows.onTimeHandovers!.previous).toContain(formatShare(1, data.language));
    expect(rows.onTimeHandovers!.change).toMatch(/20/);
    expect(rows.disputeRate!.current).toContain(formatShare(1, data.language));
    // No online pickup before: no rate to show or compare.
    expect(rows.disputeRate!.previous).toBe("—");
    expect(rows.medianPickupDays!.current).toContain(formatDecimal(0.3, data.language));
    expect(rows.activeShops).toMatchObject({ current: n(1), previous: n(0) });

    // The same page in Russian words the rows.
    const ruCookie = `${app.coordinator.cookie}; ${(await languageCookie.serialize("ru")).split(";")[0]}`;
    const ru = (await get(villageInsights.loader, `/coordinator/${app.slugA}/insights?months=6`, { cookie: ruCookie, params: { village: app.slugA } })).data as VillageData;
    expect(ru.serviceSummary.find((r) => r.key === "repeatBuyers")!.current).toMatch(/из/);
  });

  it("is refused to another village's coordinator (403), to a seller (403) and sends an anonymous visitor to sign in", async () => {
    const app = await world();
    app.cashSale(1, 1);
    const path = `/coordinator/${app.slugA}/insights`;
    expect((await get(villageInsights.loader, path, { cookie: app.otherCoordinator.cookie, params: { village: app.slugA } })).status).toBe(403);
    expect((await get(villageInsights.loader, path, { cookie: app.seller.cookie, params: { village: app.slugA } })).status).toBe(403);
    const anonymous = await get(villageInsights.loader, path, { params: { village: app.slugA } });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/signin/);
    expect((await get(villageInsights.loader, "/coordinator/no-such-village/insights", { cookie: app.coordinator.cookie, params: { village: "no-such-village" } })).status).toBe(404);
  });
});

describe("/seller/sales", () => {
  it("shows the seller's own months from the rollup; a buyer without a shop sees none", async () => {
    const app = await world();
    app.cashSale(1, 2);
    await app.refundedInPart(3, 100_000);
    const page = await get(sellerSales.loader, "/seller/sales?months=3", { cookie: app.seller.cookie });
    expect(page.status).toBe(200);
    const data = page.data as SellerData;
    expect(data.shops).toHaveLength(1);
    const shop = data.shops[0]!;
    expect(shop.months).toHaveLength(3);
    const rows = app.db.select().from(insightsSellerMonths).where(eq(insightsSellerMonths.sellerId, app.w.sellerA.sellerId)).all();
    for (const month of shop.months) {
      const row = rows.find((r) => r.month === month.month);
      expect(month.gmvTiyn).toBe(row?.gmvTiyn ?? 0);
      expect(month.ordersCompleted).toBe(row?.ordersCompleted ?? 0);
    }
    expect(shop.months.reduce((s, m) => s + m.ordersCompleted, 0)).toBe(2);
    expect(shop.months.reduce((s, m) => s + m.gmvTiyn, 0)).toBe(1_234_567 * 3 - 100_000);

    const buyer = await signIn(app.db, app.sms, "+77015550009");
    expect(((await get(sellerSales.loader, "/seller/sales", { cookie: buyer.cookie })).data as SellerData).shops).toEqual([]);
    expect((await get(sellerSales.loader, "/seller/sales")).status).toBe(302);
  });
});
