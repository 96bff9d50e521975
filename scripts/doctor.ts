/**
 * `npm run doctor`: checks a configuration before (or beside) a start — the
 * environment exactly as the server reads it, the database file, the photo
 * directory, and the backup directory when one is configured — and prints
 * what is missing or unsafe. Exit code 1 when the server would not start or
 * could not work (an error below); warnings alone leave it 0.
 *
 *   npm run doctor
 *   set -a; . /etc/auyl-hub/env; set +a; npm run doctor   # an operator's environment file
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { configurationFindings, isProductionMode, usesDevPayments, usesDevSms, type Finding } from "../app/env-check";
import { parseEnv, type Env } from "../app/env.server";
import { describeTrustProxy } from "../app/trust-proxy";

/** A directory the server must write to: it exists (or can be made) and a file can be written in it. */
function writableDirectory(setting: string, dir: string): Finding[] {
  const resolved = path.resolve(dir);
  let existing = resolved;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) return [{ level: "error", setting, message: `${existing} is a file, not a directory` }];
  try {
    fs.accessSync(existing, fs.constants.W_OK);
    if (existing === resolved) {
      const probe = path.join(resolved, `.doctor-${crypto.randomBytes(4).toString("hex")}`);
      fs.writeFileSync(probe, "");
      fs.rmSync(probe);
    }
  } catch {
    return [{ level: "error", setting, message: `${existing} is not writable by this user` }];
  }
  return existing === resolved ? [] : [{ level: "warning", setting, message: `${resolved} does not exist yet; the server creates it` }];
}

function migrationsInRepository(): number {
  const journal = path.resolve("db/migrations/meta/_journal.json");
  if (!fs.existsSync(journal)) return 0;
  return (JSON.parse(fs.readFileSync(journal, "utf8")) as { entries: unknown[] }).entries.length;
}

/** The database file: a new one is made at start; an existing one must open, pass a quick check, and be in WAL mode. */
function databaseFindings(env: Env): { findings: Finding[]; summary: string } {
  const findings = writableDirectory("DATABASE_PATH", path.dirname(env.DATABASE_PATH) || ".");
  if (!fs.existsSync(env.DATABASE_PATH)) {
    const seeded = env.DEMO_DATA ? "regions, categories and demo data" : "regions and categories, no demo data";
    return { findings, summary: `none yet: the first start creates it (${seeded})` };
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(env.DATABASE_PATH, { readonly: true, fileMustExist: true });
    const check = sqlite.pragma("quick_check", { simple: true });
    if (check !== "ok") findings.push({ level: "error", setting: "DATABASE_PATH", message: `${env.DATABASE_PATH} fails PRAGMA quick_check: ${String(check)}. Restore the last good backup` });
    const journal = sqlite.pragma("journal_mode", { simple: true });
    if (journal !== "wal") findings.push({ level: "warning", setting: "DATABASE_PATH", message: `${env.DATABASE_PATH} is in journal mode ${String(journal)}; the server switches it to WAL at start` });
    const applied = sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'").get() as { n: number };
    const count = applied.n ? (sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n : 0;
    const pending = Math.max(0, migrationsInRepository() - count);
    const size = fs.statSync(env.DATABASE_PATH).size;
    return {
      findings,
      summary: `${(size / 1024 / 1024).toFixed(1)} MB, ${count} migrations applied${pending ? `, ${pending} to apply at the next start (take a backup first)` : ""}`,
    };
  } catch (error) {
    findings.push({ level: "error", setting: "DATABASE_PATH", message: `${env.DATABASE_PATH} cannot be opened: ${error instanceof Error ? error.message : String(error)}` });
    return { findings, summary: "cannot be opened" };
  } finally {
    sqlite?.close();
  }
}

/** Backups (when configured): writable, and better on another disk than the database. In production, their absence. */
function backupFindings(env: Env, backupDir: string | undefined): Finding[] {
  if (!backupDir) {
    return isProductionMode(env) ? [{ level: "warning", setting: "BACKUP_DIR", message: "no backup directory is configured: every order and every tenge is in one file" }] : [];
  }
  const findings = writableDirectory("BACKUP_DIR", backupDir);
  const databaseDir = path.dirname(path.resolve(env.DATABASE_PATH));
  if (fs.existsSync(backupDir) && fs.existsSync(databaseDir) && fs.statSync(backupDir).dev === fs.statSync(databaseDir).dev) {
    findings.push({ level: "warning", setting: "BACKUP_DIR", message: `${backupDir} is on the same disk as the database: copy backups off the machine too (DB-06)` });
  }
  return findings;
}

function main(): number {
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    console.log(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const database = databaseFindings(env);
  const findings = [
    ...configurationFindings(env),
    ...database.findings,
    ...writableDirectory("PHOTOS_DIR", env.PHOTOS_DIR),
    // Backups belong to the deployment; their directory is read here when the environment names one.
    ...backupFindings(env, process.env.BACKUP_DIR),
  ];
  const mode = isProductionMode(env) ? "production" : env.NODE_ENV === "production" ? "production, demo box (DEMO_DATA=true)" : env.NODE_ENV;
  console.log(`Auyl Hub configuration
  mode            ${mode}
  listening       ${env.HOST}:${env.PORT}, ${describeTrustProxy(env.TRUST_PROXY)} trusted
  database        ${path.resolve(env.DATABASE_PATH)}: ${database.summary}
  photos          ${path.resolve(env.PHOTOS_DIR)}
  SMS             ${usesDevSms(env) ? "development outbox (/dev/sms)" : `gateway ${new URL(env.SMS_GATEWAY_URL ?? "").origin}`}
  payments        ${usesDevPayments(env) ? "development provider (/dev/pay)" : "none online: cash at pickup"}
  session secret  ${env.SESSION_SECRET ? "set" : "generated and kept in the database"}
  metrics         ${env.METRICS_TOKEN ? "/metrics with the token or an admin session" : "/metrics for admins' sessions (no METRICS_TOKEN for a scraper)"}
`);
  for (const finding of findings) console.log(`${finding.level === "error" ? "ERROR  " : "warning"}  ${finding.setting}: ${finding.message}`);
  const errors = findings.filter((f) => f.level === "error").length;
  console.log(errors ? `\n${errors} error(s): the server would not start or could not work.` : "\nNo errors: the server can start with this configuration.");
  return errors ? 1 : 0;
}

process.exitCode = main();
