import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, outboxMessages } from "../../db/schema";
import { assertLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { orderHeldTiyn } from "../../app/domain/escrow/ledger-reads.server";
import { hubParcels } from "../../app/domain/orders/order-views.server";
import { custodyChain } from "../../app/domain/shipping/custody.server";
import { getShipment } from "../../app/domain/shipping/shipment-views.server";
import { createShipment, departShipment, finishArrival, receiveByCode, resolveDiscrepancy, scanParcel } from "../../app/domain/shipping/shipments.server";
import { ensureParcelCode } from "../../app/domain/shipping/custody.server";
import { testApp } from "../support/app";
import { applyStep, at, buy, devProvider, orderWorld, payCheckout } from "../support/orders";

/**
 * Issue 17 §3–4 through the real use cases on a real SQLite file: parcels from village A's hub
 * to the point in village B go in one shipment, are scanned at every handover, arrive through the
 * order machine; a parcel missing at arrival is found or lost, and lost refunds the buyer in full
 * (MONEY-05: the escrow of a settled order is zero; MONEY-08: only the machine moves an order).
 */
const CARRIER = { kind: "bus_driver", name: "Ерлан", phone: "+77015554433" };

async function world() {
  const app = testApp();
  const { db } = app;
  const w = orderWorld(db);
  const provider = devProvider(() => at(0));
  const placed = [];
  for (let i = 0; i < 3; i++) {
    const bought = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, at(0));
    if (!bought.ok) throw new Error(bought.reason);
    await payCheckout(db, provider, bought.checkoutId, at(0));
    const orderId = bought.orderIds[0]!;
    applyStep(db, orderId, "accept", "seller", w.sellerA.userId, at(0, 1));
    applyStep(db, orderId, "drop", "seller", w.sellerA.userId, at(0, 2));
    placed.push(orderId);
  }
  // The hub receives each by the code the seller shows: the drop-off scan.
  for (const orderId of placed) {
    const code = ensureParcelCode(db, orderId, at(0, 2));
    const received = receiveByCode(db, { villageId: w.villageA, code: code.toLowerCase(), actorUserId: w.hubUserId }, at(0, 3));
    expect(received).toEqual({ ok: true, orderId });
  }
  const code = (orderId: number) => ensureParcelCode(db, orderId, at(0));
  return { app, db, w, placed, code };
}

describe("consolidated shipments", () => {
  it("three parcels ride one shipment: scanned on, sent, scanned off, ready for pickup with the buyer texted; the chain says who held each", async () => {
    const { db, w, placed, code } = await world();
    const toSend = () => hubParcels(db, w.villageA).toSend.map((o) => o.id);
    expect(toSend()).toEqual(placed);
    const made = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: placed, carrier: CARRIER, actorUserId: w.hubUserId }, at(1));
    if (!made.ok) throw new Error(made.reason);
    // Loaded, they are listed in the shipment, no longer one by one with a send button of their own.
    expect(toSend()).toEqual([]);
    // A parcel rides one open shipment at a time.
    expect(createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[0]!], carrier: CARRIER, actorUserId: w.hubUserId }, at(1))).toEqual({ ok: false, reason: "shipping.parcel_not_here" });
    // Another hub cannot ship them.
    expect(createShipment(db, { villageId: w.villageB, pickupPointId: w.pointB, orderIds: placed, carrier: CARRIER, actorUserId: w.hubUserId }, at(1))).toEqual({ ok: false, reason: "shipping.parcel_not_here" });
    expect(departShipment(db, { shipmentId: made.shipmentId, expectedArrivalAt: at(3), actorUserId: w.hubUserId }, at(1))).toEqual({ ok: false, reason: "shipping.nothing_scanned" });
    for (const id of placed.slice(0, 2)) expect(scanParcel(db, { shipmentId: made.shipmentId, code: code(id), actorUserId: w.hubUserId }, at(1, 1))).toMatchObject({ ok: true, side: "depart" });
    expect(scanParcel(db, { shipmentId: made.shipmentId, code: code(placed[0]!), actorUserId: w.hubUserId }, at(1, 1))).toEqual({ ok: false, reason: "shipping.already_scanned" });
    expect(scanParcel(db, { shipmentId: made.shipmentId, code: "KX7-M4P", actorUserId: w.hubUserId }, at(1, 1))).toMatchObject({ ok: false });
    // The third was not scanned onto the van: it stays at the hub, out of the shipment.
    expect(departShipment(db, { shipmentId: made.shipmentId, expectedArrivalAt: at(3), actorUserId: w.hubUserId }, at(1, 2))).toEqual({ ok: true, departed: 2 });
    const status = (id: number) => db.select({ status: orders.status }).from(orders).where(eq(orders.id, id)).get()?.status;
    expect(placed.map(status)).toEqual(["in_transit", "in_transit", "handed_over"]);
    expect(toSend()).toEqual([placed[2]]);
    expect(getShipment(db, made.shipmentId)?.parcels.map((p) => p.orderId)).toEqual(placed.slice(0, 2));

    const texts = () => db.select().from(outboxMessages).all().length;
    const before = texts();
    for (const id of placed.slice(0, 2)) expect(scanParcel(db, { shipmentId: made.shipmentId, code: code(id), actorUserId: w.operatorUserId }, at(2))).toMatchObject({ ok: true, side: "arrive" });
    expect(texts()).toBeGreaterThan(before);
    expect(finishArrival(db, { shipmentId: made.shipmentId, actorUserId: w.operatorUserId }, at(2, 1))).toEqual({ ok: true, missing: 0 });
    expect(placed.slice(0, 2).map(status)).toEqual(["ready_for_pickup", "ready_for_pickup"]);
    expect(custodyChain(db, placed[0]!).steps.map((s) => [s.handover, s.holder, s.holderName])).toEqual([
      ["drop", "hub", "Ақсу"],
      ["depart", "carrier", "Ерлан"],
      ["arrive", "point", "Шелек дүкені"],
    ]);
    assertLedgerInvariants(db);
  });

  it("a parcel missing at arrival: found later it arrives; lost, the buyer is refunded in full", async () => {
    const { db, w, placed, code } = await world();
    const made = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: placed, carrier: CARRIER, actorUserId: w.hubUserId }, at(1));
    if (!made.ok) throw new Error(made.reason);
    for (const id of placed) scanParcel(db, { shipmentId: made.shipmentId, code: code(id), actorUserId: w.hubUserId }, at(1));
    departShipment(db, { shipmentId: made.shipmentId, expectedArrivalAt: at(3), actorUserId: w.hubUserId }, at(1));
    scanParcel(db, { shipmentId: made.shipmentId, code: code(placed[0]!), actorUserId: w.operatorUserId }, at(2));
    expect(finishArrival(db, { shipmentId: made.shipmentId, actorUserId: w.operatorUserId }, at(2))).toEqual({ ok: true, missing: 2 });
    const open = getShipment(db, made.shipmentId)!.discrepancies;
    expect(open.map((d) => [d.orderId, d.kind, d.outcome])).toEqual([
      [placed[1], "missing", null],
      [placed[2], "missing", null],
    ]);
    const found = resolveDiscrepancy(db, { shipmentId: made.shipmentId, discrepancyId: open[0]!.id, outcome: "found", note: "", actorUserId: w.hubUserId }, at(3));
    expect(found).toEqual({ ok: true, orderId: placed[1] });
    const lost = resolveDiscrepancy(db, { shipmentId: made.shipmentId, discrepancyId: open[1]!.id, outcome: "lost", note: "fell off the bus", actorUserId: w.hubUserId }, at(3));
    expect(lost).toEqual({ ok: true, orderId: placed[2] });
    // Once only.
    expect(resolveDiscrepancy(db, { shipmentId: made.shipmentId, discrepancyId: open[1]!.id, outcome: "found", note: "", actorUserId: w.hubUserId }, at(3))).toEqual({ ok: false, reason: "shipping.not_allowed_now" });
    const row = (id: number) => db.select().from(orders).where(eq(orders.id, id)).get()!;
    expect(row(placed[1]!).status).toBe("ready_for_pickup");
    expect(row(placed[2]!).status).toBe("refunded");
    expect(orderHeldTiyn(db, placed[2]!, "online")).toBe(0);
    assertLedgerInvariants(db);
  });

  it("a parcel from another shipment scanned at arrival opens an 'extra' discrepancy and does not arrive by itself", async () => {
    const { db, w, placed, code } = await world();
    const first = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[0]!], carrier: CARRIER, actorUserId: w.hubUserId }, at(1));
    const second = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[1]!], carrier: CARRIER, actorUserId: w.hubUserId }, at(1));
    if (!first.ok || !second.ok) throw new Error("not made");
    for (const [s, id] of [[first.shipmentId, placed[0]!], [second.shipmentId, placed[1]!]] as const) {
      scanParcel(db, { shipmentId: s, code: code(id), actorUserId: w.hubUserId }, at(1));
      departShipment(db, { shipmentId: s, expectedArrivalAt: at(3), actorUserId: w.hubUserId }, at(1));
    }
    expect(scanParcel(db, { shipmentId: first.shipmentId, code: code(placed[1]!), actorUserId: w.operatorUserId }, at(2))).toMatchObject({ ok: true, side: "extra" });
    expect(db.select({ status: orders.status }).from(orders).where(eq(orders.id, placed[1]!)).get()?.status).toBe("in_transit");
    const extra = getShipment(db, first.shipmentId)!.discrepancies[0]!;
    expect(extra.kind).toBe("extra");
    // An extra parcel is not "lost" from this shipment: only found.
    expect(resolveDiscrepancy(db, { shipmentId: first.shipmentId, discrepancyId: extra.id, outcome: "lost", note: "", actorUserId: w.hubUserId }, at(3))).toEqual({ ok: false, reason: "shipping.not_allowed_now" });
    expect(resolveDiscrepancy(db, { shipmentId: second.shipmentId, discrepancyId: extra.id, outcome: "found", note: "", actorUserId: w.hubUserId }, at(3))).toEqual({ ok: false, reason: "shipping.not_found" });
    expect(resolveDiscrepancy(db, { shipmentId: first.shipmentId, discrepancyId: extra.id, outcome: "found", note: "", actorUserId: w.hubUserId }, at(3))).toEqual({ ok: true, orderId: placed[1] });
  });
});

describe("logistics figures (docs/metrics.md, issue 17 §6)", () => {
  it("counts parcels per shipment, trips saved and arrivals on or before the expected day", async () => {
    const { db, w, placed, code } = await world();
    const { shippingFigures } = await import("../../app/domain/shipping/shipment-views.server");
    const early = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: placed.slice(0, 2), carrier: CARRIER, actorUserId: w.hubUserId }, at(1));
    const late = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[2]!], carrier: CARRIER, actorUserId: w.hubUserId }, at(1));
    if (!early.ok || !late.ok) throw new Error("not made");
    for (const [s, ids] of [[early.shipmentId, placed.slice(0, 2)], [late.shipmentId, [placed[2]!]]] as const) {
      for (const id of ids) scanParcel(db, { shipmentId: s, code: code(id), actorUserId: w.hubUserId }, at(1));
      departShipment(db, { shipmentId: s, expectedArrivalAt: at(2), actorUserId: w.hubUserId }, at(1));
    }
    finishArrival(db, { shipmentId: early.shipmentId, actorUserId: w.operatorUserId }, at(2));
    finishArrival(db, { shipmentId: late.shipmentId, actorUserId: w.operatorUserId }, at(4));
    expect(shippingFigures(db, w.villageA, at(0))).toMatchObject({ shipments: 2, parcels: 3, parcelsPerShipment: 1.5, tripsSaved: 1, arrived: 2, onTime: 1 });
    expect(shippingFigures(db, w.villageB, at(0))).toMatchObject({ shipments: 0, parcelsPerShipment: null });
  });
});
