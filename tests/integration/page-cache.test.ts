import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Database from "better-sqlite3";
import * as catalogPage from "../../app/routes/catalog";
import * as homePage from "../../app/routes/_index";
import { holdLease } from "../../app/domain/ops/lease.server";
import { keepPage, pageAgain, forgetKeptPages } from "../../app/web/page-cache.server";
import { listings } from "../../db/schema";
import { seedCategories } from "../../db/seed/seed";
import { BASE, cookieHeader, csrfPair, testApp } from "../support/app";
import { grant, signIn } from "../support/identity";
import { renderedPage, type RouteModule } from "../support/render";
import { approvedSellerOf, insertListing } from "../support/storefront";

/**
 * The page cache for visitors who are not signed in (issue 18, decision 0029):
 * each visit asks `pageAgain` first, as server.ts does before Remix routes a
 * GET, and on a miss renders through the real handleRequest with the stamp it
 * was given, which keeps the page. The stamp is the one the remembered reads
 * use: the public change stamp (decision 0034), moved only by writes to tables
 * a buyer page could read.
 */

const PAGES: { id: string; path: string; module: RouteModule }[] = [
  { id: "routes/_index", path: "", module: homePage },
  { id: "routes/catalog", path: "catalog", module: catalogPage },
];

interface Visit {
  from: "kept" | "rendered";
  status: number;
  html: string;
  headers: Headers;
}

async function visit(path: string, cookie = "", language = "kk"): Promise<Visit> {
  const headers = { Cookie: cookie, "Accept-Language": language };
  const answer = await pageAgain(new Request(BASE + path, { headers }));
  if ("page" in answer) return { from: "kept", status: answer.page.status, html: answer.page.body, headers: new Headers(answer.page.headers) };
  const page = await renderedPage(PAGES, path, cookie, headers, { pageStamp: answer.stamp });
  return { from: "rendered", status: page.status, html: page.html, headers: page.headers };
}

const csrfOf = (page: Visit) => /name="csrf" value="([^"]+)"/.exec(page.html)?.[1];
const csrfCookieOf = (page: Visit) => page.headers.getSetCookie().find((c) => c.startsWith("csrf="))?.split(";")[0];

/** A database with a listing, and the CSRF signing secret already written (the very first form of an installation writes it). */
async function world() {
  const app = testApp();
  await csrfPair();
  seedCategories(app.db);
  const coordinatorUserId = grant(app.db, "+77770000001", "coordinator", "besagash");
  const seller = approvedSellerOf(app.db, { phone: "+77011110001", village: "besagash", name: "Айгүл Сейіт", language: "kk", coordinatorUserId });
  const listing = (title: string) =>
    insertListing(app.db, { ...seller, category: "tables-chairs", language: "kk", title: { kk: title }, priceTenge: 12_000, stock: 3 });
  listing("Қайың орындық");
  return { ...app, listing };
}

beforeEach(() => forgetKeptPages());

describe("pages kept for visitors who are not signed in (decision 0029)", () => {
  it("gives the next anonymous visitor the kept page with their own CSRF token and cookie", async () => {
    await world();
    const first = await visit("/catalog");
    expect(first.from).toBe("rendered");
    const second = await visit("/catalog");
    expect(second.from).toBe("kept");
    expect(second.status).toBe(200);
    expect(second.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(second.html).toContain("Қайың орындық");
    // Each visitor's forms carry the token of the cookie they were sent, never another visitor's.
    expect(csrfOf(second)).toBeDefined();
    expect(csrfOf(second)).not.toBe(csrfOf(first));
    expect(await createCookie("csrf").parse(csrfCookieOf(second) ?? "")).toBe(csrfOf(second));
    expect(second.html).not.toContain("\u0000");
    // A returning visitor keeps the token they have, and is sent no new cookie.
    const returning = await visit("/catalog", csrfCookieOf(second));
    expect(returning.from).toBe("kept");
    expect(csrfOf(returning)).toBe(csrfOf(second));
    expect(returning.headers.getSetCookie()).toEqual([]);
  });

  it("shows a change in the database on the very next request, made by this connection or another (another process)", async () => {
    const { listing, db, sqlite } = await world();
    await visit("/catalog");
    expect((await visit("/catalog")).from).toBe("kept");

    listing("Емен үстел");
    const afterOwnWrite = await visit("/catalog");
    expect(afterOwnWrite.from).toBe("rendered");
    expect(afterOwnWrite.html).toContain("Емен үстел");
    expect((await visit("/catalog")).from).toBe("kept");

    // Another connection to the same file, as another server process or a script would write.
    const other = new Database(sqlite.name);
    const id = db.select({ id: listings.id }).from(listings).where(eq(listings.titleKk, "Емен үстел")).get()!.id;
    other.prepare("UPDATE listings SET price_tiyn = ? WHERE id = ?").run(1_234_500, id);
    other.close();
    const afterOtherWrite = await visit("/catalog");
    expect(afterOtherWrite.from).toBe("rendered");
    expect(afterOtherWrite.html).toMatch(/12[\s\u00a0\u202f]345/);
  });

  it("keeps the page through writes no buyer page reads: a sign-in, the background work's lease, another process's session (decision 0034)", async () => {
    const { db, sms, sqlite, listing } = await world();
    await signIn(db, sms, "+77015550606");
    await visit("/catalog");
    // The same buyer signs in again on another phone: a new challenge, code, session.
    await signIn(db, sms, "+77015550606");
    holdLease(db, "background", "process-a", new Date(), 30_000);
    const other = new Database(sqlite.name);
    other.prepare("DELETE FROM sessions").run();
    other.close();
    expect((await visit("/catalog")).from).toBe("kept");
    // A write a buyer page shows still forgets it at once.
    listing("Қайың кереует");
    const after = await visit("/catalog");
    expect(after.from).toBe("rendered");
    expect(after.html).toContain("Қайың кереует");
  });

  it("never keeps a page that says Cache-Control: no-store (the development outbox: a new sign-in code must show at once)", async () => {
    await world();
    const request = () => new Request(BASE + "/dev/sms", { headers: { "Accept-Language": "kk" } });
    const asked = await pageAgain(request());
    const stamp = "stamp" in asked ? asked.stamp : undefined;
    expect(stamp).toBeDefined();
    const html = "<!DOCTYPE html><html><body>outbox</body></html>";
    const by = { stamp, csrfToken: undefined, nonce: undefined };
    await keepPage(request(), { status: 200, headers: new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }), html }, by);
    expect("page" in (await pageAgain(request()))).toBe(false);
    // The same page without the header is kept: the check above is the header's doing.
    await keepPage(request(), { status: 200, headers: new Headers({ "Content-Type": "text/html; charset=utf-8" }), html }, by);
    expect("page" in (await pageAgain(request()))).toBe(true);
  });

  it("never gives a signed-in person a kept page, and never keeps theirs for anyone else", async () => {
    const { db, sms } = await world();
    const { cookie: session } = await signIn(db, sms, "+77015550505");
    await visit("/catalog");
    expect((await visit("/catalog")).from).toBe("kept");

    const signedIn = await visit("/catalog", session);
    expect(signedIn.from).toBe("rendered");
    expect(signedIn.html).toContain("/profile");
    forgetKeptPages();
    expect((await visit("/catalog", session)).from).toBe("rendered");
    expect((await visit("/catalog", session)).from).toBe("rendered");
    const anonymous = await visit("/catalog");
    expect(anonymous.from).toBe("rendered");
    expect(anonymous.html).not.toContain("/profile");
  });

  it("keeps each language apart, and renders for anyone with a cart or another cookie", async () => {
    await world();
    const kk = await visit("/", "", "kk");
    const ru = await visit("/", "", "ru");
    expect([kk.from, ru.from]).toEqual(["rendered", "rendered"]);
    expect((await visit("/", "", "ru")).html).toContain('<html lang="ru"');
    expect((await visit("/", "", "kk")).html).toContain('<html lang="kk"');
    expect((await visit("/?lang=en")).html).toContain('<html lang="en"');
    expect((await visit("/", "cart=abc")).from).toBe("rendered");
    expect((await visit("/", cookieHeader("csrf=x", "sid=y"))).from).toBe("rendered");
  });

  it("renders again once PAGE_CACHE_SECONDS have passed, even with the database unchanged", async () => {
    await world();
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-03T12:00:00Z") });
    try {
      await visit("/catalog");
      vi.setSystemTime(new Date("2026-12-03T12:00:29Z"));
      expect((await visit("/catalog")).from).toBe("kept");
      vi.setSystemTime(new Date("2026-12-03T12:00:31Z"));
      expect((await visit("/catalog")).from).toBe("rendered");
    } finally {
      vi.useRealTimers();
    }
  });
});
