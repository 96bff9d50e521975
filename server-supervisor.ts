/**
 * Several server processes on one database file (WEB_CONCURRENCY > 1,
 * docs/decisions/0021-several-server-processes-one-file.md). This first
 * process only supervises: it starts one process that migrates and seeds the
 * database and waits for it to finish, then starts the serving processes
 * (node:cluster: they share the listening port, the connections go round
 * them in turn), starts another when one dies, and on SIGTERM or SIGINT
 * passes the signal on and exits once all of them have drained. It also
 * gathers every serving process's figures for the one answering /metrics, so
 * the operator reads the whole server's counts whichever process answers.
 */
import cluster, { type Worker } from "node:cluster";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import type { ProcessFigures } from "./app/web/prometheus";

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
  cluster.on("message", (asking: Worker, message: unknown) => {
    if (!isMessage(message, ASK_ALL)) return;
    void gatherFigures(message.id).then((figures) => {
      if (asking.isConnected()) asking.send({ type: ALL_FIGURES, id: message.id, figures });
    });
  });

  console.log(`Auyl Hub: ${count} server processes on one database (WEB_CONCURRENCY; supervisor pid ${process.pid}).`);
  for (let i = 0; i < count; i++) fork();
  // The supervisor never goes on to serve: it exits from the handlers above.
  return new Promise<never>(() => undefined);
}

// ---------------------------------------------------------------------------
// Every process's figures for /metrics: the answering process asks the supervisor, which asks each
// serving process and answers with what came back within FIGURES_WAIT_MS (a process that is busy
// starting or stopping is left out of that scrape rather than hold it up).

const ASK_ALL = "auyl:figures-of-all?";
const ALL_FIGURES = "auyl:figures-of-all";
const ASK_ONE = "auyl:figures?";
const ONE_FIGURES = "auyl:figures";
const FIGURES_WAIT_MS = 2_000;

interface FiguresMessage {
  type: string;
  id: string;
  figures?: ProcessFigures | ProcessFigures[];
}

function isMessage(message: unknown, type: string): message is FiguresMessage {
  return typeof message === "object" && message !== null && (message as FiguresMessage).type === type && typeof (message as FiguresMessage).id === "string";
}

/** The supervisor: asks every serving process for its figures. */
function gatherFigures(id: string): Promise<ProcessFigures[]> {
  const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker?.isConnected() === true);
  const answers = workers.map(
    (worker) =>
      new Promise<ProcessFigures | undefined>((resolve) => {
        const timer = setTimeout(() => finish(undefined), FIGURES_WAIT_MS);
        const listen = (message: unknown) => {
          if (isMessage(message, ONE_FIGURES) && message.id === id) finish(message.figures as ProcessFigures);
        };
        const finish = (figures: ProcessFigures | undefined) => {
          clearTimeout(timer);
          worker.off("message", listen);
          resolve(figures);
        };
        worker.on("message", listen);
        worker.send({ type: ASK_ONE, id });
      }),
  );
  return Promise.all(answers).then((all) => all.filter((figures): figures is ProcessFigures => figures !== undefined));
}

/** A serving process: answers the supervisor's questions with `own()`. */
export function answerForFigures(own: () => ProcessFigures): void {
  if (!cluster.isWorker) return;
  process.on("message", (message: unknown) => {
    if (isMessage(message, ASK_ONE)) process.send?.({ type: ONE_FIGURES, id: message.id, figures: own() });
  });
}

/** The figures of every serving process (of this one alone when it runs by itself or the supervisor does not answer). */
export function figuresOfEveryProcess(own: () => ProcessFigures): Promise<ProcessFigures[]> {
  if (!cluster.isWorker || !process.send) return Promise.resolve([own()]);
  const id = crypto.randomUUID();
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish([own()]), FIGURES_WAIT_MS * 2);
    const listen = (message: unknown) => {
      if (isMessage(message, ALL_FIGURES) && message.id === id) finish(message.figures as ProcessFigures[]);
    };
    const finish = (figures: ProcessFigures[]) => {
      clearTimeout(timer);
      process.off("message", listen);
      resolve(figures);
    };
    process.on("message", listen);
    process.send?.({ type: ASK_ALL, id });
  });
}
