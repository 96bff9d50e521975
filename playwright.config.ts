import path from "node:path";
import { defineConfig } from "@playwright/test";
import { LIVE_BASE_URL, LIVE_DATABASE_DIR, LIVE_PORT, LIVE_SPEC } from "./tests/e2e/support/live";

/**
 * End-to-end tests against the production build (`npm run build` first; `npm test` does it),
 * in Debian's Chromium: this machine has no internet, so Playwright never downloads a browser.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** E2E_DATABASE_PATH lets a second run (another port) use its own database; specs read the same variable. */
const DATABASE_DIR = path.dirname(process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db");

/** Specs that do not depend on the reader's language run once, in Kazakh (the default). */
const ONCE = ["language-switch.spec.ts", "security-headers.spec.ts", "server-crash.spec.ts", "production.spec.ts", "page-walk.spec.ts", "camera-scan.spec.ts"];

/** Both servers: never test whatever else happens to listen on the port (a dev server, an old build). */
// stdout is the request log, a line per request (thousands in a run); warnings and errors come on stderr.
const SERVER = { reuseExistingServer: false, stdout: "ignore", stderr: "pipe", gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 } } as const;

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
    { name: "kk", use: { locale: "kk-KZ" }, testIgnore: [...ONCE, LIVE_SPEC] },
    { name: "ru", use: { locale: "ru-RU" }, testIgnore: [...ONCE, LIVE_SPEC] },
    { name: "en", use: { locale: "en-US" }, testIgnore: [...ONCE, LIVE_SPEC] },
    { name: "any-language", use: { locale: "kk-KZ" }, testMatch: ONCE },
    // The go-live journey, once, in Kazakh, against a server started without demo data.
    { name: "go-live", use: { locale: "kk-KZ", baseURL: LIVE_BASE_URL }, testMatch: LIVE_SPEC },
  ],
  webServer: [
    {
      // A fresh database every run: the server migrates and seeds it on start.
      command: `rm -rf ${DATABASE_DIR} && mkdir -p ${DATABASE_DIR} && NODE_ENV=production DATABASE_PATH=${DATABASE_DIR}/auyl.db HOST=127.0.0.1 PORT=${PORT} npx tsx server.ts`,
      // /ready answers once the demo shops and their history are written (about half a minute), so no test
      // races the seeding for the write lock.
      url: `${BASE_URL}/ready`,
      timeout: 240_000,
      ...SERVER,
    },
    {
      // A real installation's first start: DEMO_DATA=false, so the database holds the regions, every district
      // and settlement of the KATO classifier and the categories, and no village hub, shop or person. In
      // production mode, so it is a staging box: its own secret, and the development outbox and payment
      // page allowed by name (the journey reads the sign-in codes on /dev/sms).
      command: `rm -rf ${LIVE_DATABASE_DIR} && mkdir -p ${LIVE_DATABASE_DIR} && NODE_ENV=production DEMO_DATA=false ALLOW_DEV_SMS=true ALLOW_DEV_PAYMENTS=true SESSION_SECRET=e2e-go-live-staging-secret-of-forty-chars DATABASE_PATH=${LIVE_DATABASE_DIR}/auyl.db PHOTOS_DIR=${LIVE_DATABASE_DIR}/photos HOST=127.0.0.1 PORT=${LIVE_PORT} npx tsx server.ts`,
      url: `${LIVE_BASE_URL}/ready`,
      timeout: 120_000,
      ...SERVER,
    },
  ],
});
