import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as home from "../../app/routes/_index";
import * as catalog from "../../app/routes/catalog";
import * as listingPage from "../../app/routes/listings.$id";
import * as district from "../../app/routes/regions.$region.$district";
import * as region from "../../app/routes/regions.$region._index";
import * as sellerPage from "../../app/routes/sellers.$id";
import * as village from "../../app/routes/villages.$village";
import { getVillage } from "../../app/domain/geo/geo.server";
import { LANGUAGES, type Language } from "../../app/i18n/config";
import { languageCookie } from "../../app/web/language.server";
import { listingPhotos, villages } from "../../db/schema";
import { seedCategories } from "../../db/seed/seed";
import { BASE, testApp } from "../support/app";
import { grant } from "../support/identity";
import { renderedPage, type PageRoute } from "../support/render";
import { approvedSellerOf, insertListing } from "../support/storefront";

/**
 * Issue 19 §1–2: what a messenger or a search engine reads in a buyer page's
 * head, in each language: description, Open Graph and Twitter card, canonical
 * URL, one alternate per language and x-default (decision 0025), and on a
 * listing schema.org Product/Offer and BreadcrumbList. Pages are rendered
 * whole through the real entry, root and route modules.
 */
const PAGES: PageRoute[] = [
  { id: "routes/_index", path: "", module: home },
  { id: "routes/catalog", path: "catalog", module: catalog },
  { id: "routes/regions.$region._index", path: "regions/:region", module: region },
  { id: "routes/regions.$region.$district", path: "regions/:region/:district", module: district },
  { id: "routes/villages.$village", path: "villages/:village", module: village },
  { id: "routes/sellers.$id", path: "sellers/:id", module: sellerPage },
  { id: "routes/listings.$id", path: "listings/:id", module: listingPage },
];

const PHOTO = "a".repeat(64);
const VILLAGE_PHOTO = "b".repeat(64);

function world() {
  const app = testApp();
  const { db } = app;
  seedCategories(db);
  const coordinatorUserId = grant(db, "+77770000001", "coordinator", "besagash");
  const seller = approvedSellerOf(db, { phone: "+77011110001", village: "besagash", name: "Ольга Ким", language: "ru", coordinatorUserId });
  const listing = (status: "active" | "sold_out" | "removed", stock: number) =>
    insertListing(db, {
      ...seller,
      category: "tables-chairs",
      language: "ru",
      title: { ru: "Стол из карагача", kk: "Қарағаш үстел", en: "Elm table" },
      description: { ru: "Обеденный стол на шесть человек, масло и воск.", kk: "Алты адамға арналған ас үстелі." },
      priceTenge: 85_000,
      stock,
      status,
    });
  const active = listing("active", 2);
  db.insert(listingPhotos).values({ listingId: active, position: 0, hash: PHOTO, width: 1280, height: 960, createdAt: new Date() }).run();
  db.update(villages).set({ photoHash: VILLAGE_PHOTO, photoWidth: 1280, photoHeight: 720 }).where(eq(villages.slug, "besagash")).run();
  const place = getVillage(db, "besagash")!;
  const regionPath = `/regions/${place.region.isoCode.toLowerCase()}`;
  return {
    ...app,
    seller,
    active,
    soldOut: listing("sold_out", 0),
    removed: listing("removed", 1),
    paths: {
      home: "/",
      catalog: "/catalog",
      region: regionPath,
      district: `${regionPath}/${place.district.slug}`,
      village: "/villages/besagash",
      seller: `/sellers/${seller.sellerId}`,
      listing: `/listings/${active}`,
    },
  };
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The head's tags, read the way a crawler does: by attribute, whatever their order. */
function head(html: string) {
  const part = html.slice(0, html.indexOf("</head>"));
  const tags = [...part.matchAll(/<(meta|link)\s([^>]*?)\/?>/g)].map((m) => {
    const attributes: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)) attributes[a[1]!.toLowerCase()] = decode(a[2]!);
    return attributes;
  });
  const meta = (key: string) => tags.find((t) => t.name === key || t.property === key)?.content;
  const links = (rel: string) => tags.filter((t) => t.rel === rel);
  const jsonLd = [...part.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
  return { meta, links, jsonLd, lang: /<html lang="([a-z]+)"/.exec(html)?.[1] };
}

async function cookieOf(language: Language): Promise<string> {
  return (await languageCookie.serialize(language)).split(";")[0] ?? "";
}

describe("a buyer page's head (issue 19)", () => {
  it("every buyer page in kk, ru and en: description, absolute og:image, canonical, three alternates and x-default", async () => {
    const { paths } = world();
    for (const [page, path] of Object.entries(paths)) {
      const descriptions = new Set<string>();
      for (const language of LANGUAGES) {
        const address = `${path}?lang=${language}`;
        const rendered = await renderedPage(PAGES, address);
        expect(rendered.status, address).toBe(200);
        const found = head(rendered.html);
        expect(found.lang, address).toBe(language);
        const description = found.meta("description");
        expect(description, `${address} description`).toMatch(/\S{3}/);
        descriptions.add(description!);
        expect(found.meta("og:description")).toBe(description);
        expect(found.meta("og:title"), address).toBeTruthy();
        expect(found.meta("og:image"), `${address} og:image`).toMatch(new RegExp(`^${BASE}/(share\\.png|photos/[0-9a-f]{64}-1280\\.webp)$`));
        expect(found.meta("twitter:card")).toBe("summary_large_image");
        expect(found.meta("twitter:image")).toBe(found.meta("og:image"));
        expect(found.links("canonical").map((l) => l.href), address).toEqual([`${BASE}${address}`]);
        expect(found.meta("og:url")).toBe(`${BASE}${address}`);
        const alternates = Object.fromEntries(found.links("alternate").map((l) => [l.hreflang, l.href]));
        expect(alternates, address).toEqual({
          kk: `${BASE}${path}?lang=kk`,
          ru: `${BASE}${path}?lang=ru`,
          en: `${BASE}${path}?lang=en`,
          "x-default": `${BASE}${path}`,
        });
      }
      expect(descriptions.size, `${page}: a description per language`).toBe(3);
    }
  });

  it("a listing's preview: its first photo at 1280 px, title, price in tenge and village, in the reader's language", async () => {
    const { active, paths } = world();
    const ru = head((await renderedPage(PAGES, `${paths.listing}?lang=ru`)).html);
    expect(ru.meta("og:image")).toBe(`${BASE}/photos/${PHOTO}-1280.webp`);
    expect(ru.meta("og:image:width")).toBe("1280");
    expect(ru.meta("og:type")).toBe("product");
    expect(ru.meta("og:title")).toBe("Стол из карагача");
    expect(ru.meta("description")).toMatch(/^85\s000\s₸ · Бесагаш, .*Обеденный стол/);
    const en = head((await renderedPage(PAGES, `${paths.listing}?lang=en`)).html);
    expect(en.meta("og:title")).toBe("Elm table");
    expect(en.meta("description")).toMatch(/^₸85,000 · Besagash/);
    expect(en.meta("og:locale")).toBe("en_US");
    expect(active).toBeGreaterThan(0);
  });

  it("a village's preview shows its photo and what it makes", async () => {
    const { paths } = world();
    const kk = head((await renderedPage(PAGES, `${paths.village}?lang=kk`)).html);
    expect(kk.meta("og:image")).toBe(`${BASE}/photos/${VILLAGE_PHOTO}-1280.webp`);
    const en = head((await renderedPage(PAGES, `${paths.village}?lang=en`)).html);
    expect(en.meta("description")).toContain("makes furniture");
  });

  it("without ?lang= the page is the x-default version in the cookie's language, canonical to itself, and the switcher goes back without ?lang=", async () => {
    const { paths } = world();
    const bare = await renderedPage(PAGES, paths.village, await cookieOf("en"));
    const found = head(bare.html);
    expect(found.lang).toBe("en");
    expect(found.links("canonical").map((l) => l.href)).toEqual([`${BASE}${paths.village}`]);
    // The address overrules the cookie for that one response, and sets nothing.
    const addressed = await renderedPage(PAGES, `${paths.village}?lang=ru`, await cookieOf("en"));
    expect(head(addressed.html).lang).toBe("ru");
    expect(addressed.headers.get("Set-Cookie") ?? "").not.toContain("lng=");
    expect(addressed.html).toContain(`name="redirectTo" value="${paths.village}"`);
  });

  it("listings: JSON-LD Product/Offer (price, KZT, availability) and BreadcrumbList; sold out answers 200 OutOfStock; removed answers 410 and asks not to be kept", async () => {
    const { paths, soldOut, removed } = world();
    const page = head((await renderedPage(PAGES, `${paths.listing}?lang=en`)).html);
    const product = page.jsonLd.find((d) => d["@type"] === "Product") as { name: string; offers: Record<string, string>; image: string[] };
    expect(product.name).toBe("Elm table");
    expect(product.image).toEqual([`${BASE}/photos/${PHOTO}-1280.webp`]);
    expect(product.offers).toMatchObject({ "@type": "Offer", price: "85000.00", priceCurrency: "KZT", availability: "https://schema.org/InStock" });
    const trail = page.jsonLd.find((d) => d["@type"] === "BreadcrumbList") as { itemListElement: { position: number; item: string }[] };
    expect(trail.itemListElement.map((s) => s.item)).toEqual([`${BASE}/`, `${BASE}${paths.region}`, `${BASE}${paths.village}`, `${BASE}${paths.listing}`]);
    expect(page.meta("robots")).toBeUndefined();

    const sold = await renderedPage(PAGES, `/listings/${soldOut}`);
    expect(sold.status).toBe(200);
    const soldProduct = head(sold.html).jsonLd.find((d) => d["@type"] === "Product") as { offers: Record<string, string> };
    expect(soldProduct.offers.availability).toBe("https://schema.org/OutOfStock");

    const gone = await renderedPage(PAGES, `/listings/${removed}`);
    expect(gone.status).toBe(410);
    expect(head(gone.html).meta("robots")).toBe("noindex");
    expect(head(gone.html).jsonLd).toEqual([]);
  });

  it("JSON-LD is data that cannot close its script: a title with </script> stays inside", async () => {
    const { db, seller } = world();
    const id = insertListing(db, {
      ...seller,
      category: "tables-chairs",
      language: "en",
      title: { en: 'Bench </script><script>alert("x")</script>' },
      priceTenge: 1000,
      stock: 1,
    });
    const html = (await renderedPage(PAGES, `/listings/${id}`)).html;
    expect(html).not.toContain('<script>alert("x")');
    const product = head(html).jsonLd.find((d) => d["@type"] === "Product") as { name: string };
    expect(product.name).toBe('Bench </script><script>alert("x")</script>');
  });
});
