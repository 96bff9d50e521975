import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { orderEscrowTiyn } from "../../app/domain/escrow/ledger-reads.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { loader } from "../../app/routes/metrics";
import { HttpMetrics, processFigures, renderProcesses } from "../../app/web/prometheus";
import { orders } from "../../db/schema";
import { BASE, testApp } from "../support/app";
import { at, buy, devProvider, orderWorld, payCheckout } from "../support/orders";

/**
 * /metrics (issue 12 §6): a scraper reads it with METRICS_TOKEN as its bearer
 * token (an admin's session is in the authorization matrix); the gauges say
 * what the database says — money held in escrow from the ledger, SMS not yet
 * delivered, deadlines overdue — and nothing personal.
 */
const TOKEN = "metrics-token-of-the-scraper-0123456789";
process.env.METRICS_TOKEN = TOKEN;

const provider = devProvider(() => at(0));
beforeEach(() => setPaymentProvider(provider));
afterEach(() => setPaymentProvider(undefined));

async function scrape(headers: Record<string, string>, serverMetrics = "") {
  try {
    const response = (await loader({ request: new Request(`${BASE}/metrics`, { headers }), params: {}, context: { cspNonce: "", clientIp: "127.0.0.1", serverMetrics: () => Promise.resolve(serverMetrics) } })) as Response;
    return { status: response.status, type: response.headers.get("Content-Type"), text: await response.text() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, type: null, text: "" };
    throw thrown;
  }
}

/** A gauge's value in the text. */
function gauge(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

describe("/metrics", () => {
  it("answers a scraper with the token; a wrong token gets 403, none (and no session) 404", async () => {
    testApp();
    expect((await scrape({ Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await scrape({ Authorization: "Bearer not-the-token" })).status).toBe(403);
    expect((await scrape({ Authorization: `Bearer ${TOKEN}x` })).status).toBe(403);
    expect((await scrape({ Authorization: "Basic abc" })).status).toBe(403);
    expect((await scrape({})).status).toBe(404);
  });

  it("serves the Prometheus text format with the server processes' figures first", async () => {
    testApp();
    const http = new HttpMetrics();
    for (let i = 0; i < 7; i++) http.record("/", "GET", 200, 0.01);
    const counters = renderProcesses([processFigures(http)]);
    const answer = await scrape({ Authorization: `Bearer ${TOKEN}` }, counters);
    expect(answer.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(answer.text.startsWith(counters)).toBe(true);
    for (const name of ["auyl_sqlite_wal_bytes", "auyl_sms_outbox_pending", "auyl_deadlines_oldest_overdue_seconds", "auyl_escrow_held_tiyn", "process_resident_memory_bytes"]) {
      expect(answer.text).toContain(`# TYPE ${name} gauge\n`);
    }
    expect(gauge(answer.text, "auyl_sqlite_wal_bytes")).toBeGreaterThan(0);
    expect(gauge(answer.text, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
  });

  it("reads the money held in escrow from the ledger, the SMS backlog and the due-job lag", async () => {
    const { db, sqlite } = testApp();
    const empty = (await scrape({ Authorization: `Bearer ${TOKEN}` })).text;
    expect(gauge(empty, "auyl_escrow_held_tiyn")).toBe(0);
    expect(gauge(empty, "auyl_deadlines_overdue")).toBe(0);
    expect(gauge(empty, "auyl_deadlines_oldest_overdue_seconds")).toBe(0);

    const w = orderWorld(db);
    // Two paid checkouts of one and two orders; one more left unpaid (no escrow).
    const paid = [
      buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }] }, at(0)),
      buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingA, quantity: 1 }, { listingId: w.listingB, quantity: 2 }] }, at(0)),
    ];
    for (const result of paid) {
      if (!result.ok) throw new Error(result.reason);
      expect((await payCheckout(db, provider, result.checkoutId, at(0))).outcome).toBe("applied");
    }
    buy(db, { buyerUserId: w.buyerUserId, pickupPointId: w.pointB, lines: [{ listingId: w.listingB, quantity: 1 }] }, at(0));

    const text = (await scrape({ Authorization: `Bearer ${TOKEN}` })).text;
    expect(gauge(text, "auyl_escrow_held_tiyn")).toBe(heldByOrders(db));
    expect(gauge(text, "auyl_escrow_held_tiyn")).toBe(2 * 1_234_567 + 2 * 333_333);
    const pending = sqlite.prepare("SELECT count(*) AS n FROM outbox_messages WHERE status = 'pending'").get() as { n: number };
    expect(gauge(text, "auyl_sms_outbox_pending")).toBe(pending.n);
    expect(gauge(text, "auyl_sms_outbox_pending")).toBeGreaterThan(0);
    // The orders were made at T0 (2025): their deadlines passed long ago, and the scheduler never ran here.
    const deadlines = db.select({ at: orders.deadlineAt }).from(orders).all().map((o) => o.at!.getTime());
    expect(gauge(text, "auyl_deadlines_overdue")).toBe(deadlines.length);
    const lag = gauge(text, "auyl_deadlines_oldest_overdue_seconds");
    expect(lag).toBeGreaterThan((Date.now() - Math.min(...deadlines)) / 1000 - 60);
    expect(lag).toBeLessThanOrEqual((Date.now() - Math.min(...deadlines)) / 1000);
    // No phone number or name of the world's people is in the answer.
    expect(text).not.toMatch(/\+7\d{10}/);
  });
});

function heldByOrders(db: Db): number {
  return db.select({ id: orders.id }).from(orders).all().reduce((sum, o) => sum + orderEscrowTiyn(db, o.id), 0);
}
