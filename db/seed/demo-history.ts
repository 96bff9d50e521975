/**
 * Eighteen months of trade in the demo villages (issue 6 §8), so that every
 * insights chart and status has something real to show after `npm start`.
 *
 * What it makes, on top of the demo shops (demo-shops.ts):
 *  - more demo shops, opened over the two years before `now` through the real
 *    use cases (application, the coordinator's approval, listings): about a
 *    hundred furniture workshops in Besagash (an "e-commerce village" by the
 *    default thresholds), fifty felt and carpet makers in Karabulak (about half
 *    way: "emerging"), a few beekeepers, orchards and dairies elsewhere (some
 *    villages above the analysts' k ≥ 5 suppression, some below). Phones
 *    +7 700 001 xx xx are these sellers, +7 700 002 xx xx the buyers: made up,
 *    like every demo phone; nothing is ever sent to them;
 *  - finished orders only (completed, a few refunded after a dispute, some
 *    returned uncollected, some cancelled because the seller missed the
 *    drop-off deadline), with seasons — honey after the late-summer harvest,
 *    felt, carpets and furniture before winter and the autumn weddings, dried
 *    fruit in autumn and winter, dairy in spring and summer — and growth;
 *    buyers come back (a skewed choice over a pool of buyers).
 *
 * How: each order's steps are the real order machine's transitions
 * (`orderTimeline`, checked against nextStatus by the test) with the times a
 * village would take; the rows are written with prepared statements, as
 * checkout and applyOrderEventIn would have written them (checkout, order,
 * items, one order_events row per transition with the same actors), and the
 * money goes through the ledger's own posting functions with the keys the
 * use cases use (capture, release, resolve, refund, the refund job's settle,
 * cash at pickup), so the ledger invariants hold. Driving applyOrderEvent for
 * ~15 000 orders × 8 steps took minutes; this takes seconds. No messages are
 * queued (they would long have been sent), and stock is left alone: the
 * history's orders are of the past, and a listing's stock is what the shop
 * holds today — so the demo listings the e2e journeys buy keep their stock.
 * The demo shops' own listings were published a few weeks ago (demo-shops.ts),
 * so the history buys them only after that; every other order is of a listing
 * that existed when it was placed. No order is left open.
 *
 * Rollups are then recomputed by rebuildRollups, the real code path, month
 * by month as the months become complete.
 *
 * Deterministic (a seeded generator per month) and idempotent: every month is
 * one transaction, marked by its checkouts' idempotency keys
 * (`demo-history:<YYYY-MM>:<n>`); a month already there is skipped, so a run
 * interrupted half way is finished by the next one, and a second run adds
 * nothing. Between months it yields to the event loop, so a server seeding in
 * the background keeps answering, and it stops when the database is closed.
 *
 * The shape (seasons, growth, what happens to an order) is exported for the
 * bench's million orders (scripts/db-demo.ts --orders). The goods, the trades'
 * seasons and crafts and the sellers' names are the demo catalogue's
 * (demo-catalogue.ts).
 */
import type BetterSqlite3 from "better-sqlite3";
import { and, eq, inArray, sql } from "drizzle-orm";
import { writeTransaction, type Db, type Tx } from "../../app/db.server";
import { listingInput } from "../../app/domain/catalog/listing-rules";
import { createListing, type PhotoRef } from "../../app/domain/catalog/listings.server";
import { commissionRates } from "../../app/domain/escrow/commission.server";
import { captureEscrow, recordCashAtPickup, refundEscrow, releaseEscrow, resolveEscrow, settleRefund } from "../../app/domain/escrow/ledger-posting.server";
import { addMonths, almatyDayStart, almatyMonth, monthsBetween } from "../../app/domain/insights/calendar";
import { rebuildRollups } from "../../app/domain/insights/rollups.server";
import { applyToSell, decideApplication } from "../../app/domain/identity/sellers.server";
import { findOrCreateUser, updateProfile } from "../../app/domain/identity/users.server";
import { DEFAULT_DEADLINES } from "../../app/domain/orders/deadlines";
import type { OrderEvent } from "../../app/domain/orders/order-machine";
import type { OrderStatus, PaymentMethod } from "../../app/domain/orders/order-status";
import { pickupCode, pickupCodeHash, pickupSecret } from "../../app/domain/orders/pickup-code.server";
import { recordReputationEvent } from "../../app/domain/trust/reputation.server";
import type { Language } from "../../app/i18n/config";
import { categories, listingPhotos, listings, outboxMessages, pickupPoints, roleGrants, sellers, users, villages } from "../schema";
import { askingPrice, between, DELIVERY, type Line, personName, pick, seededRandom, TRADES, VILLAGE_GOODS, type VillageGoods, whole } from "./demo-catalogue";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The test draws its timelines from the same random source. */
export { seededRandom };

// ---------------------------------------------------------------------------
// The shape of the trade, shared with the bench's dataset.

export const HISTORY_MONTHS = 18;

/**
 * Orders in month `index` of the history (0 = the oldest of HISTORY_MONTHS)
 * relative to a full month at today's size: the season of its calendar month
 * ('YYYY-MM') times a growth from 45 % to 100 % over the eighteen months.
 */
export function demandOf(line: Line, month: string, index: number): number {
  const calendarMonth = Number(month.slice(5, 7));
  const growth = 0.45 + (0.55 * Math.min(index, HISTORY_MONTHS - 1)) / (HISTORY_MONTHS - 1);
  return (TRADES[line].season[calendarMonth - 1] ?? 1) * growth;
}

/** What becomes of an order. The demo's cash orders are confirmed (the hub keeps the cash until then). */
export type Fate = "confirmed" | "inspection" | "dispute_release" | "dispute_partial" | "dispute_refund" | "returned" | "drop_late";

export function pickFate(random: () => number, method: PaymentMethod): Fate {
  const r = random();
  if (r < 0.025) return "returned";
  if (r < 0.045) return "drop_late";
  if (method === "cash") return "confirmed";
  if (r < 0.055) return "dispute_refund";
  if (r < 0.065) return "dispute_partial";
  if (r < 0.072) return "dispute_release";
  if (r < 0.35) return "inspection";
  return "confirmed";
}

/** Who fires a step: the order's buyer or seller, the coordinator of the seller's or of the pickup point's village, or nobody (provider, clock). */
export type StepActor = "buyer" | "seller" | "seller_hub" | "point_hub" | "provider" | "clock";

export interface Step {
  event: OrderEvent | "placed";
  actor: StepActor;
  /** The machine's source for the event (order-machine.ts), null for "placed". */
  source: "buyer" | "seller" | "hub" | "operator" | "resolver" | "provider" | "clock" | null;
  from: OrderStatus | null;
  to: OrderStatus;
  at: number;
}

export interface Timeline {
  steps: Step[];
  status: OrderStatus;
  finishedAt: number;
  capturedAt: number | null;
  receivedAtHubAt: number | null;
  readyAt: number | null;
  pickedUpAt: number | null;
  /** resolve_partial: the share of the total refunded, 0.1–0.5. */
  partialShare: number;
}

/**
 * The transitions of one order from checkout to its end, with the times a
 * village takes (accepting within a day or so, dropping at the hub within the
 * 3-day deadline unless the fate is to miss it, a few days on the road to
 * another village's point, a few days before the buyer collects, the clock's
 * deadlines a few seconds after they pass).
 */
export function orderTimeline(input: { placedAt: number; method: PaymentMethod; sameVillage: boolean; storageDays: number; fate: Fate; random: () => number }): Timeline {
  const { random, fate, method } = input;
  const steps: Step[] = [];
  let status: OrderStatus = method === "cash" ? "accepted" : "pending_payment";
  let at = input.placedAt;
  const step = (event: Step["event"], actor: StepActor, source: Step["source"], to: OrderStatus, when: number) => {
    at = when;
    steps.push({ event, actor, source, from: event === "placed" ? null : status, to, at });
    status = to;
  };
  const clockAfter = (deadline: number) => deadline + whole(random, 5, 55) * 1000;
  const result = (extra: Partial<Timeline>): Timeline => ({
    steps,
    status,
    finishedAt: at,
    capturedAt: null,
    receivedAtHubAt: null,
    readyAt: null,
    pickedUpAt: null,
    partialShare: 0,
    ...extra,
  });

  step("placed", "buyer", null, status, at);
  let capturedAt: number | null = null;
  if (method === "online") {
    capturedAt = at + whole(random, 1, 20) * MINUTE;
    step("payment_captured", "provider", "provider", "paid", capturedAt);
    step("accept", "seller", "seller", "accepted", at + between(random, 1, 30) * HOUR);
  }
  const acceptedAt = at;
  if (fate === "drop_late") {
    step("drop_deadline", "clock", "clock", "cancelled", clockAfter(acceptedAt + DEFAULT_DEADLINES.dropMs));
    return result({ capturedAt });
  }
  step("drop", "seller", "seller", "handed_over", acceptedAt + between(random, 2, 66) * HOUR);
  const receivedAtHubAt = at + between(random, 0.2, 4) * HOUR;
  step("receive", "seller_hub", "hub", "handed_over", receivedAtHubAt);
  if (input.sameVillage) {
    step("arrive", "seller_hub", "hub", "ready_for_pickup", at + between(random, 0.5, 6) * HOUR);
  } else {
    step("send", "seller_hub", "hub", "in_transit", at + between(random, 1, 20) * HOUR);
    step("arrive", "point_hub", "operator", "ready_for_pickup", at + between(random, 1, 4) * DAY);
  }
  const readyAt = at;
  if (fate === "returned") {
    // Nobody came (issue 14 §5): the parcel goes back to the seller's hub, sent by the point's hub when it travelled.
    step("storage_deadline", "clock", "clock", "to_return", clockAfter(readyAt + input.storageDays * DAY));
    if (!input.sameVillage) step("return_send", "point_hub", "hub", "return_in_transit", at + between(random, 2, 48) * HOUR);
    step("return_arrive", "seller_hub", "hub", "returned", at + between(random, input.sameVillage ? 2 : 24, input.sameVillage ? 48 : 96) * HOUR);
    return result({ capturedAt, receivedAtHubAt, readyAt });
  }
  const longest = Math.min(5 * DAY, input.storageDays * DAY - 2 * HOUR);
  step("pickup", "point_hub", "operator", "picked_up", readyAt + between(random, 2 * HOUR, longest));
  const pickedUpAt = at;
  if (fate === "inspection") {
    step("inspection_deadline", "clock", "clock", "completed", clockAfter(pickedUpAt + DEFAULT_DEADLINES.inspectionMs));
  } else if (fate === "confirmed") {
    step("confirm", "buyer", "buyer", "completed", pickedUpAt + between(random, 10 * MINUTE, 60 * HOUR));
  } else {
    step("dispute", "buyer", "buyer", "disputed", pickedUpAt + between(random, 2, 60) * HOUR);
    const resolvedAt = at + between(random, 1, 8) * DAY;
    if (fate === "dispute_refund") step("resolve_refund", "seller_hub", "resolver", "refunded", resolvedAt);
    else if (fate === "dispute_partial") step("resolve_partial", "seller_hub", "resolver", "completed", resolvedAt);
    else step("resolve_release", "seller_hub", "resolver", "completed", resolvedAt);
  }
  return result({ capturedAt, receivedAtHubAt, readyAt, pickedUpAt, partialShare: fate === "dispute_partial" ? between(random, 0.1, 0.5) : 0 });
}

// ---------------------------------------------------------------------------
// The demo villages' trade

interface VillagePlan {
  slug: string;
  line: Line;
  /** Demo shops added by the history. */
  shops: number;
  /** Orders a month at today's size in an average season. */
  orders: number;
  goods: readonly VillageGoods[];
}

const PLANS: VillagePlan[] = [
  { slug: "besagash", line: "furniture", shops: 112, orders: 840, goods: VILLAGE_GOODS.besagash },
  { slug: "karabulak", line: "felt_carpets", shops: 56, orders: 360, goods: VILLAGE_GOODS.karabulak },
  { slug: "ulken-naryn", line: "honey", shops: 6, orders: 70, goods: VILLAGE_GOODS["ulken-naryn"] },
  { slug: "turgen", line: "dried_fruit", shops: 5, orders: 60, goods: VILLAGE_GOODS.turgen },
  { slug: "katarkol", line: "dairy", shops: 2, orders: 30, goods: VILLAGE_GOODS.katarkol },
  { slug: "shyngystai", line: "honey", shops: 2, orders: 12, goods: VILLAGE_GOODS.shyngystai },
];

/** The history's sellers (+7 700 001 00 00 …) and buyers (+7 700 002 00 00 …). */
const sellerPhone = (n: number) => `+7700001${String(n).padStart(4, "0")}`;
const buyerPhone = (n: number) => `+7700002${String(n).padStart(4, "0")}`;
export const DEMO_HISTORY_FIRST_SELLER_PHONE = sellerPhone(0);
const BUYERS = 2500;
const IP = "demo seed";
const KEY_PREFIX = "demo-history:";

export interface DemoHistoryResult {
  /** False when nothing was written (no demo shops, or the history was already there). */
  created: boolean;
  months: number;
  orders: number;
  sellers: number;
  milliseconds: number;
}

// ---------------------------------------------------------------------------
// The shops and buyers

interface Shop {
  sellerId: number;
  userId: number;
  villageId: number;
  /** From when its listings can be bought. */
  openFrom: number;
  weight: number;
  listings: { id: number; title: string; language: Language; priceTiyn: number; categoryId: number; good: VillageGoods | null }[];
}

function monthStart(month: string): number {
  return almatyDayStart(`${month}-01`).getTime();
}

/** Opens the history's shops through the real use cases, each when its story says; skipped when they exist. */
function openShops(db: Db, firstMonth: string, random: () => number): number {
  if (db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO_HISTORY_FIRST_SELLER_PHONE)).get()) return 0;
  const categoryIds = new Map(db.select({ id: categories.id, slug: categories.slug }).from(categories).all().map((c) => [c.slug, c.id]));
  // The demo shops' own photos, reused by category (one picture says "felt" as well as another).
  const photos = new Map<number, PhotoRef>();
  for (const p of db
    .select({ categoryId: listings.categoryId, hash: listingPhotos.hash, width: listingPhotos.width, height: listingPhotos.height })
    .from(listingPhotos)
    .innerJoin(listings, eq(listings.id, listingPhotos.listingId))
    .all()) {
    if (!photos.has(p.categoryId)) photos.set(p.categoryId, { hash: p.hash, width: p.width, height: p.height });
  }
  const start = monthStart(firstMonth);
  let n = 0;
  for (const plan of PLANS) {
    const village = db.select({ id: villages.id }).from(villages).where(eq(villages.slug, plan.slug)).get();
    const coordinator = village
      ? db.select({ userId: roleGrants.userId }).from(roleGrants).where(and(eq(roleGrants.villageId, village.id), eq(roleGrants.role, "coordinator"))).get()
      : undefined;
    if (!village || !coordinator) continue;
    for (let i = 0; i < plan.shops; i++, n++) {
      // A third were selling before the history begins; the rest opened over it, the last two months before now.
      const opened = i < plan.shops / 3 ? start - between(random, 30, 180) * DAY : start + ((i - plan.shops / 3) / (plan.shops * (2 / 3))) * (HISTORY_MONTHS - 3) * 30 * DAY;
      const at = (offsetMs: number) => new Date(opened + offsetMs);
      const person = personName(random);
      const user = findOrCreateUser(db, sellerPhone(n), at(-3 * DAY));
      updateProfile(db, { userId: user.id, displayName: person, preferredLanguage: "kk", ip: IP }, at(-3 * DAY));
      const { crafts } = TRADES[plan.line];
      const shopName = `${person.split(" ")[1]} — ${crafts[0].toLowerCase()}`;
      const applied = applyToSell(db, { userId: user.id, villageSlug: plan.slug, name: shopName, craft: crafts[1], taxId: null, ip: IP }, at(-2 * DAY));
      if (!applied.ok) throw new Error(`demo history: application of ${sellerPhone(n)} refused: ${applied.reason}`);
      const decided = decideApplication(db, { actorUserId: coordinator.userId, villageId: village.id, applicationId: applied.applicationId, approve: true, reason: "", ip: IP }, at(0));
      if (!decided.ok) throw new Error(`demo history: approval of ${sellerPhone(n)} refused: ${decided.reason}`);
      const seller = db.select({ id: sellers.id }).from(sellers).where(and(eq(sellers.userId, user.id), eq(sellers.villageId, village.id))).get()!;
      const goods = [...plan.goods].sort(() => random() - 0.5).slice(0, Math.min(2, plan.goods.length));
      goods.forEach((good, position) => {
        const categoryId = categoryIds.get(good.category);
        if (categoryId === undefined) return;
        // Drawn in whole tenge, as a seller thinks of the price.
        const price = between(random, good.priceTiyn[0] / 100, good.priceTiyn[1] / 100);
        const { title } = good;
        const listing = listingInput.parse({
          language: "kk",
          title: title.kk,
          description: `${title.kk}: ${crafts[1]}. ${DELIVERY.kkFirstPerson}`,
          translations: {
            ru: { title: title.ru, description: `${title.ru}. ${DELIVERY.ru}` },
            en: { title: title.en, description: `${title.en}. ${DELIVERY.en}` },
          },
          categoryId,
          price: String(askingPrice(price)),
          unit: good.unit,
          stock: good.leadDays ? 0 : whole(random, 5, 40),
          weightClass: good.weightClass,
          madeToOrder: good.leadDays !== undefined,
          leadDays: good.leadDays,
        });
        const photo = photos.get(categoryId);
        const created = createListing(
          db,
          { sellerId: seller.id, listing, photos: photo ? [photo] : [], publish: true, by: { userId: user.id } },
          at((1 + position) * DAY),
        );
        if (!created.ok) throw new Error(`demo history: listing of ${sellerPhone(n)} refused: ${created.reason}`);
      });
      // The approval SMS would go to a made-up number: demo accounts get none (as demo-shops.ts does).
      db.update(outboxMessages)
        .set({ status: "failed", lastError: "demo account: not sent" })
        .where(and(eq(outboxMessages.userId, user.id), eq(outboxMessages.status, "pending")))
        .run();
    }
  }
  for (let b = 0; b < BUYERS; b++) findOrCreateUser(db, buyerPhone(b), new Date(start - 7 * DAY));
  return n;
}

function loadShops(db: Db, random: () => number): Map<number, Shop[]> {
  const rows = db
    .select({
      sellerId: sellers.id,
      userId: sellers.userId,
      villageId: sellers.villageId,
      listingId: listings.id,
      language: listings.language,
      titleKk: listings.titleKk,
      titleRu: listings.titleRu,
      titleEn: listings.titleEn,
      priceTiyn: listings.priceTiyn,
      categoryId: listings.categoryId,
      createdAt: listings.createdAt,
      phone: users.phone,
    })
    .from(listings)
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .innerJoin(users, eq(users.id, sellers.userId))
    .where(and(inArray(listings.status, ["active", "sold_out"]), sql`(${users.phone} LIKE '+7700001%' OR ${users.phone} LIKE '+77000000%')`))
    .orderBy(listings.id)
    .all();
  const bySeller = new Map<number, Shop>();
  for (const row of rows) {
    const shop = bySeller.get(row.sellerId) ?? { sellerId: row.sellerId, userId: row.userId, villageId: row.villageId, openFrom: 0, weight: 0.5 + random(), listings: [] };
    shop.openFrom = Math.max(shop.openFrom, row.createdAt.getTime());
    const title = row.language === "ru" ? row.titleRu : row.language === "en" ? row.titleEn : row.titleKk;
    shop.listings.push({ id: row.listingId, title: title ?? row.titleKk ?? "", language: row.language, priceTiyn: row.priceTiyn, categoryId: row.categoryId, good: null });
    bySeller.set(row.sellerId, shop);
  }
  const byVillage = new Map<number, Shop[]>();
  for (const shop of bySeller.values()) byVillage.set(shop.villageId, [...(byVillage.get(shop.villageId) ?? []), shop]);
  return byVillage;
}

// ---------------------------------------------------------------------------
// One month of orders

interface World {
  shops: Map<number, Shop[]>;
  plans: { plan: VillagePlan; villageId: number; coordinatorId: number }[];
  points: { id: number; villageId: number; storageDays: number; acceptsCash: boolean }[];
  coordinators: Map<number, number>;
  buyers: number[];
  goods: Map<string, VillageGoods>;
}

function loadWorld(db: Db, random: () => number): World {
  const points = db
    .select({ id: pickupPoints.id, villageId: pickupPoints.villageId, storageDays: pickupPoints.storageDays, acceptsCash: pickupPoints.acceptsCash })
    .from(pickupPoints)
    .where(eq(pickupPoints.active, true))
    .orderBy(pickupPoints.id)
    .all();
  const coordinators = new Map<number, number>();
  for (const g of db.select({ villageId: roleGrants.villageId, userId: roleGrants.userId }).from(roleGrants).where(eq(roleGrants.role, "coordinator")).orderBy(roleGrants.id).all()) {
    if (g.villageId !== null && !coordinators.has(g.villageId)) coordinators.set(g.villageId, g.userId);
  }
  const plans: World["plans"] = [];
  for (const plan of PLANS) {
    const village = db.select({ id: villages.id }).from(villages).where(eq(villages.slug, plan.slug)).get();
    const coordinatorId = village ? coordinators.get(village.id) : undefined;
    if (village && coordinatorId !== undefined) plans.push({ plan, villageId: village.id, coordinatorId });
  }
  const buyers = db
    .select({ id: users.id })
    .from(users)
    .where(sql`${users.phone} LIKE '+7700002%'`)
    .orderBy(users.phone)
    .all()
    .map((u) => u.id);
  const goods = new Map(PLANS.flatMap((p) => p.goods.map((g) => [g.title.kk, g] as const)));
  return { shops: loadShops(db, random), plans, points, coordinators, buyers, goods };
}

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

interface Statements {
  checkout: Statement;
  payment: Statement;
  paymentEvent: Statement;
  order: Statement;
  item: Statement;
  event: Statement;
  codeHash: Statement;
}

/** The connection under drizzle, for prepared statements in the same transaction. */
function clientOf(db: Db): BetterSqlite3.Database {
  const client = (db as unknown as { $client?: BetterSqlite3.Database }).$client;
  if (!client) throw new Error("demo history: no SQLite connection under the database handle");
  return client;
}

function statements(db: Db): Statements {
  const sqlite = clientOf(db);
  const prepare = (text: string) : Statement => sqlite.prepare(text) as Statement;
  return {
    checkout: prepare(
      "INSERT INTO checkouts (buyer_user_id, pickup_point_id, payment_method, total_tiyn, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    ),
    payment: prepare(
      "INSERT INTO payments (checkout_id, provider, provider_ref, amount_tiyn, status, created_at, updated_at) VALUES (?, 'dev', ?, ?, 'captured', ?, ?)",
    ),
    paymentEvent: prepare(
      "INSERT INTO payment_events (provider, provider_event_id, payment_id, type, received_at, occurred_at) VALUES ('dev', ?, (SELECT id FROM payments WHERE checkout_id = ?), 'captured', ?, ?)",
    ),
    order: prepare(
      `INSERT INTO orders (checkout_id, buyer_user_id, seller_id, seller_village_id, pickup_point_id, payment_method, status, total_tiyn,
         platform_rate_bp, coop_rate_bp, same_village, deadline_kind, deadline_at, pickup_code_hash, pickup_code_salt, pickup_attempts,
         pickup_locked_at, received_at_hub_at, cash_collected_tiyn, created_at, updated_at, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, 0, NULL, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    item: prepare("INSERT INTO order_items (order_id, listing_id, title, language, price_tiyn, quantity, line_tiyn) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    codeHash: prepare("UPDATE orders SET pickup_code_hash = ? WHERE id = ?"),
    event: prepare("INSERT INTO order_events (order_id, at, actor_user_id, event, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, NULL)"),
  };
}

/** Orders written per transaction: short enough (well under a second) for a server seeding in the background to keep answering. */
const SLICE = 250;
const sliceKey = (month: string, slice: number) => `${KEY_PREFIX}${month}:${String(slice).padStart(3, "0")}:`;

function sliceDone(db: Db, prefix: string): boolean {
  const row = clientOf(db).prepare("SELECT 1 FROM checkouts WHERE idempotency_key >= ? AND idempotency_key < ? LIMIT 1").get(prefix, `${prefix.slice(0, -1)};`);
  return row !== undefined;
}

/** A month is whole when its last slice is there (slices are written in order). */
function monthDone(db: Db, month: string): boolean {
  const row = clientOf(db)
    .prepare("SELECT idempotency_key AS key FROM checkouts WHERE idempotency_key >= ? AND idempotency_key < ? ORDER BY idempotency_key DESC LIMIT 1")
    .get(`${KEY_PREFIX}${month}:`, `${KEY_PREFIX}${month};`) as { key: string } | undefined;
  return row !== undefined && row.key.includes(":last");
}

/** A salt the generator can repeat (the real one is random; nobody will ever type these codes). */
function saltOf(random: () => number): string {
  return Buffer.from(Array.from({ length: 12 }, () => Math.floor(random() * 256))).toString("base64url");
}

interface OrderSpec {
  placedAt: number;
  plan: World["plans"][number];
  shop: Shop;
  listing: Shop["listings"][number];
  quantity: number;
  point: World["points"][number];
  method: PaymentMethod;
  timeline: Timeline;
  buyerId: number;
  salt: string | null;
  settleDelayMs: number;
}

/** The orders placed in one month, decided up front (pure, repeatable), so that they can be written in slices. */
function planMonth(world: World, month: string, index: number, now: number): OrderSpec[] {
  const random = seededRandom(0x5eed + index * 7919);
  const from = monthStart(month);
  const end = monthStart(addMonths(month, 1));
  const planned: { placedAt: number; plan: World["plans"][number] }[] = [];
  for (const entry of world.plans) {
    const count = Math.round(entry.plan.orders * demandOf(entry.plan.line, month, index) * between(random, 0.92, 1.08));
    for (let i = 0; i < count; i++) planned.push({ placedAt: from + random() * (end - from), plan: entry });
  }
  planned.sort((a, b) => a.placedAt - b.placedAt);
  const specs: OrderSpec[] = [];
  for (const { placedAt, plan } of planned) {
    const open = (world.shops.get(plan.villageId) ?? []).filter((s) => s.openFrom <= placedAt);
    if (open.length === 0) continue;
    const total = open.reduce((sum, s) => sum + s.weight, 0);
    let roll = random() * total;
    const shop = open.find((s) => (roll -= s.weight) < 0) ?? open[open.length - 1]!;
    const listing = pick(random, shop.listings);
    const good = world.goods.get(listing.title) ?? null;
    const quantity = good ? whole(random, good.quantity[0], good.quantity[1]) : listing.priceTiyn > 5_000_000 ? 1 : whole(random, 1, 3);
    // Buyers from the seller's own village collect there; most live elsewhere.
    const local = random() < 0.15;
    const choices = world.points.filter((p) => (local ? p.villageId === plan.villageId : p.villageId !== plan.villageId));
    const point = choices.length > 0 ? pick(random, choices) : pick(random, world.points);
    const method: PaymentMethod = point.acceptsCash && random() < 0.2 ? "cash" : "online";
    const fate = pickFate(random, method);
    const timeline = orderTimeline({ placedAt, method, sameVillage: point.villageId === plan.villageId, storageDays: point.storageDays, fate, random });
    // A skewed choice: some buyers come back again and again.
    const buyerId = world.buyers[Math.floor(world.buyers.length * random() ** 2.2)]!;
    const salt = timeline.readyAt !== null ? saltOf(random) : null;
    const settleDelayMs = whole(random, 1, 3) * MINUTE;
    // Nothing is left open: an order that would still be under way now is not part of the history.
    if (placedAt >= now || timeline.finishedAt > now - MINUTE) continue;
    specs.push({ placedAt, plan, shop, listing, quantity, point, method, timeline, buyerId, salt, settleDelayMs });
  }
  return specs;
}

/** Writes orders as checkout and the order events would have, in the caller's transaction. */
function writeOrders(tx: Tx, world: World, specs: OrderSpec[], keyPrefix: string, st: Statements): void {
  const rates = commissionRates(tx);
  const secret = pickupSecret(tx);
  specs.forEach((o, n) => {
    const { shop, listing, point, method, timeline, buyerId, plan } = o;
    const lineTiyn = listing.priceTiyn * o.quantity;
    const checkoutId = (st.checkout.get(buyerId, point.id, method, lineTiyn, `${keyPrefix}${n + 1}`, o.placedAt) as { id: number }).id;
    const status = timeline.status;
    const orderId = (
      st.order.get(
        checkoutId, buyerId, shop.sellerId, plan.villageId, point.id, method, status, lineTiyn, rates.platformBp, rates.coopBp,
        point.villageId === plan.villageId ? 1 : 0, null, o.salt, timeline.receivedAtHubAt, method === "cash" && status === "completed" ? lineTiyn : null,
        o.placedAt, timeline.finishedAt, timeline.finishedAt,
      ) as { id: number }
    ).id;
    if (o.salt !== null) st.codeHash.run(pickupCodeHash(secret, orderId, pickupCode(secret, orderId, o.salt)), orderId);
    st.item.run(orderId, listing.id, listing.title, listing.language, listing.priceTiyn, o.quantity, lineTiyn);
    const actorOf = (actor: StepActor): number | null =>
      actor === "buyer" ? buyerId
      : actor === "seller" ? shop.userId
      : actor === "seller_hub" ? plan.coordinatorId
      : actor === "point_hub" ? (world.coordinators.get(point.villageId) ?? plan.coordinatorId)
      : null;
    for (const s of timeline.steps) st.event.run(orderId, s.at, actorOf(s.actor), s.event, s.from, s.to);
    // The shops' reputation (issue 16 §2) through the same call every real transition makes, at the step's time.
    const reputationOrder = { id: orderId, buyerUserId: buyerId, sellerId: shop.sellerId, totalTiyn: lineTiyn };
    for (const s of timeline.steps) if (s.event !== "placed" && s.from !== null) recordReputationEvent(tx, reputationOrder, { event: s.event, from: s.from, to: s.to }, new Date(s.at));

    const split = { orderId, sellerId: shop.sellerId, sellerVillageId: plan.villageId, platformRateBp: rates.platformBp, coopRateBp: rates.coopBp };
    const last = timeline.steps[timeline.steps.length - 1]!;
    const finishedAt = new Date(timeline.finishedAt);
    const base = `order:${orderId}`;
    if (method === "online" && timeline.capturedAt !== null) {
      st.payment.run(checkoutId, `pay_demo_${checkoutId}`, lineTiyn, o.placedAt, timeline.capturedAt);
      st.paymentEvent.run(`evt_demo_${checkoutId}`, checkoutId, timeline.capturedAt, timeline.capturedAt);
      captureEscrow(tx, { key: `${base}:capture`, orderId, amountTiyn: lineTiyn, at: new Date(timeline.capturedAt) });
      let refundedTiyn = 0;
      if (status === "completed" && last.event === "resolve_partial") {
        refundedTiyn = Math.max(1, Math.min(lineTiyn - 1, Math.round(lineTiyn * timeline.partialShare)));
        resolveEscrow(tx, { ...split, key: `${base}:resolve`, buyerUserId: buyerId, refundTiyn: refundedTiyn, at: finishedAt, actorUserId: actorOf(last.actor) });
      } else if (status === "completed") {
        releaseEscrow(tx, { ...split, key: `${base}:release`, at: finishedAt, actorUserId: actorOf(last.actor) });
      } else {
        // An uncollected parcel is refunded when it becomes "to return" (decision 0023), by the clock.
        const refundStep = timeline.steps.find((s) => s.event === "storage_deadline") ?? last;
        refundedTiyn = lineTiyn;
        refundEscrow(tx, { key: `${base}:refund`, orderId, buyerUserId: buyerId, amountTiyn: lineTiyn, at: new Date(refundStep.at), actorUserId: actorOf(refundStep.actor) });
      }
      // The refund job pays it back through the provider a minute or two later (payPendingRefunds).
      if (refundedTiyn > 0) {
        const operation = last.event === "resolve_partial" ? `${base}:resolve` : `${base}:refund`;
        settleRefund(tx, { key: `settle:${operation}`, buyerUserId: buyerId, amountTiyn: refundedTiyn, at: new Date(timeline.finishedAt + o.settleDelayMs) });
      }
    } else if (method === "cash" && status === "completed") {
      // The hub kept the cash from pickup until the buyer confirmed (issue 14 §7).
      const pickup = timeline.pickedUpAt ?? timeline.finishedAt;
      recordCashAtPickup(tx, { key: `${base}:cash`, orderId, pickupPointId: point.id, amountTiyn: lineTiyn, at: new Date(pickup), actorUserId: null });
      releaseEscrow(tx, { ...split, key: `${base}:release`, at: finishedAt, actorUserId: actorOf(last.actor), cash: true });
    }
  });
}

// ---------------------------------------------------------------------------

/** The months of the history: the eighteen before now (or those an earlier run began), up to now's month. */
function historyMonths(db: Db, now: Date): string[] {
  const earliest = clientOf(db)
    .prepare("SELECT substr(idempotency_key, ?, 7) AS month FROM checkouts WHERE idempotency_key >= ? AND idempotency_key < ? ORDER BY idempotency_key LIMIT 1")
    .get(KEY_PREFIX.length + 1, KEY_PREFIX, `${KEY_PREFIX.slice(0, -1)};`) as { month: string } | undefined;
  const last = almatyMonth(now);
  const first = earliest?.month ?? addMonths(last, -(HISTORY_MONTHS - 1));
  return monthsBetween(first, last).slice(0, HISTORY_MONTHS);
}

function demoShopsExist(db: Db): boolean {
  return db.select({ id: users.id }).from(users).where(sql`${users.phone} LIKE '+77000000%'`).innerJoin(sellers, eq(sellers.userId, users.id)).limit(1).get() !== undefined;
}

/**
 * Writes the demo history up to `now` (see the module comment). Needs the
 * demo shops; returns at once when they are missing or the history is whole.
 */
export async function seedDemoHistory(db: Db, now = new Date(), options: { onMonth?: (month: string, orders: number) => void } = {}): Promise<DemoHistoryResult> {
  const began = performance.now();
  const result: DemoHistoryResult = { created: false, months: 0, orders: 0, sellers: 0, milliseconds: 0 };
  if (!demoShopsExist(db)) return result;
  const months = historyMonths(db, now);
  const todo = months.filter((m) => !monthDone(db, m));
  if (todo.length === 0) return { ...result, milliseconds: Math.round(performance.now() - began) };
  result.sellers = writeTransaction(db, () => openShops(db, months[0]!, seededRandom(0xa11)));
  const world = loadWorld(db, seededRandom(0xb0b));
  const st = statements(db);
  for (const [index, month] of months.entries()) {
    if (monthDone(db, month)) continue;
    const specs = planMonth(world, month, index, now.getTime());
    const lastMonth = index === months.length - 1;
    const rebuild = () => {
      // Every order finishes within a month of being placed, so the month before is now complete: its rollups
      // are rebuilt by the real code path (and the last month's with it, once that is written).
      const first = index === 0 ? month : addMonths(month, -1);
      if (index > 0 || lastMonth) rebuildRollups(db, { from: `${first}-01`, to: `${lastMonth ? month : first}-01` });
    };
    if (specs.length === 0) {
      // Nothing placed yet this month (it has just begun) that has also finished: only the rollups to bring up to date.
      rebuild();
      continue;
    }
    const slices = Math.ceil(specs.length / SLICE);
    for (let slice = 0; slice < slices; slice++) {
      const final = slice === slices - 1;
      // The last slice's keys end in ":last", which marks the month whole.
      const prefix = sliceKey(month, slice);
      if (sliceDone(db, prefix)) continue;
      const part = specs.slice(slice * SLICE, (slice + 1) * SLICE);
      writeTransaction(db, (tx) => {
        if (final) {
          writeOrders(tx, world, part.slice(0, -1), prefix, st);
          writeOrders(tx, world, part.slice(-1), `${prefix}last`, st);
          rebuild();
        } else {
          writeOrders(tx, world, part, prefix, st);
        }
      });
      result.orders += part.length;
      // Let a server that seeds in the background answer between slices; stop if it has closed the database.
      await new Promise((resolve) => setImmediate(resolve));
      if (!clientOf(db).open) return { ...result, created: result.orders > 0, milliseconds: Math.round(performance.now() - began) };
    }
    result.months++;
    options.onMonth?.(month, specs.length);
  }
  result.created = result.orders > 0;
  result.milliseconds = Math.round(performance.now() - began);
  return result;
}

export function demoHistoryHint(result: DemoHistoryResult): string {
  if (!result.created) return "Demo history: already there; nothing written.";
  return (
    `Demo history: ${result.orders} finished orders over ${result.months} months and ${result.sellers} more demo shops in ${(result.milliseconds / 1000).toFixed(1)} s. ` +
    `Sign in as +7 700 001 00 00 (a Besagash workshop) to see a seller's months.`
  );
}
