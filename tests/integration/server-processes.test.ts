/**
 * Two real server processes on one database file (issue 18, decision 0021):
 * the production build served by `server.ts` twice, each with
 * WEB_CONCURRENCY=1 on a port of its own, so the test chooses which process
 * answers. It shows what several processes must share:
 *  - the background work runs in exactly one of them: an order whose payment
 *    deadline passed is expired once, by the process holding the lease; when
 *    that process is killed (SIGKILL), the other takes the lease over and
 *    applies the next due deadline;
 *  - the sign-in limit (3 codes per phone in 15 minutes, SEC-06) counts the
 *    codes asked of both, and the listing report limit the reports sent to both;
 *  - two buyers check out the last unit at the same moment, one through each
 *    process: one order, the other buyer told it is sold out, no 5xx and no
 *    SQLITE_BUSY surfacing (DB-03, SEC-13).
 * Needs the production build (`npm run build`; made here when missing).
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction } from "../../app/db.server";
import { createSession } from "../../app/domain/identity/sessions.server";
import { leaseHolder } from "../../app/domain/ops/lease.server";
import { BACKGROUND_LEASE } from "../../app/jobs.server";
import { listings, orderEvents, orders, signInCodes } from "../../db/schema";
import { makeUser } from "../support/ledger";
import { buy, makeListing, orderWorld } from "../support/orders";
import { Browser, ensureBuild, sleep, stagingEnvironment, startServer as startBuiltServer, stopServers, until, type Server } from "../support/built-server";

const DIR = path.resolve("tests/.tmp", `server-processes-${process.pid}`);
const DATABASE_PATH = path.join(DIR, "auyl.db");
const ENVIRONMENT = stagingEnvironment(DIR);
const servers: Server[] = [];
afterAll(() => stopServers(servers, DIR));
const startServer = () => startBuiltServer(ENVIRONMENT, servers);

const holds = (server: Server) => server.log.join("").includes(`this process holds it (pid ${server.child.pid})`);

describe("two server processes on one database file", () => {
  it("share the background work, the sign-in limit and the stock", async () => {
    ensureBuild();
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true });
    const { db, sqlite } = openDatabase(DATABASE_PATH);
    const w = orderWorld(db);
    // An order left unpaid since 2025: its payment deadline passed long ago.
    const overdue = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, new Date("2025-06-01T09:00:00Z"));
    if (!overdue.ok) throw new Error(overdue.reason);
    const lastUnit = makeListing(db, w.sellerB, { priceTiyn: 500_000, stock: 1, title: "Соңғы кілем" });
    const buyers = [makeUser(db), makeUser(db)];
    const sessions = buyers.map((userId) => writeTransaction(db, (tx) => createSession(tx, userId, new Date())));

    const a = await startServer();
    const b = await startServer();
    const [first, second] = [a, b];

    // The background work: one holder (the first to start), the deadline applied once.
    const expiredEvents = () => db.select().from(orderEvents).where(eq(orderEvents.event, "payment_expired")).all();
    await until("the overdue order to expire", () => (expiredEvents().length > 0 ? true : undefined), 30_000);
    await sleep(11_000); // past a lease renewal of each process: still one holder, nothing applied twice
    expect(expiredEvents()).toHaveLength(overdue.orderIds.length);
    expect(new Set(expiredEvents().map((e) => e.orderId)).size).toBe(overdue.orderIds.length);
    expect([holds(first), holds(second)]).toEqual([true, false]);
    expect(leaseHolder(db, BACKGROUND_LEASE, new Date())).toMatch(new RegExp(`:${first.child.pid}:`));

    // The sign-in limit: three codes for a phone, asked of either process; the fourth is refused by both.
    const person = new Browser();
    const phone = "+77017770707";
    const answers: number[] = [];
    for (const server of [a, b, a, b, a]) {
      const csrf = await person.hidden(server, "/signin", "csrf");
      answers.push((await person.send(server, "POST", "/signin", { csrf, phone })).status);
    }
    expect(answers).toEqual([303, 303, 303, 429, 429]);
    expect(db.select().from(signInCodes).where(eq(signInCodes.phone, phone)).all()).toHaveLength(3);

    // The report limit (10 an hour from one address) counts the reports sent to both.
    const reporter = new Browser();
    const reports: number[] = [];
    for (let i = 0; i < 11; i++) {
      const server = i % 2 ? b : a;
      const csrf = await reporter.hidden(server, `/listings/${w.listingB}`, "csrf");
      reports.push((await reporter.send(server, "POST", `/listings/${w.listingB}`, { csrf, reason: "other" })).status);
    }
    expect(reports).toEqual([...Array<number>(10).fill(303), 429]);

    // The last unit, checked out through each process at the same moment.
    const shoppers = sessions.map((token) => new Browser({ sid: token }));
    const forms = await Promise.all(
      shoppers.map(async (shopper, i) => {
        const server = [a, b][i]!;
        const csrf = await shopper.hidden(server, "/cart", "csrf");
        expect((await shopper.send(server, "POST", "/cart", { csrf, listingId: String(lastUnit), quantity: "1", intent: "add" })).status).toBe(303);
        const page = await shopper.send(server, "GET", "/checkout");
        const html = await page.text();
        const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
        return { csrf: field("csrf"), idempotencyKey: field("idempotencyKey"), pickupPointId: String(w.pointB), paymentMethod: "online" };
      }),
    );
    const statuses = await Promise.all(shoppers.map(async (shopper, i) => (await shopper.send([a, b][i]!, "POST", "/checkout", forms[i])).status));
    expect(statuses.filter((s) => s === 303), `answers ${statuses.join(", ")}`).toHaveLength(1);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s !== 303).every((s) => s >= 400 && s < 500)).toBe(true);
    const sold = db.select().from(orders).where(and(eq(orders.status, "pending_payment"))).all().filter((o) => buyers.includes(o.buyerUserId));
    expect(sold).toHaveLength(1);
    expect(db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, lastUnit)).get()?.stock).toBe(0);
    for (const server of [a, b]) expect(server.log.join("")).not.toMatch(/SQLITE_BUSY|database is locked/);

    // A crash hands the background work on: the holder is killed, the other applies the next deadline.
    first.child.kill("SIGKILL");
    await until("the first process to die", () => (first.child.signalCode ? true : undefined), 10_000);
    const later = buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingB, quantity: 1 }] }, new Date("2025-06-02T09:00:00Z"));
    if (!later.ok) throw new Error(later.reason);
    await until("the second process to take the background work over", () => (holds(second) ? true : undefined), 60_000);
    await until("the later order to expire", () => (expiredEvents().length === overdue.orderIds.length + later.orderIds.length ? true : undefined), 30_000);
    expect(leaseHolder(db, BACKGROUND_LEASE, new Date())).toMatch(new RegExp(`:${second.child.pid}:`));

    // SIGTERM drains and stops the survivor, which gives the lease up.
    second.child.kill("SIGTERM");
    await until("the second process to stop", () => (second.child.exitCode !== null ? true : undefined), 15_000);
    expect(second.child.exitCode).toBe(0);
    expect(leaseHolder(db, BACKGROUND_LEASE, new Date())).toBeNull();
    sqlite.close();
  }, 240_000);
});
