import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { localeText } from "./fixtures";

/**
 * The built server in production mode, as an operator runs it behind a proxy
 * (issue 12 §3 and §6, issue 13 §2 and §7). Two servers of its own, each on a
 * free port with its own database, started in a process group that is killed
 * whole afterwards: one trusts one proxy hop (TRUST_PROXY=1), one trusts none.
 * Both are real production configurations: a session secret, an SMS gateway
 * (an address where nothing listens: no code ever leaves), no online payment.
 * Their output is kept, so the request log can be read.
 */

const SMS_PHONE_DIGITS = "7019876543";
const METRICS_TOKEN = "a-scraper-token-for-the-production-spec-0123";
const PER_ADDRESS = 20;

interface Server {
  child: ChildProcess;
  base: string;
  /** Everything the server wrote, stdout and stderr. */
  output: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const started: Server[] = [];

async function startServer(extra: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-production-e2e-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DEMO_DATA: "false",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: path.join(dir, "auyl.db"),
      PHOTOS_DIR: path.join(dir, "photos"),
      SESSION_SECRET: "the-production-spec-session-secret-0123456789",
      SMS_GATEWAY_URL: "http://127.0.0.1:9/sms",
      SMS_GATEWAY_TOKEN: "token",
      SMS_RETRIES: "0",
      PAYMENT_PROVIDER: "none",
      METRICS_TOKEN,
      // One process: /metrics counts the requests of the process that answers the scrape (decision 0021).
      WEB_CONCURRENCY: "1",
      SIGN_IN_CODES_PER_IP_HOUR: String(PER_ADDRESS),
      // Far from the global budget: this spec is about the per-address limit.
      SIGN_IN_CODES_GLOBAL_HOUR: "100000",
      ...extra,
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const server: Server = { child, base: `http://127.0.0.1:${port}`, output: [] };
  started.push(server);
  child.stdout?.on("data", (chunk: Buffer) => server.output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => server.output.push(chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${server.output.join("")}`);
    const answer = await fetch(`${server.base}/ready`).catch(() => null);
    if (answer?.status === 200) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server was never ready: ${server.output.join("")}`);
}

function stopAll(): void {
  for (const server of started.splice(0)) {
    try {
      if (server.child.pid) process.kill(-server.child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}

/** The request log's lines: the JSON lines of the server's output. */
function logLines(server: Server): Record<string, unknown>[] {
  return server.output
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Asks for a sign-in code as a browser without JavaScript does: the form's token, then the POST. */
async function askForCode(api: APIRequestContext, base: string, phone: string, headers: Record<string, string>) {
  const form = await api.get(`${base}/signin`, { headers });
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  expect(csrf).not.toBe("");
  return api.post(`${base}/signin`, { headers: { ...headers, Origin: base }, form: { csrf, phone, redirectTo: "" }, maxRedirects: 0 });
}

const phone = (n: number) => `+7701${String(1_000_000 + n).padStart(7, "0")}`;

test.describe.configure({ mode: "serial" });

let proxied: Server;
let direct: Server;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  [proxied, direct] = await Promise.all([startServer({ TRUST_PROXY: "1" }), startServer({})]);
});
test.afterAll(stopAll);
process.on("exit", stopAll);

test("behind one trusted proxy, the address it appended counts: forged left entries do not escape the per-address limit", async () => {
  const api = await playwrightRequest.newContext();
  const statuses: number[] = [];
  for (let i = 1; i <= PER_ADDRESS + 5; i++) {
    // The client wrote the left entry (a new one each time); the proxy appended the right one.
    const forwarded = { "X-Forwarded-For": `198.51.100.${i}, 203.0.113.50` };
    statuses.push((await askForCode(api, proxied.base, phone(i), forwarded)).status());
  }
  expect(statuses).toEqual([...Array<number>(PER_ADDRESS).fill(303), ...Array<number>(5).fill(429)]);
  // Each line is written once its answer has gone out, a moment after the client has it.
  const addresses = () => logLines(proxied).filter((l) => l.method === "POST" && l.route === "/signin").map((l) => l.ip);
  await expect.poll(addresses).toEqual(Array<string>(PER_ADDRESS + 5).fill("203.0.113.50"));
  await api.dispose();
});

test("without a proxy setting, X-Forwarded-For is ignored: the socket's address counts", async () => {
  const api = await playwrightRequest.newContext();
  const statuses: number[] = [];
  for (let i = 1; i <= PER_ADDRESS + 5; i++) {
    statuses.push((await askForCode(api, direct.base, phone(i), { "X-Forwarded-For": `198.51.100.${i}` })).status());
  }
  expect(statuses).toEqual([...Array<number>(PER_ADDRESS).fill(303), ...Array<number>(5).fill(429)]);
  await expect.poll(() => logLines(direct).filter((l) => l.method === "POST" && l.route === "/signin").map((l) => l.ip)).toEqual(Array<string>(PER_ADDRESS + 5).fill("127.0.0.1"));
  await api.dispose();
});

test("https is believed from the trusted proxy only: HSTS behind it, none when a client claims it directly", async () => {
  const viaProxy = await fetch(`${proxied.base}/about`, { headers: { "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9" } });
  expect(viaProxy.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  const plain = await fetch(`${proxied.base}/about`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
  expect(plain.headers.get("strict-transport-security")).toBeNull();
  const claimed = await fetch(`${direct.base}/about`, { headers: { "X-Forwarded-Proto": "https" } });
  expect(claimed.headers.get("strict-transport-security")).toBeNull();
});

test("the development SMS outbox and payment page are 404 in production", async () => {
  for (const address of ["/dev/sms", "/dev/pay/pay_anything"]) {
    expect((await fetch(`${proxied.base}${address}`)).status, address).toBe(404);
  }
});

test("the request log: one JSON line per request with its id, the route pattern, and nothing personal", async () => {
  const api = await playwrightRequest.newContext();
  const signin = await askForCode(api, proxied.base, `+7${SMS_PHONE_DIGITS}`, { "X-Forwarded-For": "203.0.113.77" });
  expect(signin.status()).toBe(303);
  const search = await fetch(`${proxied.base}/catalog?q=${encodeURIComponent(`+7 ${SMS_PHONE_DIGITS}`)}&phone=8${SMS_PHONE_DIGITS}`);
  expect(search.status).toBe(200);
  const requestId = search.headers.get("x-request-id");
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const admin = await fetch(`${proxied.base}/admin?phone=8${SMS_PHONE_DIGITS}`, { redirect: "manual" });
  expect(admin.status).toBe(302);
  // A line is written once the answer has gone out: wait for the last request's.
  await expect.poll(() => logLines(proxied).some((l) => l.requestId === admin.headers.get("x-request-id"))).toBe(true);

  const lines = logLines(proxied);
  const line = lines.find((l) => l.requestId === requestId);
  expect(line).toEqual({
    time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown as string,
    level: "info",
    msg: "request",
    requestId,
    method: "GET",
    route: "/catalog",
    status: 200,
    durationMs: expect.any(Number) as unknown as number,
    ip: "127.0.0.1",
  });
  expect(lines.filter((l) => l.route === "/admin").at(-1)).toMatchObject({ status: 302 });
  // Neither the phone typed at sign-in nor the one in the queries is anywhere in what the server wrote.
  expect(proxied.output.join("")).not.toContain(SMS_PHONE_DIGITS);
  await api.dispose();
});

test("a path that cannot be decoded gets the app's translated 400 page and one log line, no stack trace", async () => {
  const before = proxied.output.join("").length;
  const answer = await fetch(`${proxied.base}/listings/%FF`, { headers: { "Accept-Language": "ru" } });
  expect(answer.status).toBe(400);
  const html = await answer.text();
  expect(html).toContain('<html lang="ru"');
  expect(html).toContain(localeText("ru", "common", "errors.status.400.title"));
  const requestId = answer.headers.get("x-request-id") ?? "";
  await expect.poll(() => proxied.output.join("").slice(before)).toContain(requestId);
  // Let anything the request might still write arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const written = proxied.output.join("").slice(before).split("\n").filter(Boolean);
  const about = written.filter((line) => line.includes(requestId));
  expect(about).toHaveLength(1);
  expect(JSON.parse(about[0] ?? "")).toMatchObject({ requestId, route: "(bad path)", status: 400, problem: "bad_path_encoding" });
  expect(written.filter((line) => /URIError|^\s+at /.test(line))).toEqual([]);
});

test("/metrics: 404 for strangers, 403 for a wrong token, the figures for the operator's scraper", async () => {
  expect((await fetch(`${proxied.base}/metrics`)).status).toBe(404);
  expect((await fetch(`${proxied.base}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(403);
  const answer = await fetch(`${proxied.base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await answer.text();
  // The 25 sign-in requests of the first test and the one of the log test.
  expect(text).toContain(`auyl_http_requests_total{route="/signin",method="POST",status="303"} ${PER_ADDRESS + 1}\n`);
  expect(text).toContain('auyl_http_requests_total{route="/signin",method="POST",status="429"} 5\n');
  expect(text).toContain('auyl_http_requests_total{route="(bad path)",method="GET",status="400"} 1\n');
  expect(text).toMatch(/auyl_http_request_duration_seconds_bucket\{route="\/catalog",method="GET",le="\+Inf"\} 1\n/);
  expect(text).toMatch(/\nauyl_escrow_held_tiyn 0\n/);
  expect(text).toMatch(/\nauyl_sms_outbox_pending \d+\n/);
  expect(text).toMatch(/\nauyl_deadlines_oldest_overdue_seconds 0\n/);
  expect(text).toMatch(/\nauyl_sqlite_wal_bytes \d+\n/);
  expect(text).toMatch(/\nprocess_resident_memory_bytes \d+\n/);
  expect(text).not.toContain(SMS_PHONE_DIGITS);
});
