/**
 * Lanes on shipments (decision lanes-and-delivery-fees, "Lanes on shipments"; issue 17 §3, §6) on a
 * real SQLite file: a shipment made on a lane takes its carrier from it and records it; the
 * departure date pre-filled from the lane's days (Kazakhstan's calendar); a shipment without a lane
 * still works; the cost per parcel against sending alone, computed by hand; on-time arrivals per
 * lane; editing a lane — its rules, its audit, another hub refused, and prices of orders already
 * placed unchanged (MONEY-03: the fee is in order_legs and the order's total).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, lanes, listings, orders, shipments } from "../../db/schema";
import { weekdayMask } from "../../app/domain/logistics/delivery-route";
import { editLane, ownLane } from "../../app/domain/logistics/lane-edit.server";
import { laneInput } from "../../app/domain/logistics/lane-rules";
import { ensureParcelCode } from "../../app/domain/shipping/custody.server";
import { carrierFromLane, lanesToPoints, onTimeByLane, parcelCosts, shipmentLane } from "../../app/domain/shipping/shipment-lanes.server";
import { shippingFigures } from "../../app/domain/shipping/shipment-views.server";
import { createShipment, departShipment, finishArrival, receiveByCode, scanParcel } from "../../app/domain/shipping/shipments.server";
import { parseLaneValues } from "../../app/web/lane-form";
import { testApp } from "../support/app";
import { applyStep, at, buy, devProvider, makeListing, orderWorld, payCheckout, T0 } from "../support/orders";

/** A lane from village A's hub to point B: Mondays and Thursdays, 2 days on the way, 1 500 ₸ / 4 000 ₸ / not over 50 kg. */
function laneAB(db: ReturnType<typeof testApp>["db"], w: ReturnType<typeof orderWorld>, from = w.villageA) {
  return db
    .insert(lanes)
    .values({ fromVillageId: from, toPointId: w.pointB, carrierKind: "own_van", carrierName: "Ақсу фургоны", carrierPhone: "+77015550011", weekdays: weekdayMask(["mon", "thu"]), transitDays: 2, upTo15kgTiyn: 150_000, from15to50kgTiyn: 400_000, over50kgTiyn: null, createdAt: T0 })
    .returning({ id: lanes.id })
    .get().id;
}

async function world() {
  const app = testApp();
  const { db } = app;
  const w = orderWorld(db);
  const laneId = laneAB(db, w);
  const provider = devProvider(() => at(0));
  // A 15–50 kg table from the same seller: its parcel pays the heavier tariff.
  const table = makeListing(db, w.sellerA, { priceTiyn: 2_000_000, stock: 5, title: "Үстел" });
  db.update(listings).set({ weightClass: "15to50kg" }).where(eq(listings.id, table)).run();
  const placed: number[] = [];
  for (const listingId of [w.listingA, w.listingA, table, w.listingA]) {
    const bought = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId, quantity: 1 }] }, at(0));
    if (!bought.ok) throw new Error(bought.reason);
    await payCheckout(db, provider, bought.checkoutId, at(0));
    const orderId = bought.orderIds[0]!;
    applyStep(db, orderId, "accept", "seller", w.sellerA.userId, at(0, 1));
    applyStep(db, orderId, "drop", "seller", w.sellerA.userId, at(0, 2));
    const received = receiveByCode(db, { villageId: w.villageA, code: ensureParcelCode(db, orderId, at(0, 2)), actorUserId: w.hubUserId }, at(0, 3));
    if (!received.ok) throw new Error(received.reason);
    placed.push(orderId);
  }
  const code = (orderId: number) => ensureParcelCode(db, orderId, at(0));
  return { app, db, w, laneId, placed, code };
}

const EMPTY_CARRIER = { kind: "", name: "", phone: "" };
/** Noon in Kazakhstan (UTC+5) of a June 2025 day. */
const kz = (day: number, hourKz: number, minute = 0) => new Date(Date.UTC(2025, 5, day, hourKz - 5, minute));

describe("a shipment records its lane", () => {
  it("the form offers the hub's open lanes to the point with their carrier; a shipment on a lane takes the carrier fields left empty from it", async () => {
    const { db, w, laneId, placed } = await world();
    laneAB(db, w, w.villageB); // Another hub's lane to the same point is never offered to village A.
    expect(lanesToPoints(db, w.villageA, [w.pointB]).get(w.pointB)).toEqual([{ id: laneId, carrierKind: "coop_van", carrierName: "Ақсу фургоны", carrierPhone: "+77015550011" }]);
    const made = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: placed.slice(0, 3), carrier: EMPTY_CARRIER, laneId, actorUserId: w.hubUserId }, at(1));
    if (!made.ok) throw new Error(made.reason);
    expect(db.select({ laneId: shipments.laneId, kind: shipments.carrierKind, name: shipments.carrierName, phone: shipments.carrierPhone }).from(shipments).where(eq(shipments.id, made.shipmentId)).get()).toEqual({
      laneId,
      kind: "coop_van",
      name: "Ақсу фургоны",
      phone: "+77015550011",
    });
    // What the coordinator typed wins over the lane (a relief driver on the lane's van).
    const typed = carrierFromLane(db, { villageId: w.villageA, pickupPointId: w.pointB, laneId, carrier: { kind: "coop_van", name: "Серік", phone: "+77019998877" } });
    expect(typed).toEqual({ ok: true, carrier: { kind: "coop_van", name: "Серік", phone: "+77019998877" } });
  });

  it("refuses a lane that is not open from this hub to this point", async () => {
    const { db, w, laneId, placed } = await world();
    const othersLane = laneAB(db, w, w.villageB);
    expect(createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[0]!], carrier: EMPTY_CARRIER, laneId: othersLane, actorUserId: w.hubUserId }, at(1))).toEqual({ ok: false, reason: "shipping.lane_not_found" });
    db.update(lanes).set({ active: false }).where(eq(lanes.id, laneId)).run();
    expect(createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[0]!], carrier: EMPTY_CARRIER, laneId, actorUserId: w.hubUserId }, at(1))).toEqual({ ok: false, reason: "shipping.lane_not_found" });
  });

  it("a shipment without a lane (a hired car) works as before: its carrier is typed, it records no lane, and it has no 'alone' price", async () => {
    const { db, w, placed } = await world();
    expect(createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[0]!], carrier: EMPTY_CARRIER, actorUserId: w.hubUserId }, at(1))).toEqual({ ok: false, reason: "shipping.carrier_name" });
    const made = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[0]!], carrier: { kind: "other", name: "Жалдамалы көлік", phone: "+77015554433" }, actorUserId: w.hubUserId }, at(1));
    if (!made.ok) throw new Error(made.reason);
    expect(db.select({ laneId: shipments.laneId }).from(shipments).where(eq(shipments.id, made.shipmentId)).get()).toEqual({ laneId: null });
    expect(shipmentLane(db, null, at(1))).toBeNull();
    // The fee its parcel carried is still counted: the leg leaving village A's hub (1 500 ₸).
    expect(parcelCosts(db, [made.shipmentId])).toMatchObject({ parcels: 1, feesTiyn: 150_000, feePerParcelTiyn: 150_000, laneParcels: 0, alonePerParcelTiyn: null });
  });

  it("the expected arrival is the lane's next running day from today (today included) plus its transit days, in Kazakhstan's calendar", async () => {
    const { db, laneId } = await world();
    // Mondays and Thursdays, 2 days on the way. Wednesday 4 June 2025 → Thursday 5 → Saturday 7.
    expect(shipmentLane(db, laneId, kz(4, 10))?.expectedArrivalDay).toBe("2025-06-07");
    // Thursday 5 June late in the evening in Kazakhstan: it still runs today → Saturday 7.
    expect(shipmentLane(db, laneId, kz(5, 23, 30))?.expectedArrivalDay).toBe("2025-06-07");
    // Friday 6 June at 01:00 in Kazakhstan (still Thursday in UTC): next Monday 9 → Wednesday 11.
    expect(shipmentLane(db, laneId, kz(6, 1))?.expectedArrivalDay).toBe("2025-06-11");
  });
});

describe("cost per parcel against sending alone (docs/metrics.md)", () => {
  it("divides the fees the parcels paid at checkout by the parcels, against today's lane price for one parcel of each weight", async () => {
    const { db, w, laneId, placed, code } = await world();
    // At checkout: 1 500 + 1 500 + 4 000 ₸ for two light parcels and the 15–50 kg table.
    expect(placed.slice(0, 3).map((id) => db.select({ d: orders.deliveryTiyn }).from(orders).where(eq(orders.id, id)).get()?.d)).toEqual([150_000, 150_000, 400_000]);
    // The hub raises the light tariff to 2 000 ₸ afterwards: orders already placed keep their fee.
    const raised = laneInput.parse({ toPointId: String(w.pointB), carrierKind: "own_van", carrierName: "Ақсу фургоны", carrierPhone: "+77015550011", weekdays: ["mon", "thu"], transitDays: "2", upTo15kg: "2000", from15to50kg: "4000", over50kg: "" });
    expect(editLane(db, { actorUserId: w.hubUserId, villageId: w.villageA, laneId, lane: raised, ip: null }, at(0, 5))).toEqual({ ok: true });
    const made = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: placed.slice(0, 3), carrier: EMPTY_CARRIER, laneId, actorUserId: w.hubUserId }, at(1));
    if (!made.ok) throw new Error(made.reason);
    // Paid: (1 500 + 1 500 + 4 000) / 3 = 2 333,33 ₸. Alone today: (2 000 + 2 000 + 4 000) / 3 = 2 666,67 ₸.
    expect(parcelCosts(db, [made.shipmentId])).toEqual({ parcels: 3, feesTiyn: 700_000, laneParcels: 3, aloneTiyn: 800_000, feePerParcelTiyn: 233_333, alonePerParcelTiyn: 266_667 });
    expect(placed.slice(0, 3).map((id) => db.select({ d: orders.deliveryTiyn }).from(orders).where(eq(orders.id, id)).get()?.d)).toEqual([150_000, 150_000, 400_000]);
    // The hub's 30-day figures count the departed shipments' parcels: this one plus a hired car with the fourth parcel.
    for (const id of placed.slice(0, 3)) scanParcel(db, { shipmentId: made.shipmentId, code: code(id), actorUserId: w.hubUserId }, at(1));
    expect(departShipment(db, { shipmentId: made.shipmentId, expectedArrivalAt: at(3), actorUserId: w.hubUserId }, at(1, 1))).toMatchObject({ ok: true });
    const hired = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds: [placed[3]!], carrier: { kind: "other", name: "Жалдамалы көлік", phone: "+77015554433" }, actorUserId: w.hubUserId }, at(1));
    if (!hired.ok) throw new Error(hired.reason);
    scanParcel(db, { shipmentId: hired.shipmentId, code: code(placed[3]!), actorUserId: w.hubUserId }, at(1));
    departShipment(db, { shipmentId: hired.shipmentId, expectedArrivalAt: at(3), actorUserId: w.hubUserId }, at(1, 1));
    // Paid: (7 000 + 1 500) / 4 = 2 125 ₸; alone over the 3 parcels that rode a lane: 2 666,67 ₸.
    expect(shippingFigures(db, w.villageA, at(0)).costs).toEqual({ parcels: 4, feesTiyn: 850_000, laneParcels: 3, aloneTiyn: 800_000, feePerParcelTiyn: 212_500, alonePerParcelTiyn: 266_667 });
  });
});

describe("on-time arrivals per lane", () => {
  it("counts, per lane, the shipments that arrived on or before their expected day; shipments without a lane are not counted", async () => {
    const { db, w, laneId, placed, code } = await world();
    const ride = (orderIds: number[], onLane: boolean, expected: Date, arrived: Date) => {
      const made = createShipment(db, { villageId: w.villageA, pickupPointId: w.pointB, orderIds, carrier: onLane ? EMPTY_CARRIER : { kind: "other", name: "Жалдамалы көлік", phone: "+77015554433" }, laneId: onLane ? laneId : null, actorUserId: w.hubUserId }, at(1));
      if (!made.ok) throw new Error(made.reason);
      for (const id of orderIds) scanParcel(db, { shipmentId: made.shipmentId, code: code(id), actorUserId: w.hubUserId }, at(1));
      departShipment(db, { shipmentId: made.shipmentId, expectedArrivalAt: expected, actorUserId: w.hubUserId }, at(1, 1));
      for (const id of orderIds) scanParcel(db, { shipmentId: made.shipmentId, code: code(id), actorUserId: w.operatorUserId }, arrived);
      expect(finishArrival(db, { shipmentId: made.shipmentId, actorUserId: w.operatorUserId }, arrived)).toMatchObject({ ok: true });
    };
    ride([placed[0]!], true, at(3), at(3)); // on the expected day
    ride([placed[1]!], true, at(3), at(5)); // two days late
    ride([placed[2]!], false, at(3), at(9)); // a hired car, late: not the lane's
    expect(onTimeByLane(db, [laneId])).toEqual(new Map([[laneId, { arrived: 2, onTime: 1 }]]));
  });
});

describe("editing a lane", () => {
  it("saves carrier, phone, days, transit and tariffs, audited with what changed (no phone number in the audit)", async () => {
    const { db, w, laneId } = await world();
    const parsed = parseLaneValues({ toPointId: String(w.pointB), carrierKind: "bus_driver", carrierName: "Ерлан", carrierPhone: "8 (701) 555-22-33", weekdays: ["tue"], transitDays: "1", upTo15kg: "1 800", from15to50kg: "", over50kg: "9000" });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(editLane(db, { actorUserId: w.hubUserId, villageId: w.villageA, laneId, lane: parsed.lane, ip: "10.0.0.1" }, at(1))).toEqual({ ok: true });
    expect(ownLane(db, w.villageA, laneId)).toMatchObject({ carrierKind: "bus_driver", carrierName: "Ерлан", carrierPhone: "87015552233", weekdays: 0b10, transitDays: 1, upTo15kgTiyn: 180_000, from15to50kgTiyn: null, over50kgTiyn: 900_000, toPointId: w.pointB });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "lane.edited")).get()!;
    expect(JSON.parse(entry.details)).toMatchObject({ laneId, changed: "carrierKind,carrierName,carrierPhone,weekdays,transitDays,upTo15kgTiyn,from15to50kgTiyn,over50kgTiyn", upTo15kgTiynBefore: 150_000, upTo15kgTiynAfter: 180_000 });
    expect(entry.details).not.toContain("5552233");
  });

  it("refuses another hub's lane, and bad input field by field with the opening form's rules", async () => {
    const { db, w, laneId } = await world();
    const good = laneInput.parse({ toPointId: String(w.pointB), carrierKind: "kazpost", carrierName: "Қазпошта", weekdays: ["mon"], transitDays: "3", upTo15kg: "1000", from15to50kg: "", over50kg: "" });
    expect(editLane(db, { actorUserId: w.hubUserId, villageId: w.villageB, laneId, lane: good, ip: null }, at(1))).toEqual({ ok: false, reason: "logistics.lane_not_found" });
    expect(ownLane(db, w.villageB, laneId)).toBeNull();
    expect(ownLane(db, w.villageA, laneId)?.carrierKind).toBe("own_van");
    const bad = parseLaneValues({ toPointId: String(w.pointB), carrierKind: "own_van", carrierName: "", carrierPhone: "call me", weekdays: [], transitDays: "45", upTo15kg: "abc", from15to50kg: "", over50kg: "" });
    expect(bad).toEqual({
      ok: false,
      errors: {
        carrierName: "logistics:errors.carrier_name_required",
        carrierPhone: "logistics:errors.carrier_phone",
        weekdays: "logistics:errors.weekdays",
        transitDays: "logistics:errors.transit_days",
        upTo15kg: "logistics:errors.tariff",
      },
    });
  });
});
