/**
 * A child process for the ledger's crash and concurrency tests (MONEY-11,
 * DB-07). It posts money operations on a database file in a loop and writes
 * `ack <key>` to stdout only after the operation's transaction committed, so
 * the parent may SIGKILL it at any moment and then check that every
 * acknowledged key is in the ledger.
 *
 *   node --import tsx tests/support/ledger-crash-worker.ts <file> <world json> crash <run>
 *   node --import tsx tests/support/ledger-crash-worker.ts <file> <world json> same-keys <count>
 */
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { openDatabase, writeTransaction, type Tx } from "../../app/db.server";
import { captureEscrow, createPayoutBatch, recordCashAtPickup, refundEscrow, releaseEscrow, resolveEscrow, settlePointCash, settleRefund } from "../../app/domain/escrow/ledger-posting.server";
import { accountBalance } from "../../app/domain/escrow/ledger-reads.server";
import type { OrderStatus } from "../../app/domain/orders/order-status";
import { orders } from "../../db/schema";
import { makeOrder, type TestOrder } from "./ledger";

export interface CrashWorld {
  buyerUserId: number;
  sellers: { sellerId: number; villageId: number }[];
  pickupPointId: number;
}

const [file = "", worldJson = "{}", mode = "crash", arg = "0"] = process.argv.slice(2);
const world = JSON.parse(worldJson) as CrashWorld;
const { db, sqlite } = openDatabase(file);
const at = new Date("2025-06-01T09:00:00Z");

/** Synchronous, so a line is out before the next transaction starts. */
const say = (line: string) => fs.writeSync(1, `${line}\n`);
const status = (tx: Tx, orderId: number, to: OrderStatus, cashCollectedTiyn?: number) =>
  tx.update(orders).set({ status: to, ...(cashCollectedTiyn === undefined ? {} : { cashCollectedTiyn }) }).where(eq(orders.id, orderId)).run();
const split = (o: TestOrder) => ({ sellerId: o.sellerId, sellerVillageId: o.sellerVillageId, platformRateBp: o.platformRateBp, coopRateBp: o.coopRateBp });

/** One round of the shop: an online order paid then settled one of three ways, a cash order, and now and then payouts and settlements. */
function round(prefix: string, n: number): void {
  const seller = world.sellers[n % world.sellers.length]!;
  const totalTiyn = 1_000 + ((n * 7_919) % 90_000);
  const online = makeOrder(db, { buyerUserId: world.buyerUserId, seller, pickupPointId: world.pickupPointId, totalTiyn });
  let key = `${prefix}-${n}-capture`;
  writeTransaction(db, (tx) => {
    captureEscrow(tx, { key, orderId: online.orderId, amountTiyn: totalTiyn, at });
    status(tx, online.orderId, "paid");
  });
  say(`ack ${key}`);

  key = `${prefix}-${n}-settle`;
  writeTransaction(db, (tx) => {
    if (n % 3 === 0) {
      releaseEscrow(tx, { key, orderId: online.orderId, ...split(online), at });
      status(tx, online.orderId, "completed");
    } else if (n % 3 === 1) {
      refundEscrow(tx, { key, orderId: online.orderId, buyerUserId: world.buyerUserId, amountTiyn: totalTiyn, at });
      status(tx, online.orderId, "refunded");
    } else {
      resolveEscrow(tx, { key, orderId: online.orderId, buyerUserId: world.buyerUserId, refundTiyn: Math.floor(totalTiyn / 3), ...split(online), at });
      status(tx, online.orderId, "completed");
    }
  });
  say(`ack ${key}`);

  const cash = makeOrder(db, { buyerUserId: world.buyerUserId, seller, pickupPointId: world.pickupPointId, totalTiyn: 500 + n, paymentMethod: "cash" });
  key = `${prefix}-${n}-cash`;
  writeTransaction(db, (tx) => {
    recordCashAtPickup(tx, { key, orderId: cash.orderId, pickupPointId: world.pickupPointId, amountTiyn: cash.totalTiyn, at });
    releaseEscrow(tx, { key: `${key}:release`, orderId: cash.orderId, ...split(cash), at, cash: true });
    status(tx, cash.orderId, "completed", cash.totalTiyn);
  });
  say(`ack ${key}`);

  if (n % 4 === 3) {
    key = `${prefix}-${n}-payout`;
    writeTransaction(db, (tx) => createPayoutBatch(tx, { key, at }));
    say(`ack ${key}`);
    key = `${prefix}-${n}-refund-paid`;
    const acked = writeTransaction(db, (tx) => {
      const owed = accountBalance(tx, `refund_payable:${world.buyerUserId}`);
      if (owed > 0) settleRefund(tx, { key, buyerUserId: world.buyerUserId, amountTiyn: owed, at });
      const cashOwed = accountBalance(tx, `point_cash:${world.pickupPointId}`);
      if (cashOwed > 0) settlePointCash(tx, { key: `${key}-cash`, pickupPointId: world.pickupPointId, amountTiyn: cashOwed, at });
      return owed > 0;
    });
    if (acked) say(`ack ${key}`);
  }
}

if (mode === "crash") {
  say("ready");
  for (let n = 1; ; n++) round(`r${arg}`, n);
} else {
  // Every process runs the same keys against the same orders: exactly one may post each.
  const orderIds = JSON.parse(arg) as number[];
  const results: Record<string, unknown> = {};
  for (const orderId of orderIds) {
    const order = db.select().from(orders).where(eq(orders.id, orderId)).get()!;
    const rates = { sellerId: order.sellerId, sellerVillageId: order.sellerVillageId, platformRateBp: order.platformRateBp, coopRateBp: order.coopRateBp };
    results[`capture-${orderId}`] = writeTransaction(db, (tx) => {
      const out = captureEscrow(tx, { key: `capture-${orderId}`, orderId, amountTiyn: order.totalTiyn, at });
      if (!out.replayed) status(tx, orderId, "paid");
      return out.result;
    });
    results[`release-${orderId}`] = writeTransaction(db, (tx) => {
      const out = releaseEscrow(tx, { key: `release-${orderId}`, orderId, ...rates, at });
      if (!out.replayed) status(tx, orderId, "completed");
      return out.result;
    });
  }
  results.payout = writeTransaction(db, (tx) => createPayoutBatch(tx, { key: "payout-once", at }).result);
  sqlite.close();
  say(JSON.stringify(results));
}
