import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { configurationFindings, devPageAllowed, isProductionMode, startRefusal } from "../../app/env-check";
import { EnvError, parseEnv, SETTING_NAMES } from "../../app/env.server";
import { expressTrustSetting } from "../../app/trust-proxy";

/**
 * Production mode (issue 12 §3): NODE_ENV=production with DEMO_DATA=false
 * refuses to start without a session secret, with the development SMS outbox
 * or with the development payment provider, unless a staging box says so.
 */
const SECRET = "s".repeat(40);
/** Everything production mode needs, so each case can take one thing away. */
const READY = {
  NODE_ENV: "production",
  DEMO_DATA: "false",
  SESSION_SECRET: SECRET,
  SMS_GATEWAY_URL: "https://sms.example/send",
  SMS_GATEWAY_TOKEN: "t",
  PAYMENT_PROVIDER: "none",
  TRUST_PROXY: "1",
  PUBLIC_URL: "https://auyl.example.kz",
};

const errorsOf = (source: Record<string, string | undefined>) =>
  configurationFindings(parseEnv(source))
    .filter((f) => f.level === "error")
    .map((f) => f.setting);

describe("production mode", () => {
  it("is NODE_ENV=production with DEMO_DATA=false; with demo data it is a demo box", () => {
    expect(isProductionMode(parseEnv(READY))).toBe(true);
    expect(isProductionMode(parseEnv({ ...READY, DEMO_DATA: "true" }))).toBe(false);
    expect(isProductionMode(parseEnv({ ...READY, NODE_ENV: "development" }))).toBe(false);
  });

  it("starts with a secret, an SMS gateway and no development payments", () => {
    expect(errorsOf(READY)).toEqual([]);
    expect(startRefusal(parseEnv(READY))).toBeNull();
  });

  it("refuses to start without SESSION_SECRET, naming it", () => {
    const env = parseEnv({ ...READY, SESSION_SECRET: undefined });
    expect(errorsOf({ ...READY, SESSION_SECRET: undefined })).toEqual(["SESSION_SECRET"]);
    expect(startRefusal(env)).toMatch(/SESSION_SECRET is not set/);
  });

  it("refuses the development SMS outbox, naming the gateway setting and the staging allowance", () => {
    const source = { ...READY, SMS_GATEWAY_URL: undefined, SMS_GATEWAY_TOKEN: undefined };
    expect(errorsOf(source)).toEqual(["SMS_GATEWAY_URL"]);
    expect(startRefusal(parseEnv(source))).toMatch(/SMS_GATEWAY_URL is not set[\s\S]*ALLOW_DEV_SMS=true/);
  });

  it("refuses the development payment provider (the default), naming PAYMENT_PROVIDER and ALLOW_DEV_PAYMENTS", () => {
    const source = { ...READY, PAYMENT_PROVIDER: undefined };
    expect(errorsOf(source)).toEqual(["PAYMENT_PROVIDER"]);
    expect(startRefusal(parseEnv(source))).toMatch(/PAYMENT_PROVIDER=dev[\s\S]*ALLOW_DEV_PAYMENTS=true/);
  });

  it("names every missing setting at once", () => {
    expect(errorsOf({ NODE_ENV: "production", DEMO_DATA: "false" })).toEqual(["SESSION_SECRET", "SMS_GATEWAY_URL", "PAYMENT_PROVIDER"]);
  });

  it("lets a staging box use the development adapters when it says so, with a warning each", () => {
    const staging = { ...READY, SMS_GATEWAY_URL: undefined, SMS_GATEWAY_TOKEN: undefined, PAYMENT_PROVIDER: "dev", ALLOW_DEV_SMS: "true", ALLOW_DEV_PAYMENTS: "true" };
    const env = parseEnv(staging);
    expect(startRefusal(env)).toBeNull();
    expect(configurationFindings(env).map((f) => `${f.level} ${f.setting}`)).toEqual(["warning ALLOW_DEV_SMS", "warning ALLOW_DEV_PAYMENTS"]);
    expect(devPageAllowed(env, "sms")).toBe(true);
    expect(devPageAllowed(env, "payments")).toBe(true);
  });

  it("an allowance for one adapter does not open the other's page", () => {
    const env = parseEnv({ ...READY, ALLOW_DEV_SMS: "true" });
    expect(devPageAllowed(env, "sms")).toBe(true);
    expect(devPageAllowed(env, "payments")).toBe(false);
  });

  it("keeps /dev pages in development and on a demo box (the end-to-end tests run one), with a warning on the demo box", () => {
    expect(devPageAllowed(parseEnv({}), "sms")).toBe(true);
    const demo = parseEnv({ NODE_ENV: "production" });
    expect(startRefusal(demo)).toBeNull();
    expect(devPageAllowed(demo, "sms")).toBe(true);
    expect(devPageAllowed(demo, "payments")).toBe(true);
    expect(configurationFindings(demo).map((f) => f.setting)).toContain("DEMO_DATA");
  });

  it("warns in production when no proxy is trusted: plain http, no Secure cookies", () => {
    const findings = configurationFindings(parseEnv({ ...READY, TRUST_PROXY: undefined }));
    expect(findings).toEqual([expect.objectContaining({ level: "warning", setting: "TRUST_PROXY" })]);
  });

  it("warns in production when PUBLIC_URL is unset: previews, canonical URLs and QR posters would name the request's host (issue 19)", () => {
    const findings = configurationFindings(parseEnv({ ...READY, PUBLIC_URL: undefined }));
    expect(findings).toEqual([expect.objectContaining({ level: "warning", setting: "PUBLIC_URL" })]);
  });

  it("takes PUBLIC_URL as an origin only, without its trailing slash", () => {
    expect(parseEnv({ PUBLIC_URL: "https://auyl.example.kz/" }).PUBLIC_URL).toBe("https://auyl.example.kz");
    expect(parseEnv({}).PUBLIC_URL).toBeUndefined();
    expect(() => parseEnv({ PUBLIC_URL: "https://auyl.example.kz/shop" })).toThrow(/PUBLIC_URL/);
    expect(() => parseEnv({ PUBLIC_URL: "auyl.example.kz" })).toThrow(/PUBLIC_URL/);
  });

  it("checks the new settings' values", () => {
    expect(() => parseEnv({ PAYMENT_PROVIDER: "paypal" })).toThrow(/PAYMENT_PROVIDER/);
    expect(() => parseEnv({ ALLOW_DEV_SMS: "yes" })).toThrow(/ALLOW_DEV_SMS/);
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});

describe("TRUST_PROXY names the proxies, never everything (issue 13 §2)", () => {
  it("trusts no proxy by default", () => {
    expect(parseEnv({}).TRUST_PROXY).toEqual({ kind: "none" });
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toEqual({ kind: "none" });
    expect(expressTrustSetting(parseEnv({}).TRUST_PROXY)).toBe(false);
  });

  it("takes a number of hops", () => {
    const env = parseEnv({ TRUST_PROXY: "2" });
    expect(env.TRUST_PROXY).toEqual({ kind: "hops", hops: 2 });
    expect(expressTrustSetting(env.TRUST_PROXY)).toBe(2);
  });

  it("takes the proxies' addresses and ranges", () => {
    const env = parseEnv({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8, loopback" });
    expect(env.TRUST_PROXY).toEqual({ kind: "addresses", addresses: ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "loopback"] });
    expect(expressTrustSetting(env.TRUST_PROXY)).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "loopback"]);
  });

  it.each([
    ["true", /TRUST_PROXY: true would believe every X-Forwarded-For entry/],
    ["11", /TRUST_PROXY: at most 10/],
    ["proxy.example", /TRUST_PROXY: not a number of hops/],
    ["10.0.0.0/33", /TRUST_PROXY: not a number of hops/],
    ["127.0.0.1/8/1", /TRUST_PROXY: not a number of hops/],
  ])("stops the start on %j with a message naming TRUST_PROXY", (value, message) => {
    expect(() => parseEnv({ TRUST_PROXY: value })).toThrow(EnvError);
    expect(() => parseEnv({ TRUST_PROXY: value })).toThrow(message);
  });
});

describe(".env.example", () => {
  const example = fs.readFileSync(".env.example", "utf8");
  const documented = [...example.matchAll(/^# ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);

  it("lists every setting the server reads", () => {
    expect(SETTING_NAMES.length).toBeGreaterThan(20);
    expect(SETTING_NAMES.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it("lists nothing the server does not read (BACKUP_DIR is the doctor's)", () => {
    expect(documented.filter((name) => name !== undefined && !SETTING_NAMES.includes(name) && name !== "BACKUP_DIR")).toEqual([]);
  });
});
