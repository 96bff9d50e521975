/**
 * The rollups (issue 6 §2, docs/metrics.md) against the orders they
 * summarise. Random orders of three buyers — several categories per order,
 * online and cash, dropped by the seller, by the hub or first received by the
 * hub, on time, at the deadline or late, cancelled by the drop deadline,
 * completed by the buyer or by the inspection deadline, partly or fully
 * refunded after a dispute, declined, returned from storage or left in
 * flight, finishing at any hour around Almaty's midnight — go through the real
 * use cases (checkout, the signed payment webhook, applyOrderEvent, handOver).
 * Then every row of the sales rollups equals a direct SQL computation over
 * orders, order_items and the ledger, every row of the service rollups
 * (village months, pickup hours, village buyers) one over orders and
 * order_events, and rebuildRollups (whole or by a random range, once or
 * twice) writes the same rows again.
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { rebuildRollups } from "../../app/domain/insights/rollups.server";
import { categoryShares } from "../../app/domain/insights/outcome";
import { buyerPickupCode, handOver } from "../../app/domain/orders/handover.server";
import { applyOrderEvent, type EventInput } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import type { EventSource, OrderEvent } from "../../app/domain/orders/order-machine";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import {
  categories,
  insightsPickupHours,
  insightsSellerMonths,
  insightsVillageBuyers,
  insightsVillageDays,
  insightsVillageMonths,
  listings,
} from "../../db/schema";
import { freshDatabase } from "../support/db";
import { makeUser } from "../support/ledger";
import { buy, DAY, devProvider, HOUR, makeListing, orderWorld, payCheckout, T0 } from "../support/orders";

const FATES = ["confirm", "inspection", "partial", "refund", "decline", "storage", "in_flight", "drop_deadline"] as const;
type Fate = (typeof FATES)[number];

interface Plan {
  seller: 0 | 1;
  /** Which of three buyers: the same buyer again makes a repeat buyer. */
  buyer: 0 | 1 | 2;
  /** Who takes the parcel from the seller: the seller drops it, the hub records the drop, or the hub receives it straight away. */
  handover: "drop" | "hub_drop" | "receive";
  /** Hours after acceptance the parcel is handed over: on time, exactly at the 72-hour deadline (late), or after it. */
  handoverHours: number;
  lines: { listing: number; quantity: number }[];
  cash: boolean;
  fate: Fate;
  /** Day the order is placed, from T0. */
  day: number;
  /** Minutes after the pickup at which the order ends (spread over a day: lands on both sides of Almaty's midnight). */
  endMinutes: number;
  /** resolve_partial: the share of the total refunded, in thousandths. */
  refundPermille: number;
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  seller: fc.constantFrom(0 as const, 1 as const),
  buyer: fc.constantFrom(0 as const, 1 as const, 2 as const),
  handover: fc.constantFrom("drop" as const, "hub_drop" as const, "receive" as const),
  handoverHours: fc.constantFrom(1, 30, 71, 72, 90),
  lines: fc.uniqueArray(fc.record({ listing: fc.integer({ min: 0, max: 3 }), quantity: fc.integer({ min: 1, max: 4 }) }), {
    minLength: 1,
    maxLength: 4,
    selector: (l) => l.listing,
  }),
  cash: fc.boolean(),
  fate: fc.constantFrom(...FATES),
  day: fc.integer({ min: 0, max: 100 }),
  endMinutes: fc.integer({ min: 10, max: 24 * 60 }),
  refundPermille: fc.integer({ min: 1, max: 999 }),
});

let clock = T0;
const provider = devProvider(() => clock);
afterEach(() => setPaymentProvider(undefined));

function step(db: Db, orderId: number, event: OrderEvent, by: EventSource, actorUserId: number | null, now: Date, extra: Partial<EventInput> = {}) {
  const result = applyOrderEvent(db, { orderId, event, by, actorUserId, ...extra }, now);
  if (!result.ok) throw new Error(`${event} by ${by} on order ${orderId} refused: ${result.reason}`);
}

/** Four listings per seller in categories chosen so that orders mix them; prices that make refund shares round. */
function shop(db: Db) {
  const w = orderWorld(db);
  const buyers = [w.buyerUserId, makeUser(db), makeUser(db)];
  const categoryIds = db.select({ id: categories.id }).from(categories).orderBy(categories.id).limit(3).all().map((c) => c.id);
  const prices = [1_234_567, 333_333, 99_999, 500_000];
  const listingsOf = [w.sellerA, w.sellerB].map((seller, s) =>
    prices.map((priceTiyn, i) => {
      const id = makeListing(db, seller, { priceTiyn: priceTiyn + s, stock: 10_000 });
      // Two listings share a category, so an order's lines also meet within one category.
      db.update(listings).set({ categoryId: categoryIds[i % 3]! }).where(sql`id = ${id}`).run();
      return id;
    }),
  );
  return { w, listingsOf, buyers };
}

async function play(db: Db, world: ReturnType<typeof shop>, plan: Plan): Promise<void> {
  const { w, listingsOf, buyers } = world;
  const buyerUserId = buyers[plan.buyer]!;
  const seller = plan.seller === 0 ? w.sellerA : w.sellerB;
  const cash = plan.cash && plan.fate !== "partial" && plan.fate !== "refund" && plan.fate !== "inspection";
  const t0 = T0.getTime() + plan.day * DAY;
  const t = (hours: number) => new Date(t0 + hours * HOUR);
  const placed = buy(
    db,
    {
      buyerUserId,
      pickupPointId: w.pointB,
      lines: plan.lines.map((l) => ({ listingId: listingsOf[plan.seller]![l.listing]!, quantity: l.quantity })),
      paymentMethod: cash ? "cash" : "online",
    },
    t(0),
  );
  if (!placed.ok) throw new Error(placed.reason);
  const id = placed.orderIds[0]!;
  if (!cash) {
    clock = t(0.1);
    const paid = await payCheckout(db, provider, placed.checkoutId, clock);
    if (paid.outcome !== "applied") throw new Error(`payment ${paid.outcome}`);
    if (plan.fate === "decline") return step(db, id, "decline", "seller", seller.userId, t(1));
    step(db, id, "accept", "seller", seller.userId, t(1));
  } else if (plan.fate === "decline") {
    return step(db, id, "seller_cancel", "seller", seller.userId, t(1));
  }
  if (plan.fate === "in_flight") return;
  const acceptedHours = cash ? 0 : 1;
  if (plan.fate === "drop_deadline") return step(db, id, "drop_deadline", "clock", null, t(acceptedHours + 72 + plan.handoverHours / 10));
  // Everything after the handover moves with it, so late parcels also finish on either side of midnight.
  const h = acceptedHours + plan.handoverHours - 2;
  if (plan.handover === "receive") {
    step(db, id, "receive", "hub", w.hubUserId, t(h + 2));
  } else {
    step(db, id, "drop", plan.handover === "drop" ? "seller" : "hub", plan.handover === "drop" ? seller.userId : w.hubUserId, t(h + 2));
    step(db, id, "receive", "hub", w.hubUserId, t(h + 3));
  }
  if (!getOrder(db, id)!.sameVillage) step(db, id, "send", "hub", w.hubUserId, t(h + 4));
  step(db, id, "arrive", "operator", w.operatorUserId, t(h + 5));
  if (plan.fate === "storage") return step(db, id, "storage_deadline", "clock", null, t(h + 5 + 8 * 24));
  const end = new Date(t0 + (h + 6) * HOUR + plan.endMinutes * 60_000);
  const code = buyerPickupCode(db, getOrder(db, id)!)!;
  const handed = handOver(db, { orderId: id, code, actorUserId: w.operatorUserId, cashTiyn: cash ? getOrder(db, id)!.totalTiyn : undefined }, t(h + 6));
  if (!handed.ok) throw new Error(`handover refused: ${handed.reason}`);
  // A cash order too waits for the buyer's word (issue 14 §7: the hub keeps the cash until then).
  if (plan.fate === "confirm") return step(db, id, "confirm", "buyer", buyerUserId, end);
  if (plan.fate === "inspection") return step(db, id, "inspection_deadline", "clock", null, new Date(t(h + 6).getTime() + 3 * DAY + plan.endMinutes * 60_000));
  step(db, id, "dispute", "buyer", buyerUserId, t(h + 7));
  const disputedEnd = new Date(end.getTime() + HOUR);
  if (plan.fate === "refund") return step(db, id, "resolve_refund", "resolver", w.hubUserId, disputedEnd);
  const total = getOrder(db, id)!.totalTiyn;
  const refundTiyn = Math.min(total - 1, Math.max(1, Math.floor((total * plan.refundPermille) / 1000)));
  step(db, id, "resolve_partial", "resolver", w.hubUserId, disputedEnd, { refundTiyn });
}

/**
 * The daily rollup computed straight from orders, order_items, listings and
 * the ledger in SQL: Almaty as UTC+5 (true since March 2024), refunds as
 * transfers from the order's escrow to its buyer's refund account, the order
 * counted in its largest category, the refund split by the largest remainder.
 */
function directVillageDays(db: Db) {
  return db.all(sql`
    WITH fin AS (
      SELECT o.id, o.seller_village_id AS village_id, o.status,
             date(o.completed_at / 1000, 'unixepoch', '+5 hours') AS day,
             COALESCE((SELECT SUM(t.amount_tiyn) FROM ledger_transfers t
                         JOIN ledger_accounts d ON d.id = t.debit_account_id
                         JOIN ledger_accounts c ON c.id = t.credit_account_id
                        WHERE t.order_id = o.id AND d.code = 'escrow:order:' || o.id AND c.code = 'refund_payable:' || o.buyer_user_id), 0) AS refund
        FROM orders o WHERE o.status IN ('completed', 'refunded')),
    cat AS (
      SELECT fin.id, fin.village_id, fin.status, fin.day, fin.refund, l.category_id, SUM(oi.line_tiyn) AS line, SUM(oi.quantity) AS qty
        FROM fin JOIN order_items oi ON oi.order_id = fin.id JOIN listings l ON l.id = oi.listing_id
       GROUP BY fin.id, l.category_id),
    tot AS (
      SELECT cat.*, SUM(line) OVER (PARTITION BY id) AS total,
             ROW_NUMBER() OVER (PARTITION BY id ORDER BY line DESC, category_id) AS main_rank
        FROM cat),
    floored AS (SELECT tot.*, (refund * line) / total AS base, (refund * line) % total AS rem FROM tot),
    ranked AS (
      SELECT floored.*, refund - SUM(base) OVER (PARTITION BY id) AS leftover,
             ROW_NUMBER() OVER (PARTITION BY id ORDER BY rem DESC, line DESC, category_id) AS rem_rank
        FROM floored),
    shares AS (SELECT ranked.*, base + (rem_rank <= leftover) AS share FROM ranked)
    SELECT village_id AS villageId, day, category_id AS categoryId,
           SUM(status = 'completed' AND main_rank = 1) AS ordersCompleted,
           SUM(CASE WHEN status = 'completed' THEN line - share ELSE 0 END) AS gmvTiyn,
           SUM(share) AS refundedTiyn,
           SUM(status = 'refunded' AND main_rank = 1) AS ordersRefunded,
           SUM(CASE WHEN status = 'completed' THEN qty ELSE 0 END) AS items
      FROM shares GROUP BY village_id, day, category_id ORDER BY village_id, day, category_id`);
}

/** The monthly seller rollup straight from orders (the order's own total, not its lines). */
function directSellerMonths(db: Db) {
  return db.all(sql`
    WITH fin AS (
      SELECT o.*, COALESCE((SELECT SUM(t.amount_tiyn) FROM ledger_transfers t
                              JOIN ledger_accounts d ON d.id = t.debit_account_id
                              JOIN ledger_accounts c ON c.id = t.credit_account_id
                             WHERE t.order_id = o.id AND d.code = 'escrow:order:' || o.id AND c.code = 'refund_payable:' || o.buyer_user_id), 0) AS refund
        FROM orders o WHERE o.status IN ('completed', 'refunded'))
    SELECT seller_village_id AS villageId, strftime('%Y-%m', completed_at / 1000, 'unixepoch', '+5 hours') AS month, seller_id AS sellerId,
           SUM(status = 'completed') AS ordersCompleted,
           SUM(CASE WHEN status = 'completed' THEN total_tiyn - refund ELSE 0 END) AS gmvTiyn,
           SUM(refund) AS refundedTiyn,
           SUM(status = 'refunded') AS ordersRefunded,
           SUM(CASE WHEN status = 'completed' THEN (SELECT SUM(quantity) FROM order_items WHERE order_id = fin.id) ELSE 0 END) AS items
      FROM fin GROUP BY villageId, month, sellerId ORDER BY villageId, month, sellerId`);
}

const almatyMonthOf = (column: string) => sql.raw(`strftime('%Y-%m', ${column} / 1000, 'unixepoch', '+5 hours')`);

/**
 * The village months straight from the order events: pickups (online ones
 * apart), disputes, and handovers settled — the first drop or receive out of
 * `accepted`, or the drop deadline — on time when before acceptance + 3 days.
 */
function directVillageMonths(db: Db) {
  return db.all(sql`
    WITH counted AS (
      SELECT o.seller_village_id AS village_id, ${almatyMonthOf("e.at")} AS month, e.event, o.payment_method,
             (e.event IN ('drop', 'receive') AND e.from_status = 'accepted') AS handed,
             (SELECT MIN(a.at) FROM order_events a WHERE a.order_id = e.order_id AND a.to_status = 'accepted') AS accepted_at,
             e.at
        FROM order_events e JOIN orders o ON o.id = e.order_id
       WHERE e.event IN ('pickup', 'dispute', 'drop_deadline') OR (e.event IN ('drop', 'receive') AND e.from_status = 'accepted'))
    SELECT village_id AS villageId, month,
           SUM(event = 'pickup') AS pickups,
           SUM(event = 'pickup' AND payment_method = 'online') AS onlinePickups,
           SUM(event = 'dispute') AS disputes,
           SUM(handed OR event = 'drop_deadline') AS handoversDue,
           SUM(handed AND at < accepted_at + ${3 * DAY}) AS handoversOnTime
      FROM counted GROUP BY village_id, month ORDER BY village_id, month`);
}

/** Whole hours from payment (payment_captured online, placed for cash) to pickup, counted per village and month of the pickup. */
function directPickupHours(db: Db) {
  return db.all(sql`
    SELECT o.seller_village_id AS villageId, ${almatyMonthOf("p.at")} AS month,
           (p.at - (SELECT MIN(q.at) FROM order_events q
                     WHERE q.order_id = p.order_id AND q.event = CASE o.payment_method WHEN 'online' THEN 'payment_captured' ELSE 'placed' END)) / ${sql.raw(String(HOUR))} AS hours,
           COUNT(*) AS orders
      FROM order_events p JOIN orders o ON o.id = p.order_id
     WHERE p.event = 'pickup'
     GROUP BY villageId, month, hours ORDER BY villageId, month, hours`);
}

/** Completed orders per seller village, completion month and buyer. */
function directVillageBuyers(db: Db) {
  return db.all(sql`
    SELECT seller_village_id AS villageId, ${almatyMonthOf("completed_at")} AS month, buyer_user_id AS buyerId, COUNT(*) AS ordersCompleted
      FROM orders WHERE status = 'completed'
     GROUP BY villageId, month, buyerId ORDER BY villageId, month, buyerId`);
}

const storedVillageMonths = (db: Db) => db.select().from(insightsVillageMonths).orderBy(insightsVillageMonths.villageId, insightsVillageMonths.month).all();
const storedPickupHours = (db: Db) =>
  db.select().from(insightsPickupHours).orderBy(insightsPickupHours.villageId, insightsPickupHours.month, insightsPickupHours.hours).all();
const storedVillageBuyers = (db: Db) =>
  db.select().from(insightsVillageBuyers).orderBy(insightsVillageBuyers.villageId, insightsVillageBuyers.month, insightsVillageBuyers.buyerId).all();

/** Every rollup table, in a fixed order. */
const storedAll = (db: Db) => ({
  days: storedVillageDays(db),
  months: storedSellerMonths(db),
  villageMonths: storedVillageMonths(db),
  pickupHours: storedPickupHours(db),
  villageBuyers: storedVillageBuyers(db),
});

const storedVillageDays = (db: Db) =>
  db.select().from(insightsVillageDays).orderBy(insightsVillageDays.villageId, insightsVillageDays.day, insightsVillageDays.categoryId).all();
const storedSellerMonths = (db: Db) =>
  db.select().from(insightsSellerMonths).orderBy(insightsSellerMonths.villageId, insightsSellerMonths.month, insightsSellerMonths.sellerId).all();

describe("sales rollups", () => {
  it("equal a direct SQL computation over orders and the ledger after random orders, and rebuildRollups writes the same rows", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(planArb, { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 110 }),
        fc.integer({ min: 0, max: 60 }),
        async (plans, rangeStart, rangeLength) => {
          const db = freshDatabase().db;
          setPaymentProvider(provider);
          const world = shop(db);
          for (const plan of plans) await play(db, world, plan);
          expect(checkLedgerInvariants(db)).toEqual([]);

          const stored = storedAll(db);
          expect(stored.days).toEqual(directVillageDays(db));
          expect(stored.months).toEqual(directSellerMonths(db));
          expect(stored.villageMonths).toEqual(directVillageMonths(db));
          expect(stored.pickupHours).toEqual(directPickupHours(db));
          expect(stored.villageBuyers).toEqual(directVillageBuyers(db));
          // Something was sold whenever a plan ended in a sale; the service figures saw what happened.
          const sold = plans.filter((p) => p.fate === "confirm" || p.fate === "inspection" || p.fate === "partial");
          if (sold.length > 0) expect(stored.days.some((d) => d.ordersCompleted > 0)).toBe(true);
          const sum = (key: "pickups" | "disputes" | "handoversDue") => stored.villageMonths.reduce((total, row) => total + row[key], 0);
          const pickedUp = plans.filter((p) => !["decline", "in_flight", "drop_deadline", "storage"].includes(p.fate)).length;
          expect(sum("pickups")).toBe(pickedUp);
          expect(stored.pickupHours.reduce((total, row) => total + row.orders, 0)).toBe(pickedUp);
          expect(sum("handoversDue")).toBe(plans.filter((p) => !["decline", "in_flight"].includes(p.fate)).length);
          expect(stored.villageBuyers.reduce((total, row) => total + row.ordersCompleted, 0)).toBe(
            db.all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM orders WHERE status = 'completed'`)[0]!.n,
          );

          // A rebuild over a random range, then over everything, twice: the same rows every time.
          const day = (offset: number) => new Date(T0.getTime() + offset * DAY).toISOString().slice(0, 10);
          rebuildRollups(db, { from: day(rangeStart), to: day(rangeStart + rangeLength) });
          expect(storedAll(db)).toEqual(stored);
          rebuildRollups(db);
          rebuildRollups(db);
          expect(storedAll(db)).toEqual(stored);

          // After losing rows (downtime, a wiped table), a rebuild catches up.
          for (const table of [insightsVillageDays, insightsSellerMonths, insightsVillageMonths, insightsPickupHours, insightsVillageBuyers]) db.delete(table).run();
          rebuildRollups(db, {});
          expect(storedAll(db)).toEqual(stored);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it("splits an order over its categories so the parts add up exactly and never go below zero", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ categoryId: fc.integer({ min: 1, max: 5 }), lineTiyn: fc.integer({ min: 1, max: 10_000_000_000 }), quantity: fc.integer({ min: 1, max: 999 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("completed" as const, "refunded" as const),
        (lines, fraction, status) => {
          const total = lines.reduce((sum, l) => sum + l.lineTiyn, 0);
          const refund = status === "refunded" ? total : Math.floor(total * fraction);
          const parts = categoryShares(status, lines, refund);
          expect(parts.reduce((sum, p) => sum + p.measures.refundedTiyn, 0)).toBe(refund);
          expect(parts.reduce((sum, p) => sum + p.measures.ordersCompleted + p.measures.ordersRefunded, 0)).toBe(1);
          if (status === "completed") {
            expect(parts.reduce((sum, p) => sum + p.measures.gmvTiyn, 0)).toBe(total - refund);
            expect(parts.reduce((sum, p) => sum + p.measures.items, 0)).toBe(lines.reduce((sum, l) => sum + l.quantity, 0));
          } else {
            expect(parts.every((p) => p.measures.gmvTiyn === 0 && p.measures.items === 0)).toBe(true);
          }
          for (const p of parts) expect(p.measures.gmvTiyn).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
