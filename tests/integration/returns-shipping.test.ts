/**
 * Issue 17 §5 (decision returns-ride-shipments) on a real SQLite file: returns waiting at a
 * pickup point ride a shipment back to the seller's village hub point. Departure fires
 * return_send only for the parcels scanned on; the arrival scan fires return_arrive; the custody
 * chain shows the way back; the money is what the single-parcel buttons move (MONEY-08: only the
 * machine moves an order, MONEY-05 the refund); a return missing at the hub opens a discrepancy
 * the sending point's side resolves — found arrives, lost is refunded through return_lost with no
 * restock. Another point's operator and another village's coordinator are refused.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { can, type Actor } from "../../app/domain/identity/can";
import { assertLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { accountBalance } from "../../app/domain/escrow/ledger-reads.server";
import { buyerPickupCode, handOver, takeReturn } from "../../app/domain/orders/handover.server";
import { getOrder, hubParcels, inLoadingShipment } from "../../app/domain/orders/order-views.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { custodyChain, ensureParcelCode } from "../../app/domain/shipping/custody.server";
import { createReturnShipment, hubPointOf, returnsToSendBack } from "../../app/domain/shipping/returns-shipping.server";
import { departShipment, finishArrival, resolveDiscrepancy, scanParcel, shipmentResource } from "../../app/domain/shipping/shipments.server";
import { listings, pickupPoints, shipmentDiscrepancies } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makePickupPoint } from "../support/ledger";
import { applyStep, at, buy, devProvider, eventsOf, orderWorld, payCheckout, T0 } from "../support/orders";

const CARRIER = { kind: "bus_driver", name: "Ерлан", phone: "+77015554433" };

let db: Db;
let w: ReturnType<typeof orderWorld>;
let hubPoint: number;
const provider = devProvider(() => T0);

beforeEach(() => {
  db = freshDatabase().db;
  setPaymentProvider(provider);
  w = orderWorld(db);
  // Village A's hub has its own point: its cooperative warehouse (as every seeded hub does).
  hubPoint = db
    .insert(pickupPoints)
    .values({ villageId: w.villageA, kind: "coop_warehouse", name: "Ақсу кооперативінің қоймасы", address: "Абай көшесі, 12", openingHours: "09:00–18:00", createdAt: T0 })
    .returning({ id: pickupPoints.id })
    .get().id;
});

afterEach(() => {
  assertLedgerInvariants(db);
  setPaymentProvider(undefined);
});

const status = (id: number) => getOrder(db, id)?.status;
const stockA = () => db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, w.listingA)).get()?.stock;
const code = (id: number) => ensureParcelCode(db, id, at(0));

/** Orders of seller A collected at point B (village B), returned by the buyer with the return code: "to return" at point B. */
async function returnedAtPoint(n: number, confirmed = false): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const bought = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, at(0));
    if (!bought.ok) throw new Error(bought.reason);
    await payCheckout(db, provider, bought.checkoutId, at(0));
    const id = bought.orderIds[0]!;
    applyStep(db, id, "accept", "seller", w.sellerA.userId, at(0, 1));
    applyStep(db, id, "drop", "seller", w.sellerA.userId, at(0, 2));
    applyStep(db, id, "receive", "hub", w.hubUserId, at(0, 3));
    applyStep(db, id, "send", "hub", w.hubUserId, at(0, 4));
    applyStep(db, id, "arrive", "operator", w.operatorUserId, at(1));
    expect(handOver(db, { orderId: id, code: buyerPickupCode(db, getOrder(db, id)!)!, actorUserId: w.operatorUserId }, at(2)).ok).toBe(true);
    // Confirmed: the money is released to the seller's side; a return then undoes the release (decision 0024).
    if (confirmed) applyStep(db, id, "confirm", "buyer", w.buyerUserId, at(2, 1));
    applyStep(db, id, "return_request", "buyer", w.buyerUserId, at(3), { reason: "Өлшемі келмеді" });
    applyStep(db, id, "return_approve", "seller", w.sellerA.userId, at(3, 1));
    expect(takeReturn(db, { orderId: id, code: buyerPickupCode(db, getOrder(db, id)!)!, actorUserId: w.operatorUserId }, at(4)).ok).toBe(true);
    expect(status(id)).toBe("to_return");
    ids.push(id);
  }
  return ids;
}

function returnShipment(ids: number[]): number {
  const made = createReturnShipment(db, { fromPickupPointId: w.pointB, toPickupPointId: hubPoint, orderIds: ids, carrier: CARRIER, actorUserId: w.operatorUserId }, at(5));
  if (!made.ok) throw new Error(made.reason);
  return made.shipmentId;
}

describe("returns ride a shipment from the point back to the seller's village hub", () => {
  it("return_send fires at departure only for the parcels scanned on; the arrival scan fires return_arrive; the chain shows the way back; the money is the button path's", async () => {
    const [a, b] = await returnedAtPoint(2);
    expect(hubPointOf(db, w.villageA)).toBe(hubPoint);
    expect(returnsToSendBack(db, w.pointB)).toEqual([{ pickupPointId: hubPoint, pointName: "Ақсу", parcels: [{ id: a, sellerName: expect.any(String) }, { id: b, sellerName: expect.any(String) }] }]);
    const shipmentId = returnShipment([a!, b!]);
    // Loading leaves both to return; a parcel in a loading shipment is not offered again, nor given a button of its own.
    expect(returnsToSendBack(db, w.pointB)).toEqual([]);
    expect(hubParcels(db, w.villageB).toSendBack).toEqual([]);
    expect(inLoadingShipment(db, [a!, b!])).toEqual(new Set([a, b]));
    expect(scanParcel(db, { shipmentId, code: code(a!), actorUserId: w.operatorUserId }, at(5, 1))).toEqual({ ok: true, orderId: a, side: "depart" });
    expect(status(a!)).toBe("to_return");
    expect(departShipment(db, { shipmentId, expectedArrivalAt: at(7), actorUserId: w.operatorUserId }, at(5, 2))).toEqual({ ok: true, departed: 1 });
    expect(status(a!)).toBe("return_in_transit");
    // Not scanned on: stays at the point, to return, offered again.
    expect(status(b!)).toBe("to_return");
    expect(returnsToSendBack(db, w.pointB)[0]?.parcels.map((p) => p.id)).toEqual([b]);
    expect(hubParcels(db, w.villageB).toSendBack.map((o) => o.id)).toEqual([b]);
    // Nothing moves before arrival (decision 0023: the buyer of a collected order is refunded at the hub).
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
    expect(stockA()).toBe(3);
    expect(scanParcel(db, { shipmentId, code: code(a!), actorUserId: w.hubUserId }, at(6))).toEqual({ ok: true, orderId: a, side: "back" });
    expect(status(a!)).toBe("returned");
    expect(eventsOf(db, a!).map((e) => e.event).slice(-3)).toEqual(["return_drop", "return_send", "return_arrive"]);
    expect(finishArrival(db, { shipmentId, actorUserId: w.hubUserId }, at(6, 1))).toEqual({ ok: true, missing: 0 });
    // The same money as the buttons move: held escrow back to the buyer, the unit back in stock.
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
    expect(stockA()).toBe(4);
    const chain = custodyChain(db, a!).steps.map((s) => [s.handover, s.holder, s.holderName]);
    expect(chain.slice(-3)).toEqual([
      ["return_drop", "point", "Шелек дүкені"],
      ["depart", "carrier", "Ерлан"],
      ["return_arrive", "hub", "Ақсу"],
    ]);
    // The button path still works for the one left behind.
    applyStep(db, b!, "return_send", "hub", w.operatorUserId, at(7));
    applyStep(db, b!, "return_arrive", "hub", w.hubUserId, at(8));
    expect(status(b!)).toBe("returned");
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(2 * 1_234_567);
  });

  it("a return missing at the hub opens a discrepancy: found, it arrives; lost, the buyer is refunded through return_lost, no restock", async () => {
    const [a, b] = await returnedAtPoint(2);
    const shipmentId = returnShipment([a!, b!]);
    for (const id of [a!, b!]) scanParcel(db, { shipmentId, code: code(id), actorUserId: w.operatorUserId }, at(5, 1));
    expect(departShipment(db, { shipmentId, expectedArrivalAt: at(7), actorUserId: w.operatorUserId }, at(5, 2))).toEqual({ ok: true, departed: 2 });
    expect(finishArrival(db, { shipmentId, actorUserId: w.hubUserId }, at(6))).toEqual({ ok: true, missing: 2 });
    const open = db.select().from(shipmentDiscrepancies).where(eq(shipmentDiscrepancies.shipmentId, shipmentId)).all();
    expect(open.map((d) => [d.orderId, d.kind])).toEqual([
      [a, "missing"],
      [b, "missing"],
    ]);
    expect([status(a!), status(b!)]).toEqual(["return_in_transit", "return_in_transit"]);
    const stock = stockA();
    expect(resolveDiscrepancy(db, { shipmentId, discrepancyId: open[0]!.id, outcome: "found", note: "", actorUserId: w.operatorUserId }, at(7))).toEqual({ ok: true, orderId: a });
    expect(status(a!)).toBe("returned");
    expect(stockA()).toBe(stock! + 1);
    expect(resolveDiscrepancy(db, { shipmentId, discrepancyId: open[1]!.id, outcome: "lost", note: "Жүргізуші таппады", actorUserId: w.operatorUserId }, at(7))).toEqual({ ok: true, orderId: b });
    expect(status(b!)).toBe("refunded");
    expect(eventsOf(db, b!).at(-1)?.event).toBe("return_lost");
    // Both buyers' money back (the held escrow), the lost goods never restocked.
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(2 * 1_234_567);
    expect(stockA()).toBe(stock! + 1);
  });

  it("a return lost after the money was released: return_lost undoes the release, as return_arrive would", async () => {
    const [a] = await returnedAtPoint(1, true);
    const shipmentId = returnShipment([a!]);
    scanParcel(db, { shipmentId, code: code(a!), actorUserId: w.operatorUserId }, at(5, 1));
    departShipment(db, { shipmentId, expectedArrivalAt: at(7), actorUserId: w.operatorUserId }, at(5, 2));
    expect(finishArrival(db, { shipmentId, actorUserId: w.hubUserId }, at(6))).toEqual({ ok: true, missing: 1 });
    const [open] = db.select().from(shipmentDiscrepancies).where(eq(shipmentDiscrepancies.shipmentId, shipmentId)).all();
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(0);
    expect(resolveDiscrepancy(db, { shipmentId, discrepancyId: open!.id, outcome: "lost", note: "", actorUserId: w.operatorUserId }, at(7))).toEqual({ ok: true, orderId: a });
    expect(status(a!)).toBe("refunded");
    expect(accountBalance(db, `refund_payable:${w.buyerUserId}`)).toBe(1_234_567);
  });

  it("refuses a return going to another hub, one not waiting here, and a seller's village without a hub point", async () => {
    const [a] = await returnedAtPoint(1);
    const otherPoint = makePickupPoint(db, w.villageB, "Басқа пункт");
    expect(createReturnShipment(db, { fromPickupPointId: w.pointB, toPickupPointId: otherPoint, orderIds: [a!], carrier: CARRIER, actorUserId: w.operatorUserId }, at(5))).toEqual({ ok: false, reason: "shipping.parcel_not_here" });
    expect(createReturnShipment(db, { fromPickupPointId: otherPoint, toPickupPointId: hubPoint, orderIds: [a!], carrier: CARRIER, actorUserId: w.operatorUserId }, at(5))).toEqual({ ok: false, reason: "shipping.parcel_not_here" });
    db.update(pickupPoints).set({ active: false }).where(eq(pickupPoints.id, hubPoint)).run();
    expect(returnsToSendBack(db, w.pointB)).toEqual([]);
    expect(createReturnShipment(db, { fromPickupPointId: w.pointB, toPickupPointId: hubPoint, orderIds: [a!], carrier: CARRIER, actorUserId: w.operatorUserId }, at(5))).toEqual({ ok: false, reason: "shipping.no_hub_point" });
  });

  it("who: the point's operator loads and resolves, the hub point's operator and its village's coordinator receive; another point's operator and another village's coordinator are refused", async () => {
    const [a] = await returnedAtPoint(1);
    const resource = shipmentResource(db, returnShipment([a!]))!;
    const operatorOf = (pickupPointId: number): Actor => ({ userId: w.operatorUserId, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId }] });
    const coordinatorOf = (villageId: number): Actor => ({ userId: w.hubUserId, grants: [{ role: "coordinator", villageId, regionId: null, pickupPointId: null }] });
    const stranger = makePickupPoint(db, w.villageB, "Басқа пункт");
    const thirdVillage = db.select({ id: pickupPoints.villageId }).from(pickupPoints).where(eq(pickupPoints.id, stranger)).get()!.id + 1000;
    expect(can(operatorOf(w.pointB), "shipment.load", resource).ok).toBe(true);
    expect(can(operatorOf(w.pointB), "shipment.resolve", resource).ok).toBe(true);
    expect(can(operatorOf(hubPoint), "shipment.receive", resource).ok).toBe(true);
    expect(can(coordinatorOf(w.villageA), "shipment.receive", resource).ok).toBe(true);
    expect(can(operatorOf(hubPoint), "shipment.load", resource).ok).toBe(false);
    for (const action of ["shipment.load", "shipment.receive", "shipment.resolve", "shipment.view"] as const) {
      expect(can(operatorOf(stranger), action, resource).ok).toBe(false);
      expect(can(coordinatorOf(thirdVillage), action, resource).ok).toBe(false);
    }
  });
});
