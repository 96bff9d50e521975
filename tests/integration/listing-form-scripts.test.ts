import { describe, expect, it } from "vitest";
import * as assistedNew from "../../app/routes/coordinator_.$village_.listings.new";
import * as sellerNew from "../../app/routes/seller_.listings.new";
import { seedCategories } from "../../db/seed/seed";
import { testApp } from "../support/app";
import { grant, signIn } from "../support/identity";
import { approvedSellerOf } from "../support/storefront";
import { renderedPage, type RouteModule } from "../support/render";

/**
 * Issue 20 §4 (DESIGN §6, the work areas' 100 KB of JavaScript on a first
 * visit): the new-listing forms load the work areas' offline script only,
 * which uploads the photos (app/offline/photo-upload.ts); not the Remix
 * client, 147 KB of it compressed, as when they hydrated for the uploads.
 */
const PAGES: { id: string; path: string; module: RouteModule }[] = [
  { id: "routes/seller_.listings.new", path: "seller/listings/new", module: sellerNew },
  { id: "routes/coordinator_.$village_.listings.new", path: "coordinator/:village/listings/new", module: assistedNew },
];

describe("the new-listing forms' scripts (issue 20 §4)", () => {
  it("the seller's and the coordinator's new-listing forms send no Remix client, and carry what the upload script needs", async () => {
    const { db, sms } = testApp();
    seedCategories(db);
    const coordinatorPhone = "+77770000002";
    const coordinatorUserId = grant(db, coordinatorPhone, "coordinator", "besagash");
    // Signed in before the approval: the approval's SMS would hold back the code's.
    const seller = await signIn(db, sms, "+77011110002");
    approvedSellerOf(db, { phone: "+77011110002", village: "besagash", name: "Айгүл Сейітова", language: "kk", coordinatorUserId });
    const pages = [
      { path: "/seller/listings/new", cookie: seller.cookie },
      { path: "/coordinator/besagash/listings/new", cookie: (await signIn(db, sms, coordinatorPhone)).cookie },
    ];
    for (const { path, cookie } of pages) {
      const page = await renderedPage(PAGES, path, cookie);
      expect(page.status, path).toBe(200);
      // No hydration: neither the Remix context nor the client's entry module is on the page.
      expect(page.html, path).not.toContain("__remixContext");
      expect(page.html, path).not.toContain("/assets/entry.client.js");
      // The plain multipart form, with where the script uploads photos and its hidden status box.
      expect(page.html, path).toMatch(/<form method="post" encType="multipart\/form-data"[^>]*data-offline-upload="\/seller\/listings\/photos"/);
      expect(page.html, path).toMatch(/<div class="upload-status"[^>]* data-upload-status="true" data-strings="[^"]*\{\{percent\}\}[^"]*" hidden="">/);
    }
  });
});
