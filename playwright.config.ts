import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against the production build (`npm run build` first; `npm test` does it),
 * in Debian's Chromium: this machine has no internet, so Playwright never downloads a browser.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** E2E_DATABASE_PATH lets a second run (another port) use its own database; specs read the same variable. */
const DATABASE_DIR = path.dirname(process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db");

/** Specs that do not depend on the reader's language run once, in Kazakh (the default). */
const ONCE = ["language-switch.spec.ts", "security-headers.spec.ts", "server-crash.spec.ts", "production.spec.ts", "page-walk.spec.ts"];

export default defineConfig({
  testDir: "tests/e2e",
  // Generous: the machine has two shared cores, and a test that waits is not a failure.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  // Two shared cores: the server and two browsers already fill them.
  workers: 2,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-first-run",
        "--no-default-browser-check",
      ],
    },
  },
  projects: [
    { name: "kk", use: { locale: "kk-KZ" }, testIgnore: ONCE },
    { name: "ru", use: { locale: "ru-RU" }, testIgnore: ONCE },
    { name: "en", use: { locale: "en-US" }, testIgnore: ONCE },
    { name: "any-language", use: { locale: "kk-KZ" }, testMatch: ONCE },
  ],
  webServer: {
    // A fresh database every run: the server migrates and seeds it on start.
    command: `rm -rf ${DATABASE_DIR} && mkdir -p ${DATABASE_DIR} && NODE_ENV=production DATABASE_PATH=${DATABASE_DIR}/auyl.db HOST=127.0.0.1 PORT=${PORT} npx tsx server.ts`,
    // /ready answers once the demo shops and their history are written (about half a minute), so no test
    // races the seeding for the write lock.
    url: `${BASE_URL}/ready`,
    // Never test whatever else happens to listen on the port (a dev server, an old build).
    reuseExistingServer: false,
    timeout: 240_000,
    // stdout is the request log, a line per request (thousands in a run); warnings and errors come on stderr.
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
