import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Production mode as an operator meets it (issue 12 §3): `server.ts` itself,
 * started in a child process with NODE_ENV=production and DEMO_DATA=false,
 * stops before it loads the app — exit code 1 and a message naming the
 * setting — and `npm run doctor` (scripts/doctor.ts) says the same about a
 * configuration, exit code 1 when the start would fail. The environment is
 * checked before the build is loaded, so no build is needed here.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-production-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PRODUCTION = {
  NODE_ENV: "production" as const,
  DEMO_DATA: "false",
  HOST: "127.0.0.1",
  // Never reached (the start is refused first), but never the default port either.
  PORT: "1",
  DATABASE_PATH: path.join(dir, "auyl.db"),
  PHOTOS_DIR: path.join(dir, "photos"),
};
const SECRET = "a-session-secret-of-forty-characters-xxx";
const GATEWAY = { SMS_GATEWAY_URL: "https://sms.example/send", SMS_GATEWAY_TOKEN: "token" };

function run(script: string, env: Record<string, string> & { NODE_ENV: "production" }) {
  // Only what the case sets: a variable of the test runner's own shell must not decide it.
  const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const result = spawnSync(process.execPath, ["--import", "tsx", script], { env: { ...base, ...env }, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, signal: result.signal, output: `${result.stdout}${result.stderr}` };
}

describe("the server in production mode", () => {
  it("exits with a message naming SESSION_SECRET when no secret is set", () => {
    const started = run("server.ts", { ...PRODUCTION, ...GATEWAY, PAYMENT_PROVIDER: "none" });
    expect(started.signal).toBeNull();
    expect(started.status).toBe(1);
    expect(started.output).toMatch(/will not start in production mode[\s\S]*SESSION_SECRET: SESSION_SECRET is not set/);
    expect(started.output).not.toMatch(/SMS_GATEWAY_URL|PAYMENT_PROVIDER:/);
    expect(fs.existsSync(PRODUCTION.DATABASE_PATH), "nothing was opened or written").toBe(false);
  });

  it("exits with a message naming the SMS setting when the development outbox would carry the codes", () => {
    const started = run("server.ts", { ...PRODUCTION, SESSION_SECRET: SECRET, PAYMENT_PROVIDER: "none" });
    expect(started.status).toBe(1);
    expect(started.output).toMatch(/SMS_GATEWAY_URL: SMS_GATEWAY_URL is not set[\s\S]*ALLOW_DEV_SMS=true/);
  });

  it("exits with a message naming PAYMENT_PROVIDER when the development provider is in use", () => {
    const started = run("server.ts", { ...PRODUCTION, ...GATEWAY, SESSION_SECRET: SECRET });
    expect(started.status).toBe(1);
    expect(started.output).toMatch(/PAYMENT_PROVIDER: PAYMENT_PROVIDER=dev is the development provider[\s\S]*ALLOW_DEV_PAYMENTS=true/);
  });

  it("exits naming TRUST_PROXY when it is set to trust everything", () => {
    const started = run("server.ts", { ...PRODUCTION, ...GATEWAY, SESSION_SECRET: SECRET, PAYMENT_PROVIDER: "none", TRUST_PROXY: "true" });
    expect(started.status).toBe(1);
    expect(started.output).toMatch(/TRUST_PROXY: true would believe every X-Forwarded-For entry/);
  });
});

describe("npm run doctor", () => {
  it("prints every missing setting and exits 1 when the server would not start", () => {
    const checked = run("scripts/doctor.ts", PRODUCTION);
    expect(checked.status).toBe(1);
    expect(checked.output).toMatch(/ERROR +SESSION_SECRET/);
    expect(checked.output).toMatch(/ERROR +SMS_GATEWAY_URL/);
    expect(checked.output).toMatch(/ERROR +PAYMENT_PROVIDER/);
    expect(checked.output).toMatch(/warning +TRUST_PROXY/);
    expect(checked.output).toMatch(/3 error\(s\)/);
  });

  it("exits 0 for a configuration that starts, and names what is worth a look", () => {
    const checked = run("scripts/doctor.ts", { ...PRODUCTION, ...GATEWAY, SESSION_SECRET: SECRET, PAYMENT_PROVIDER: "none", TRUST_PROXY: "1" });
    expect(checked.output).not.toMatch(/ERROR/);
    expect(checked.status).toBe(0);
    expect(checked.output).toMatch(/mode +production\n/);
    expect(checked.output).toMatch(/warning +BACKUP_DIR: no backup directory/);
  });

  it("finds a photo directory the server cannot write and a database file that is not one", () => {
    const notADirectory = path.join(dir, "a-file");
    fs.writeFileSync(notADirectory, "");
    const notADatabase = path.join(dir, "garbage.db");
    fs.writeFileSync(notADatabase, "this is not SQLite, it only has the name of a database file");
    const checked = run("scripts/doctor.ts", { ...PRODUCTION, ...GATEWAY, SESSION_SECRET: SECRET, PAYMENT_PROVIDER: "none", PHOTOS_DIR: path.join(notADirectory, "photos"), DATABASE_PATH: notADatabase });
    expect(checked.status).toBe(1);
    expect(checked.output).toMatch(/ERROR +PHOTOS_DIR: .*a-file is a file, not a directory/);
    expect(checked.output).toMatch(/ERROR +DATABASE_PATH: .*garbage\.db (cannot be opened|fails PRAGMA quick_check)/);
  });

  it("checks a configured backup directory: writable, and not on the database's disk", () => {
    const backups = path.join(dir, "backups");
    fs.mkdirSync(backups);
    const checked = run("scripts/doctor.ts", { ...PRODUCTION, ...GATEWAY, SESSION_SECRET: SECRET, PAYMENT_PROVIDER: "none", TRUST_PROXY: "1", BACKUP_DIR: backups });
    expect(checked.status).toBe(0);
    expect(checked.output).not.toMatch(/no backup directory/);
    expect(checked.output).toMatch(/warning +BACKUP_DIR: .*backups is on the same disk as the database/);
    fs.writeFileSync(path.join(dir, "a-file"), "");
    const unwritable = run("scripts/doctor.ts", { ...PRODUCTION, ...GATEWAY, SESSION_SECRET: SECRET, PAYMENT_PROVIDER: "none", BACKUP_DIR: path.join(dir, "a-file", "backups") });
    expect(unwritable.status).toBe(1);
    expect(unwritable.output).toMatch(/ERROR +BACKUP_DIR: .*a-file is a file, not a directory/);
  });

  it("stops on a value the server would refuse, naming the variable", () => {
    const checked = run("scripts/doctor.ts", { ...PRODUCTION, PORT: "seventy" });
    expect(checked.status).toBe(1);
    expect(checked.output).toMatch(/Invalid environment[\s\S]*PORT/);
  });
});
