import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { addMonths, almatyDayStart, almatyMonth, lastDayOfMonth, monthsBetween, nextDay } from "../../app/domain/insights/calendar";
import { rebuildRollups } from "../../app/domain/insights/rollups.server";
import { nextStatus } from "../../app/domain/orders/order-machine";
import { TERMINAL_STATUSES, type OrderStatus, type PaymentMethod } from "../../app/domain/orders/order-status";
import { DEMO_SELLER_PHONES, seedDemoShops } from "../../db/seed/demo-shops";
import { HISTORY_MONTHS, orderTimeline, seededRandom, seedDemoHistory, type Fate } from "../../db/seed/demo-history";
import { seedCategories, seedGeography } from "../../db/seed/seed";
import { usePhotoFolder } from "../support/catalog";

usePhotoFolder();

/** Early in a month, the hardest moment for the yearly figures: the current month has barely begun. */
const NOW = new Date("2026-03-02T07:00:00Z");
const NOW_MONTH = almatyMonth(NOW);
const MONTHS = monthsBetween(addMonths(NOW_MONTH, -(HISTORY_MONTHS - 1)), NOW_MONTH);
/** The default thresholds of the Taobao village test (issue 6 §3): ¥10 M at 70 ₸/¥, 100 active shops or 10 % of households. */
const YEARLY_GMV_TIYN = 10_000_000 * 70 * 100;
const ACTIVE_SHOPS = 100;

const n = (db: Db, query: ReturnType<typeof sql>) => db.get<{ n: number }>(query)?.n ?? 0;

function rollupRows(db: Db): Record<string, unknown[]> {
  const tables = db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'insights_%' ORDER BY name`);
  return Object.fromEntries(tables.map(({ name }) => [name, db.all(sql.raw(`SELECT * FROM ${name} ORDER BY 1, 2, 3`))]));
}

function villageId(db: Db, slug: string): number {
  return n(db, sql`SELECT id AS n FROM villages WHERE slug = ${slug}`);
}

function gmv(db: Db, village: number, months: string[]): number {
  return n(db, sql`SELECT COALESCE(SUM(gmv_tiyn), 0) AS n FROM insights_village_days WHERE village_id = ${village} AND day >= ${`${months[0]}-01`} AND day < ${`${addMonths(months[months.length - 1]!, 1)}-01`}`);
}

/** docs/metrics.md: approved ≥ 30 days before the end of the month and ≥ 3 completed orders over it and the two months before. */
function activeShops(db: Db, village: number, month: string): number {
  const endOfMonth = almatyDayStart(nextDay(lastDayOfMonth(month))).getTime();
  return n(db, sql`
    SELECT COUNT(*) AS n FROM (
      SELECT m.seller_id FROM insights_seller_months m JOIN sellers s ON s.id = m.seller_id
       WHERE m.village_id = ${village} AND m.month >= ${addMonths(month, -2)} AND m.month <= ${month} AND s.approved_at <= ${endOfMonth - 30 * 86_400_000}
       GROUP BY m.seller_id HAVING SUM(m.orders_completed) >= 3)`);
}

function sellersWithSales(db: Db, village: number, months: string[]): number {
  return n(db, sql`SELECT COUNT(DISTINCT seller_id) AS n FROM insights_seller_months WHERE village_id = ${village} AND month >= ${months[0]} AND month <= ${months[months.length - 1]} AND orders_completed > 0`);
}

/** GMV of the months of a year with the given calendar months ('MM'). */
function seasonGmv(db: Db, village: number, calendarMonths: string[]): number {
  return calendarMonths.reduce((sum, mm) => sum + MONTHS.filter((m) => m.endsWith(`-${mm}`)).reduce((s, m) => s + gmv(db, village, [m]), 0), 0);
}

describe("the demo history", () => {
  let db: Db;
  let close: () => void;
  let dir: string;
  let first: Awaited<ReturnType<typeof seedDemoHistory>>;
  let stockBefore: unknown[];
  const demoStock = () => db.all(sql`SELECT l.id, l.stock, l.status FROM listings l JOIN sellers s ON s.id = l.seller_id JOIN users u ON u.id = s.user_id
    WHERE u.phone IN (${sql.join(DEMO_SELLER_PHONES.map((p) => sql`${p}`), sql`, `)}) ORDER BY l.id`);

  beforeAll(async () => {
    // One database for the whole file (made here, not per test): writing eighteen months takes a while.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-history-"));
    const connection = openDatabase(path.join(dir, "test.db"));
    db = connection.db;
    close = () => connection.sqlite.close();
    seedGeography(db, { demo: true });
    seedCategories(db);
    await seedDemoShops(db, NOW);
    stockBefore = demoStock();
    first = await seedDemoHistory(db, NOW);
  }, 300_000);

  afterAll(() => {
    close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes finished orders only, with a sound ledger, and leaves the demo listings' stock alone", () => {
    expect(first.created).toBe(true);
    // The current month has only just begun: what was placed in it has not finished yet.
    expect(first.months).toBeGreaterThanOrEqual(HISTORY_MONTHS - 1);
    expect(first.orders).toBeGreaterThan(5000);
    expect(checkLedgerInvariants(db)).toEqual([]);
    const terminal = sql.join(TERMINAL_STATUSES.map((s) => sql`${s}`), sql`, `);
    expect(n(db, sql`SELECT COUNT(*) AS n FROM orders WHERE status NOT IN (${terminal})`)).toBe(0);
    expect(n(db, sql`SELECT COUNT(*) AS n FROM orders WHERE completed_at > ${NOW.getTime()} OR created_at > ${NOW.getTime()}`)).toBe(0);
    // Every order event chain is the machine's: from null (placed) to the order's status.
    const broken = n(db, sql`SELECT COUNT(*) AS n FROM orders o WHERE o.status <> (SELECT e.to_status FROM order_events e WHERE e.order_id = o.id ORDER BY e.at DESC, e.id DESC LIMIT 1)`);
    expect(broken).toBe(0);
    // Something for every status a chart or a rate counts.
    for (const status of ["completed", "refunded", "returned", "cancelled"]) {
      expect(n(db, sql`SELECT COUNT(*) AS n FROM orders WHERE status = ${status}`), status).toBeGreaterThan(0);
    }
    for (const event of ["resolve_partial", "resolve_release", "inspection_deadline", "drop_deadline", "storage_deadline", "confirm"]) {
      expect(n(db, sql`SELECT COUNT(*) AS n FROM order_events WHERE event = ${event}`), event).toBeGreaterThan(0);
    }
    expect(n(db, sql`SELECT COUNT(*) AS n FROM orders WHERE payment_method = 'cash' AND status = 'completed'`)).toBeGreaterThan(0);
    // No refund waits for the job, no SMS is queued for the made-up phones.
    expect(n(db, sql`SELECT COUNT(*) AS n FROM outbox_messages WHERE status = 'pending'`)).toBe(0);
    expect(demoStock()).toEqual(stockBefore);
    // Buyers come back.
    const repeat = n(db, sql`SELECT COUNT(*) AS n FROM (SELECT buyer_user_id FROM orders WHERE status = 'completed' GROUP BY buyer_user_id HAVING COUNT(*) >= 2)`);
    expect(repeat).toBeGreaterThan(100);
  });

  it("gives the demo shops real reputation figures through the transitions' own reputation call (issue 16)", () => {
    // Every completed order was judged once; the counted ones, the drop-offs and the lost disputes add up per shop.
    expect(n(db, sql`SELECT COUNT(*) AS n FROM orders o WHERE o.status = 'completed' AND NOT EXISTS (SELECT 1 FROM reputation_orders r WHERE r.order_id = o.id)`)).toBe(0);
    expect(n(db, sql`SELECT COUNT(*) AS n FROM reputation_orders WHERE counts = 1`)).toBeGreaterThan(1000);
    expect(n(db, sql`SELECT COUNT(*) AS n FROM reputation_orders WHERE counts = 0 AND reason = 'repeat_pair'`)).toBeGreaterThan(0);
    expect(n(db, sql`SELECT COALESCE(SUM(counted_orders), 0) AS n FROM seller_reputation`)).toBe(n(db, sql`SELECT COUNT(*) AS n FROM reputation_orders WHERE counts = 1`));
    expect(n(db, sql`SELECT COALESCE(SUM(drops_on_time), 0) AS n FROM seller_reputation`)).toBe(n(db, sql`SELECT COUNT(*) AS n FROM order_events WHERE from_status = 'accepted' AND to_status = 'handed_over'`));
    expect(n(db, sql`SELECT COALESCE(SUM(drops_late), 0) AS n FROM seller_reputation`)).toBeGreaterThan(0);
    expect(n(db, sql`SELECT COALESCE(SUM(disputes_lost), 0) AS n FROM seller_reputation`)).toBe(n(db, sql`SELECT COUNT(*) AS n FROM order_events WHERE event IN ('resolve_partial', 'resolve_refund')`));
  });

  it("has rollups equal to a rebuild, and sales in each of the eighteen months", () => {
    const written = rollupRows(db);
    rebuildRollups(db);
    expect(rollupRows(db)).toEqual(written);
    const months = db.all<{ month: string }>(sql`SELECT DISTINCT substr(day, 1, 7) AS month FROM insights_village_days WHERE gmv_tiyn > 0 ORDER BY 1`).map((r) => r.month);
    expect(months).toEqual(MONTHS);
  }, 60_000);

  it("peaks in the seasons it was designed with", () => {
    const besagash = villageId(db, "besagash");
    const naryn = villageId(db, "ulken-naryn");
    const turgen = villageId(db, "turgen");
    const katarkol = villageId(db, "katarkol");
    const karabulak = villageId(db, "karabulak");
    // Honey after the late-summer harvest; dairy on summer pasture; dried fruit in autumn and winter; felt, carpets
    // and furniture before winter and the autumn weddings.
    expect(seasonGmv(db, naryn, ["08", "09", "10"])).toBeGreaterThan(1.5 * seasonGmv(db, naryn, ["03", "04", "05"]));
    expect(seasonGmv(db, katarkol, ["05", "06", "07"])).toBeGreaterThan(1.5 * seasonGmv(db, katarkol, ["11", "12", "01"]));
    expect(seasonGmv(db, turgen, ["10", "11", "12"])).toBeGreaterThan(1.5 * seasonGmv(db, turgen, ["04", "05", "06"]));
    expect(seasonGmv(db, karabulak, ["10", "11"])).toBeGreaterThan(1.3 * seasonGmv(db, karabulak, ["06", "07"]));
    expect(seasonGmv(db, besagash, ["09", "10", "11"])).toBeGreaterThan(1.3 * seasonGmv(db, besagash, ["06", "07", "08"]));
    // Growth: the same season a year later sells more.
    const year = MONTHS.slice(-12);
    const before = MONTHS.slice(0, 6);
    expect(gmv(db, besagash, year.slice(0, 6))).toBeGreaterThan(gmv(db, besagash, before));
  });

  it("makes Besagash an e-commerce village, Karabulak about half way, and leaves small villages to suppression", () => {
    const year = MONTHS.slice(-12);
    const besagash = villageId(db, "besagash");
    const karabulak = villageId(db, "karabulak");
    expect(gmv(db, besagash, year)).toBeGreaterThanOrEqual(YEARLY_GMV_TIYN);
    expect(activeShops(db, besagash, NOW_MONTH)).toBeGreaterThanOrEqual(ACTIVE_SHOPS);
    const karabulakGmv = gmv(db, karabulak, year);
    expect(karabulakGmv).toBeGreaterThan(0.35 * YEARLY_GMV_TIYN);
    expect(karabulakGmv).toBeLessThan(0.75 * YEARLY_GMV_TIYN);
    const karabulakShops = activeShops(db, karabulak, NOW_MONTH);
    expect(karabulakShops).toBeGreaterThanOrEqual(35);
    expect(karabulakShops).toBeLessThan(ACTIVE_SHOPS);
    // Analysts see unsuppressed figures (k ≥ 5 sellers) for at least two villages besides the big two, and "<5" for one.
    const counts = ["ulken-naryn", "turgen", "katarkol", "shyngystai"].map((slug) => sellersWithSales(db, villageId(db, slug), year));
    expect(counts.filter((c) => c >= 5).length).toBeGreaterThanOrEqual(2);
    expect(counts.some((c) => c > 0 && c < 5)).toBe(true);
  });

  it("adds nothing on a second run", async () => {
    const before = {
      orders: n(db, sql`SELECT COUNT(*) AS n FROM orders`),
      events: n(db, sql`SELECT COUNT(*) AS n FROM order_events`),
      transfers: n(db, sql`SELECT COUNT(*) AS n FROM ledger_transfers`),
      users: n(db, sql`SELECT COUNT(*) AS n FROM users`),
      listings: n(db, sql`SELECT COUNT(*) AS n FROM listings`),
    };
    const again = await seedDemoHistory(db, NOW);
    expect(again.created).toBe(false);
    expect({
      orders: n(db, sql`SELECT COUNT(*) AS n FROM orders`),
      events: n(db, sql`SELECT COUNT(*) AS n FROM order_events`),
      transfers: n(db, sql`SELECT COUNT(*) AS n FROM ledger_transfers`),
      users: n(db, sql`SELECT COUNT(*) AS n FROM users`),
      listings: n(db, sql`SELECT COUNT(*) AS n FROM listings`),
    }).toEqual(before);
  });
});

describe("an order's timeline", () => {
  const fates: Fate[] = ["confirmed", "inspection", "dispute_release", "dispute_partial", "dispute_refund", "returned", "drop_late"];
  it("is a chain of transitions the order machine allows, in time order", () => {
    const random = seededRandom(7);
    for (const method of ["online", "cash"] as PaymentMethod[]) {
      for (const sameVillage of [true, false]) {
        for (const fate of fates) {
          if (method === "cash" && fate.startsWith("dispute")) continue;
          const timeline = orderTimeline({ placedAt: 0, method, sameVillage, storageDays: 7, fate, random });
          let status: OrderStatus = timeline.steps[0]!.to;
          let received = false;
          let at = 0;
          for (const step of timeline.steps.slice(1)) {
            expect(step.from).toBe(status);
            expect(step.at).toBeGreaterThanOrEqual(at);
            const next = nextStatus({ status, paymentMethod: method, sameVillage, receivedAtHub: received }, step.event as Exclude<typeof step.event, "placed">, step.source!);
            expect(next, `${method} ${sameVillage} ${fate} ${step.event}`).toEqual({ ok: true, to: step.to });
            if (step.event === "receive") received = true;
            status = step.to;
            at = step.at;
          }
          expect((TERMINAL_STATUSES as readonly string[]).includes(status)).toBe(true);
          expect(timeline.status).toBe(status);
        }
      }
    }
  });
});
