/**
 * What the orders worker (tests/support/orders-worker.ts, mode `crash`)
 * acknowledged, checked against a database: every checkout with its orders,
 * every captured payment, every order's ending. Used after a kill -9
 * (MONEY-11) and after a restore (DB-06): nothing acknowledged may be missing.
 */
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "../../app/db.server";
import { checkouts, orders, payments } from "../../db/schema";
import { makeUser } from "./ledger";
import { makeListing, orderWorld } from "./orders";
import type { CrashWorld } from "./orders-worker";

/** Three buyers, two sellers with plenty of stock, a pickup point, a hub and an operator: what the worker needs. */
export function crashWorld(db: Db): CrashWorld {
  const w = orderWorld(db);
  return {
    buyerUserIds: [w.buyerUserId, makeUser(db), makeUser(db)],
    listingIds: [makeListing(db, w.sellerA, { priceTiyn: 1_234_567, stock: 1_000_000 }), makeListing(db, w.sellerB, { priceTiyn: 333_333, stock: 1_000_000 })],
    pickupPointId: w.pointB,
    operatorUserId: w.operatorUserId,
    hubUserId: w.hubUserId,
    sellerUserIds: { [w.sellerA.sellerId]: w.sellerA.userId, [w.sellerB.sellerId]: w.sellerB.userId },
  };
}

/** Fails, naming the line and `where`, unless everything acknowledged is in the database. */
export function expectAcknowledged(db: Db, acknowledged: readonly string[], where: string): void {
  for (const line of acknowledged) {
    const [kind, id, list] = line.split(" ") as [string, string, string | undefined];
    if (kind === "checkout") {
      expect(db.select({ id: checkouts.id }).from(checkouts).where(eq(checkouts.id, Number(id))).get(), `${line} ${where}`).toBeDefined();
      const ids = db.select({ id: orders.id }).from(orders).where(eq(orders.checkoutId, Number(id))).all().map((o) => o.id);
      expect(ids.sort((a, b) => a - b).join(","), `${line} ${where}`).toBe(list);
    } else if (kind === "paid") {
      expect(db.select({ status: payments.status }).from(payments).where(eq(payments.checkoutId, Number(id))).get()?.status, `${line} ${where}`).toBe("captured");
      const pending = db.select().from(orders).where(eq(orders.checkoutId, Number(id))).all().filter((o) => o.status === "pending_payment");
      expect(pending, `${line} ${where}`).toEqual([]);
    } else {
      const status = db.select({ status: orders.status }).from(orders).where(eq(orders.id, Number(id))).get()?.status;
      expect(status, `${line} ${where}`).toBe(kind);
    }
  }
}
