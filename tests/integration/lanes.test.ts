/**
 * Issue 17 §1–2 on a real SQLite file: pickup points in any settlement, lanes with tariffs by
 * weight class, checkout's delivery price and date (direct and via a sorting hub), the
 * refusals (no lane, too heavy for the point or the lanes, the point full), and the delivery
 * fee in the ledger: held with the goods, paid to the lane's carrier on release before the
 * commission split (MONEY-03..06), returned with the goods on a refund before release.
 */
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { writeTransaction, type Db } from "../../app/db.server";
import { carrierPayableAccount, coopFeeAccount, PLATFORM_COMMISSION, refundPayableAccount, sellerPayableAccount } from "../../app/domain/escrow/accounts";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { refundEscrow, releaseEscrow, resolveEscrow } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance, orderEscrowTiyn } from "../../app/domain/escrow/ledger-reads.server";
import { splitAmount } from "../../app/domain/escrow/split";
import { weekdayMask } from "../../app/domain/logistics/delivery-route";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { lanes, listings, orderLegs, orders, pickupPoints } from "../../db/schema";
import { freshDatabase } from "../support/db";
import { buy, devProvider, makeListing, orderWorld, payCheckout, T0 } from "../support/orders";

let db: Db;
let w: ReturnType<typeof orderWorld>;
const provider = devProvider(() => T0);

/** A settlement of the classifier outside every hub: a district of a city (KATO lists a republican city's districts as its places). */
function citySettlement(code: string): string {
  const region = db.get<{ regionId: number }>(sql`SELECT d.region_id AS regionId FROM villages v JOIN districts d ON d.id = v.district_id WHERE v.id = ${w.villageA}`);
  db.run(sql`INSERT INTO kato_units (code, parent_code, level, kind, type_ru, official_kk, official_ru, name_kk, name_ru, name_en, region_id, district_id, search_name, search_place)
    VALUES (${code}, NULL, 3, 'okrug', 'район в городе', 'Алмалы ауданы', 'Алмалинский район', 'Алмалы ауданы', 'Алмалинский район', 'Almaly District', ${region!.regionId}, NULL, 'almaly', 'almaty')`);
  return code;
}

function cityPoint(input: { name: string; settlementCode: string; kind?: "partner_shop" | "locker" | "sorting_hub"; capacityParcels?: number | null; maxWeightClass?: "upTo15kg" | "15to50kg" | "over50kg" }): number {
  return db
    .insert(pickupPoints)
    .values({
      villageId: w.villageA,
      settlementCode: input.settlementCode,
      kind: input.kind ?? "partner_shop",
      name: input.name,
      address: "Абылай хан даңғылы, 90",
      openingHours: "09:00–21:00",
      capacityParcels: input.capacityParcels ?? null,
      maxWeightClass: input.maxWeightClass ?? "over50kg",
      createdAt: T0,
    })
    .returning({ id: pickupPoints.id })
    .get().id;
}

function lane(input: { from: { village: number } | { point: number }; to: number; days: string[]; transitDays: number; tenge: [number | null, number | null, number | null] }): number {
  const [a, b, c] = input.tenge.map((t) => (t === null ? null : t * 100));
  return db
    .insert(lanes)
    .values({
      fromVillageId: "village" in input.from ? input.from.village : null,
      fromPointId: "point" in input.from ? input.from.point : null,
      toPointId: input.to,
      carrierKind: "kazpost",
      carrierName: "Қазпошта",
      weekdays: weekdayMask(input.days),
      transitDays: input.transitDays,
      upTo15kgTiyn: a ?? null,
      from15to50kgTiyn: b ?? null,
      over50kgTiyn: c ?? null,
      createdAt: T0,
    })
    .returning({ id: lanes.id })
    .get().id;
}

const orderRow = (id: number) => db.select().from(orders).where(eq(orders.id, id)).get()!;
const legsOf = (id: number) => db.select().from(orderLegs).where(eq(orderLegs.orderId, id)).orderBy(orderLegs.leg).all();
/** Noon in Kazakhstan (UTC+5) of a June 2025 day: how arrival days are stored. */
const noonJune = (day: number) => new Date(Date.UTC(2025, 5, day, 7));
const setWeight = (listingId: number, weightClass: "upTo15kg" | "15to50kg" | "over50kg") => db.update(listings).set({ weightClass }).where(eq(listings.id, listingId)).run();

let city: number;
let sortingHub: number;

beforeEach(() => {
  db = freshDatabase().db;
  setPaymentProvider(provider);
  w = orderWorld(db);
  const almaly = citySettlement("751110000");
  city = cityPoint({ name: "Серіктес дүкен, Алматы", settlementCode: almaly });
  sortingHub = cityPoint({ name: "Сұрыптау хабы", settlementCode: almaly, kind: "sorting_hub" });
});

describe("delivery price and date at checkout", () => {
  it("a direct lane: the tariff of the parcel's weight class, leaving on the lane's next day after the drop-off", () => {
    // T0 is Sunday 1 June 2025: dropped Monday the 2nd, the Tue/Fri van leaves Tuesday the 3rd, one day on the way.
    const laneId = lane({ from: { village: w.villageA }, to: city, days: ["tue", "fri"], transitDays: 1, tenge: [1000, 2000, 4000] });
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingA, quantity: 2 }] }, T0);
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    const order = orderRow(placed.orderIds[0]!);
    expect(order.deliveryTiyn).toBe(100_000);
    expect(order.totalTiyn).toBe(2 * 1_234_567 + 100_000);
    expect(order.sameVillage).toBe(false);
    expect(order.expectedArrivalAt).toEqual(noonJune(4));
    expect(legsOf(order.id).map((l) => [l.laneId, l.feeTiyn, l.departsAt, l.arrivesAt])).toEqual([[laneId, 100_000, noonJune(3), noonJune(4)]]);
    // The heavier class costs the heavier tariff.
    setWeight(w.listingA, "over50kg");
    const heavy = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0);
    expect(heavy.ok && orderRow(heavy.orderIds[0]!).deliveryTiyn).toBe(400_000);
  });

  it("two legs via a sorting hub: the tariffs add up and the dates chain; the cheapest route wins", () => {
    lane({ from: { village: w.villageB }, to: sortingHub, days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], transitDays: 1, tenge: [500, 900, null] });
    lane({ from: { point: sortingHub }, to: city, days: ["mon", "thu"], transitDays: 2, tenge: [1500, 2500, null] });
    // A direct lane dearer than the two legs together is not chosen.
    lane({ from: { village: w.villageB }, to: city, days: ["mon"], transitDays: 1, tenge: [3000, null, null] });
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingB, quantity: 1 }] }, T0);
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    const order = orderRow(placed.orderIds[0]!);
    expect(order.deliveryTiyn).toBe(200_000);
    // Dropped Monday the 2nd; the daily bus leaves Tuesday the 3rd, at the hub Wednesday the 4th; the Mon/Thu courier leaves Thursday the 5th, two days.
    expect(legsOf(order.id).map((l) => [l.feeTiyn, l.departsAt, l.arrivesAt])).toEqual([
      [50_000, noonJune(3), noonJune(4)],
      [150_000, noonJune(5), noonJune(7)],
    ]);
    expect(order.expectedArrivalAt).toEqual(noonJune(7));
  });

  it("points in the seller's own village need no lane and cost nothing, as before lanes; between hubs with no lane the parcel still travels free", () => {
    const own = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingB, quantity: 1 }] }, T0);
    expect(own.ok && [orderRow(own.orderIds[0]!).deliveryTiyn, orderRow(own.orderIds[0]!).sameVillage]).toEqual([0, true]);
    const across = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0);
    expect(across.ok && [orderRow(across.orderIds[0]!).deliveryTiyn, orderRow(across.orderIds[0]!).expectedArrivalAt, orderRow(across.orderIds[0]!).sameVillage]).toEqual([0, null, false]);
  });

  it("refuses a city point no lane reaches, a point too small for the parcel, lanes that do not carry its class, and a full point — the cart stays", () => {
    const lonely = cityPoint({ name: "Астана дүкені", settlementCode: "751110000" });
    expect(buy(db, { buyerUserId: w.buyerUserId, pickupPointId: lonely, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0)).toEqual({ ok: false, reason: "orders.no_lane" });

    const locker = cityPoint({ name: "Постамат", settlementCode: "751110000", kind: "locker", maxWeightClass: "upTo15kg" });
    lane({ from: { village: w.villageA }, to: locker, days: ["tue"], transitDays: 1, tenge: [800, null, null] });
    setWeight(w.listingA, "15to50kg");
    expect(buy(db, { buyerUserId: w.buyerUserId, pickupPointId: locker, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0)).toEqual({ ok: false, reason: "orders.point_too_heavy" });

    lane({ from: { village: w.villageA }, to: city, days: ["tue"], transitDays: 1, tenge: [1000, 2000, null] });
    setWeight(w.listingA, "over50kg");
    expect(buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0)).toEqual({ ok: false, reason: "orders.lane_too_heavy" });

    setWeight(w.listingA, "upTo15kg");
    db.update(pickupPoints).set({ capacityParcels: 1 }).where(eq(pickupPoints.id, city)).run();
    expect(buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0).ok).toBe(true);
    expect(buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0)).toEqual({ ok: false, reason: "orders.point_full" });
    expect(db.all(sql`SELECT listing_id FROM cart_items`)).toHaveLength(1);
  });

  it("an existing village point stands in its village after the migration: a hub opened with a KATO code gives it its settlement", () => {
    const fresh = makeListing(db, w.sellerA, { priceTiyn: 10_000, stock: 1 });
    expect(fresh).toBeGreaterThan(0);
    const point = db.select({ settlementCode: pickupPoints.settlementCode, maxWeightClass: pickupPoints.maxWeightClass }).from(pickupPoints).where(eq(pickupPoints.id, w.pointB)).get();
    // Test villages have no KATO code: the point stands in its hub's village (null), and takes any weight.
    expect(point).toEqual({ settlementCode: null, maxWeightClass: "over50kg" });
  });
});

describe("the delivery fee in the ledger", () => {
  async function paidCityOrder(): Promise<{ orderId: number; laneId: number; goodsTiyn: number }> {
    const laneId = lane({ from: { village: w.villageA }, to: city, days: ["tue", "fri"], transitDays: 1, tenge: [1000, 2000, 4000] });
    const placed = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: city, lines: [{ listingId: w.listingA, quantity: 1 }] }, T0);
    if (!placed.ok) throw new Error(placed.reason);
    await payCheckout(db, provider, placed.checkoutId, T0);
    return { orderId: placed.orderIds[0]!, laneId, goodsTiyn: 1_234_567 };
  }

  it("is held in escrow with the goods and, on completion, paid to the lane's carrier; the commission is taken on the goods only", async () => {
    const { orderId, laneId, goodsTiyn } = await paidCityOrder();
    expect(orderEscrowTiyn(db, orderId)).toBe(goodsTiyn + 100_000);
    const order = orderRow(orderId);
    writeTransaction(db, (tx) =>
      releaseEscrow(tx, { key: `order:${orderId}:release`, orderId, sellerId: order.sellerId, sellerVillageId: order.sellerVillageId, platformRateBp: order.platformRateBp, coopRateBp: order.coopRateBp, at: T0 }),
    );
    db.update(orders).set({ status: "completed" }).where(eq(orders.id, orderId)).run();
    const split = splitAmount(goodsTiyn, { platformBp: order.platformRateBp, coopBp: order.coopRateBp });
    expect(accountBalance(db, carrierPayableAccount(laneId))).toBe(100_000);
    expect(accountBalance(db, sellerPayableAccount(order.sellerId))).toBe(split.sellerTiyn);
    expect(accountBalance(db, PLATFORM_COMMISSION)).toBe(split.platformFeeTiyn);
    expect(accountBalance(db, coopFeeAccount(order.sellerVillageId))).toBe(split.coopFeeTiyn);
    expect(orderEscrowTiyn(db, orderId)).toBe(0);
    expect(checkLedgerInvariants(db)).toEqual([]);
  });

  it("comes back to the buyer with the goods on a refund before release; the carrier gets nothing", async () => {
    const { orderId, laneId, goodsTiyn } = await paidCityOrder();
    writeTransaction(db, (tx) => refundEscrow(tx, { key: `order:${orderId}:refund`, orderId, buyerUserId: w.buyerUserId, amountTiyn: goodsTiyn + 100_000, at: T0 }));
    db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, orderId)).run();
    expect(accountBalance(db, refundPayableAccount(w.buyerUserId))).toBe(goodsTiyn + 100_000);
    expect(accountBalance(db, carrierPayableAccount(laneId))).toBe(0);
    expect(checkLedgerInvariants(db)).toEqual([]);
  });

  it("on a dispute settled with a partial refund, the carrier is paid first out of what is released", async () => {
    const { orderId, laneId, goodsTiyn } = await paidCityOrder();
    const order = orderRow(orderId);
    const refundTiyn = goodsTiyn - 50_000;
    writeTransaction(db, (tx) =>
      resolveEscrow(tx, { key: `order:${orderId}:resolve`, orderId, buyerUserId: w.buyerUserId, refundTiyn, sellerId: order.sellerId, sellerVillageId: order.sellerVillageId, platformRateBp: order.platformRateBp, coopRateBp: order.coopRateBp, at: T0 }),
    );
    db.update(orders).set({ status: "completed" }).where(eq(orders.id, orderId)).run();
    // Released: 50 000 + 100 000 of delivery; the carrier's 100 000 first, the seller's split on the 50 000 left.
    expect(accountBalance(db, carrierPayableAccount(laneId))).toBe(100_000);
    expect(accountBalance(db, sellerPayableAccount(order.sellerId))).toBe(splitAmount(50_000, { platformBp: order.platformRateBp, coopBp: order.coopRateBp }).sellerTiyn);
    expect(orderEscrowTiyn(db, orderId)).toBe(0);
    expect(checkLedgerInvariants(db)).toEqual([]);
  });
});
