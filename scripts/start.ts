/**
 * `npm start`: builds the app when the build is missing or older than the
 * sources, then serves it in production mode. The server itself migrates the
 * database and seeds it when empty before it accepts requests.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const BUILD_OUTPUT = "build/server/index.js";
const SOURCES = ["app", "locales", "db", "public", "vite.config.ts", "package-lock.json"];

function newestChange(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

const builtAt = fs.existsSync(BUILD_OUTPUT) ? fs.statSync(BUILD_OUTPUT).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map(newestChange))) {
  console.log(builtAt ? "Sources changed since the last build: building…" : "No build yet: building…");
  execFileSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
}

process.env.NODE_ENV = "production";
await import("../server");
