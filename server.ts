/**
 * The HTTP server: security headers, compression, static files, the guards
 * every unsafe request passes (same origin, body size), then Remix. One
 * process serves development (with Vite); production runs WEB_CONCURRENCY
 * processes (one per core unless set) on the one database file, started by
 * server-supervisor.ts (decision 0021).
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import os from "node:os";
import v8 from "node:v8";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request, type Response } from "express";
import { configurationFindings, startRefusal } from "./app/env-check";
import { parseEnv, type Env } from "./app/env.server";
import type { Refusal, StartupResult } from "./app/startup.server";
import { expressTrustSetting } from "./app/trust-proxy";
import { HttpMetrics, processFigures, renderProcesses } from "./app/web/prometheus";
import { hasBadPercentEncoding, requestLogLine } from "./app/web/request-log";
import { routePatterns } from "./app/web/route-patterns";
import { answerForFigures, figuresOfEveryProcess, ROLE_VARIABLE, superviseServerProcesses } from "./server-supervisor";

const production = process.env.NODE_ENV === "production";

// The environment first, before the app is loaded: a start that production
// mode refuses (no session secret, development SMS or payments) stops at once
// with the settings to change (issue 12 §3, app/env-check.ts).
function checkedEnvironment(): Env {
  try {
    const checked = parseEnv(process.env);
    const refusal = startRefusal(checked);
    if (refusal) throw new Error(refusal);
    return checked;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
const env = checkedEnvironment();
if (cluster.isPrimary) for (const finding of configurationFindings(env)) console.warn(`Warning: ${finding.message}`);

const serverProcesses = production ? (env.WEB_CONCURRENCY ?? os.availableParallelism()) : 1;
// The first process of several only supervises the others; it never returns from here.
if (cluster.isPrimary && serverProcesses > 1) await superviseServerProcesses(serverProcesses);
const role = cluster.isWorker ? process.env[ROLE_VARIABLE] : undefined;

// Under ten clients V8 let the old generation grow to about three times what
// is live (~40 MB live, 120 MB of heap, 330 MB resident). Growing it by at
// most 100 % between full collections keeps the server within DESIGN §6's
// 250 MB; those collections are mostly incremental and concurrent. A V8 flag
// Node does not accept in NODE_OPTIONS, so it is set here, for every way the
// server is started (decision 0007).
v8.setFlagsFromString("--heap-growing-percent=100");

const viteDevServer = production
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

async function loadBuild(): Promise<ServerBuild> {
  if (viteDevServer) return (await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  const builtServer = "./build/server/index.js"; // made by `npm run build`
  return (await import(builtServer)) as ServerBuild;
}

const build = await loadBuild();
const entry = build.entry.module as unknown as {
  startup: (options: { prepared: boolean }) => StartupResult;
  prepare: () => Promise<void>;
  pageAgain: (request: globalThis.Request) => Promise<{ page: { status: number; headers: [string, string][]; body: string } } | { stamp: string | undefined }>;
};
let started: StartupResult;
try {
  // With several processes, one started for it migrates and seeds the database, then exits (decision 0021).
  if (role === "prepare") {
    await entry.prepare();
    process.exit(0);
  }
  // Opens the database, migrates and seeds it (unless the preparing process did) before the first request
  // is accepted (DB-09).
  started = entry.startup({ prepared: role === "serve" });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

function contentSecurityPolicy(nonce: string): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    production ? "style-src 'self'" : "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    production ? "connect-src 'self'" : "connect-src 'self' ws:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ];
  return directives.join("; ");
}

/** Origin or Sec-Fetch-Site must show the request came from our own pages (SEC-04). */
function comesFromOwnSite(req: Request): boolean {
  const origin = req.get("origin");
  if (origin) return origin === `${req.protocol}://${req.get("host")}` || env.ALLOWED_ORIGINS.includes(origin);
  const site = req.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  // No browser signal at all (old phones, scripts): the CSRF token still decides.
  return true;
}

/** Screens where photos are uploaded: listings of sellers and coordinators, a village's page, opening a hub. */
const UPLOAD_PATH = /^\/(seller\/listings|coordinator\/[^/]+\/(listings|page)|admin\/hubs)(\/|$)/;

function bodyRefusal(req: Request): Refusal | undefined {
  const declared = req.get("content-length");
  if (declared === undefined) return req.get("transfer-encoding") ? 411 : undefined;
  const limit = UPLOAD_PATH.test(req.path) ? env.MAX_UPLOAD_BYTES : env.MAX_BODY_BYTES;
  return Number(declared) > limit ? 413 : undefined;
}

/**
 * The client's address: the one place every consumer reads it from (the
 * per-address sign-in and report limits, the audit log, the request log).
 * Express computes it from exactly the proxies TRUST_PROXY names: with none,
 * the socket's address, whatever X-Forwarded-For says (decision 0016).
 */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

/** Answers the request with the app's translated page for this status (the refusal route), its body unread. */
function refuse(req: Request, res: Response, status: Refusal): void {
  res.locals.refusal = status;
  req.method = "GET";
  req.url = req.originalUrl = "/refusal";
  res.setHeader("Connection", "close");
}

const httpMetrics = new HttpMetrics();
answerForFigures(() => processFigures(httpMetrics));
// In development the route table is the one at start; a route added meanwhile is named after a restart.
const routePattern = routePatterns(build.routes);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", expressTrustSetting(env.TRUST_PROXY));

// Every request gets an id (sent back as X-Request-Id) and, once answered, one
// JSON line in the log and its place in the metrics (issue 12 §6).
app.use((req, res, next) => {
  const startedAt = process.hrtime.bigint();
  const requestId = crypto.randomUUID();
  const { method, path } = req;
  res.locals.requestId = requestId;
  res.setHeader("X-Request-Id", requestId);
  res.on("close", () => {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const route = res.locals.badPath ? "(bad path)" : res.locals.byApp ? routePattern(path) : "static";
    httpMetrics.record(route, method, res.statusCode, seconds);
    const line = requestLogLine({
      time: new Date(),
      requestId,
      method,
      route,
      status: res.statusCode,
      durationMs: seconds * 1000,
      ip: clientAddress(req),
      aborted: !res.writableFinished,
      problem: res.locals.badPath ? "bad_path_encoding" : undefined,
    });
    console.log(line);
  });
  next();
});

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

// A path that cannot be decoded (`/listings/%FF`) matches no route: the app's
// own translated 400 page, and only the request's log line (issue 13 §7).
app.use((req, res, next) => {
  if (hasBadPercentEncoding(req.path)) {
    res.locals.badPath = true;
    refuse(req, res, 400);
  }
  next();
});

app.use(compression());

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // Every file there has a dot in its name; a page's path (`/catalog`, `/listings/7`) is not looked
  // for on the disk first, which cost each page a failed stat.
  const publicFiles = express.static("build/client", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? publicFiles(req, res, next) : next()));
}

/**
 * The request as Remix's Express adapter makes it, its address spelt the same way (the kept page's key),
 * with the headers the page cache reads.
 */
function pageRequest(req: Request): globalThis.Request {
  const port = [req.get("X-Forwarded-Host"), req.get("host")].map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10)).find(Number.isSafeInteger);
  const headers = new Headers();
  for (const name of ["cookie", "accept-language"]) {
    const value = req.get(name);
    if (value) headers.set(name, value);
  }
  return new globalThis.Request(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`, { method: req.method, headers });
}

// A GET of a visitor who is not signed in may be answered with the page rendered for the previous
// one while the database is unchanged, before Remix routes it (decision 0029). In development
// every page is rendered, so a changed component shows at once.
if (production) {
  app.get("*", (req, res, next) => {
    if (res.locals.refusal) return next();
    entry.pageAgain(pageRequest(req)).then((answer) => {
      res.locals.byApp = true;
      if ("stamp" in answer) {
        res.locals.pageStamp = answer.stamp;
        return next();
      }
      res.status(answer.page.status);
      for (const [name, value] of answer.page.headers) res.append(name, value);
      // Says to the operator (and the tests) that this answer is a page kept from an earlier visit.
      res.setHeader("X-Page-Cache", "hit");
      res.end(answer.page.body);
    }, next);
  });
}

// An unsafe request that fails a guard is answered by the app's own translated
// page for that status: the request is turned into a GET of the refusal route,
// its body left unread.
app.use((req, res, next) => {
  res.locals.byApp = true;
  if (res.locals.refusal || req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const refusal: Refusal | undefined = comesFromOwnSite(req) ? bodyRefusal(req) : 403;
  if (refusal) refuse(req, res, refusal);
  next();
});

app.all(
  "*",
  createRequestHandler({
    build: viteDevServer ? loadBuild : build,
    mode: production ? "production" : "development",
    getLoadContext: (req: Request, res: Response) => ({
      cspNonce: res.locals.cspNonce as string,
      clientIp: clientAddress(req),
      refusal: res.locals.refusal as Refusal | undefined,
      requestId: res.locals.requestId as string,
      serverMetrics: async () => renderProcesses(await figuresOfEveryProcess(() => processFigures(httpMetrics))),
      pageStamp: res.locals.pageStamp as string | undefined,
    }),
  }),
);

const server = app.listen(env.PORT, env.HOST, () => {
  const which = cluster.isWorker ? `, process ${process.pid}` : "";
  console.log(`Auyl Hub is serving on http://localhost:${env.PORT} (${production ? "production" : "development"}${which})`);
});

// Answers the requests under way, then closes the database (giving up the background work) and exits.
let shuttingDown = false;
function shutDown() {
  if (shuttingDown) return;
  shuttingDown = true;
  server.close(() => {
    started.close();
    process.exit(0);
  });
}
process.on("SIGTERM", shutDown);
process.on("SIGINT", shutDown);
// A serving process whose supervisor died stops too, rather than serve on unsupervised.
if (cluster.isWorker) process.on("disconnect", shutDown);
