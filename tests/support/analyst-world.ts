/**
 * A small country for the analysts' tests (API, privacy walk): in KZ-19 a
 * district with a village of five sellers (shown) and one of two (suppressed),
 * in KZ-33 a village of one seller; real cash sales through the use cases;
 * analysts with a national or a regional grant. Names, phones and IINs are
 * distinctive so that a test can look for them in every answer.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { kzCheckDigit } from "../../app/domain/identity/tax-id";
import { findOrCreateUser, grantRole } from "../../app/domain/identity/users.server";
import { districts, listings, regions, sellerApplications, sellers, users, villages } from "../../db/schema";
import { cashSale } from "./cash-sales";
import { makePickupPoint } from "./ledger";
import { makeListing } from "./orders";

/** A valid IIN (checksum and all) born on the given day, from a serial. */
export function validIin(birth: string, serial: number): string {
  for (let s = serial; s < serial + 50; s++) {
    const first11 = `${birth}3${String(s % 10_000).padStart(4, "0")}`;
    const check = kzCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
  throw new Error("no valid IIN near that serial");
}

export interface Person {
  userId: number;
  name: string;
  phone: string;
  iin: string;
}

let serial = 0;

function person(db: Db, name: string, phoneDigits: string): Person {
  serial += 1;
  const phone = `+77${phoneDigits}`;
  const userId = db.insert(users).values({ phone, displayName: name, createdAt: new Date() }).returning({ id: users.id }).get().id;
  return { userId, name, phone, iin: validIin(`8${serial % 10}0${(serial % 9) + 1}1${serial % 10}`, 1000 + serial * 7) };
}

export function analystWorld(db: Db) {
  const regionId = (iso: string) => db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, iso)).get()!.id;
  const kz19 = regionId("KZ-19");
  const kz33 = regionId("KZ-33");
  const district = (region: number, slug: string) => db.insert(districts).values({ regionId: region, slug, nameKk: `${slug} ауданы`, nameRu: `${slug} район`, nameEn: `${slug} District` }).returning().get().id;
  const village = (districtId: number, slug: string, households: number) => db.insert(villages).values({ districtId, slug, nameKk: slug, nameRu: slug, nameEn: slug, households }).returning().get().id;
  const d19 = district(kz19, "walk-one");
  const d33 = district(kz33, "walk-far");
  const big = village(d19, "walk-big", 40);
  const small = village(d19, "walk-small", 30);
  const far = village(d33, "walk-far-village", 20);

  let phone = 0;
  const nextPhone = () => String(758_000_000 + ++phone * 1_237).slice(0, 9);
  const sellerPeople: (Person & { sellerId: number; villageId: number; listingId: number })[] = [];
  const makeShop = (villageId: number, name: string) => {
    const p = person(db, name, nextPhone());
    const applicationId = db
      .insert(sellerApplications)
      .values({ userId: p.userId, villageId, name, craft: "киіз үй", taxIdKind: "iin", taxId: p.iin, status: "approved", createdAt: new Date(), decidedAt: new Date() })
      .returning({ id: sellerApplications.id })
      .get().id;
    // Approved long ago, so that the shop can count as active.
    const sellerId = db.insert(sellers).values({ userId: p.userId, villageId, applicationId, name, approvedAt: new Date(Date.now() - 400 * 86_400_000) }).returning({ id: sellers.id }).get().id;
    const listingId = makeListing(db, { sellerId, villageId }, { priceTiyn: 1_500_000 + sellerPeople.length * 10_000, stock: 1000, title: `Шапан ${name}` });
    const shop = { ...p, sellerId, villageId, listingId };
    sellerPeople.push(shop);
    return shop;
  };
  const sellerNames = ["Zhanar Qyzylordaeva", "Bolatbek Tursynbaev", "Aigerim Zhaksylykova", "Nurlan Abdrakhmanov", "Gulnaz Sarsenbayeva", "Yerlan Kozhakhmetov", "Saule Iskakova", "Dauren Utepbergenov"];
  const bigShops = sellerNames.slice(0, 5).map((n) => makeShop(big, n));
  const smallShops = sellerNames.slice(5, 7).map((n) => makeShop(small, n));
  const farShops = sellerNames.slice(7, 8).map((n) => makeShop(far, n));
  const buyers = ["Ainur Mukhametzhanova", "Timur Baigaliyev"].map((n) => person(db, n, nextPhone()));
  const hub = person(db, "Hub Keeper Oralbekov", nextPhone());
  const operator = person(db, "Point Operator Ermekova", nextPhone());
  const pointId = makePickupPoint(db, big, "Walk point");
  db.update(listings).set({ stock: 1000 }).run();

  const sell = (shop: (typeof sellerPeople)[number], daysAgo: number, quantity = 1, buyer = buyers[0]!) =>
    cashSale(db, { buyerUserId: buyer.userId, hubUserId: hub.userId, operatorUserId: operator.userId, pointId }, { listingId: shop.listingId, sellerUserId: shop.userId, quantity, daysAgo, buyerUserId: buyer.userId });

  const analyst = (phoneNumber: string, region: number | null) => {
    const user = findOrCreateUser(db, phoneNumber, new Date());
    const granted = grantRole(db, { actorUserId: null, userId: user.id, role: "analyst", regionId: region, ip: null }, new Date());
    if (!granted.ok) throw new Error(granted.reason);
    return user.id;
  };

  return {
    regions: { kz19, kz33 },
    districts: { d19, d33 },
    villages: { big, small, far },
    bigShops,
    smallShops,
    farShops,
    buyers,
    people: [...sellerPeople, ...buyers, hub, operator] as Person[],
    sell,
    analyst,
  };
}
