/**
 * The single writer's capacity (DESIGN §6, issue 18 §3), for `npm run bench`
 * on the 1 M-order dataset: the app's own use cases, called in this process
 * on the server's copy of the database through `openDatabase` (so
 * synchronous=FULL and the other pragmas are set and read back), while the
 * server keeps answering readers on the same file.
 *
 *  - checkouts: for `seconds`, one buyer after another puts a listing in the
 *    cart and checks out (the real `checkout`: stock taken by a conditional
 *    update, checkout, order and line rows, its order event and outbox
 *    notice, in one IMMEDIATE transaction); online payment, so each order
 *    waits for its payment;
 *  - order events: for `seconds`, those orders move on as the provider and
 *    the seller move them: the payment is captured (the ledger's escrow
 *    transfers and `payment_captured`), the seller accepts, then drops the
 *    parcel at the hub — each transition one `order_events` row in its own
 *    transaction;
 *  - the WAL while it runs: its largest size, and how many times a
 *    checkpoint emptied it (the WAL header's checkpoint sequence number
 *    counts each restart after a complete checkpoint, DB-08).
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";

export interface WriterPhase {
  label: string;
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  refused: number;
  errors: number;
}

export interface WriterReport {
  synchronous: number;
  phases: WriterPhase[];
  walPeakBytes: number;
  walEndBytes: number;
  checkpoints: number;
  orders: number;
}

/** The p-th percentile of sorted values (the bench's pages use it too). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The WAL header's checkpoint sequence number (bytes 12–15), or undefined while there is no header. */
function walSequence(wal: string): number | undefined {
  try {
    const fd = fs.openSync(wal, "r");
    try {
      const header = Buffer.alloc(16);
      return fs.readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

const yieldToTimers = () => new Promise((resolve) => setImmediate(resolve));

export async function measureWriter(database: string, seconds: number, whileReading: (seconds: number) => Promise<unknown>): Promise<WriterReport> {
  const { openDatabase } = await import("../app/db.server");
  const { findOrCreateUser } = await import("../app/domain/identity/users.server");
  const { putInCart, userCartKey } = await import("../app/domain/orders/cart.server");
  const { checkout } = await import("../app/domain/orders/checkout.server");
  const { applyOrderEvent } = await import("../app/domain/orders/order-events.server");
  const { applyPaymentEvent, startCheckoutPayment } = await import("../app/domain/payments/payments.server");
  const { sqlite, db } = openDatabase(database);
  try {
    const synchronous = Number(sqlite.pragma("synchronous", { simple: true }));
    const now = () => new Date();
    const buyers = Array.from({ length: 300 }, (_, i) => findOrCreateUser(db, `+7708${String(i).padStart(7, "0")}`, now()).id);
    const goods = sqlite
      .prepare("SELECT id FROM listings WHERE status = 'active' AND stock >= 50 AND made_to_order = 0 ORDER BY (id * 7919) % 100003 LIMIT 3000")
      .all() as { id: number }[];
    const point = sqlite.prepare("SELECT id FROM pickup_points ORDER BY id LIMIT 1").get() as { id: number } | undefined;
    if (goods.length === 0 || !point) throw new Error("the dataset has no listing in stock or no pickup point");

    const wal = `${database}-wal`;
    let walPeakBytes = 0;
    let checkpoints = 0;
    let sequence = walSequence(wal);
    const sample = () => {
      walPeakBytes = Math.max(walPeakBytes, fs.existsSync(wal) ? fs.statSync(wal).size : 0);
      // A header caught while SQLite rewrites it can read as anything: only a small step forward counts.
      const next = walSequence(wal);
      if (next === undefined || next === 0) return;
      const step = sequence === undefined ? 0 : (next - sequence) >>> 0;
      if (step > 0 && step < 10_000) checkpoints += step;
      sequence = next;
    };
    const sampler = setInterval(sample, 20);

    type Outcome = "ok" | "refused" | "done";
    const phase = async (label: string, work: (i: number) => Outcome | Promise<Outcome>) => {
      const times: number[] = [];
      let count = 0;
      let refused = 0;
      let errors = 0;
      const reading = whileReading(seconds);
      const started = performance.now();
      for (let i = 0; performance.now() - started < seconds * 1000; i++) {
        const began = performance.now();
        try {
          const outcome = await work(i);
          if (outcome === "done") break;
          if (outcome === "refused") refused++;
          else count++;
        } catch (error) {
          errors++;
          if (errors <= 3) console.warn(`${label}:`, error instanceof Error ? error.message : error);
          if (errors > 100) break;
        }
        times.push(performance.now() - began);
        if (i % 4 === 0) await yieldToTimers();
      }
      const elapsed = (performance.now() - started) / 1000;
      await reading;
      times.sort((a, b) => a - b);
      return { label, count, seconds: elapsed, perSecond: count / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), refused, errors };
    };

    const placed: { checkoutId: number; orderIds: number[] }[] = [];
    const checkouts = await phase("checkouts", (i) => {
      const buyer = buyers[i % buyers.length]!;
      const cartKey = userCartKey(buyer);
      const listingId = goods[i % goods.length]!.id;
      const put = putInCart(db, { cartKey, listingId, quantity: 1, replace: true }, now());
      if (!put.ok) return "refused";
      const result = checkout(db, { buyerUserId: buyer, cartKey, pickupPointId: point.id, paymentMethod: "online", idempotencyKey: `bench-${process.pid}-${i}`, language: "kk" }, now());
      if (!result.ok) return "refused";
      placed.push({ checkoutId: result.checkoutId, orderIds: result.orderIds });
      return "ok";
    });

    // Each placed checkout, in turn: the payment captured (one event per order), then per order accept and drop.
    const steps: (() => Promise<number> | number)[] = [];
    for (const { checkoutId, orderIds } of placed) {
      steps.push(async () => {
        await startCheckoutPayment(db, checkoutId, now());
        const payment = sqlite.prepare("SELECT provider_ref AS reference, amount_tiyn AS amountTiyn FROM payments WHERE checkout_id = ?").get(checkoutId) as { reference: string; amountTiyn: number };
        const { reference, amountTiyn } = payment;
        const outcome = applyPaymentEvent(db, "dev", { eventId: `bench-${reference}`, reference, type: "captured", amountTiyn, occurredAt: now() }, now());
        return outcome === "applied" ? orderIds.length : 0;
      });
      for (const orderId of orderIds) {
        const seller = () => (sqlite.prepare("SELECT s.user_id AS userId FROM orders o JOIN sellers s ON s.id = o.seller_id WHERE o.id = ?").get(orderId) as { userId: number }).userId;
        steps.push(() => (applyOrderEvent(db, { orderId, event: "accept", by: "seller", actorUserId: seller() }, now()).ok ? 1 : 0));
        steps.push(() => (applyOrderEvent(db, { orderId, event: "drop", by: "seller", actorUserId: seller() }, now()).ok ? 1 : 0));
      }
    }
    let applied = 0;
    const events = await phase("order events", async (i) => {
      const step = steps[i];
      // Every order moved before the time was up: the phase ends early (its seconds say so).
      if (!step) return "done";
      const n = await step();
      applied += n;
      return n > 0 ? "ok" : "refused";
    });
    events.count = applied;
    events.perSecond = applied / events.seconds;

    clearInterval(sampler);
    sample();
    return { synchronous, phases: [checkouts, events], walPeakBytes, walEndBytes: fs.existsSync(wal) ? fs.statSync(wal).size : 0, checkpoints, orders: placed.reduce((n, p) => n + p.orderIds.length, 0) };
  } finally {
    sqlite.close();
  }
}
