/**
 * A child process for the orders tests that need several processes on one
 * database file (SEC-13, deadlines run twice at once) or a process to kill
 * (MONEY-11). Concurrent modes print `ready`, then wait for a line on stdin,
 * so the parent can start them all at the same moment.
 *
 *   node --import tsx tests/support/orders-worker.ts <file> deadlines <unix ms>
 *   node --import tsx tests/support/orders-worker.ts <file> checkout <json {buyers, listingIds, pickupPointId, at}>
 *   node --import tsx tests/support/orders-worker.ts <file> crash <json world> <run>
 */
import fs from "node:fs";
import readline from "node:readline";
import { openDatabase } from "../../app/db.server";
import { putInCart, userCartKey } from "../../app/domain/orders/cart.server";
import { checkout } from "../../app/domain/orders/checkout.server";
import { buyerPickupCode, handOver } from "../../app/domain/orders/handover.server";
import { applyOrderEvent, runDueDeadlines } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import type { EventSource, OrderEvent } from "../../app/domain/orders/order-machine";
import { payPendingRefunds, setPaymentProvider } from "../../app/domain/payments/payments.server";
import { devProvider, payCheckout } from "./orders";

/** Synchronous, so a line is out before the next transaction starts. */
const say = (line: string) => fs.writeSync(1, `${line}\n`);

function waitForGo(): Promise<void> {
  say("ready");
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input: process.stdin });
    lines.once("line", () => {
      lines.close();
      // An open stdin would keep the process alive after its work.
      process.stdin.destroy();
      resolve();
    });
  });
}

export interface CrashWorld {
  buyerUserIds: number[];
  listingIds: number[];
  pickupPointId: number;
  operatorUserId: number;
  hubUserId: number;
  sellerUserIds: Record<number, number>;
}

const [file = "", mode = "", arg = "{}", extra = "0"] = process.argv.slice(2);
const { db, sqlite } = openDatabase(file);

async function main() {
  if (mode === "deadlines") {
    await waitForGo();
    const { applied } = runDueDeadlines(db, new Date(Number(arg)));
    say(String(applied));
  } else if (mode === "checkout") {
    const input = JSON.parse(arg) as { buyers: number[]; listingIds: number[]; pickupPointId: number; at: number };
    const now = new Date(input.at);
    for (const [i, buyer] of input.buyers.entries()) {
      const listingId = input.listingIds[(buyer + i) % input.listingIds.length]!;
      const put = putInCart(db, { cartKey: userCartKey(buyer), listingId, quantity: 1 }, now);
      if (!put.ok) throw new Error(`cart refused: ${put.reason}`);
    }
    await waitForGo();
    const outcomes: string[] = [];
    let busy = 0;
    for (const buyer of input.buyers) {
      const attempt = () =>
        checkout(
          db,
          { buyerUserId: buyer, cartKey: userCartKey(buyer), pickupPointId: input.pickupPointId, paymentMethod: "online", idempotencyKey: `buyer-${buyer}`, language: "kk" },
          now,
        );
      let result: ReturnType<typeof attempt> | undefined;
      // SQLite's busy handler is not fair between processes: under a storm one
      // may wait past busy_timeout. A person would submit the form again, with
      // the same key, so the retry cannot make a second checkout.
      for (let tries = 0; result === undefined; tries++) {
        try {
          result = attempt();
        } catch (error) {
          if (!(error instanceof Error && "code" in error && error.code === "SQLITE_BUSY") || tries >= 5) throw error;
          busy++;
        }
      }
      outcomes.push(result.ok ? `ok ${result.checkoutId}` : result.reason);
    }
    say(JSON.stringify({ outcomes, busy }));
  } else if (mode === "crash") {
    await crash(JSON.parse(arg) as CrashWorld, Number(extra));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  sqlite.close();
}

/**
 * A burst of the shop's work, forever: checkouts, payments captured through
 * the signed webhook path, and each order walked to its end (released,
 * declined and refunded, or disputed and resolved in part). Each step is
 * acknowledged only after its transaction committed.
 */
async function crash(world: CrashWorld, run: number) {
  let clock = new Date(Date.UTC(2025, 5, 1, 9) + run * 86_400_000);
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  const provider = devProvider(() => clock);
  setPaymentProvider(provider);
  const step = (orderId: number, event: OrderEvent, by: EventSource, actorUserId: number | null, extraInput: { refundTiyn?: number; reason?: string } = {}) => {
    const result = applyOrderEvent(db, { orderId, event, by, actorUserId, ...extraInput }, tick());
    if (!result.ok) throw new Error(`${event} on ${orderId}: ${result.reason}`);
  };
  say("ready");
  for (let n = 0; ; n++) {
    const buyer = world.buyerUserIds[n % world.buyerUserIds.length]!;
    const cartKey = userCartKey(buyer);
    const lines = n % 3 === 0 ? world.listingIds : [world.listingIds[n % world.listingIds.length]!];
    for (const listingId of lines) {
      const put = putInCart(db, { cartKey, listingId, quantity: 1 + (n % 2) }, tick());
      if (!put.ok) throw new Error(`cart refused: ${put.reason}`);
    }
    const cash = n % 5 === 4;
    const placed = checkout(
      db,
      { buyerUserId: buyer, cartKey, pickupPointId: world.pickupPointId, paymentMethod: cash ? "cash" : "online", idempotencyKey: `run-${run}-${n}`, language: "kk" },
      tick(),
    );
    if (!placed.ok) throw new Error(`checkout refused: ${placed.reason}`);
    say(`ack checkout ${placed.checkoutId} ${placed.orderIds.join(",")}`);
    if (!cash) {
      const paid = await payCheckout(db, provider, placed.checkoutId, tick());
      if (paid.outcome !== "applied") throw new Error(`payment ${paid.outcome}`);
      say(`ack paid ${placed.checkoutId}`);
    }
    for (const orderId of placed.orderIds) {
      const order = getOrder(db, orderId)!;
      const seller = world.sellerUserIds[order.sellerId]!;
      if (!cash && n % 7 === 3) {
        step(orderId, "decline", "seller", seller, { reason: "crash test" });
        say(`ack cancelled ${orderId}`);
        continue;
      }
      if (!cash) step(orderId, "accept", "seller", seller);
      step(orderId, "drop", "seller", seller);
      step(orderId, "receive", "hub", world.hubUserId);
      if (!order.sameVillage) step(orderId, "send", "hub", world.hubUserId);
      step(orderId, "arrive", "operator", world.operatorUserId);
      const code = buyerPickupCode(db, getOrder(db, orderId)!)!;
      const handed = handOver(db, { orderId, code, actorUserId: world.operatorUserId, cashTiyn: cash ? order.totalTiyn : undefined }, tick());
      if (!handed.ok) throw new Error(`handover refused: ${handed.reason}`);
      if (!cash && n % 4 === 1) {
        step(orderId, "dispute", "buyer", buyer, { reason: "crash test" });
        step(orderId, "resolve_partial", "resolver", world.hubUserId, { refundTiyn: Math.floor(order.totalTiyn / 4), reason: "crash test" });
      } else {
        // A cash order too: the hub keeps the cash until the buyer's word (issue 14 §7).
        step(orderId, "confirm", "buyer", buyer);
      }
      say(`ack completed ${orderId}`);
    }
    if (n % 6 === 5) await payPendingRefunds(db, tick);
  }
}

main().catch((error: unknown) => {
  fs.writeSync(2, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
