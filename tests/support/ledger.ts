/**
 * Rows the ledger tests need (villages, people, sellers, pickup points,
 * checkouts, orders), inserted directly: the ledger only reads them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { openDatabase, type Connection, type Db } from "../../app/db.server";
import type { OrderStatus, PaymentMethod } from "../../app/domain/orders/order-status";
import { checkouts, districts, orders, pickupPoints, regions, sellerApplications, sellers, users, villages } from "../../db/schema";

let serial = 0;
const next = () => ++serial;
export const T0 = new Date("2025-06-01T09:00:00Z");

/** A village of its own (with a region and district made on the way when the database has none). */
export function makeVillage(db: Db, name = `Ауыл ${next()}`): number {
  let district = db.select({ id: districts.id }).from(districts).get();
  if (!district) {
    const region = db
      .insert(regions)
      .values({ isoCode: `KZ-T${next()}`, katoCode: String(100000000 + next()).slice(0, 9), kind: "region", nameKk: "Облыс", nameRu: "Область", nameEn: "Region" })
      .returning({ id: regions.id })
      .get();
    district = db.insert(districts).values({ regionId: region.id, slug: `district-${next()}`, nameKk: "Аудан", nameRu: "Район", nameEn: "District" }).returning({ id: districts.id }).get();
  }
  const n = next();
  return db
    .insert(villages)
    .values({ districtId: district.id, slug: `village-${n}-${Math.random().toString(36).slice(2, 8)}`, nameKk: name, nameRu: name, nameEn: name, households: 100 })
    .returning({ id: villages.id })
    .get().id;
}

export function makeUser(db: Db): number {
  const n = next();
  const phone = `+77${String(100000000 + (n % 900000000)).padStart(9, "0")}`;
  return db.insert(users).values({ phone, displayName: `Person ${n}`, createdAt: T0 }).returning({ id: users.id }).get().id;
}

/** An approved seller in the village: { sellerId, userId, villageId }. */
export function makeSeller(db: Db, villageId: number, name = `Шебер ${next()}`) {
  const userId = makeUser(db);
  const applicationId = db
    .insert(sellerApplications)
    .values({ userId, villageId, name, craft: "ағаш", status: "approved", createdAt: T0, decidedAt: T0 })
    .returning({ id: sellerApplications.id })
    .get().id;
  const sellerId = db.insert(sellers).values({ userId, villageId, applicationId, name, approvedAt: T0 }).returning({ id: sellers.id }).get().id;
  return { sellerId, userId, villageId };
}

export function makePickupPoint(db: Db, villageId: number, name = `Пункт ${next()}`): number {
  return db
    .insert(pickupPoints)
    .values({ villageId, kind: "hub_shop", name, address: "Орталық көше, 1", openingHours: "09:00–18:00", createdAt: T0 })
    .returning({ id: pickupPoints.id })
    .get().id;
}

export interface TestOrder {
  orderId: number;
  buyerUserId: number;
  sellerId: number;
  sellerVillageId: number;
  pickupPointId: number;
  totalTiyn: number;
  platformRateBp: number;
  coopRateBp: number;
}

/** One order (and its checkout) in the given status; rates default to 3 % and 2 %. */
export function makeOrder(
  db: Db,
  input: {
    buyerUserId: number;
    seller: { sellerId: number; villageId: number };
    pickupPointId: number;
    totalTiyn: number;
    paymentMethod?: PaymentMethod;
    status?: OrderStatus;
    platformRateBp?: number;
    coopRateBp?: number;
  },
): TestOrder {
  const paymentMethod = input.paymentMethod ?? "online";
  const platformRateBp = input.platformRateBp ?? 300;
  const coopRateBp = input.coopRateBp ?? 200;
  const checkoutId = db
    .insert(checkouts)
    .values({ buyerUserId: input.buyerUserId, pickupPointId: input.pickupPointId, paymentMethod, totalTiyn: input.totalTiyn, idempotencyKey: `checkout-${next()}-${Math.random()}`, createdAt: T0 })
    .returning({ id: checkouts.id })
    .get().id;
  const orderId = db
    .insert(orders)
    .values({
      checkoutId,
      buyerUserId: input.buyerUserId,
      sellerId: input.seller.sellerId,
      sellerVillageId: input.seller.villageId,
      pickupPointId: input.pickupPointId,
      paymentMethod,
      status: input.status ?? (paymentMethod === "online" ? "pending_payment" : "accepted"),
      totalTiyn: input.totalTiyn,
      platformRateBp,
      coopRateBp,
      sameVillage: false,
      createdAt: T0,
      updatedAt: T0,
    })
    .returning({ id: orders.id })
    .get().id;
  return {
    orderId,
    buyerUserId: input.buyerUserId,
    sellerId: input.seller.sellerId,
    sellerVillageId: input.seller.villageId,
    pickupPointId: input.pickupPointId,
    totalTiyn: input.totalTiyn,
    platformRateBp,
    coopRateBp,
  };
}

/** Moves an order's status directly (the order machine is not under test here). */
export function setOrderStatus(db: Db, orderId: number, status: OrderStatus): void {
  db.update(orders).set({ status }).where(eq(orders.id, orderId)).run();
}

/** A small world: two villages with a seller each, a pickup point in the first, a buyer. */
export function ledgerWorld(db: Db) {
  const villageA = makeVillage(db, "Ақсу");
  const villageB = makeVillage(db, "Жаңатұрмыс");
  const sellerA = makeSeller(db, villageA, "Асқар");
  const sellerB = makeSeller(db, villageB, "Гүлнар");
  const pointA = makePickupPoint(db, villageA, "Ақсу дүкені");
  const pointB = makePickupPoint(db, villageA, "Ақсу поштасы");
  const buyerUserId = makeUser(db);
  return { villageA, villageB, sellerA, sellerB, pointA, pointB, buyerUserId };
}

let template: string | undefined;

/**
 * A migrated database copied from a template made once per test file: about
 * 8× faster than migrating each time, for property tests that need a fresh
 * ledger per run. Call `close()` when done.
 */
export function copiedDatabase(): Connection & { close(): void } {
  if (!template) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-ledger-template-"));
    template = path.join(dir, "template.db");
    openDatabase(template).sqlite.close();
    const file = template;
    // Also imported by the crash test's child process, so no vitest hook here.
    process.once("exit", () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-ledger-"));
  fs.copyFileSync(template, path.join(dir, "test.db"));
  const connection = openDatabase(path.join(dir, "test.db"));
  return {
    ...connection,
    close() {
      connection.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
