import { demoHistoryHint, seedDemoHistory } from "../db/seed/demo-history";
import { demoSignInHint, seedDemoShops } from "../db/seed/demo-shops";
import { countGeography, seedCategories, seedGeography } from "../db/seed/seed";
import { getConnection } from "./db.server";
import { countCategories } from "./domain/catalog/categories.server";
import { countKatoUnits } from "./domain/geo/kato-import.server";
import { getEnv, type Env } from "./env.server";
import { seedingInBackground } from "./readiness.server";
import { scheduleBackgroundWork } from "./jobs.server";
import { describeBackupPlan } from "./domain/ops/backup-runner.server";

/** Statuses the HTTP server answers on its own guard, with the app's page. */
export type Refusal = 400 | 403 | 411 | 413;

declare module "@remix-run/node" {
  /** What the HTTP server passes to every loader and action. */
  interface AppLoadContext {
    cspNonce: string;
    refusal?: Refusal;
    /**
     * The client's address, for the per-address limits and the audit log: the
     * socket's, or behind the proxies TRUST_PROXY names the one they saw.
     */
    clientIp: string;
    /** The id the request log and the X-Request-Id header carry. */
    requestId?: string;
    /** /metrics' figures of the server processes: requests and latencies of all of them together, and their memory. */
    serverMetrics?: () => Promise<string>;
    /**
     * The database's change stamp when the request arrived, for a page that may be kept for the
     * next anonymous visitor (app/web/page-cache.server.ts); absent: the page is not kept.
     */
    pageStamp?: string;
  }
}

export interface StartupResult {
  env: Env;
  close: () => void;
}

function openConnection(env: Env) {
  try {
    return getConnection();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot open the database at DATABASE_PATH=${env.DATABASE_PATH}: ${reason}`);
  }
}

/**
 * Makes the database ready for serving: opens it (pragmas read back,
 * migrations applied) and seeds an empty one. Returns the demo seeding, which
 * writes in the background (a promise), when a new demo database needs it.
 */
function prepareDatabase(env: Env): Promise<void> | undefined {
  const { db } = openConnection(env);
  const newDatabase = countGeography(db).regions === 0;
  if (newDatabase || countKatoUnits(db) === 0) {
    // Every district and settlement of the classifier (decision 0018), on a new database and on one made
    // before the classifier was part of the hub — whose demo villages then move onto their real settlements.
    const started = performance.now();
    const { kato } = seedGeography(db, { demo: newDatabase ? env.DEMO_DATA : env.DEMO_DATA && countGeography(db).villages > 0, classifier: true });
    if (kato) console.log(`KATO classifier loaded: ${kato.added.districts} districts, ${kato.added.settlements} settlements in ${Math.round(performance.now() - started)} ms`);
  }
  // The category tree is seeded once; after that it is the admins' to edit.
  if (countCategories(db) === 0) seedCategories(db);
  // A new database with demo data also gets demo sellers and goods, so a newcomer has something to
  // browse. Their photos take a second or two to encode, and the demo appears all at once (one
  // transaction) when they are ready. Then eighteen months of finished orders (db/seed/demo-history.ts),
  // written a slice at a time so requests are answered in between; it stops if the database is closed
  // meanwhile, and a later `npm run db:seed` finishes it.
  if (!newDatabase || !env.DEMO_DATA) return undefined;
  return seedDemoShops(db)
    .then(async (r) => {
      if (r.created) console.log(demoSignInHint(r));
      const history = await seedDemoHistory(db);
      if (history.created) console.log(demoHistoryHint(history));
    })
    .catch((e: unknown) => console.error("Demo shops or history not seeded:", e));
}

/**
 * With several server processes (WEB_CONCURRENCY > 1, decision 0021): run
 * once, in a process of its own, before the serving processes are started —
 * migrations and seeding, demo history included, to the end. Throws with a
 * message naming what is wrong.
 */
export async function prepare(): Promise<void> {
  const env = getEnv();
  await prepareDatabase(env);
  getConnection().sqlite.close();
}

/**
 * Runs before the server accepts a request: checks the environment, opens the
 * database (pragmas read back, migrations applied) and, unless `prepared` says
 * another process did it before this one started, seeds an empty one (the demo
 * shops in the background: the server serves meanwhile, /ready says when they
 * are written). Then takes part in the choice of the process that does the
 * background work. Throws with a message naming what is wrong; the server then
 * does not start.
 */
export function startup(options: { prepared?: boolean } = {}): StartupResult {
  const env = getEnv();
  if (options.prepared) openConnection(env);
  else {
    const seeding = prepareDatabase(env);
    if (seeding) seedingInBackground(seeding);
  }
  const connection = getConnection();
  // Order deadlines and refunds (DESIGN §3), the outbox's retries, backups (DB-06) and WAL
  // checkpoints (DB-08): in exactly one of the server processes on this database.
  console.log(describeBackupPlan());
  const stopBackgroundWork = scheduleBackgroundWork(connection);
  return {
    env,
    close: () => {
      stopBackgroundWork();
      connection.sqlite.close();
    },
  };
}
