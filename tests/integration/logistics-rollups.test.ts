/**
 * Issue 17 §6, rolled up (docs/metrics.md "Logistics"; decision insights-logistics-rollups):
 * shipments from a hub by month of arrival and carrier kind, rebuilt from shipments, their
 * parcels and order_legs; suppressed like the service figures; an area the sum of its villages;
 * the region dashboard and the coordinator's page show the section in kk, ru and en.
 */
import { afterEach, describe, expect, it } from "vitest";
import { almatyDayStart, almatyMonth } from "../../app/domain/insights/calendar";
import { areaReport } from "../../app/domain/insights/areas.server";
import { publicChangeStamp } from "../../app/change-stamp.server";
import { logisticsMetrics, refreshLogisticsRollups } from "../../app/domain/insights/logistics-rollups.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { rebuildRollups } from "../../app/domain/insights/rollups.server";
import type { CarrierKind } from "../../app/domain/shipping/vocabulary";
import * as regionPage from "../../app/routes/insights.regions.$region._index";
import * as coordinatorPage from "../../app/routes/coordinator_.$village_.insights";
import { insightsLogisticsMonths, lanes, orderLegs, shipmentParcels, shipments } from "../../db/schema";
import { testApp } from "../support/app";
import { analystWorld } from "../support/analyst-world";
import { grant, signIn } from "../support/identity";
import { makePickupPoint } from "../support/ledger";
import { devProvider } from "../support/orders";
import { renderedPage } from "../support/render";
import en from "../../locales/en/analytics.json";
import kk from "../../locales/kk/analytics.json";
import ru from "../../locales/ru/analytics.json";

afterEach(() => setPaymentProvider(undefined));

const HOUR = 3_600_000;

function world() {
  const app = testApp();
  setPaymentProvider(devProvider(() => new Date()));
  const w = analystWorld(app.db);
  const db = app.db;
  // Six parcels from the big village's five sellers, two from the small village's two.
  const big = [...w.bigShops.map((shop, i) => w.sell(shop, 2 + i)), w.sell(w.bigShops[0]!, 9)];
  const small = w.smallShops.map((shop, i) => w.sell(shop, 3 + i));
  const point = makePickupPoint(db, w.villages.far, "City partner shop");
  const lane = (fromVillageId: number, carrierKind: "own_van" | "kazpost") =>
    db
      .insert(lanes)
      .values({ fromVillageId, toPointId: point, carrierKind, carrierName: carrierKind, weekdays: 127, transitDays: 1, upTo15kgTiyn: 100_000, createdAt: new Date() })
      .returning({ id: lanes.id })
      .get().id;
  const van = lane(w.villages.big, "own_van");
  const post = lane(w.villages.big, "kazpost");
  const smallVan = lane(w.villages.small, "own_van");
  const leg = (orderId: number, laneId: number, feeTiyn: number) =>
    db.insert(orderLegs).values({ orderId, leg: 1, laneId, feeTiyn, departsAt: new Date(), arrivesAt: new Date() }).run();

  // The month of now in Kazakhstan; its first day, 18:00 is the expected arrival the form stores.
  const month = almatyMonth(new Date());
  const dayStart = almatyDayStart(`${month}-01`).getTime();
  const expected = new Date(dayStart + 18 * HOUR);
  const shipment = (fromVillageId: number, carrierKind: CarrierKind, status: "departed" | "arrived", arrivedAt: Date | null, expectedAt: Date | null, parcels: [number, "arrived" | "lost"][]) => {
    const id = db
      .insert(shipments)
      .values({ fromVillageId, toPickupPointId: point, status, carrierKind, carrierName: "Carrier", carrierPhone: "+77010000000", createdAt: new Date(dayStart), departedAt: new Date(dayStart), expectedArrivalAt: expectedAt, arrivedAt })
      .returning({ id: shipments.id })
      .get().id;
    for (const [orderId, state] of parcels) db.insert(shipmentParcels).values({ shipmentId: id, orderId, state }).run();
    return id;
  };
  // Van 1: three parcels, two priced at 1 500 ₸, the third between hubs without a lane (free); arrives 23:00 of the expected day: on time.
  leg(big[0]!, van, 150_000);
  leg(big[1]!, van, 150_000);
  shipment(w.villages.big, "coop_van", "arrived", new Date(dayStart + 23 * HOUR), expected, [[big[0]!, "arrived"], [big[1]!, "arrived"], [big[2]!, "arrived"]]);
  // Van 2: two parcels at 2 000 ₸, one lost; arrives 00:30 the next day: late.
  leg(big[3]!, van, 200_000);
  leg(big[4]!, van, 200_000);
  shipment(w.villages.big, "coop_van", "arrived", new Date(dayStart + 24.5 * HOUR), expected, [[big[3]!, "arrived"], [big[4]!, "lost"]]);
  // Kazpost: one parcel at 900 ₸, no expected day (not counted for on-time).
  leg(big[5]!, post, 90_000);
  shipment(w.villages.big, "kazpost", "arrived", new Date(dayStart + 10 * HOUR), null, [[big[5]!, "arrived"]]);
  // Still on the road: counts nowhere.
  shipment(w.villages.big, "coop_van", "departed", null, expected, [[big[0]!, "arrived"]]);
  // The small village (two sellers): one shipment of two parcels at 500 ₸.
  leg(small[0]!, smallVan, 50_000);
  leg(small[1]!, smallVan, 50_000);
  shipment(w.villages.small, "coop_van", "arrived", new Date(dayStart + 12 * HOUR), expected, [[small[0]!, "arrived"], [small[1]!, "arrived"]]);
  rebuildRollups(db, { from: `${month}-01`, to: `${month}-01` });
  return { app, db, w, month };
}

describe("the logistics rollup", () => {
  it("adds up a hand-built month: fee per parcel = fees ÷ priced parcels, on-time share = on time ÷ shipments with an expected day", () => {
    const { db, w, month } = world();
    const m = logisticsMetrics(db, [w.villages.big], [month]);
    expect(m.total).toEqual({ shipmentsArrived: 3, parcelsShipped: 6, parcelsPriced: 5, deliveryFeeTiyn: 790_000, shipmentsDue: 2, shipmentsOnTime: 1, parcelsLost: 1 });
    expect(m.byCarrier.map((c) => c.carrierKind)).toEqual(["coop_van", "kazpost"]);
    expect(m.byCarrier[0]!.measures).toEqual({ shipmentsArrived: 2, parcelsShipped: 5, parcelsPriced: 4, deliveryFeeTiyn: 700_000, shipmentsDue: 2, shipmentsOnTime: 1, parcelsLost: 1 });

    const report = areaReport(db, { kind: "village", villageId: w.villages.big }, 3, new Date())!;
    // 790 000 tiyn ÷ 5 priced parcels = 158 000 tiyn (1 580 ₸); 1 of 2 shipments due arrived on time.
    expect(report.logistics.current).toEqual({
      shipmentsArrived: 3,
      parcelsShipped: 6,
      parcelsPerShipment: 2,
      tripsSaved: 3,
      deliveryFeeTiyn: 790_000,
      feePerParcelTiyn: 158_000,
      shipmentsOnTime: 1,
      onTimeShare: 0.5,
      parcelsLost: 1,
    });
    expect(report.logistics.byCarrier.find((c) => c.carrierKind === "coop_van")).toMatchObject({ feePerParcelTiyn: 175_000, parcelsPerShipment: 2.5, onTimeShare: 0.5 });
    expect(report.logistics.byCarrier.find((c) => c.carrierKind === "kazpost")).toMatchObject({ feePerParcelTiyn: 90_000, onTimeShare: null });
  });

  it("is rebuilt idempotently, and the scheduled refresh of the last and current month writes the same rows", () => {
    const { db, app } = world();
    const { sqlite } = app;
    const rows = () => db.select().from(insightsLogisticsMonths).orderBy(insightsLogisticsMonths.villageId, insightsLogisticsMonths.carrierKind).all();
    const first = rows();
    expect(first).toHaveLength(3);
    rebuildRollups(db);
    expect(rows()).toEqual(first);
    db.delete(insightsLogisticsMonths).run();
    refreshLogisticsRollups(db, new Date());
    expect(rows()).toEqual(first);
    // Nothing new arrived: the minute's refresh writes nothing, so buyers' kept pages stay (decision 0034).
    const stamp = publicChangeStamp(sqlite);
    refreshLogisticsRollups(db, new Date());
    expect(publicChangeStamp(sqlite)).toBe(stamp);
    expect(rows()).toEqual(first);
  });

  it("hides a village of fewer than 5 sellers, and its carriers, as <5 (as the service figures)", () => {
    const { db, w } = world();
    const report = areaReport(db, { kind: "village", villageId: w.villages.small }, 3, new Date())!;
    expect(Object.values(report.logistics.current).every((v) => v === "<5")).toBe(true);
    expect(report.logistics.byCarrier).toEqual([]);
  });

  it("the region's and the country's figures are the sums of their villages'", () => {
    const { db, w, month } = world();
    const perVillage = [w.villages.big, w.villages.small, w.villages.far].map((id) => logisticsMetrics(db, [id], [month]).total);
    const sum = (key: keyof (typeof perVillage)[number]) => perVillage.reduce((s, m) => s + m[key], 0);
    expect(logisticsMetrics(db, "all", [month]).total).toEqual(logisticsMetrics(db, [w.villages.big, w.villages.small, w.villages.far], [month]).total);
    const country = areaReport(db, { kind: "country" }, 3, new Date())!;
    const region = areaReport(db, { kind: "region", regionId: w.regions.kz19 }, 3, new Date())!;
    for (const report of [country, region]) {
      expect(report.logistics.current.shipmentsArrived).toBe(sum("shipmentsArrived"));
      expect(report.logistics.current.parcelsShipped).toBe(sum("parcelsShipped"));
      expect(report.logistics.current.deliveryFeeTiyn).toBe(sum("deliveryFeeTiyn"));
      expect(report.logistics.current.parcelsLost).toBe(sum("parcelsLost"));
    }
    // 4 shipments, 8 parcels, 890 000 tiyn over 7 priced parcels; 2 of 3 due on time.
    expect(region.logistics.current).toMatchObject({ shipmentsArrived: 4, parcelsShipped: 8, feePerParcelTiyn: Math.round(890_000 / 7), onTimeShare: 2 / 3 });
  });
});

describe("the Logistics section", () => {
  const PAGES = [
    { id: "routes/insights.regions.$region._index", path: "insights/regions/:region", module: regionPage },
    { id: "routes/coordinator_.$village_.insights", path: "coordinator/:village/insights", module: coordinatorPage },
  ];
  const LOCALES = { kk, ru, en };

  it("is on the region dashboard and on the coordinator's page, in kk, ru and en, with the figures", async () => {
    const { app, w } = world();
    w.analyst("+77015550931", w.regions.kz19);
    const analyst = await signIn(app.db, app.sms, "+77015550931");
    grant(app.db, "+77015550932", "coordinator", "walk-big");
    const coordinator = await signIn(app.db, app.sms, "+77015550932");
    for (const [language, texts] of Object.entries(LOCALES)) {
      const region = await renderedPage(PAGES, `/insights/regions/kz-19?lang=${language}`, analyst.cookie);
      expect(region.status).toBe(200);
      expect(region.html).toContain(`<h2 id="logistics-title">${texts.logisticsFigures.title}</h2>`);
      expect(region.html).toContain(texts.logisticsFigures.feePerParcelTiyn);
      expect(region.html).toContain(texts.logisticsFigures.byCarrier);
      expect(region.html).toContain("table=carriers");
      const own = await renderedPage(PAGES, `/coordinator/walk-big/insights?lang=${language}`, coordinator.cookie);
      expect(own.status).toBe(200);
      expect(own.html).toContain(`<h2 id="logistics-title">${texts.logisticsFigures.title}</h2>`);
      expect(own.html).toContain(texts.logisticsFigures.onTimeShare);
      // The definitions of docs/metrics.md, in the help of both pages.
      expect(region.html).toContain(texts.help.logistics);
      expect(own.html).toContain(texts.help.logistics);
    }
  });
});
