import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../app/db.server";
import * as root from "../../app/root";
import * as cartRoute from "../../app/routes/cart";
import * as languageRoute from "../../app/routes/language";
import * as profileRoute from "../../app/routes/profile";
import * as signInRoute from "../../app/routes/signin";
import * as codeRoute from "../../app/routes/signin_.code";
import { cookieHeader, get, post, setCookies, testApp } from "../support/app";
import { lastCodeFor } from "../support/identity";
import { makeSeller, makeVillage } from "../support/ledger";
import { makeListing } from "../support/orders";

/**
 * Issue 13 §5: every cookie the app sets is Secure when the page came over
 * https (SEC-01 asked it of the session cookie; the others lacked it), and no
 * cookie holds anything personal in readable form.
 */

const HTTPS = "https://auyl.example";
const HTTP = "http://localhost";
const PHONE = "+77011234567";

afterEach(() => {
  vi.useRealTimers();
});

/**
 * A visitor's first hour, through the routes: the first page (csrf), a
 * chair into the cart (cart), asking for a code (signin), signing in (the
 * session; signin and cart cleared), the language switcher and the profile
 * (lng). Returns every Set-Cookie line the app sent.
 */
async function visit(db: Db, sms: Parameters<typeof lastCodeFor>[1], base: string): Promise<string[]> {
  const lines: string[] = [];
  const keep = (headers: Headers) => {
    lines.push(...headers.getSetCookie());
    return setCookies(headers);
  };
  const village = makeVillage(db);
  const chair = makeListing(db, makeSeller(db, village), { priceTiyn: 1_500_000, stock: 5 });

  keep((await get(root.loader, "/", { base })).headers);
  const cart = keep((await post(cartRoute.action, "/cart", { listingId: String(chair) }, { base })).headers).get("cart");
  const sent = await post(signInRoute.action, "/signin", { phone: "8 701 123 45 67" }, { base });
  const pending = keep(sent.headers).get("signin");
  const code = await lastCodeFor(db, sms, PHONE);
  const signedIn = await post(codeRoute.action, "/signin/code", { code }, { base, cookie: cookieHeader(`signin=${pending}`, `cart=${cart}`) });
  expect(signedIn.status).toBe(303);
  const session = [...keep(signedIn.headers)].find(([name]) => name.endsWith("sid"));
  const sessionCookie = session ? `${session[0]}=${session[1]}` : "";
  keep((await post(languageRoute.action, "/language", { lng: "ru", redirectTo: "/" }, { base })).headers);
  const profile = await post(profileRoute.action, "/profile", { displayName: "Айгерім", preferredLanguage: "en" }, { base, cookie: sessionCookie });
  expect(profile.status).toBe(303);
  keep(profile.headers);
  return lines;
}

const names = (lines: string[]) => [...new Set(lines.map((line) => line.slice(0, line.indexOf("="))))].sort();

describe("cookies over https (issue 13 §5)", () => {
  it("are all Secure, every one the app sets", async () => {
    const { db, sms } = testApp();
    const lines = await visit(db, sms, HTTPS);
    expect(names(lines)).toEqual(["__Host-sid", "cart", "csrf", "lng", "signin"]);
    for (const line of lines) expect(line, line).toMatch(/;\s*Secure(;|$)/i);
    for (const line of lines) expect(line, line).toMatch(/;\s*HttpOnly(;|$)/i);
  });

  it("are not Secure on plain http, so the embedded mode works on localhost", async () => {
    const { db, sms } = testApp();
    const lines = await visit(db, sms, HTTP);
    expect(names(lines)).toEqual(["cart", "csrf", "lng", "sid", "signin"]);
    for (const line of lines) expect(line, line).not.toMatch(/Secure/i);
  });
});

/** Every way the phone +7 701 123 45 67 may be written. */
const SPELLINGS = ["77011234567", "87011234567", "7011234567", "1234567", "701 123 45 67", "123 45 67", "123-45-67", "(701)", "+7 701"];

/**
 * The cookie's value and everything it decodes to: URI, base64, base64url,
 * as UTF-8 and Latin-1, whole and part by part, each also with only its
 * digits kept (a phone spread over a structure).
 */
function readings(value: string): string[] {
  const out = new Set<string>();
  const texts = [value, decodeURIComponent(value), ...value.split(/[.:]/)];
  for (const text of texts) {
    out.add(text);
    for (const encoding of ["base64", "base64url"] as const) {
      const bytes = Buffer.from(text, encoding);
      out.add(bytes.toString("utf8"));
      out.add(bytes.toString("latin1"));
    }
  }
  for (const reading of [...out]) out.add(reading.replace(/\D/g, ""));
  return [...out];
}

describe("the signin cookie", () => {
  it("holds the phone number unreadable, yet the code page still knows it", async () => {
    testApp();
    const sent = await post(signInRoute.action, "/signin", { phone: "+7 (701) 123-45-67" }, { base: HTTPS });
    const value = setCookies(sent.headers).get("signin") ?? "";
    expect(value.length).toBeGreaterThan(20);
    for (const reading of readings(value)) {
      for (const spelling of SPELLINGS) expect(reading.includes(spelling), `"${spelling}" in a reading of the cookie: ${reading}`).toBe(false);
    }
    const page = await get(codeRoute.loader, "/signin/code", { base: HTTPS, cookie: `signin=${value}` });
    expect(page.data).toMatchObject({ phone: "+7 701 123 45 67" });
  });

  it("is refused when altered or older than 15 minutes: back to the phone form", async () => {
    testApp();
    const sent = await post(signInRoute.action, "/signin", { phone: "8 701 123 45 67" });
    const value = setCookies(sent.headers).get("signin") ?? "";
    const flipped = value.slice(0, 20) + (value[20] === "A" ? "B" : "A") + value.slice(21);
    expect(await get(codeRoute.loader, "/signin/code", { cookie: `signin=${flipped}` })).toMatchObject({ status: 302 });
    expect((await get(codeRoute.loader, "/signin/code", { cookie: `signin=${value}` })).status).toBe(200);
    vi.useFakeTimers({ now: Date.now() + 15 * 60_000 + 1000, toFake: ["Date"] });
    const late = await get(codeRoute.loader, "/signin/code", { cookie: `signin=${value}` });
    expect(late.status).toBe(302);
    expect(late.headers.get("Location")).toBe("/signin");
  });
});
