/**
 * Carriers paid like shops (decision 0037-carrier-payouts) on a real SQLite
 * file: a completed order's delivery fee, booked to carrier_payable:<lane> at
 * release (decision 0032), is paid by the admin's payout batch to the lane's
 * payee — the same bank file, the same statement import, the ledger moving
 * carrier_payable → carrier_in_flight → psp_clearing (MONEY-03/06/07/09);
 * a lane with no payee is left out and listed; the payee page refuses a bad
 * IBAN or BIN/IIN with a translated 400 keeping what was typed, and only the
 * hub's own coordinator or an admin may use it (SEC-08).
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction, type Db } from "../../app/db.server";
import { carrierInFlightAccount, carrierPayableAccount, PSP_CLEARING } from "../../app/domain/escrow/accounts";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { releaseEscrow } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance } from "../../app/domain/escrow/ledger-reads.server";
import { weekdayMask } from "../../app/domain/logistics/delivery-route";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { ibanCheckDigits } from "../../app/domain/payouts/iban";
import { carriersWithoutPayee, laneStatement, setLanePayee } from "../../app/domain/payouts/lane-payees.server";
import { exportPayoutBatch, failPayoutLine, getPayoutBatchDetail, importBankConfirmation, preparePayoutBatch } from "../../app/domain/payouts/payout-batches.server";
import { setPlatformEntity } from "../../app/domain/payouts/platform-entity.server";
import * as payeePage from "../../app/routes/coordinator_.$village_.lanes_.$lane_.payee";
import * as lanesPage from "../../app/routes/coordinator_.$village_.lanes";
import { auditLog, lanePayees, lanes, orders, pickupPoints } from "../../db/schema";
import { get, post, testApp } from "../support/app";
import { approvedSeller } from "../support/catalog";
import { grant, signIn, villageId } from "../support/identity";
import { buy, devProvider, orderWorld, payCheckout, T0, at } from "../support/orders";

const kzIban = (bban: string) => `KZ${ibanCheckDigits("KZ", bban)}${bban}`;
const CARRIER_IBAN = kzIban("722S000055554444");
const PLATFORM_IBAN = kzIban("601A861000123456");
const PLATFORM_BIN = "180540000012";
/** A sole trader carrying the parcels: their IIN (check digit right). */
const CARRIER_IIN = "900101300017";

function lane(db: Db, input: { fromVillageId: number; toPointId: number; carrierKind?: "bus_driver" | "own_van"; tenge?: number }): number {
  return db
    .insert(lanes)
    .values({
      fromVillageId: input.fromVillageId,
      toPointId: input.toPointId,
      carrierKind: input.carrierKind ?? "bus_driver",
      carrierName: "Ерлан",
      weekdays: weekdayMask(["tue", "fri"]),
      transitDays: 1,
      upTo15kgTiyn: (input.tenge ?? 1000) * 100,
      from15to50kgTiyn: null,
      over50kgTiyn: null,
      createdAt: T0,
    })
    .returning({ id: lanes.id })
    .get().id;
}

/** The bank's statement of an exported 1C file: every payment order it carried, debited. */
const statementOf = (exported: string) => exported.replace(/СекцияДокумент=Платежное поручение\r\n/g, (m) => `${m}ДатаСписано=05.12.2026\r\n`);

describe("a lane's delivery fees in the payout batch", () => {
  let app: ReturnType<typeof testApp>;
  let w: ReturnType<typeof orderWorld>;
  let laneId: number;
  let orderId: number;

  beforeEach(async () => {
    app = testApp();
    const provider = devProvider(() => T0);
    setPaymentProvider(provider);
    w = orderWorld(app.db);
    laneId = lane(app.db, { fromVillageId: w.villageA, toPointId: w.pointB });
    const placed = buy(app.db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0);
    if (!placed.ok) throw new Error(placed.reason);
    await payCheckout(app.db, provider, placed.checkoutId, T0);
    orderId = placed.orderIds[0]!;
    const order = app.db.select().from(orders).where(eq(orders.id, orderId)).get()!;
    expect(order.deliveryTiyn).toBe(100_000);
    writeTransaction(app.db, (tx) =>
      releaseEscrow(tx, { key: `order:${orderId}:release`, orderId, sellerId: order.sellerId, sellerVillageId: order.sellerVillageId, platformRateBp: order.platformRateBp, coopRateBp: order.coopRateBp, at: at(1) }),
    );
    expect(setPlatformEntity(app.db, { name: "ТОО «Auyl Hub»", bin: PLATFORM_BIN, iban: PLATFORM_IBAN, actorUserId: w.hubUserId, ip: null }, at(2)).ok).toBe(true);
  });
  afterEach(() => {
    expect(checkLedgerInvariants(app.db)).toEqual([]);
  });

  it("without a payee the lane is left out of the batch and listed with what it is owed", () => {
    expect(accountBalance(app.db, carrierPayableAccount(laneId))).toBe(100_000);
    expect(carriersWithoutPayee(app.db)).toEqual([{ laneId, carrierName: "Ерлан", villageSlug: expect.any(String), payableTiyn: 100_000 }]);
    // The seller has no payout account either: nothing is due, no batch is made.
    expect(preparePayoutBatch(app.db, { key: "carriers:none", minimumTiyn: 1, actorUserId: w.hubUserId }, at(3))).toEqual({ batchId: null, replayed: false });
    expect(accountBalance(app.db, carrierPayableAccount(laneId))).toBe(100_000);
  });

  it("with a payee the batch carries the carrier's payment order; the bank's confirmation pays it out and leaves carrier_payable at 0", () => {
    expect(setLanePayee(app.db, { laneId, actorUserId: w.hubUserId, kind: "carrier", iban: CARRIER_IBAN.toLowerCase(), holderName: "ИП Ерлан Сейітов", holderTaxId: CARRIER_IIN, ip: null }, at(2))).toEqual({ ok: true, changed: true });
    expect(carriersWithoutPayee(app.db)).toEqual([]);
    const audit = app.db.select().from(auditLog).where(eq(auditLog.action, "lane.payee.changed")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain(CARRIER_IBAN);

    const prepared = preparePayoutBatch(app.db, { key: "carriers:path", minimumTiyn: 1, actorUserId: w.hubUserId }, at(3));
    const batchId = prepared.batchId!;
    expect(getPayoutBatchDetail(app.db, batchId)).toMatchObject({ status: "prepared", totalTiyn: 100_000, lines: [{ laneId, sellerId: null, carrierName: "Ерлан", amountTiyn: 100_000, status: "prepared" }] });
    expect(accountBalance(app.db, carrierPayableAccount(laneId))).toBe(0);
    expect(accountBalance(app.db, carrierInFlightAccount(laneId))).toBe(100_000);
    // The same form sent again shows the same batch and moves nothing (MONEY-07).
    expect(preparePayoutBatch(app.db, { key: "carriers:path", minimumTiyn: 1, actorUserId: w.hubUserId }, at(3))).toEqual({ batchId, replayed: true });

    const exported = exportPayoutBatch(app.db, { batchId, format: "1c", actorUserId: w.hubUserId, ip: null }, at(4));
    if (!exported.ok) throw new Error(exported.reason);
    const text = new TextDecoder("windows-1251").decode(exported.bytes);
    expect(text).toContain(`ПолучательИИК=${CARRIER_IBAN}\r\n`);
    expect(text).toContain(`ПолучательБИН_ИИН=${CARRIER_IIN}\r\n`);
    expect(text).toContain("Сумма=1000.00\r\n");
    const clearing = accountBalance(app.db, PSP_CLEARING);

    expect(importBankConfirmation(app.db, { text: statementOf(text), actorUserId: w.hubUserId, ip: null }, at(5))).toEqual({ ok: true, outcome: { confirmed: 1, failed: 0, unmatched: [] } });
    expect(getPayoutBatchDetail(app.db, batchId)).toMatchObject({ status: "confirmed", lines: [{ status: "confirmed" }] });
    expect(accountBalance(app.db, carrierPayableAccount(laneId))).toBe(0);
    expect(accountBalance(app.db, carrierInFlightAccount(laneId))).toBe(0);
    expect(accountBalance(app.db, PSP_CLEARING)).toBe(clearing - 100_000);
    expect(laneStatement(app.db, laneId)).toEqual({ earnedTiyn: 100_000, paidTiyn: 100_000, inFlightTiyn: 0, owedTiyn: 0 });
  });

  it("a payment the bank refused gives the fees back to the lane, for the next batch", () => {
    expect(setLanePayee(app.db, { laneId, actorUserId: w.hubUserId, kind: "carrier", iban: CARRIER_IBAN, holderName: "ИП Ерлан Сейітов", holderTaxId: CARRIER_IIN, ip: null }, at(2)).ok).toBe(true);
    const batchId = preparePayoutBatch(app.db, { key: "carriers:fail", minimumTiyn: 1, actorUserId: w.hubUserId }, at(3)).batchId!;
    expect(exportPayoutBatch(app.db, { batchId, format: "csv", actorUserId: w.hubUserId, ip: null }, at(4)).ok).toBe(true);
    const line = getPayoutBatchDetail(app.db, batchId)!.lines[0]!;
    expect(laneStatement(app.db, laneId)).toEqual({ earnedTiyn: 100_000, paidTiyn: 0, inFlightTiyn: 100_000, owedTiyn: 0 });
    expect(failPayoutLine(app.db, { lineId: line.lineId, actorUserId: w.hubUserId }, at(5))).toEqual({ ok: true });
    expect(accountBalance(app.db, carrierPayableAccount(laneId))).toBe(100_000);
    expect(accountBalance(app.db, carrierInFlightAccount(laneId))).toBe(0);
    expect(preparePayoutBatch(app.db, { key: "carriers:again", minimumTiyn: 1, actorUserId: w.hubUserId }, at(6)).batchId).not.toBe(batchId);
  });
});

describe("/coordinator/:village/lanes/:lane/payee", () => {
  async function world() {
    const app = testApp();
    const besagash = villageId(app.db, "besagash");
    const turgen = villageId(app.db, "turgen");
    const point = app.db
      .insert(pickupPoints)
      .values({ villageId: turgen, kind: "partner_shop", name: "Түрген дүкені", address: "Орталық, 1", openingHours: "09:00–19:00", createdAt: T0 })
      .returning({ id: pickupPoints.id })
      .get().id;
    const laneId = lane(app.db, { fromVillageId: besagash, toPointId: point, carrierKind: "own_van" });
    grant(app.db, "+77015556677", "coordinator", "besagash");
    grant(app.db, "+77015556688", "coordinator", "turgen");
    grant(app.db, "+77015556699", "admin");
    const seller = await approvedSeller(app.db, app.sms, "+77011112233", "besagash", "Гүлнар");
    return {
      ...app,
      laneId,
      coordinator: await signIn(app.db, app.sms, "+77015556677"),
      otherCoordinator: await signIn(app.db, app.sms, "+77015556688"),
      admin: await signIn(app.db, app.sms, "+77015556699"),
      seller,
    };
  }
  const path = (laneId: number) => `/coordinator/besagash/lanes/${laneId}/payee`;
  const params = (laneId: number) => ({ village: "besagash", lane: String(laneId) });
  const PAYEE = { kind: "cooperative", iban: CARRIER_IBAN, holderName: "«Бесағаш» кооперативі", holderTaxId: PLATFORM_BIN };

  it("shows the hub's lane (listed on the lanes page) with its statement, and no payee yet", async () => {
    const w = await world();
    const lanesHtml = await get(lanesPage.loader, "/coordinator/besagash/lanes", { cookie: w.coordinator.cookie, params: { village: "besagash" } });
    expect(lanesHtml.status).toBe(200);
    expect((lanesHtml.data as Awaited<ReturnType<typeof lanesPage.loader>>).lanes.map((l) => l.id)).toContain(w.laneId);
    const page = await get(payeePage.loader, path(w.laneId), { cookie: w.coordinator.cookie, params: params(w.laneId) });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ lane: { id: w.laneId, carrierKind: "own_van" }, payee: null, statement: { earnedTiyn: 0, paidTiyn: 0, inFlightTiyn: 0, owedTiyn: 0 } });
  });

  it("saves the payee (audited, masked) and redirects; a coordinator or an admin may", async () => {
    const w = await world();
    const saved = await post(payeePage.action, path(w.laneId), PAYEE, { cookie: w.coordinator.cookie, params: params(w.laneId) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${path(w.laneId)}?done=saved`);
    expect(w.db.select().from(lanePayees).where(eq(lanePayees.laneId, w.laneId)).get()).toMatchObject({ kind: "cooperative", iban: CARRIER_IBAN, holderTaxId: PLATFORM_BIN, recordedBy: w.coordinator.userId });
    const byAdmin = await post(payeePage.action, path(w.laneId), { ...PAYEE, kind: "carrier" }, { cookie: w.admin.cookie, params: params(w.laneId) });
    expect(byAdmin.status).toBe(303);
    expect(w.db.select({ n: auditLog.id }).from(auditLog).where(and(eq(auditLog.action, "lane.payee.changed"), eq(auditLog.actorUserId, w.admin.userId))).all()).toHaveLength(1);
  });

  it("refuses a bad IBAN, a BIN with a wrong check digit and no choice of payee with a translated 400 keeping what was typed; nothing is stored", async () => {
    const w = await world();
    const typed = { kind: "", iban: CARRIER_IBAN.slice(0, -1) + (CARRIER_IBAN.endsWith("4") ? "5" : "4"), holderName: "Ерлан", holderTaxId: "180540000013" };
    const bad = await post(payeePage.action, path(w.laneId), typed, { cookie: w.coordinator.cookie, params: params(w.laneId) });
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({
      values: typed,
      errors: { iban: "money:payouts.errors.iban_checksum", holderTaxId: "identity:identity.tax_id_checksum", kind: "money:payouts.errors.payee_kind" },
    });
    expect(w.db.select().from(lanePayees).all()).toEqual([]);
  });

  it("refuses another village's coordinator, a seller and a visitor; an unknown lane or one of another hub is 404", async () => {
    const w = await world();
    for (const cookie of [w.otherCoordinator.cookie, w.seller.cookie]) {
      expect((await get(payeePage.loader, path(w.laneId), { cookie, params: params(w.laneId) })).status).toBe(403);
      expect((await post(payeePage.action, path(w.laneId), PAYEE, { cookie, params: params(w.laneId) })).status).toBe(403);
    }
    expect((await get(payeePage.loader, path(w.laneId), { params: params(w.laneId) })).status).toBe(302);
    expect((await get(payeePage.loader, "/coordinator/besagash/lanes/99999/payee", { cookie: w.coordinator.cookie, params: params(99999) })).status).toBe(404);
    expect((await get(payeePage.loader, `/coordinator/turgen/lanes/${w.laneId}/payee`, { cookie: w.otherCoordinator.cookie, params: { village: "turgen", lane: String(w.laneId) } })).status).toBe(404);
    expect(w.db.select().from(lanePayees).all()).toEqual([]);
  });
});
