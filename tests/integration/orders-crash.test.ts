/**
 * MONEY-11 for the orders domain: a child process runs a burst of the shop's
 * work on a database file — checkouts, payments captured through the signed
 * webhook path, orders walked to release, refund or a partial resolution,
 * refunds paid back — and acknowledges each step only after its commit. The
 * parent SIGKILLs it at random moments, reopens the file and checks integrity,
 * the ledger's invariants, and that nothing acknowledged was lost.
 *
 * The child runs the domain use cases directly, not the HTTP server: the
 * server needs a production build, which this suite does not make. The use
 * cases are what the routes call, each one transaction.
 */
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { orders } from "../../db/schema";
import { generator, killAfterAcks, reopen } from "../support/crash";
import { crashWorld, expectAcknowledged } from "../support/acknowledged";
import { freshDatabase } from "../support/db";
import type { CrashWorld } from "../support/orders-worker";
import { startWorker } from "../support/orders-processes";

/** Runs the worker until it acknowledged `minimumAcks` steps, waits `pauseMs`, SIGKILLs it; returns the whole acknowledged lines. */
async function runAndKill(file: string, world: CrashWorld, run: number, pauseMs: number, minimumAcks: number): Promise<string[]> {
  const child = await startWorker([file, "crash", JSON.stringify(world), String(run)]);
  child.stdin.end();
  return killAfterAcks(child, pauseMs, minimumAcks);
}

describe("orders survive kill -9 (MONEY-11)", () => {
  it("keep every acknowledged checkout, payment and ending, with integrity and the ledger's invariants, across 16 kills", async () => {
    const seed = Number(process.env.ORDERS_CRASH_SEED ?? Date.now() % 1_000_000);
    const random = generator(seed);
    const { db, sqlite } = freshDatabase();
    const world = crashWorld(db);
    const file = sqlite.name;
    sqlite.close();

    const acknowledged: string[] = [];
    const started = Date.now();
    let runs = 0;
    for (let run = 1; run <= 16; run++) {
      acknowledged.push(...(await runAndKill(file, world, run, Math.floor(random() * 150), 1 + Math.floor(random() * 12))));
      runs = run;
      await reopen(file, (reopened) => {
        const where = `after run ${run} (ORDERS_CRASH_SEED=${seed})`;
        expect(reopened.sqlite.pragma("integrity_check", { simple: true }), where).toBe("ok");
        expect(checkLedgerInvariants(reopened.db), where).toEqual([]);
        expectAcknowledged(reopened.db, acknowledged, where);
      });
      // Keep the test short on a slow machine once the minimum is met.
      if (run >= 15 && Date.now() - started > 40_000) break;
    }
    expect(runs).toBeGreaterThanOrEqual(15);
    expect(acknowledged.filter((l) => l.startsWith("checkout ")).length).toBeGreaterThanOrEqual(15);

    const final = openDatabase(file);
    try {
      const completed = acknowledged.filter((l) => l.startsWith("completed ")).map((l) => Number(l.split(" ")[1]));
      expect(completed.length).toBeGreaterThan(0);
      expect(final.db.select().from(orders).where(inArray(orders.id, completed)).all().every((o) => o.status === "completed")).toBe(true);
    } finally {
      final.sqlite.close();
    }
  }, 180_000);
});
