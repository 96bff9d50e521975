/**
 * The production build served by `server.ts` as a child process, for tests
 * that need real server processes (several on one database file, the
 * supervisor of WEB_CONCURRENCY): start, wait until ready, a browser without
 * JavaScript (a cookie jar, forms posted from the site's own origin).
 * Needs `npm run build` (made here when missing).
 */
import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect } from "vitest";

/** A staging box in `dir`: no demo data, the development outbox and payment page allowed by name, one process. */
export function stagingEnvironment(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    DEMO_DATA: "false",
    ALLOW_DEV_SMS: "true",
    ALLOW_DEV_PAYMENTS: "true",
    SESSION_SECRET: "server-processes-test-secret-of-forty-chars",
    DATABASE_PATH: path.join(dir, "auyl.db"),
    PHOTOS_DIR: path.join(dir, "photos"),
    HOST: "127.0.0.1",
    WEB_CONCURRENCY: "1",
    BACKUP_EVERY_MINUTES: "0",
  };
}

export interface Server {
  child: ChildProcess;
  port: number;
  log: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(what: string, look: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = await look();
    if (found !== undefined && found !== false) return found;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `node server.ts` on a free port with `environment`; resolves once /ready answers 200. Kept in `servers` to be stopped. */
export async function startServer(environment: NodeJS.ProcessEnv, servers: Server[]): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env: { ...environment, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  const server: Server = { child, port, log: [] };
  servers.push(server);
  child.stdout?.on("data", (chunk: Buffer) => server.log.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => server.log.push(chunk.toString()));
  await until(
    `the server on ${port} to be ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${server.log.join("")}`);
      const answer = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null);
      return answer?.status === 200 ? true : undefined;
    },
    90_000,
  );
  return server;
}

/** Kills what is still running of `servers` and removes `dir`. */
export async function stopServers(servers: Server[], dir: string): Promise<void> {
  for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
  await sleep(200);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A browser without JavaScript: a cookie jar, forms posted from the site's own origin. */
export class Browser {
  readonly jar = new Map<string, string>();
  constructor(cookies: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(cookies)) this.jar.set(name, value);
  }

  async send(server: Server, method: "GET" | "POST", url: string, form?: Record<string, string>, extra: Record<string, string> = {}): Promise<Response> {
    const base = `http://127.0.0.1:${server.port}`;
    const headers: Record<string, string> = { ...extra, cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ") };
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers.origin = base;
    }
    const answer = await fetch(`${base}${url}`, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: "manual" });
    for (const line of answer.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      const at = pair.indexOf("=");
      if (at > 0) this.jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return answer;
  }

  /** The hidden field of the page's form. */
  async hidden(server: Server, url: string, name: string): Promise<string> {
    const page = await this.send(server, "GET", url);
    expect(page.status, `GET ${url}`).toBe(200);
    const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(await page.text())?.[1];
    if (!value) throw new Error(`no hidden ${name} on ${url}`);
    return value;
  }
}

/** `npm test` builds before vitest; a lone run of a file builds when the build is missing. Vitest's own
 * variables are left out: with VITEST set, vite.config.ts leaves the Remix plugin out and the build fails. */
export function ensureBuild(): void {
  if (fs.existsSync("build/server/index.js")) return;
  const env = { ...process.env };
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  env.NODE_ENV = "production";
  execFileSync("npm", ["run", "build"], { env, stdio: "pipe" });
}
