/**
 * Starting tests/support/orders-worker.ts in child processes (for test files:
 * it registers a vitest hook that removes the bundle): bundled once
 * with esbuild (installed with Vite) it starts several times faster than
 * through tsx, which matters for a kill-and-restart loop on a busy machine.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";

const WORKER = "tests/support/orders-worker.ts";
let command: Promise<string[]> | undefined;
let bundled: string | undefined;

// A vitest worker process may end without an "exit" event, so the bundle goes after the file.
afterAll(() => {
  if (bundled) fs.rmSync(bundled, { force: true });
  bundled = undefined;
  command = undefined;
});

/** Made once per process (a promise, so workers started together share one bundle). */
export function workerCommand(): Promise<string[]> {
  command ??= bundle();
  return command;
}

async function bundle(): Promise<string[]> {
  try {
    const { buildSync } = await import("esbuild");
    const outDir = path.resolve("tests/.tmp");
    fs.mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, `orders-worker-${process.pid}.cjs`);
    buildSync({ entryPoints: [WORKER], bundle: true, platform: "node", format: "cjs", external: ["better-sqlite3"], outfile, logLevel: "error" });
    bundled = outfile;
    return [outfile];
  } catch {
    return ["--import", "tsx", WORKER];
  }
}

export async function startWorker(args: string[]): Promise<ChildProcessWithoutNullStreams> {
  return spawn(process.execPath, [...(await workerCommand()), ...args], { stdio: ["pipe", "pipe", "pipe"] });
}

/**
 * Starts one worker per argument list, waits until every one is ready, tells
 * them all to go at once and returns the last line each printed.
 */
export async function runTogether(argLists: string[][]): Promise<string[]> {
  const children = await Promise.all(argLists.map((args) => startWorker(args)));
  const ready: Promise<void>[] = [];
  const done = children.map(
    (child, i) =>
      new Promise<string>((resolve, reject) => {
        let out = "";
        let err = "";
        let signalReady: () => void = () => undefined;
        ready[i] = new Promise((r) => (signalReady = r));
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.startsWith("ready\n")) signalReady();
        });
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
          signalReady();
          if (code !== 0) return reject(new Error(`worker ${i} exited with ${String(code)}: ${err}`));
          resolve(out.trim().split("\n").at(-1) ?? "");
        });
      }),
  );
  await Promise.all(ready);
  for (const child of children) child.stdin.end("go\n");
  return Promise.all(done);
}
