import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { writeTransaction, type Connection } from "../../app/db.server";
import { commissionRates } from "../../app/domain/escrow/commission.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { captureEscrow, releaseEscrow, refundEscrow } from "../../app/domain/escrow/ledger-posting.server";
import * as adminMoney from "../../app/routes/admin_.money";
import * as sellerMoneyRoute from "../../app/routes/seller_.money";
import { setPayoutDestination } from "../../app/domain/payouts/destinations.server";
import { auditLog, sellers } from "../../db/schema";
import { get, post, testApp } from "../support/app";
import { approvedSeller } from "../support/catalog";
import { grant, signIn } from "../support/identity";
import { T0, makeOrder, makePickupPoint, makeUser, setOrderStatus } from "../support/ledger";

let current: Connection | undefined;
afterEach(() => {
  if (current) expect(checkLedgerInvariants(current.db)).toEqual([]);
  current = undefined;
});

async function world() {
  const app = testApp();
  current = app;
  const seller = await approvedSeller(app.db, app.sms, "+77011112233", "besagash", "Асқар");
  const shop = app.db.select().from(sellers).where(eq(sellers.userId, seller.userId)).get()!;
  grant(app.db, "+77014445566", "admin");
  const admin = await signIn(app.db, app.sms, "+77014445566");
  const buyer = await signIn(app.db, app.sms, "+77013334455");
  const pickupPointId = makePickupPoint(app.db, shop.villageId);
  // Two orders: one collected (released), one refunded in part and still held.
  const order = (totalTiyn: number) => makeOrder(app.db, { buyerUserId: buyer.userId, seller: { sellerId: shop.id, villageId: shop.villageId }, pickupPointId, totalTiyn });
  const released = order(2_500_000);
  const held = order(1_000_000);
  writeTransaction(app.db, (tx) => {
    for (const o of [released, held]) captureEscrow(tx, { key: `capture-${o.orderId}`, orderId: o.orderId, amountTiyn: o.totalTiyn, at: T0 });
    releaseEscrow(tx, { key: "release", orderId: released.orderId, sellerId: shop.id, sellerVillageId: shop.villageId, platformRateBp: 300, coopRateBp: 200, at: T0 });
    refundEscrow(tx, { key: "refund", orderId: held.orderId, buyerUserId: buyer.userId, amountTiyn: 100_000, at: T0 });
  });
  setOrderStatus(app.db, released.orderId, "completed");
  setOrderStatus(app.db, held.orderId, "ready_for_pickup");
  // Payouts go only to a shop with a bank account (issue 15).
  expect(setPayoutDestination(app.db, { sellerId: shop.id, actorUserId: seller.userId, iban: "KZ86125KZT5004100100", holderName: "Асқар", holderTaxId: "921029350851", ip: null }, new Date()).ok).toBe(true);
  return { ...app, seller, shop, admin, buyer, released, held };
}

describe("/seller/money", () => {
  it("shows the seller's own money: held, released net, paid out, payable, per order, and payout statements", async () => {
    const w = await world();
    const before = await get(sellerMoneyRoute.loader, "/seller/money", { cookie: w.seller.cookie });
    expect(before.status).toBe(200);
    const data = before.data as Awaited<ReturnType<typeof sellerMoneyRoute.loader>>;
    expect(data.shops).toHaveLength(1);
    expect(data.shops[0]!.money).toMatchObject({ heldTiyn: 900_000, releasedTiyn: 2_375_000, paidOutTiyn: 0, payableTiyn: 2_375_000 });
    expect(data.shops[0]!.money.orders).toEqual([
      expect.objectContaining({ orderId: w.held.orderId, status: "ready_for_pickup", heldTiyn: 900_000, releasedNetTiyn: 0, feesTiyn: 0, refundedTiyn: 100_000 }),
      expect.objectContaining({ orderId: w.released.orderId, status: "completed", heldTiyn: 0, releasedNetTiyn: 2_375_000, feesTiyn: 125_000, refundedTiyn: 0 }),
    ]);

    const page = await get(adminMoney.loader, "/admin/money", { cookie: w.admin.cookie });
    const key = (page.data as { payoutKey: string }).payoutKey;
    expect((await post(adminMoney.action, "/admin/money", { intent: "payout", key, minimum: "" }, { cookie: w.admin.cookie })).status).toBe(303);

    const after = (await get(sellerMoneyRoute.loader, "/seller/money", { cookie: w.seller.cookie })).data as typeof data;
    expect(after.shops[0]!.money).toMatchObject({ paidOutTiyn: 0, inFlightTiyn: 2_375_000, payableTiyn: 0 });
    expect(after.shops[0]!.payouts).toEqual([
      expect.objectContaining({ amountTiyn: 2_375_000, statement: expect.objectContaining({ entries: [expect.objectContaining({ orderId: w.released.orderId, netTiyn: 2_375_000, feesTiyn: 125_000 })] }) }),
    ]);
  });

  it("shows nothing of anyone else's: a buyer without a shop sees no shops; anonymous goes to sign in", async () => {
    const w = await world();
    const buyerPage = await get(sellerMoneyRoute.loader, "/seller/money", { cookie: w.buyer.cookie });
    expect(buyerPage.status).toBe(200);
    expect((buyerPage.data as { shops: unknown[] }).shops).toEqual([]);
    const anonymous = await get(sellerMoneyRoute.loader, "/seller/money");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/signin\?redirectTo=/);
  });
});

describe("/admin/money", () => {
  it("is for admins only", async () => {
    const w = await world();
    expect((await get(adminMoney.loader, "/admin/money", { cookie: w.seller.cookie })).status).toBe(403);
    expect((await post(adminMoney.action, "/admin/money", { intent: "rates", platform: "1", coop: "1" }, { cookie: w.seller.cookie })).status).toBe(403);
    expect(commissionRates(w.db)).toEqual({ platformBp: 300, coopBp: 200 });
  });

  it("shows the ledger as balanced, the totals per account kind and the current rates", async () => {
    const w = await world();
    const page = await get(adminMoney.loader, "/admin/money", { cookie: w.admin.cookie });
    expect(page.status).toBe(200);
    const data = page.data as Awaited<ReturnType<typeof adminMoney.loader>>;
    expect(data.problems).toEqual([]);
    expect(data.rates).toMatchObject({ platform: "3", coop: "2" });
    expect(Object.fromEntries(data.totals.map((row) => [row.kind, row.balanceTiyn]))).toEqual({
      psp_clearing: 3_500_000,
      point_cash: 0,
      escrow: 900_000,
      cash_held: 0,
      seller_payable: 2_375_000,
      payout_in_flight: 0,
      seller_receivable: 0,
      refund_payable: 100_000,
      platform_commission: 75_000,
      coop_fee: 50_000,
      carrier_payable: 0,
      carrier_in_flight: 0,
    });
    expect(data.payoutKey).toMatch(/^[0-9a-f-]{36}$/);
    // A new key for every page shown.
    expect(((await get(adminMoney.loader, "/admin/money", { cookie: w.admin.cookie })).data as typeof data).payoutKey).not.toBe(data.payoutKey);
  });

  it("saves valid rates with an audit entry; refuses bad ones with 400, a translated error and the input kept", async () => {
    const w = await world();
    const bad = await post(adminMoney.action, "/admin/money", { intent: "rates", platform: "60", coop: "2,555" }, { cookie: w.admin.cookie });
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({
      intent: "rates",
      values: { platform: "60", coop: "2,555" },
      errors: { platform: "money:admin.rates.invalid", coop: "money:admin.rates.invalid" },
    });
    expect((await post(adminMoney.action, "/admin/money", { intent: "rates", platform: "abc", coop: "2" }, { cookie: w.admin.cookie })).status).toBe(400);
    expect(commissionRates(w.db)).toEqual({ platformBp: 300, coopBp: 200 });

    const good = await post(adminMoney.action, "/admin/money", { intent: "rates", platform: "4,5", coop: "0" }, { cookie: w.admin.cookie });
    expect(good.status).toBe(303);
    expect(good.headers.get("Location")).toBe("/admin/money?done=rates");
    expect(commissionRates(w.db)).toEqual({ platformBp: 450, coopBp: 0 });
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, "commission.changed")).all()).toHaveLength(1);
    const page = (await get(adminMoney.loader, "/admin/money?done=rates", { cookie: w.admin.cookie })).data as Awaited<ReturnType<typeof adminMoney.loader>>;
    expect(page.rates).toMatchObject({ platform: "4,5", coop: "0", platformShown: "4,5\u00a0%" });
  });

  it("creates a payout batch once: a repeated submit shows the same batch, the same key with another minimum is 409", async () => {
    const w = await world();
    const page = (await get(adminMoney.loader, "/admin/money", { cookie: w.admin.cookie })).data as Awaited<ReturnType<typeof adminMoney.loader>>;
    const first = await post(adminMoney.action, "/admin/money", { intent: "payout", key: page.payoutKey, minimum: "" }, { cookie: w.admin.cookie });
    expect(first.status).toBe(303);
    const location = first.headers.get("Location");
    expect(location).toMatch(/^\/admin\/money\?batch=\d+#batch$/);
    const again = await post(adminMoney.action, "/admin/money", { intent: "payout", key: page.payoutKey, minimum: "" }, { cookie: w.admin.cookie });
    expect(again.headers.get("Location")).toBe(location);
    const conflict = await post(adminMoney.action, "/admin/money", { intent: "payout", key: page.payoutKey, minimum: "500" }, { cookie: w.admin.cookie });
    expect(conflict.status).toBe(409);
    expect(conflict.data).toMatchObject({ intent: "payout", errors: { form: "money:admin.payout.conflict" }, values: { minimum: "500" } });

    const batchPage = (await get(adminMoney.loader, location!.replace("#batch", ""), { cookie: w.admin.cookie })).data as Awaited<ReturnType<typeof adminMoney.loader>>;
    expect(batchPage.batch).toMatchObject({ totalTiyn: 2_375_000, lines: [{ sellerId: w.shop.id, sellerName: "Асқар", amountTiyn: 2_375_000 }] });
    expect(batchPage.recentBatches).toHaveLength(1);

    // Nothing left: a fresh form says so and makes no batch.
    const empty = await post(adminMoney.action, "/admin/money", { intent: "payout", key: "0f7c1b3e-nothing-left", minimum: "" }, { cookie: w.admin.cookie });
    expect(empty.headers.get("Location")).toBe("/admin/money?done=nothing");
  });

  it("refuses a bad minimum or a forged key with 400", async () => {
    const w = await world();
    const badMinimum = await post(adminMoney.action, "/admin/money", { intent: "payout", key: "a1b2c3d4-e5f6", minimum: "lots" }, { cookie: w.admin.cookie });
    expect(badMinimum.status).toBe(400);
    expect(badMinimum.data).toMatchObject({ errors: { minimum: "money:admin.payout.minimumInvalid" }, values: { minimum: "lots" } });
    const badKey = await post(adminMoney.action, "/admin/money", { intent: "payout", key: "x", minimum: "" }, { cookie: w.admin.cookie });
    expect(badKey.status).toBe(400);
    expect((await post(adminMoney.action, "/admin/money", { intent: "other" }, { cookie: w.admin.cookie })).status).toBe(400);
  });

  it("lists broken invariants instead of 'balanced'", async () => {
    const w = await world();
    setOrderStatus(w.db, w.held.orderId, "completed");
    const page = (await get(adminMoney.loader, "/admin/money", { cookie: w.admin.cookie })).data as Awaited<ReturnType<typeof adminMoney.loader>>;
    expect(page.problems).toEqual([expect.stringContaining(`order ${w.held.orderId} is completed but its escrow holds 900000 tiyn`)]);
    setOrderStatus(w.db, w.held.orderId, "ready_for_pickup");
    expect(makeUser(w.db)).toBeGreaterThan(0);
  });
});
