/**
 * Issue 17 §3 (decision chained-shipments) on a real SQLite file: a two-leg order (village hub →
 * sorting hub → city point, as checkout chose it in order_legs) rides two shipments. The hub's
 * waiting parcels group it under the sorting hub; there it is held, still in transit, with no
 * SMS; the sorting hub's operator ships it on; `arrive` fires only at the buyer's point
 * (MONEY-08: only the machine moves an order). A parcel missing at the sorting hub is the first
 * leg's sender's to resolve, and only the operators of the point a leg leaves from may send it.
 */
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { can, type Actor } from "../../app/domain/identity/can";
import { assertLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { weekdayMask } from "../../app/domain/logistics/delivery-route";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { createPointShipment, heldParcels } from "../../app/domain/shipping/chain.server";
import { custodyChain, ensureParcelCode } from "../../app/domain/shipping/custody.server";
import { hubShipping } from "../../app/domain/shipping/shipment-views.server";
import { createShipment, departShipment, finishArrival, receiveByCode, resolveDiscrepancy, scanParcel, shipmentResource } from "../../app/domain/shipping/shipments.server";
import { lanes, orders, outboxMessages, pickupPoints } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { applyStep, at, buy, devProvider, orderWorld, payCheckout, T0 } from "../support/orders";

const CARRIER = { kind: "bus_driver", name: "Ерлан", phone: "+77015554433" };
const ONWARD = { kind: "courier", name: "Дәурен", phone: "+77017778899" };

let db: Db;
let w: ReturnType<typeof orderWorld>;
let city: number;
let sortingHub: number;
let otherHub: number;
const provider = devProvider(() => T0);

function point(name: string, kind: "partner_shop" | "sorting_hub"): number {
  return db
    .insert(pickupPoints)
    .values({ villageId: w.villageA, settlementCode: "751110000", kind, name, address: "Абылай хан даңғылы, 90", openingHours: "09:00–21:00", maxWeightClass: "over50kg", createdAt: T0 })
    .returning({ id: pickupPoints.id })
    .get().id;
}

function lane(from: { village: number } | { point: number }, to: number, tenge: number) {
  db.insert(lanes)
    .values({
      fromVillageId: "village" in from ? from.village : null,
      fromPointId: "point" in from ? from.point : null,
      toPointId: to,
      carrierKind: "kazpost",
      carrierName: "Қазпошта",
      weekdays: weekdayMask(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
      transitDays: 1,
      upTo15kgTiyn: tenge * 100,
      from15to50kgTiyn: tenge * 100,
      over50kgTiyn: tenge * 100,
      createdAt: T0,
    })
    .run();
}

beforeEach(() => {
  db = freshDatabase().db;
  setPaymentProvider(provider);
  w = orderWorld(db);
  const region = db.get<{ regionId: number }>(sql`SELECT d.region_id AS regionId FROM villages v JOIN districts d ON d.id = v.district_id WHERE v.id = ${w.villageA}`);
  db.run(sql`INSERT INTO kato_units (code, parent_code, level, kind, type_ru, official_kk, official_ru, name_kk, name_ru, name_en, region_id, district_id, search_name, search_place)
    VALUES ('751110000', NULL, 3, 'okrug', 'район в городе', 'Алмалы ауданы', 'Алмалинский район', 'Алмалы ауданы', 'Алмалинский район', 'Almaly District', ${region!.regionId}, NULL, 'almaly', 'almaty')`);
  city = point("Серіктес дүкен, Алматы", "partner_shop");
  sortingHub = point("Аудандық сұрыптау хабы", "sorting_hub");
  otherHub = point("Басқа сұрыптау хабы", "sorting_hub");
  // Only through the sorting hub: village A → sorting hub → the city point.
  lane({ village: w.villageA }, sortingHub, 500);
  lane({ point: sortingHub }, city, 1500);
});

/** Two-leg orders bought, paid, dropped and received at village A's hub by code. */
async function received(n: number): Promise<number[]> {
  const placed: number[] = [];
  for (let i = 0; i < n; i++) {
    const bought = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingA, quantity: 1 }] }, at(0));
    if (!bought.ok) throw new Error(bought.reason);
    await payCheckout(db, provider, bought.checkoutId, at(0));
    const orderId = bought.orderIds[0]!;
    applyStep(db, orderId, "accept", "seller", w.sellerA.userId, at(0, 1));
    applyStep(db, orderId, "drop", "seller", w.sellerA.userId, at(0, 2));
    expect(receiveByCode(db, { villageId: w.villageA, code: code(orderId), actorUserId: w.hubUserId }, at(0, 3))).toEqual({ ok: true, orderId });
    placed.push(orderId);
  }
  return placed;
}

const code = (orderId: number) => ensureParcelCode(db, orderId, at(0));
const status = (id: number) => db.select({ status: orders.status }).from(orders).where(eq(orders.id, id)).get()?.status;
const texts = () => db.select().from(outboxMessages).all().length;

/** A shipment made, every parcel scanned on, departed. */
function sent(made: { ok: true; shipmentId: number } | { ok: false; reason: string }, ids: number[], actorUserId: number, day: number): number {
  if (!made.ok) throw new Error(made.reason);
  for (const id of ids) expect(scanParcel(db, { shipmentId: made.shipmentId, code: code(id), actorUserId }, at(day))).toMatchObject({ ok: true, side: "depart" });
  expect(departShipment(db, { shipmentId: made.shipmentId, expectedArrivalAt: at(day + 1), actorUserId }, at(day))).toEqual({ ok: true, departed: ids.length });
  return made.shipmentId;
}

describe("chained shipments through a sorting hub", () => {
  it("the first leg ends at the sorting hub: held there in transit, no SMS; the onward shipment's arrival fires arrive; the chain shows both legs", async () => {
    const [id] = await received(1);
    // The hub groups the parcel under its next stop, the sorting hub, not the buyer's city point.
    expect(hubShipping(db, w.villageA).groups.map((g) => [g.pickupPointId, g.parcels.map((p) => p.id)])).toEqual([[sortingHub, [id]]]);
    expect(createShipment(db, { villageId: w.villageA, pickupPointId: city, orderIds: [id!], carrier: CARRIER, actorUserId: w.hubUserId }, at(1))).toEqual({ ok: false, reason: "shipping.parcel_not_here" });
    const first = sent(createShipment(db, { villageId: w.villageA, pickupPointId: sortingHub, orderIds: [id!], carrier: CARRIER, actorUserId: w.hubUserId }, at(1)), [id!], w.hubUserId, 1);
    expect(status(id!)).toBe("in_transit");

    const before = texts();
    expect(scanParcel(db, { shipmentId: first, code: code(id!), actorUserId: w.operatorUserId }, at(2))).toMatchObject({ ok: true, side: "arrive" });
    expect(finishArrival(db, { shipmentId: first, actorUserId: w.operatorUserId }, at(2, 1))).toEqual({ ok: true, missing: 0 });
    // Held at the sorting hub: still in transit, the buyer not told to come.
    expect(status(id!)).toBe("in_transit");
    expect(texts()).toBe(before);
    expect(heldParcels(db, sortingHub).map((g) => [g.pickupPointId, g.parcels.map((p) => p.id)])).toEqual([[city, [id]]]);
    expect(heldParcels(db, otherHub)).toEqual([]);
    // Only from where it is, only to its next stop.
    expect(createPointShipment(db, { fromPickupPointId: otherHub, toPickupPointId: city, orderIds: [id!], carrier: ONWARD, actorUserId: w.operatorUserId }, at(3))).toEqual({ ok: false, reason: "shipping.parcel_not_here" });
    expect(createPointShipment(db, { fromPickupPointId: sortingHub, toPickupPointId: otherHub, orderIds: [id!], carrier: ONWARD, actorUserId: w.operatorUserId }, at(3))).toEqual({ ok: false, reason: "shipping.parcel_not_here" });

    const second = sent(createPointShipment(db, { fromPickupPointId: sortingHub, toPickupPointId: city, orderIds: [id!], carrier: ONWARD, actorUserId: w.operatorUserId }, at(3)), [id!], w.operatorUserId, 3);
    expect(heldParcels(db, sortingHub)).toEqual([]);
    expect(status(id!)).toBe("in_transit");
    expect(scanParcel(db, { shipmentId: second, code: code(id!), actorUserId: w.operatorUserId }, at(4))).toMatchObject({ ok: true, side: "arrive" });
    expect(status(id!)).toBe("ready_for_pickup");
    expect(texts()).toBeGreaterThan(before);
    expect(custodyChain(db, id!).steps.map((s) => [s.handover, s.holder, s.holderName])).toEqual([
      ["drop", "hub", "Ақсу"],
      ["depart", "carrier", "Ерлан"],
      ["transit", "point", "Аудандық сұрыптау хабы"],
      ["depart", "carrier", "Дәурен"],
      ["arrive", "point", "Серіктес дүкен, Алматы"],
    ]);
    assertLedgerInvariants(db);
  });

  it("a parcel missing at the sorting hub opens a discrepancy the first leg's hub resolves; found, it is held there (not arrived) and goes on", async () => {
    const ids = await received(2);
    const first = sent(createShipment(db, { villageId: w.villageA, pickupPointId: sortingHub, orderIds: ids, carrier: CARRIER, actorUserId: w.hubUserId }, at(1)), ids, w.hubUserId, 1);
    scanParcel(db, { shipmentId: first, code: code(ids[0]!), actorUserId: w.operatorUserId }, at(2));
    expect(finishArrival(db, { shipmentId: first, actorUserId: w.operatorUserId }, at(2))).toEqual({ ok: true, missing: 1 });
    const [open] = hubShipping(db, w.villageA).discrepancies;
    expect(open).toMatchObject({ shipmentId: first, orderId: ids[1], kind: "missing" });
    // The first leg's sender is village A's hub: its coordinator may resolve, the sorting hub's operator may not.
    const resource = shipmentResource(db, first)!;
    const coordinator: Actor = { userId: w.hubUserId, grants: [{ role: "coordinator", villageId: w.villageA, regionId: null, pickupPointId: null }] };
    const hubOperator: Actor = { userId: w.operatorUserId, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId: sortingHub }] };
    expect(can(coordinator, "shipment.resolve", resource).ok).toBe(true);
    expect(can(hubOperator, "shipment.resolve", resource).ok).toBe(false);
    expect(resolveDiscrepancy(db, { shipmentId: first, discrepancyId: open!.id, outcome: "found", note: "", actorUserId: w.hubUserId }, at(3))).toEqual({ ok: true, orderId: ids[1] });
    expect(status(ids[1]!)).toBe("in_transit");
    expect(heldParcels(db, sortingHub).flatMap((g) => g.parcels.map((p) => p.id))).toEqual(ids);
  });

  it("who sends a leg from a point: its own operators and the hub answering for it; the operator of another sorting hub is refused (403 on sending, 404 on viewing)", async () => {
    const [id] = await received(1);
    const first = sent(createShipment(db, { villageId: w.villageA, pickupPointId: sortingHub, orderIds: [id!], carrier: CARRIER, actorUserId: w.hubUserId }, at(1)), [id!], w.hubUserId, 1);
    scanParcel(db, { shipmentId: first, code: code(id!), actorUserId: w.operatorUserId }, at(2));
    finishArrival(db, { shipmentId: first, actorUserId: w.operatorUserId }, at(2));
    const made = createPointShipment(db, { fromPickupPointId: sortingHub, toPickupPointId: city, orderIds: [id!], carrier: ONWARD, actorUserId: w.operatorUserId }, at(3));
    if (!made.ok) throw new Error(made.reason);
    const resource = shipmentResource(db, made.shipmentId)!;
    expect(resource).toMatchObject({ fromPickupPointId: sortingHub, fromVillageId: w.villageA, toPickupPointId: city });
    const operatorOf = (pickupPointId: number): Actor => ({ userId: w.operatorUserId, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId }] });
    for (const action of ["shipment.load", "shipment.resolve", "shipment.view"] as const) {
      expect(can(operatorOf(sortingHub), action, resource).ok).toBe(true);
      expect(can(operatorOf(otherHub), action, resource)).toEqual({ ok: false, reason: action === "shipment.view" ? "auth.not_found" : "auth.forbidden" });
    }
    // Unloading is the city point's, not the sending hub's.
    expect(can(operatorOf(city), "shipment.receive", resource).ok).toBe(true);
    expect(can(operatorOf(sortingHub), "shipment.receive", resource).ok).toBe(false);
  });
});
