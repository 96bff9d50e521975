import { describe, expect, it } from "vitest";
import * as assistedEdit from "../../app/routes/coordinator_.$village_.listings.$id";
import * as listingPage from "../../app/routes/listings.$id";
import { LANGUAGES, type Language } from "../../app/i18n/config";
import { languageCookie } from "../../app/web/language.server";
import { seedCategories } from "../../db/seed/seed";
import { cookieHeader, testApp } from "../support/app";
import { grant, signIn } from "../support/identity";
import { approvedSellerOf, insertListing } from "../support/storefront";
import { renderedPage, type RouteModule } from "../support/render";

/**
 * Issue 12 §5: the served HTML must hold no NUL byte and no U+FFFD. React
 * 18.3.1's Node stream renderer flushed a whole 2 KB view when a short text
 * ended with a two-byte letter that did not fit, so about one page in three
 * carried a NUL (decision 0017). These tests render whole pages through the real
 * handleRequest of app/entry.server.tsx, as Remix calls it, with the real root
 * and page modules and real data.
 */

const PAGES: { id: string; path: string; module: RouteModule }[] = [
  { id: "routes/listings.$id", path: "listings/:id", module: listingPage },
  { id: "routes/coordinator_.$village_.listings.$id", path: "coordinator/:village/listings/:id", module: assistedEdit },
];

/** Where the stray bytes are, to say what broke when the check fails. */
function strayBytes(bytes: Uint8Array, html: string): string[] {
  const found: string[] = [];
  bytes.forEach((byte, offset) => {
    if (byte === 0) found.push(`NUL at byte ${offset} (byte ${offset % 2048} of a 2 KB view)`);
  });
  for (const match of html.matchAll(/\uFFFD/g)) found.push(`U+FFFD at character ${match.index}`);
  return found;
}

/** Short Cyrillic words: the kind of text that lands on a 2 KB boundary in the middle of a letter. */
const RU_DESCRIPTION = "Платяной шкаф из сосны, три полки, ручки из бересты. Собран без гвоздей, покрыт маслом.";
const KK_DESCRIPTION = "Қарағайдан жасалған киім шкафы, үш сөресі бар, тұтқалары қайың қабығынан.";

function world() {
  const app = testApp();
  const { db } = app;
  seedCategories(db);
  const coordinatorPhone = "+77770000001";
  const coordinatorUserId = grant(db, coordinatorPhone, "coordinator", "besagash");
  const seller = approvedSellerOf(db, { phone: "+77011110001", village: "besagash", name: "Ольга Ким", language: "ru", coordinatorUserId });
  /**
   * Listings whose texts grow one letter at a time: each shifts every later
   * byte of the page by one or two, so between them the page's 2 KB
   * boundaries fall on every kind of place, the middle of a letter included.
   */
  const listings = Array.from({ length: 8 }, (_, index) =>
    insertListing(db, {
      ...seller,
      category: "tables-chairs",
      language: "ru",
      title: { ru: `Шкаф платяной ${"ы".repeat(index)}`, kk: `Киім шкафы ${"ә".repeat(index)}`, en: `Wardrobe ${"o".repeat(index)}` },
      description: { ru: `${"Ж".repeat(index)}${RU_DESCRIPTION}`, kk: `${"ң".repeat(index)}${KK_DESCRIPTION}` },
      priceTenge: 85_000,
      stock: 1,
    }),
  );
  return { ...app, coordinatorPhone, listings };
}

async function languageCookieOf(language: Language): Promise<string> {
  return (await languageCookie.serialize(language)).split(";")[0] ?? "";
}

describe("the bytes of a rendered page (issue 12 §5, decision 0017)", () => {
  it("a buyer's listing pages with Cyrillic text carry no NUL byte and no U+FFFD, in kk, ru and en", async () => {
    const { listings } = world();
    const stray: string[] = [];
    for (const language of LANGUAGES) {
      const cookie = await languageCookieOf(language);
      for (const id of listings) {
        const page = await renderedPage(PAGES, `/listings/${id}`, cookie);
        expect(page.status).toBe(200);
        // Standards mode: the doctype comes first, as React's stream renderer wrote it.
        expect(page.html.startsWith(`<!DOCTYPE html><html lang="${language}">`)).toBe(true);
        stray.push(...strayBytes(page.bytes, page.html).map((where) => `${language} /listings/${id}: ${where}`));
      }
    }
    expect(stray).toEqual([]);
  });

  it("the coordinator's edit form keeps a Russian description letter for letter, so saving it writes no U+FFFD back", async () => {
    const { db, sms, coordinatorPhone, listings } = world();
    const { cookie: session } = await signIn(db, sms, coordinatorPhone);
    const stray: string[] = [];
    for (const language of LANGUAGES) {
      const cookie = cookieHeader(session, await languageCookieOf(language));
      for (const [index, id] of listings.entries()) {
        const page = await renderedPage(PAGES, `/coordinator/besagash/listings/${id}`, cookie);
        expect(page.status).toBe(200);
        // The textarea holds exactly what is stored: what the next save sends back.
        expect(page.html).toContain(`${"Ж".repeat(index)}${RU_DESCRIPTION}</textarea>`);
        // The page hydrates: its loader data came along whole (single fetch writes it in scripts
        // that suspend until read, so a renderer without Suspense would leave it out).
        expect(page.html).toContain("window.__remixContext.streamController.close();");
        stray.push(...strayBytes(page.bytes, page.html).map((where) => `${language} listing ${id}: ${where}`));
      }
    }
    expect(stray).toEqual([]);
  });
});
