/**
 * MONEY-11 / DB-07 at the ledger level: a child process posts money
 * operations on a database file and acknowledges each key after commit; the
 * parent kills it with SIGKILL at arbitrary moments, reopens the file and
 * checks integrity, the ledger's invariants, and that no acknowledged
 * operation was lost. A second test runs the same keys from three processes at
 * once: each operation is posted exactly once (MONEY-07).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { generator, killAfterAcks, reopen } from "../support/crash";
import { makeOrder, makePickupPoint, makeSeller, makeUser, makeVillage } from "../support/ledger";
import type { CrashWorld } from "../support/ledger-crash-worker";

const WORKER = "tests/support/ledger-crash-worker.ts";
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * How to start the worker. Bundled once with esbuild (already installed with
 * Vite and tsx) it starts in a quarter of the time tsx needs, which keeps 20
 * kill-and-restart rounds short on a busy machine; without esbuild, tsx.
 */
let command: string[] | undefined;
let bundle: string | undefined;
afterAll(() => {
  if (bundle) fs.rmSync(bundle, { force: true });
});
async function workerCommand(): Promise<string[]> {
  if (command) return command;
  try {
    const { buildSync } = await import("esbuild");
    const outDir = path.resolve("tests/.tmp");
    fs.mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, `ledger-crash-worker-${process.pid}.cjs`);
    buildSync({ entryPoints: [WORKER], bundle: true, platform: "node", format: "cjs", external: ["better-sqlite3"], outfile, logLevel: "error" });
    bundle = outfile;
    command = [outfile];
  } catch {
    command = ["--import", "tsx", WORKER];
  }
  return command;
}

/** A database file with a buyer, two sellers in two villages and a pickup point. */
function prepare() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-ledger-crash-"));
  dirs.push(dir);
  const file = path.join(dir, "ledger.db");
  const { db, sqlite } = openDatabase(file);
  const villageA = makeVillage(db, "Ақсу");
  const villageB = makeVillage(db, "Шелек");
  const world: CrashWorld = {
    buyerUserId: makeUser(db),
    sellers: [makeSeller(db, villageA), makeSeller(db, villageB)].map((s) => ({ sellerId: s.sellerId, villageId: s.villageId })),
    pickupPointId: makePickupPoint(db, villageA),
  };
  return { file, world, db, sqlite };
}

/** Runs the worker until it has acknowledged `minimumAcks` keys plus a random pause, then SIGKILLs it. */
async function runAndKill(file: string, world: CrashWorld, run: number, pauseMs: number, minimumAcks: number): Promise<string[]> {
  const start = await workerCommand();
  const child = spawn(process.execPath, [...start, file, JSON.stringify(world), "crash", String(run)], { stdio: ["ignore", "pipe", "pipe"] });
  return killAfterAcks(child, pauseMs, minimumAcks);
}

describe("the ledger survives kill -9 (MONEY-11)", () => {
  it("keeps every acknowledged operation, its integrity and its invariants across 20 kills at random moments", async () => {
    const seed = Number(process.env.LEDGER_CRASH_SEED ?? Date.now() % 1_000_000);
    const random = generator(seed);
    const { file, world, sqlite } = prepare();
    sqlite.close();
    const acknowledged: string[] = [];
    for (let run = 1; run <= 20; run++) {
      const pauseMs = Math.floor(random() * 120);
      const acks = await runAndKill(file, world, run, pauseMs, 1 + Math.floor(random() * 4));
      acknowledged.push(...acks);
      await reopen(file, (reopened) => {
        const where = `run ${run} (LEDGER_CRASH_SEED=${seed})`;
        expect(reopened.sqlite.pragma("integrity_check", { simple: true }), where).toBe("ok");
        expect(checkLedgerInvariants(reopened.db), where).toEqual([]);
        const keys = new Set(reopened.sqlite.prepare("SELECT idempotency_key FROM ledger_operations").pluck().all() as string[]);
        expect(acknowledged.filter((k) => !keys.has(k)), `acknowledged keys missing after ${where}`).toEqual([]);
      });
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
  }, 90_000);
});

describe("the same keys from three processes at once (MONEY-07)", () => {
  it("post each operation exactly once and give every process the same results", async () => {
    const { file, world, db, sqlite } = prepare();
    const orderIds = Array.from({ length: 6 }, (_, i) =>
      makeOrder(db, { buyerUserId: world.buyerUserId, seller: { sellerId: world.sellers[i % 2]!.sellerId, villageId: world.sellers[i % 2]!.villageId }, pickupPointId: world.pickupPointId, totalTiyn: 10_000 + i }).orderId,
    );
    sqlite.close();
    const start = await workerCommand();
    const worker = () =>
      new Promise<unknown>((resolve, reject) => {
        const child = spawn(process.execPath, [...start, file, JSON.stringify(world), "same-keys", JSON.stringify(orderIds)], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
      });
    const results = await Promise.all([worker(), worker(), worker()]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const reopened = openDatabase(file);
    try {
      const count = (q: string) => reopened.sqlite.prepare(q).pluck().get();
      expect(count("SELECT count(*) FROM ledger_operations WHERE kind IN ('capture', 'release')")).toBe(12);
      // Six releases, three transfers each; six captures; one payout per seller.
      expect(count("SELECT count(*) FROM ledger_transfers")).toBe(6 + 18 + 2);
      expect(count("SELECT count(*) FROM payout_batches")).toBe(1);
      expect(checkLedgerInvariants(reopened.db)).toEqual([]);
    } finally {
      reopened.sqlite.close();
    }
  }, 60_000);
});
