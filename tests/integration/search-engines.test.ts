import { describe, expect, it } from "vitest";
import * as robots from "../../app/routes/robots[.]txt";
import * as sitemapIndex from "../../app/routes/sitemap[.]xml";
import * as sitemapPart from "../../app/routes/sitemaps.$part";
import { SITEMAP_PART_SIZE } from "../../app/domain/catalog/sitemap.server";
import { seedCategories } from "../../db/seed/seed";
import { BASE, context, testApp } from "../support/app";
import { grant } from "../support/identity";
import { approvedSellerOf, insertListing } from "../support/storefront";

/**
 * Issue 19 §2: robots.txt and the sitemap, checked against the sitemap
 * protocol's rules (sitemaps.org): at most 50 000 URLs and 50 MB per file,
 * absolute URLs of the same origin, well-formed XML in the protocol's
 * namespace, lastmod in W3C Datetime; on more than 50 000 listings, so the
 * split into parts is exercised.
 */
const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";
const MAX_BYTES = 50 * 1024 * 1024;

async function get(module: { loader: (args: never) => unknown }, path: string, params: Record<string, string> = {}): Promise<Response> {
  const loader = module.loader as (args: { request: Request; params: Record<string, string>; context: unknown }) => Response | Promise<Response>;
  return loader({ request: new Request(BASE + path), params, context: context() });
}

/** The text of an element, with the five XML escapes undone. */
function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name]!);
}

const TEXT = "(?:[^<&]|&(?:amp|lt|gt|quot|apos);)*";
const W3C_DATETIME = "\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2}))?";

/**
 * The whole document checked against the protocol's grammar: declaration,
 * root in the namespace, only <sitemap>/<url> children with <loc> first and an
 * optional W3C <lastmod>, no stray markup or unescaped "&" (so it is
 * well-formed XML of the schema's shape). Returns the locs.
 */
function validate(xml: string, root: "sitemapindex" | "urlset"): string[] {
  const child = root === "urlset" ? "url" : "sitemap";
  const entry = `<${child}><loc>(${TEXT})</loc>(?:<lastmod>${W3C_DATETIME}</lastmod>)?</${child}>\\n?`;
  const grammar = new RegExp(`^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<${root} xmlns="${NAMESPACE.replace(/\./g, "\\.")}">\\n(?:${entry})*</${root}>\\n$`);
  expect(grammar.test(xml), `${root} is not of the protocol's form`).toBe(true);
  expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(MAX_BYTES);
  const locs = [...xml.matchAll(new RegExp(`<loc>(${TEXT})</loc>`, "g"))].map((m) => unescape(m[1]!));
  expect(locs.length).toBeLessThanOrEqual(50_000);
  for (const loc of locs) {
    const url = new URL(loc);
    expect(url.origin, loc).toBe(BASE);
    expect(url.href, "an absolute URL as written").toBe(loc);
  }
  return locs;
}

/** Copies of one listing until there are `total` (SQL, not the ORM: 60 000 rows in a second). */
function manyListings(sqlite: ReturnType<typeof testApp>["sqlite"], template: number, total: number, status: string) {
  const columns = (sqlite.prepare("SELECT name FROM pragma_table_info('listings') WHERE name NOT IN ('id', 'status')").all() as { name: string }[])
    .map((c) => `"${c.name}"`)
    .join(", ");
  sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO listings (${columns}, status) SELECT ${columns}, ? FROM listings, n WHERE listings.id = ?`,
    )
    .run(total, status, template);
}

describe("search engines (issue 19 §2)", () => {
  it("robots.txt keeps crawlers out of work areas, /dev, /api and /insights, not out of the buyer's pages, and names the sitemap", async () => {
    testApp();
    const response = await get(robots, "/robots.txt");
    expect(response.headers.get("Content-Type")).toContain("text/plain");
    const text = await response.text();
    const rules = [...text.matchAll(/^Disallow: (.+)$/gm)].map((m) => m[1]!);
    // RFC 9309 matching: a rule is a prefix, "$" anchors its end.
    const blocked = (path: string) => rules.some((rule) => (rule.endsWith("$") ? path === rule.slice(0, -1) : path.startsWith(rule)));
    for (const path of ["/seller", "/seller/listings", "/coordinator/besagash/hub", "/operator", "/admin/users/1", "/insights", "/insights/regions/kz-10", "/dev/sms", "/api/v1/country", "/cart", "/orders/3"]) {
      expect(blocked(path), path).toBe(true);
    }
    for (const path of ["/", "/catalog", "/sellers/7", "/listings/12", "/villages/besagash", "/regions/kz-19", "/photos/x.webp", "/share.png"]) {
      expect(blocked(path), path).toBe(false);
    }
    expect(text).toMatch(/^User-agent: \*$/m);
    expect(text).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });

  it("the sitemap index splits more than 50 000 listings into parts of at most 50 000 URLs, each valid, listing every page on sale or sold out once", async () => {
    const { db, sqlite } = testApp();
    seedCategories(db);
    const coordinatorUserId = grant(db, "+77770000001", "coordinator", "besagash");
    const seller = approvedSellerOf(db, { phone: "+77011110001", village: "besagash", name: "Ольга Ким", language: "kk", coordinatorUserId });
    const base = { ...seller, category: "tables-chairs", language: "kk" as const, title: { kk: "Үстел" }, priceTenge: 1000, stock: 1 };
    const first = insertListing(db, base);
    const hidden = ["draft", "paused", "removed"].map((status) => insertListing(db, { ...base, status: status as "draft" | "paused" | "removed" }));
    const soldOut = insertListing(db, { ...base, status: "sold_out", stock: 0 });
    manyListings(sqlite, first, SITEMAP_PART_SIZE + 5_000, "active");
    const total = (sqlite.prepare("SELECT count(*) AS n FROM listings WHERE status IN ('active', 'sold_out')").get() as { n: number }).n;
    expect(total).toBeGreaterThan(SITEMAP_PART_SIZE);

    const index = validate(await (await get(sitemapIndex, "/sitemap.xml")).text(), "sitemapindex");
    expect(index).toEqual([`${BASE}/sitemaps/places-1.xml`, `${BASE}/sitemaps/sellers-1.xml`, `${BASE}/sitemaps/listings-1.xml`, `${BASE}/sitemaps/listings-2.xml`]);

    const listed: string[] = [];
    for (const loc of index) {
      const name = new URL(loc).pathname.split("/").pop()!;
      const response = await get(sitemapPart, `/sitemaps/${name}`, { part: name });
      expect(response.status, name).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
      listed.push(...validate(await response.text(), "urlset"));
    }
    const listings = listed.filter((loc) => loc.includes("/listings/"));
    expect(listings.length).toBe(total);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listings).toContain(`${BASE}/listings/${soldOut}`);
    for (const id of hidden) expect(listings).not.toContain(`${BASE}/listings/${id}`);
    expect(listed).toContain(`${BASE}/sellers/${seller.sellerId}`);
    expect(listed).toEqual(expect.arrayContaining([`${BASE}/`, `${BASE}/catalog`, `${BASE}/villages/besagash`]));

    expect((await get(sitemapPart, "/sitemaps/listings-3.xml", { part: "listings-3.xml" })).status).toBe(404);
    expect((await get(sitemapPart, "/sitemaps/x.xml", { part: "../x.xml" })).status).toBe(404);
  }, 60_000);
});
