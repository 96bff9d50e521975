/**
 * Several server processes on one database file (WEB_CONCURRENCY > 1,
 * docs/decisions/0021-several-server-processes-one-file.md). This first
 * process only supervises: it starts one process that migrates and seeds the
 * database and waits for it to finish, then starts the serving processes
 * (node:cluster: they share the listening port, the connections go round
 * them in turn), starts another when one dies, and on SIGTERM or SIGINT
 * passes the signal on and exits once all of them have drained.
 */
import cluster, { type Worker } from "node:cluster";
import { fileURLToPath } from "node:url";

/** The role a child of the supervisor plays, in its environment. */
export const ROLE_VARIABLE = "AUYL_SERVER_ROLE";
/** A serving process that dies this soon after it started, this many times in a row, stops the server. */
const EARLY_EXIT_MS = 10_000;
const EARLY_EXITS_ALLOWED = 5;
/** How long the serving processes get to finish their requests after SIGTERM before they are killed. */
const DRAIN_MS = 30_000;

function exitOf(worker: Worker): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => worker.once("exit", (code: number | null, signal: string | null) => resolve({ code, signal })));
}

export async function superviseServerProcesses(count: number): Promise<never> {
  // The children run server.ts itself, whichever script started the supervisor (`npm start` runs scripts/start.ts).
  cluster.setupPrimary({ exec: fileURLToPath(new URL("./server.ts", import.meta.url)) });
  const prepared = await exitOf(cluster.fork({ [ROLE_VARIABLE]: "prepare" }));
  if (prepared.code !== 0) {
    console.error("The database could not be prepared (see above): the server does not start.");
    process.exit(1);
  }

  let stopping = false;
  let earlyExits = 0;
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork({ [ROLE_VARIABLE]: "serve" });
    startedAt.set(worker.id, Date.now());
    worker.once("exit", (code: number | null, signal: string | null) => {
      const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
      startedAt.delete(worker.id);
      if (stopping) {
        if (startedAt.size === 0) process.exit(0);
        return;
      }
      earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
      if (earlyExits >= EARLY_EXITS_ALLOWED) {
        console.error(`Server processes keep exiting at start (${EARLY_EXITS_ALLOWED} in a row): the server stops.`);
        stop(1);
        return;
      }
      console.warn(`Server process ${worker.process.pid ?? "?"} exited (${signal ?? `code ${String(code)}`}): starting another.`);
      fork();
    });
  };

  const stop = (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    if (startedAt.size === 0) process.exit(exitCode);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    const overdue = setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }, DRAIN_MS);
    overdue.unref();
    if (exitCode !== 0) process.exitCode = exitCode;
  };
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());

  console.log(`Auyl Hub: ${count} server processes on one database (WEB_CONCURRENCY; supervisor pid ${process.pid}).`);
  for (let i = 0; i < count; i++) fork();
  // The supervisor never goes on to serve: it exits from the handlers above.
  return new Promise<never>(() => undefined);
}
