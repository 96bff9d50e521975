/**
 * The kill -9 harness of the crash tests (MONEY-11): a seeded generator for the kill moments, a
 * worker process killed with SIGKILL once it has acknowledged enough, and its database file
 * reopened for the checks. It loads no test runner (the Playwright spec takes its generator too).
 */
import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import type { Connection } from "../../app/db.server";

/** A small seeded generator, so the kill moments follow from one printed number. */
export function generator(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

/**
 * Lets a started worker run until it has printed `minimumAcks` "ack …" lines, waits `pauseMs`,
 * SIGKILLs it, and returns the text after "ack " of every whole acknowledged line. Rejects when
 * the worker stops by itself.
 */
/** The lines a worker acknowledged ("ack …"): only whole lines count, a line cut by the kill was never acknowledged. */
export function acknowledgedLines(output: string): string[] {
  return output
    .split("\n")
    .slice(0, -1)
    .filter((l) => l.startsWith("ack "))
    .map((l) => l.slice(4));
}

export function killAfterAcks(child: ChildProcess & { stdout: Readable; stderr: Readable }, pauseMs: number, minimumAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    let armed = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      const acks = out.split("\n").filter((l) => l.startsWith("ack ")).length;
      if (!armed && acks >= minimumAcks) {
        armed = true;
        setTimeout(() => child.kill("SIGKILL"), pauseMs);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`worker stopped by itself (${String(signal)}): ${err}`));
      resolve(acknowledgedLines(out));
    });
  });
}

/**
 * Opens the killed worker's database file again (the pragmas and migrations of a restart), hands it
 * to `check`, and closes it whatever `check` throws. The database module is loaded here, on first
 * use, so that the Playwright spec, which needs only the generator, never loads it.
 */
export async function reopen(file: string, check: (reopened: Connection) => void): Promise<void> {
  const { openDatabase } = await import("../../app/db.server");
  const reopened = openDatabase(file);
  try {
    check(reopened);
  } finally {
    reopened.sqlite.close();
  }
}
