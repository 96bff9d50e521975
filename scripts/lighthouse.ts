/**
 * Lighthouse (mobile: an emulated mid-range phone on a throttled 4G link) on the
 * buyer's pages — home, catalog, a village, a listing — against the production
 * build with demo data (DESIGN §6: 100 in all four categories). `npm run
 * lighthouse`; `npm run bench` calls it at its end. Reports the scores and
 * every audit that kept a category under 100; asserts nothing.
 *
 * Chromium: CHROME_PATH, else /usr/bin/chromium (Debian's), headless, without
 * its sandbox (root in CI). Lighthouse's launcher comes with the package.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { freePort } from "./free-port";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const ROOT = path.resolve(import.meta.dirname, "..");
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  return response.text();
}

async function startServer() {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-lighthouse-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DEMO_DATA: "true",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: path.join(dir, "auyl.db"),
      PHOTOS_DIR: path.join(dir, "photos"),
      BACKUP_EVERY_MINUTES: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const ready = await fetch(`${origin}/ready`).then((r) => r.status === 200, () => false);
    if (ready) return { origin, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  throw new Error(`The server did not start:\n${output.join("")}`);
}

type Result = { page: string; scores: Record<string, number>; misses: string[] };

async function main() {
  const server = await startServer();
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const village = "/villages/besagash";
    const listing = /href="(\/listings\/\d+)"/.exec(await text(server.origin + village))?.[1];
    const pages = ["/", "/catalog", village, ...(listing ? [listing] : [])];
    const results: Result[] = [];
    for (const page of pages) {
      const run = await lighthouse(server.origin + page, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
      if (!run) throw new Error(`Lighthouse returned nothing for ${page}`);
      const { categories, audits } = run.lhr;
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((categories[c]?.score ?? 0) * 100)]));
      const misses = CATEGORIES.flatMap((c) =>
        (categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => `${c}: ${ref.id} (${audits[ref.id]?.displayValue ?? audits[ref.id]?.score})`),
      );
      results.push({ page, scores, misses });
    }
    console.log("\nLighthouse (mobile), production build with demo data (DESIGN §6: 100 in each category)");
    const header = ["page", ...CATEGORIES];
    const rows = results.map((r) => [r.page, ...CATEGORIES.map((c) => String(r.scores[c]))]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
    for (const r of results) for (const miss of r.misses) console.log(`  ${r.page}: ${miss}`);
  } finally {
    await chrome.kill();
    server.stop();
  }
}

await main();
