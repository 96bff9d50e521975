/**
 * `npm run bench`: measures the budgets of DESIGN §6 on the production build
 * and prints them. It reports; it asserts nothing (timed tests are flaky on a
 * shared machine, a printed number is not).
 *
 * One server process, started here on a free port with a fresh database in a
 * temporary directory (migrated and seeded with the demo data on start):
 *  - bytes on the wire for each page's HTML and what it links (compressed, as a
 *    browser asks for it), against the 14 KB first-round-trip budget;
 *  - latency with one client, and throughput with ten, relative to /hello;
 *  - the server's resident memory while it is under load.
 *
 * BENCH_REQUESTS and BENCH_SECONDS shorten or lengthen the runs.
 *
 * DESIGN §6's dataset: `npm run bench -- --generate` makes 100 villages,
 * 10 000 sellers and 100 000 listings with `npm run db:demo` once (kept in
 * the temporary directory for later runs), or BENCH_DATASET=<file> names a
 * database made that way. The server then runs on a copy of it, and the bench
 * adds the catalog, a search, a listing page and a village storefront, and the
 * size of the catalog's thumbnails.
 *
 * The dataset also holds 1 000 000 finished orders over 18 months (db:demo
 * --orders, shaped by the demo history's seasons; no ledger, rollups built by
 * rebuildRollups). On it the bench measures, with one client signed in as an
 * admin (a user, an admin grant and a session made in the server's copy by the
 * app's own functions, sent as the `sid` cookie), the insights dashboards:
 * national (/insights), a region (/insights/regions/<iso>) and a village
 * drill-down (/insights/villages/<slug>), against the 200 ms region budget.
 * BENCH_DASHBOARD_REQUESTS sets how many requests each (default 300).
 *
 * It also prints how long the server took to load the KATO classifier into a
 * new database, and the admin's settlement search over it (/admin/hubs?q=…).
 * Last, photo uploads (issue 13 §4): large camera JPEGs (48 megapixels, as a
 * phone sends them with JavaScript off) posted to the upload endpoint
 * /seller/listings/photos by 4, then 8 sellers at once, signed in with
 * sessions made in the server's database; the server's peak resident memory
 * during each round and what stays resident a few seconds after it. Then one
 * seller sends 4 at once: the per-person limit answers some with 429.
 * `npm run bench -- --uploads` measures only these.
 *
 * On the dataset, issue 18 adds: every buyer page (home, catalog, a common
 * word's search by relevance, price and date, a listing, a village, a seller)
 * with its share of /hello and the server's CPU per request beside it (CPU
 * time swings less than req/s on a machine others keep busy; the load average
 * is printed) — first as served, where an anonymous visitor may get the
 * page kept from the previous one (decision 0029; the bench's clients send no
 * cookie, so after the first request of each page they do), then from a
 * second server on the same file with PAGE_CACHE_SECONDS=0, which renders
 * every page as it does for a signed-in person; the catalog and a listing with one and then two server
 * processes on the same file (WEB_CONCURRENCY=2), as a ratio; and the
 * writer (scripts/bench-writer.ts): checkouts and order events per second for
 * BENCH_WRITER_SECONDS (30) each with synchronous=FULL while the server
 * answers readers on the same file, their p50/p99, the WAL's peak size and
 * how many checkpoints emptied it.
 *
 * The work areas' JavaScript (issue 20, docs/offline.md): what a seller's
 * phone downloads, compressed, on a first visit to the seller's screens (the
 * scripts each page names, and the service worker it registers) and on a
 * later one, when the worker serves the hashed scripts from its cache and only
 * sw.js is checked for an update — against the 100 KB first-visit budget.
 *
 * Issue 17: a shipment of 200 parcels made at a village hub (scripts/bench-shipments.ts); the
 * hub screen, the shipment, its manifest and its labels with one client (BENCH_SHIPMENT_REQUESTS, 100).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import fs from "node:fs";
import { shipmentOf200 } from "./bench-shipments";
import http from "node:http";
import { createRequire } from "node:module";
import { freePort } from "./free-port";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { percentile } from "./bench-writer";

const BASIC_PAGES = ["/hello", "/", "/villages/besagash", "/regions/kz-19"];
let PAGES = BASIC_PAGES;
/** The insights dashboards measured on the dataset (signed in as an admin). */
let DASHBOARDS: string[] = [];
/** DESIGN §6: a catalog thumbnail is at most 15 KB. */
const THUMBNAIL_BUDGET_BYTES = 15 * 1024;
const DATASET_SIZE = { villages: 100, sellers: 10_000, listings: 100_000, orders: 1_000_000, photos: 24 };
/** DESIGN §6: a region dashboard p95 ≤ 200 ms with one client, from rollups. */
const DASHBOARD_BUDGET_MS = 200;
const DASHBOARD_REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 300);
/** DESIGN §6: a buyer page fits the first TCP round trip (initial window of 10 segments ≈ 14 KB). */
const PAGE_BUDGET_BYTES = 14 * 1024;
const MEMORY_BUDGET_MB = 250;
/**
 * `npm run bench -- --only=dashboards,shipments` runs only the parts named (pages, latency,
 * dashboards, settlements, shipments, throughput, scaling, writer, uploads, lighthouse), to re-read
 * a figure without the whole run; `--uploads` is `--only=uploads`. Without either, everything.
 */
const ONLY = (() => {
  const named = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  if (named) return new Set(named.split(","));
  return process.argv.includes("--uploads") ? new Set(["uploads"]) : undefined;
})();
const wants = (part: string) => ONLY === undefined || ONLY.has(part);
const UPLOADS_ONLY = ONLY !== undefined && ONLY.size === 1 && ONLY.has("uploads");
const LATENCY_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARM_UP_REQUESTS = 200;
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const THROUGHPUT_CONNECTIONS = 10;
/** What a phone's browser sends: compressed responses, Kazakh first. */
const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml",
  "accept-encoding": "gzip, br",
  "accept-language": "kk-KZ,kk;q=0.9,ru;q=0.8",
};

// ---------------------------------------------------------------------------
// autocannon ships no types: the little of its API used here.

interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonRun extends PromiseLike<AutocannonResult> {
  on(
    event: "response",
    listener: (client: unknown, statusCode: number, responseBytes: number, responseTimeMs: number) => void,
  ): AutocannonRun;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  amount?: number;
  duration?: number;
  headers: Record<string, string>;
}) => AutocannonRun;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

// ---------------------------------------------------------------------------
// The server

const ROOT = path.resolve(import.meta.dirname, "..");
const BUILD_OUTPUT = path.join(ROOT, "build/server/index.js");

function ensureBuild(): void {
  if (fs.existsSync(BUILD_OUTPUT)) {
    const age = (Date.now() - fs.statSync(BUILD_OUTPUT).mtimeMs) / 60_000;
    console.log(`Using the existing build (made ${age < 1 ? "just now" : `${Math.round(age)} min ago`}; \`npm run build\` to refresh).`);
    return;
  }
  console.log("No build yet: running `npm run build`…");
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
}

interface Server {
  child: ChildProcess;
  port: number;
  databaseDir: string;
  /** False for a second server on another's database: stopping it leaves the directory. */
  ownsDirectory: boolean;
  output: string[];
  /** `sid=<token>` of an admin, on the dataset. */
  adminCookie?: string;
}

/**
 * An admin with a session in the server's database, made as the app makes
 * them (findOrCreateUser, grantRole, createSession), for the insights pages.
 */
async function adminSession(database: string): Promise<string> {
  const { openDatabase, writeTransaction } = await import("../app/db.server");
  const { findOrCreateUser, grantRole } = await import("../app/domain/identity/users.server");
  const { createSession } = await import("../app/domain/identity/sessions.server");
  const { sqlite, db } = openDatabase(database);
  try {
    const now = new Date();
    const user = findOrCreateUser(db, "+77099999999", now);
    const granted = grantRole(db, { actorUserId: null, userId: user.id, role: "admin", ip: "bench" }, now);
    if (!granted.ok && granted.reason !== "identity.role_exists") throw new Error(`bench admin: ${granted.reason}`);
    return `sid=${writeTransaction(db, (tx) => createSession(tx, user.id, now))}`;
  } finally {
    sqlite.close();
  }
}

/**
 * What `npm start` and `npm run serve` run the server with (package.json):
 * a 4 MB young generation per semi-space instead of 16, and two malloc arenas
 * instead of one per thread (zlib and SQLite work on several), which keep the
 * resident memory under load within DESIGN §6 (decision 0007).
 */
const SERVER_NODE_FLAGS = ["--max-semi-space-size=4"];
// No scheduled backup in the middle of a measurement: it would copy and check the whole dataset.
// One server process unless said otherwise (WEB_CONCURRENCY, decision 0021): its pid's RSS and CPU are the server's.
const SERVER_ENVIRONMENT = { MALLOC_ARENA_MAX: "2", BACKUP_EVERY_MINUTES: "0", WEB_CONCURRENCY: "1" };

/**
 * Sessions for up to `count` sellers of the server's database (made as the app
 * makes them), each as a `sid=` cookie.
 */
async function sellerSessions(database: string, count: number): Promise<string[]> {
  const { openDatabase, writeTransaction } = await import("../app/db.server");
  const { createSession } = await import("../app/domain/identity/sessions.server");
  const { sqlite, db } = openDatabase(database);
  try {
    const rows = sqlite
      .prepare("SELECT DISTINCT user_id AS userId FROM role_grants WHERE role = 'seller' AND revoked_at IS NULL ORDER BY user_id LIMIT ?")
      .all(count) as { userId: number }[];
    const now = new Date();
    return rows.map((row) => `sid=${writeTransaction(db, (tx) => createSession(tx, row.userId, now))}`);
  } finally {
    sqlite.close();
  }
}

/**
 * The production server as one node process (no tsx wrapper process), so its pid's RSS is the server's;
 * `on` starts another (with `processes` serving processes) on that server's database file.
 */
async function startServer(dataset?: Dataset, on?: { server: Server; processes: number; environment?: Record<string, string> }): Promise<Server> {
  const port = await freePort();
  const databaseDir = on?.server.databaseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "auyl-bench-"));
  // A copy: the server migrates and writes its settings; the dataset stays as made.
  if (dataset && !on) fs.copyFileSync(dataset.database, path.join(databaseDir, "auyl.db"));
  // Photos too, so the uploads measured below leave nothing in the dataset's folder or in data/photos.
  const photos = path.join(databaseDir, "photos");
  if (dataset && !on) fs.cpSync(dataset.photos, photos, { recursive: true });
  const adminCookie = on ? on.server.adminCookie : dataset ? await adminSession(path.join(databaseDir, "auyl.db")) : undefined;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...SERVER_ENVIRONMENT,
      ...(on ? { WEB_CONCURRENCY: String(on.processes), ...on.environment } : {}),
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: path.join(databaseDir, "auyl.db"),
      PHOTOS_DIR: photos,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const server = { child, port, databaseDir, ownsDirectory: !on, output, adminCookie };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await get(port, "/hello", {}).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) {
      // On a fresh demo database the server writes the demo history in the background: measure after it.
      if (!dataset && !on) await waitForDemoHistory(server);
      return server;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopServer(server);
  throw new Error(`The server did not start:\n${output.join("")}`);
}

async function waitForDemoHistory(server: Server): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && server.child.exitCode === null) {
    if (server.output.join("").includes("Demo history")) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log("The demo history was not reported written within 3 minutes: measuring anyway.");
}

async function stopServer({ child, databaseDir, ownsDirectory }: Server): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (ownsDirectory) fs.rmSync(databaseDir, { recursive: true, force: true });
}

/** VmRSS of a process in MB, from /proc (Linux only). */
function residentMb(pid: number): number | undefined {
  try {
    const line = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return line ? Number(line[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used (user + system), in ms, from /proc (Linux; 100 clock ticks a second). */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

// ---------------------------------------------------------------------------
// The generated dataset

interface Dataset {
  database: string;
  photos: string;
}

/** BENCH_DATASET, or with --generate the cached DESIGN §6 dataset (made on first use). */
function chooseDataset(): Dataset | undefined {
  const named = process.env.BENCH_DATASET;
  if (named) {
    if (!fs.existsSync(named)) throw new Error(`BENCH_DATASET=${named}: no such file`);
    return { database: path.resolve(named), photos: path.resolve(process.env.BENCH_PHOTOS ?? path.join(path.dirname(named), "photos")) };
  }
  if (!process.argv.includes("--generate")) return undefined;
  const dir = path.join(os.tmpdir(), `auyl-bench-dataset-v3-${DATASET_SIZE.villages}-${DATASET_SIZE.sellers}-${DATASET_SIZE.listings}-${DATASET_SIZE.orders}`);
  const dataset = { database: path.join(dir, "auyl.db"), photos: path.join(dir, "photos") };
  if (fs.existsSync(path.join(dir, "complete"))) {
    console.log(`Using the generated dataset in ${dir} (delete it to make a new one).`);
    return dataset;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  console.log(`Generating the DESIGN §6 dataset in ${dir}…`);
  execFileSync(
    process.execPath,
    [
      "--import", "tsx", "scripts/db-demo.ts",
      "--villages", String(DATASET_SIZE.villages), "--sellers", String(DATASET_SIZE.sellers), "--listings", String(DATASET_SIZE.listings),
      "--orders", String(DATASET_SIZE.orders),
      "--photos", String(DATASET_SIZE.photos), "--database", dataset.database, "--photos-dir", dataset.photos,
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
  // Folded into the main file, so a copy is the whole database.
  const db = new Database(dataset.database);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  fs.writeFileSync(path.join(dir, "complete"), new Date().toISOString());
  return dataset;
}

/** Pages of the dataset worth measuring: a photographed active listing and a village with goods. */
function datasetPages(dataset: Dataset): string[] {
  const db = new Database(dataset.database, { readonly: true });
  try {
    const listing = db
      .prepare(
        `SELECT l.id, l.seller_id AS sellerId FROM listings l WHERE l.status = 'active' AND l.description_kk IS NOT NULL
           AND EXISTS (SELECT 1 FROM listing_photos p WHERE p.listing_id = l.id) ORDER BY l.id LIMIT 1 OFFSET 5000`,
      )
      .get() as { id: number; sellerId: number } | undefined;
    const village = db
      .prepare("SELECT v.slug FROM villages v WHERE v.story_kk IS NOT NULL ORDER BY v.id LIMIT 1 OFFSET 20")
      .get() as { slug: string } | undefined;
    if (!listing || !village) throw new Error("the dataset has no active listing with photos or no village with a story");
    // The region with the most villages selling, and its busiest village.
    const busiest = db
      .prepare(
        `SELECT v.slug AS slug, lower(r.iso_code) AS region FROM insights_seller_months m JOIN villages v ON v.id = m.village_id
           JOIN districts d ON d.id = v.district_id JOIN regions r ON r.id = d.region_id
          GROUP BY v.id ORDER BY SUM(m.gmv_tiyn) DESC LIMIT 1`,
      )
      .get() as { slug: string; region: string } | undefined;
    DASHBOARDS = busiest ? ["/insights", `/insights/regions/${busiest.region}`, `/insights/villages/${busiest.slug}`] : [];
    // Search: a common word (some 3 000 of 100 000 listings), by relevance, price and date (issue 18 §2).
    const search = `/catalog?q=${encodeURIComponent("орындық")}`;
    return ["/hello", "/", "/catalog", search, `${search}&sort=price_asc`, `${search}&sort=newest`, `/listings/${listing.id}`, `/villages/${village.slug}`, `/sellers/${listing.sellerId}`];
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------
// Transfer size

interface Transfer {
  status: number;
  /** Everything the server sent on the connection: status line, headers, (chunked) compressed body. */
  wireBytes: number;
  bodyBytes: number;
  encoding: string;
  text: string;
}

/** One request on its own connection, so the socket's byte count is this response's alone. */
function get(port: number, pathname: string, headers: Record<string, string>): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: pathname, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        const encoding = response.headers["content-encoding"] ?? "none";
        const decoded =
          encoding === "br" ? zlib.brotliDecompressSync(body) : encoding === "gzip" ? zlib.gunzipSync(body) : body;
        resolve({
          status: response.statusCode ?? 0,
          wireBytes: response.socket.bytesRead,
          bodyBytes: body.length,
          encoding,
          text: decoded.toString("utf8"),
        });
      });
    });
    request.on("error", reject);
    request.setTimeout(10_000, () => request.destroy(new Error(`GET ${pathname} timed out`)));
  });
}

/** The subresources a first visit loads before images: stylesheets and scripts. */
function linkedResources(html: string): { stylesheets: string[]; scripts: string[]; inlineScripts: number } {
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const stylesheets: string[] = [];
  const scripts: string[] = [];
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const rel = attribute(tag, "rel") ?? "";
    const href = attribute(tag, "href");
    if (!href) continue;
    if (rel === "stylesheet") stylesheets.push(href);
    if (rel === "modulepreload" || (rel === "preload" && attribute(tag, "as") === "script")) scripts.push(href);
  }
  let inlineScripts = 0;
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = attribute(tag, "src");
    if (src) scripts.push(src);
    // A schema.org data block (issue 19) is data, not a script the page runs.
    else if (attribute(tag, "type") !== "application/ld+json") inlineScripts += 1;
  }
  return { stylesheets, scripts: [...new Set(scripts)], inlineScripts };
}

interface PageWeight {
  page: string;
  status: number;
  html: Transfer;
  stylesheetWire: number;
  scriptWire: number;
  scriptCount: number;
  inlineScripts: number;
  totalWire: number;
}

async function weigh(port: number, page: string): Promise<PageWeight> {
  const html = await get(port, page, BROWSER_HEADERS);
  const linked = linkedResources(html.text);
  const sizeOf = async (href: string) => (await get(port, new URL(href, "http://x").pathname, BROWSER_HEADERS)).wireBytes;
  const stylesheetWire = (await Promise.all(linked.stylesheets.map(sizeOf))).reduce((a, b) => a + b, 0);
  const scriptWire = (await Promise.all(linked.scripts.map(sizeOf))).reduce((a, b) => a + b, 0);
  return {
    page,
    status: html.status,
    html,
    stylesheetWire,
    scriptWire,
    scriptCount: linked.scripts.length,
    inlineScripts: linked.inlineScripts,
    totalWire: html.wireBytes + stylesheetWire + scriptWire,
  };
}

/** DESIGN §6: a work area that hydrates downloads at most 100 KB of compressed JavaScript on a first visit. */
const WORK_AREA_JS_BUDGET_BYTES = 100 * 1024;
const WORK_AREA_PAGES = ["/seller/orders", "/seller/listings", "/seller/listings/new"];

/** First and repeat visit JavaScript of the seller's screens, signed in as a demo seller. */
async function workAreaJavaScript(server: Server): Promise<void> {
  const [cookie] = await sellerSessions(path.join(server.databaseDir, "auyl.db"), 1);
  if (!cookie) return console.log("\nNo seller in the database: the work areas' JavaScript is not measured.");
  const headers = { ...BROWSER_HEADERS, cookie };
  const wire = async (href: string) => (await get(server.port, new URL(href, "http://x").pathname, BROWSER_HEADERS)).wireBytes;
  const worker = await get(server.port, "/sw.js", BROWSER_HEADERS);
  const rows: (string | number)[][] = [];
  for (const page of WORK_AREA_PAGES) {
    const html = await get(server.port, page, headers);
    const scripts = linkedResources(html.text).scripts;
    const scriptWire = (await Promise.all(scripts.map(wire))).reduce((a, b) => a + b, 0);
    const hasWorker = worker.status === 200 && scripts.some((src) => /^\/offline-[\w-]+\.js$/.test(src));
    const first = scriptWire + (hasWorker ? worker.wireBytes : 0);
    // Later visits: hashed scripts come from the worker's cache; the browser fetches sw.js to compare.
    const repeat = hasWorker ? worker.wireBytes : scriptWire;
    rows.push([
      page,
      html.status,
      scripts.length,
      bytes(scriptWire),
      hasWorker ? bytes(worker.wireBytes) : "none",
      bytes(first),
      `${Math.round((100 * first) / WORK_AREA_JS_BUDGET_BYTES)} %${first > WORK_AREA_JS_BUDGET_BYTES ? " OVER" : ""}`,
      bytes(repeat),
    ]);
  }
  console.log(`\nWork areas' JavaScript, compressed on the wire, as a demo seller (DESIGN §6: first visit ≤ ${bytes(WORK_AREA_JS_BUDGET_BYTES)} B; a hydrating page also loads its language's translations on start, not counted)`);
  console.log(table(["page", "status", "scripts", "scripts wire", "sw.js wire", "first visit", "of budget", "repeat visit"], rows));
}

// ---------------------------------------------------------------------------
// Load

interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
}


async function load(
  port: number,
  page: string,
  connections: number,
  limit: { amount?: number; duration?: number },
  headers: Record<string, string> = BROWSER_HEADERS,
): Promise<LoadResult> {
  const times: number[] = [];
  const startedAt = performance.now();
  const run = autocannon({ url: `http://127.0.0.1:${port}${page}`, connections, headers, ...limit });
  // autocannon's own histogram has no p95: keep every response time instead.
  run.on("response", (_client, _status, _bytes, responseTimeMs) => times.push(responseTimeMs));
  const result = await run;
  const seconds = (performance.now() - startedAt) / 1000;
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    perSecond: times.length / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

// ---------------------------------------------------------------------------
// Printing

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

const bytes = (n: number) => n.toLocaleString("en-US");
const ms = (n: number) => n.toFixed(1);

// ---------------------------------------------------------------------------

/** The catalog's thumbnails as a phone loads them: each image's bytes on the wire. */
async function thumbnails(port: number, page: string): Promise<number[]> {
  const html = await get(port, page, BROWSER_HEADERS);
  const sources = [...html.text.matchAll(/<img\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? "");
  const sizes: number[] = [];
  for (const source of sources.slice(0, 24)) {
    const image = await get(port, source, { ...BROWSER_HEADERS, accept: "image/webp,image/*" });
    if (image.status === 200) sizes.push(image.bodyBytes);
  }
  return sizes;
}

/** The admin's search over the whole KATO classifier (issue 12 §2), and how long loading it took at start. */
const SETTLEMENT_SEARCHES = ["/admin/hubs?q=besagash", "/admin/hubs?q=%D0%91%D0%B5%D1%81%D0%B0%D2%93%D0%B0%D1%88", "/admin/hubs?q=karabulak+sairam", "/admin/hubs?q=ka", "/admin/hubs?q=196243100"];

async function settlementSearch(server: Server): Promise<void> {
  const loaded = /KATO classifier loaded: .*/.exec(server.output.join(""))?.[0];
  console.log(`\n${loaded ?? "The KATO classifier was already in the database (no load at start)."}`);
  const headers = { ...BROWSER_HEADERS, cookie: server.adminCookie ?? (await adminSession(path.join(server.databaseDir, "auyl.db"))) };
  const results: LoadResult[] = [];
  for (const page of SETTLEMENT_SEARCHES) {
    await load(server.port, page, 1, { amount: 20 }, headers);
    results.push(await load(server.port, page, 1, { amount: 300 }, headers));
  }
  console.log("Settlement search over the classifier (the admin's /admin/hubs page, whole page rendered), 1 connection, 300 requests each (ms)");
  console.log(
    table(
      ["page", "p50", "p95", "p99", "req/s", "failed"],
      SETTLEMENT_SEARCHES.map((page, i) => {
        const r = results[i] as LoadResult;
        return [decodeURIComponent(page), ms(r.p50), ms(r.p95), ms(r.p99), Math.round(r.perSecond), r.failures];
      }),
    ),
  );
}

/** Issue 17: the hub screen and a 200-parcel shipment's pages, one client, signed in as the hub's coordinator. */
async function shipmentScreens(server: Server): Promise<void> {
  const made = await shipmentOf200(path.join(server.databaseDir, "auyl.db"));
  if (typeof made === "string") return console.log(`\n${made}`);
  const headers = { ...BROWSER_HEADERS, cookie: made.cookie };
  const results: LoadResult[] = [];
  for (const page of made.pages) {
    await load(server.port, page, 1, { amount: 10 }, headers);
    results.push(await load(server.port, page, 1, { amount: BENCH_SHIPMENT_REQUESTS }, headers));
  }
  console.log(`\nShipments (issue 17): a hub with a shipment of 200 parcels, 1 connection, ${BENCH_SHIPMENT_REQUESTS} requests each (ms; budget 200 ms p95)`);
  console.log(
    table(
      ["page", "p50", "p95", "p99", "req/s", "failed"],
      made.pages.map((page, i) => {
        const r = results[i] as LoadResult;
        return [page, ms(r.p50), ms(r.p95), ms(r.p99), Math.round(r.perSecond), r.failures];
      }),
    ),
  );
}
const BENCH_SHIPMENT_REQUESTS = Number(process.env.BENCH_SHIPMENT_REQUESTS ?? 100);

// ---------------------------------------------------------------------------
// Photo uploads

/** A phone camera's full-size photo: 8000 × 6000 (48 megapixels, under the 50 MP cap), some texture, JPEG. */
async function cameraJpeg(seed: number): Promise<Buffer> {
  const sharp = (await import("sharp")).default;
  const small = Buffer.alloc(1000 * 750 * 3);
  let state = seed * 2654435761;
  for (let i = 0; i < small.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    small[i] = 60 + (state >>> 24) / 2;
  }
  return sharp(small, { raw: { width: 1000, height: 750, channels: 3 } })
    .resize(8000, 6000, { kernel: "cubic" })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** POSTs one photo as the listing page's script does (multipart: csrf, photo). */
function postPhoto(port: number, cookie: string, csrf: { token: string; cookie: string }, photo: Buffer): Promise<number> {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf.token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="IMG_0001.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/seller/listings/photos",
        method: "POST",
        agent: false,
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(head.length + photo.length + tail.length),
          cookie: `${cookie}; ${csrf.cookie}`,
          origin: `http://127.0.0.1:${port}`,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.setTimeout(120_000, () => request.destroy(new Error("upload timed out")));
    // Sent in 64 KB pieces, as a socket would carry it.
    const body = Buffer.concat([head, photo, tail]);
    for (let offset = 0; offset < body.length; offset += 65_536) request.write(body.subarray(offset, offset + 65_536));
    request.end();
  });
}

/** The CSRF token of a page's forms and its cookie, as a browser gets them. */
async function csrfOf(port: number, cookie: string): Promise<{ token: string; cookie: string }> {
  const page = await new Promise<{ text: string; setCookie: string[] }>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/seller/listings/new", headers: { cookie }, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ text: Buffer.concat(chunks).toString("utf8"), setCookie: response.headers["set-cookie"] ?? [] }));
      })
      .on("error", reject);
  });
  const token = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  const csrfCookie = page.setCookie.map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith("csrf="));
  if (!token || !csrfCookie) throw new Error("no CSRF token on /seller/listings/new");
  return { token, cookie: csrfCookie };
}

interface UploadRound {
  label: string;
  statuses: number[];
  seconds: number;
  before: number;
  peak: number;
  settled: number;
}

async function uploadRounds(server: Server, pid: number): Promise<UploadRound[] | string> {
  const database = path.join(server.databaseDir, "auyl.db");
  const sessions = await sellerSessions(database, 8);
  if (sessions.length < 8) return `only ${sessions.length} sellers in the database: photo uploads not measured`;
  const csrfs = await Promise.all(sessions.map((cookie) => csrfOf(server.port, cookie)));
  const photos: Buffer[] = [];
  for (let i = 1; i <= 8; i++) photos.push(await cameraJpeg(i));
  const rounds: UploadRound[] = [];
  const round = async (label: string, senders: number[]) => {
    const before = residentMb(pid) ?? 0;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, residentMb(pid) ?? 0)), 50);
    const startedAt = performance.now();
    const statuses = await Promise.all(senders.map((who, i) => postPhoto(server.port, sessions[who]!, csrfs[who]!, photos[i % photos.length]!)));
    const seconds = (performance.now() - startedAt) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    clearInterval(sampler);
    peak = Math.max(peak, residentMb(pid) ?? 0);
    rounds.push({ label, statuses, seconds, before, peak, settled: residentMb(pid) ?? 0 });
  };
  console.log(`\nPhoto uploads: ${photos.length} camera JPEGs of 8000 × 6000, ${(photos.reduce((a, p) => a + p.length, 0) / photos.length / 1048576).toFixed(1)} MB on average, to /seller/listings/photos`);
  await round("4 sellers at once", [0, 1, 2, 3]);
  await round("8 sellers at once", [0, 1, 2, 3, 4, 5, 6, 7]);
  await round("1 seller, 4 at once", [0, 0, 0, 0]);
  return rounds;
}

/**
 * Every page's throughput with 10 clients and the server's CPU per request, against /hello's in
 * the same run (DESIGN §6). The server's CPU per request swings less than req/s on a machine
 * other people's work keeps busy.
 */
async function throughputTable(port: number, pid: number, what: string): Promise<void> {
  const throughput: (LoadResult & { cpuMsPerRequest: number })[] = [];
  const loadBefore = loadAverage();
  for (const page of PAGES) {
    const cpuBefore = cpuMs(pid);
    const result = await load(port, page, THROUGHPUT_CONNECTIONS, { duration: THROUGHPUT_SECONDS });
    throughput.push({ ...result, cpuMsPerRequest: (cpuMs(pid) - cpuBefore) / result.requests });
  }
  const hello = throughput[0]?.perSecond ?? Number.NaN;
  const helloCpu = throughput[0]?.cpuMsPerRequest ?? Number.NaN;
  console.log(`\nThroughput, ${what}; ${THROUGHPUT_CONNECTIONS} connections, ${THROUGHPUT_SECONDS} s per page (DESIGN §6: every buyer page ≥ 50 % of /hello)`);
  console.log(
    table(
      ["page", "req/s", "of /hello", "CPU ms/req", "/hello's CPU", "p50 ms", "p95 ms", "p99 ms", "requests", "failed"],
      PAGES.map((page, i) => {
        const r = throughput[i]!;
        const share = Math.round((100 * r.perSecond) / hello);
        return [decodeURIComponent(page), Math.round(r.perSecond), `${share} %${share < 50 ? " UNDER" : ""}`, r.cpuMsPerRequest.toFixed(2), `${Math.round((100 * helloCpu) / r.cpuMsPerRequest)} %`, ms(r.p50), ms(r.p95), ms(r.p99), r.requests, r.failures];
      }),
    ),
  );
  console.log(
    `"/hello's CPU": /hello's server CPU per request over this page's (the share the page would reach if only the server's CPU counted). ` +
      `Load average ${loadBefore} before, ${loadAverage()} after (1, 5, 15 min; ${os.cpus().length} CPUs shared with the load generator and other work).`,
  );
}

/**
 * The same pages from a server that renders every one (PAGE_CACHE_SECONDS=0): what a signed-in
 * person, or the first visitor after a write, costs. One process on the same database file.
 */
async function everyPageRendered(one: Server): Promise<void> {
  const rendering = await startServer(undefined, { server: one, processes: 1, environment: { PAGE_CACHE_SECONDS: "0" } });
  try {
    for (const page of PAGES) await load(rendering.port, page, 2, { amount: WARM_UP_REQUESTS });
    await throughputTable(rendering.port, rendering.child.pid ?? 0, "every page rendered (PAGE_CACHE_SECONDS=0, a second server on the same file)");
  } finally {
    await stopServer(rendering);
  }
}

// ---------------------------------------------------------------------------
// Several processes, and the writer (issue 18)

const SCALING_WARM_UP_SECONDS = 5;
/** The pages whose throughput is compared with one and with two server processes. */
const SCALING_PAGES = (pages: string[]) => [pages[2]!, pages.find((p) => p.startsWith("/listings/"))!];

/**
 * Throughput of the catalog and a listing page with one server process (the
 * bench's server) and then with two (WEB_CONCURRENCY=2, a second server on
 * the same database file), one after the other in this run.
 */
async function processScaling(one: Server): Promise<void> {
  const pages = SCALING_PAGES(PAGES);
  const two = await startServer(undefined, { server: one, processes: 2 });
  try {
    const rows: (string | number)[][] = [];
    for (const page of pages) {
      // The new processes compile the page's code and fill their caches first, as the first server has.
      await load(two.port, page, THROUGHPUT_CONNECTIONS, { duration: SCALING_WARM_UP_SECONDS });
      const single = await load(one.port, page, THROUGHPUT_CONNECTIONS, { duration: THROUGHPUT_SECONDS });
      const double = await load(two.port, page, THROUGHPUT_CONNECTIONS, { duration: THROUGHPUT_SECONDS });
      rows.push([page, Math.round(single.perSecond), Math.round(double.perSecond), `${(double.perSecond / single.perSecond).toFixed(2)} ×`, single.failures + double.failures]);
    }
    console.log(`\nThroughput with 1 and 2 server processes on one database file (WEB_CONCURRENCY), ${THROUGHPUT_CONNECTIONS} connections, ${THROUGHPUT_SECONDS} s each`);
    console.log(table(["page", "1 process req/s", "2 processes req/s", "2 to 1", "failed"], rows));
    console.log(`Load average ${loadAverage()}; ${os.cpus().length} CPUs, which the load generator shares: two processes cannot double on two cores.`);
  } finally {
    await stopServer(two);
  }
}

const WRITER_SECONDS = Number(process.env.BENCH_WRITER_SECONDS ?? 30);
const WRITER_READERS = 4;

/** The single writer's capacity on the dataset, with the server answering readers on the same file (scripts/bench-writer.ts). */
async function writerCapacity(server: Server): Promise<void> {
  const { measureWriter } = await import("./bench-writer");
  const reading = PAGES[3] ?? "/catalog";
  const loadBefore = loadAverage();
  const report = await measureWriter(path.join(server.databaseDir, "auyl.db"), WRITER_SECONDS, (seconds) =>
    load(server.port, reading, WRITER_READERS, { duration: seconds }),
  );
  console.log(
    `\nThe writer on ${DATASET_SIZE.orders.toLocaleString("en-US")} orders, synchronous=${report.synchronous === 2 ? "FULL" : report.synchronous}, ${WRITER_SECONDS} s each, ` +
      `while ${WRITER_READERS} clients read ${decodeURIComponent(reading)} from the server on the same file`,
  );
  console.log(
    table(
      ["work", "per second", "p50 ms", "p99 ms", "done", "refused", "errors", "seconds"],
      report.phases.map((p) => [p.label, p.perSecond.toFixed(1), ms(p.p50), ms(p.p99), p.count, p.refused, p.errors, p.seconds.toFixed(1)]),
    ),
  );
  console.log(
    "A checkout is two transactions (the cart line, then the checkout: stock, checkout, order, line, event, outbox), each fsynced; " +
      "an order event is the payment captured (ledger transfers, one event per order), an accept or a drop, each its own transaction.",
  );
  console.log(
    `WAL: ${(report.walPeakBytes / 1048576).toFixed(1)} MB at most, ${(report.walEndBytes / 1048576).toFixed(1)} MB at the end; ` +
      `${report.checkpoints} checkpoints emptied it during the run (WAL header's checkpoint sequence). ` +
      `Load average ${loadBefore} before, ${loadAverage()} after.`,
  );
}

async function main(): Promise<void> {
  const began = performance.now();
  ensureBuild();
  const dataset = chooseDataset();
  if (dataset) PAGES = datasetPages(dataset);
  const server = await startServer(dataset);
  const pid = server.child.pid ?? 0;
  const startRss = residentMb(pid);
  let maxRss = startRss ?? 0;
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, residentMb(pid) ?? 0);
  }, 200);

  const stopOnSignal = () => {
    clearInterval(sampler);
    void stopServer(server).then(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);

  try {
    console.log(
      `\nAuyl Hub bench: production build, one server process (pid ${pid}) on 127.0.0.1:${server.port}, ` +
        `Node ${process.version}, ${os.cpus().length} CPUs shared with the load generator.`,
    );
    console.log(
      dataset
        ? `Generated dataset (${DATASET_SIZE.villages} villages, ${DATASET_SIZE.sellers.toLocaleString("en-US")} sellers, ${DATASET_SIZE.listings.toLocaleString("en-US")} listings, ${DATASET_SIZE.orders.toLocaleString("en-US")} orders) copied to ${server.databaseDir}.`
        : `Fresh database (migrated, demo data) in ${server.databaseDir}; \`npm run bench -- --generate\` for DESIGN §6's dataset.`,
    );
    console.log(`Requests carry Accept-Encoding: ${BROWSER_HEADERS["accept-encoding"]}, Accept-Language: kk.\n`);

    if (!UPLOADS_ONLY) {
      if (wants("pages")) {
        const weights: PageWeight[] = [];
        for (const page of PAGES) weights.push(await weigh(server.port, page));
        console.log(`Transfer on the wire per first visit (HTTP headers included; DESIGN §6 budget ${bytes(PAGE_BUDGET_BYTES)} B before images)`);
        console.log(
          table(
            ["page", "status", "HTML body", "enc", "HTML wire", "CSS wire", "JS wire", "total", "of budget", "JavaScript"],
            weights.map((w) => [
              w.page,
              w.status,
              bytes(w.html.bodyBytes),
              w.html.encoding,
              bytes(w.html.wireBytes),
              bytes(w.stylesheetWire),
              bytes(w.scriptWire),
              bytes(w.totalWire),
              `${Math.round((100 * w.totalWire) / PAGE_BUDGET_BYTES)} %${w.totalWire > PAGE_BUDGET_BYTES ? " OVER" : ""}`,
              w.scriptCount + w.inlineScripts === 0 ? "none" : `${w.scriptCount} files, ${w.inlineScripts} inline`,
            ]),
          ),
        );
        await workAreaJavaScript(server);
        if (dataset) {
          const sizes = await thumbnails(server.port, "/catalog");
          const largest = Math.max(0, ...sizes);
          const average = sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
          console.log(
            `\nCatalog thumbnails: ${sizes.length} on /catalog, ${bytes(Math.round(average))} B on average, ${bytes(largest)} B at most ` +
              `(DESIGN §6 budget ${bytes(THUMBNAIL_BUDGET_BYTES)} B each${largest > THUMBNAIL_BUDGET_BYTES ? ": OVER" : ""}).`,
          );
        }
      }

      if (wants("latency")) {
        const latency: LoadResult[] = [];
        for (const page of PAGES) {
          await load(server.port, page, 2, { amount: WARM_UP_REQUESTS });
          latency.push(await load(server.port, page, 1, { amount: LATENCY_REQUESTS }));
        }
        console.log(`\nLatency, 1 connection, ${LATENCY_REQUESTS} requests per page after ${WARM_UP_REQUESTS} to warm up (ms)`);
        console.log(
          table(
            ["page", "p50", "p95", "p99", "req/s", "failed"],
            PAGES.map((page, i) => {
              const r = latency[i] as LoadResult;
              return [page, ms(r.p50), ms(r.p95), ms(r.p99), Math.round(r.perSecond), r.failures];
            }),
          ),
        );
      }

      if (wants("dashboards") && DASHBOARDS.length > 0 && server.adminCookie) {
        const headers = { ...BROWSER_HEADERS, cookie: server.adminCookie };
        const first = await get(server.port, DASHBOARDS[1] ?? DASHBOARDS[0]!, headers);
        if (first.status !== 200) console.log(`\n${DASHBOARDS[1]} answered ${first.status} to the admin: the dashboards are not measured.`);
        else {
          const dashboards: LoadResult[] = [];
          for (const page of DASHBOARDS) {
            await load(server.port, page, 1, { amount: 20 }, headers);
            dashboards.push(await load(server.port, page, 1, { amount: DASHBOARD_REQUESTS }, headers));
          }
          console.log(
            `\nInsights dashboards on ${DATASET_SIZE.orders.toLocaleString("en-US")} orders, signed in as an admin, 1 connection, ${DASHBOARD_REQUESTS} requests each (ms; DESIGN §6: region p95 ≤ ${DASHBOARD_BUDGET_MS})`,
          );
          console.log(
            table(
              ["page", "p50", "p95", "p99", "req/s", "failed", "budget"],
              DASHBOARDS.map((page, i) => {
                const r = dashboards[i] as LoadResult;
                return [page, ms(r.p50), ms(r.p95), ms(r.p99), Math.round(r.perSecond), r.failures, r.p95 <= DASHBOARD_BUDGET_MS ? "within" : "OVER"];
              }),
            ),
          );
        }
        console.log(`Load average while measuring: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (other work on this machine counts too).`);
      }

      if (wants("settlements")) await settlementSearch(server);
      if (wants("shipments")) await shipmentScreens(server);

      if (wants("throughput")) await throughputTable(server.port, pid, "as served (PAGE_CACHE_SECONDS as configured: an anonymous visitor may get the page kept from the previous one, decision 0029)");
      if (dataset && wants("throughput")) await everyPageRendered(server);

      if (dataset && wants("scaling")) await processScaling(server);

    }
    maxRss = Math.max(maxRss, residentMb(pid) ?? 0);
    const pagesMaxRss = maxRss;
    if (dataset && wants("writer")) await writerCapacity(server);
    const uploads = wants("uploads") ? await uploadRounds(server, pid) : [];
    if (typeof uploads === "string") console.log(`\n${uploads}`);
    else if (uploads.length > 0) {
      const counts = (statuses: number[]) =>
        Object.entries(statuses.reduce<Record<number, number>>((all, s) => ({ ...all, [s]: (all[s] ?? 0) + 1 }), {}))
          .map(([status, n]) => `${n}×${status}`)
          .join(" ");
      console.log(
        table(
          ["round", "answers", "seconds", "RSS before MB", "peak MB", "5 s after MB", "budget"],
          uploads.map((r) => [r.label, counts(r.statuses), r.seconds.toFixed(1), r.before.toFixed(0), r.peak.toFixed(0), r.settled.toFixed(0), r.peak <= MEMORY_BUDGET_MB ? "within" : "OVER"]),
        ),
      );
      maxRss = Math.max(maxRss, ...uploads.map((r) => r.peak));
    }
    console.log(
      `\nServer memory (VmRSS) while serving pages: ${pagesMaxRss.toFixed(0)} MB at most.`,
    );
    console.log(
      `\nServer memory (VmRSS): ${startRss === undefined ? "?" : startRss.toFixed(0)} MB after start, ` +
        `${maxRss.toFixed(0)} MB at most during the run (DESIGN §6 budget ${MEMORY_BUDGET_MB} MB).`,
    );
    console.log(
      "Budgets are reported, not asserted. DESIGN §6's latency and throughput budgets are for the full dataset " +
        `(100 villages, 100 000 listings, 1 000 000 orders); this run uses ${dataset ? "the generated dataset with its orders" : "the demo data"}.`,
    );
  } finally {
    clearInterval(sampler);
    await stopServer(server);
    console.log(`\nServer stopped; bench took ${Math.round((performance.now() - began) / 1000)} s.`);
  }
}

await main();
// Lighthouse on the buyer's pages, its own server with demo data (scripts/lighthouse.ts); `--no-lighthouse` skips it.
if (wants("lighthouse") && !process.argv.includes("--no-lighthouse")) execFileSync("npm", ["run", "lighthouse"], { cwd: ROOT, stdio: "inherit" });
