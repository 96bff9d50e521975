import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * SEC-08's "every loader and action calls can()", checked on the source: a
 * route file with a loader or an action must go through requireActor,
 * requireAllowed or can(), unless it is listed here as a page of public data
 * that anyone may read (the geography, the storefront, the error routes).
 */
const PUBLIC_ROUTES: Record<string, string> = {
  "$.tsx": "the 404 page for unknown addresses",
  "refusal.tsx": "the server's refusal page (403/411/413)",
  "_index.tsx": "home: public villages and goods",
  "about.tsx": "how it works",
  "hello.tsx": "the framework floor for the bench",
  "ready.tsx": "the readiness probe: says only whether start-up seeding is done",
  "regions.$region._index.tsx": "public geography",
  "regions.$region.$district.tsx": "public geography",
  "villages.$village.tsx": "a village's public storefront",
  "catalog.tsx": "the public catalog and search",
  "photos.$name.tsx": "public listing photos",
  "sellers.$id.tsx": "a seller's public page",
  "robots[.]txt.ts": "robots.txt: public rules for crawlers",
  "sitemap[.]xml.ts": "the sitemap index: names only public pages",
  "sitemaps.$part.ts": "a sitemap part: public listings, sellers and places",
  "webhooks.payments.$provider.tsx": "the payment provider's webhook: its HMAC signature decides, not a session",
};

const ROUTES = "app/routes";

describe("every route that loads or acts checks can()", () => {
  const files = fs.readdirSync(ROUTES).filter((f) => /\.tsx?$/.test(f));
  for (const file of files) {
    const source = fs.readFileSync(path.join(ROUTES, file), "utf8");
    if (!/export (async )?function (loader|action)\b/.test(source)) continue;
    it(file, () => {
      if (file in PUBLIC_ROUTES) return;
      expect(source, `${file} must call requireActor, requireAllowed or can()`).toMatch(/\b(requireActor|requireAllowed|can)\(/);
    });
  }
});
