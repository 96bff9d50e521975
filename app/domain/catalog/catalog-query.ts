/**
 * The catalog's URL: what a buyer asked for with the GET filter form, checked.
 * Every value is optional; a wrong one is named by its field and a locale key,
 * so the page can say what to fix (400), never fail (500).
 */
import { parseTenge, tengeQueryText } from "../../i18n/money";

export const CATALOG_SORTS = ["newest", "price_asc", "price_desc", "rating", "relevance"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

/** One page of cards: small enough for the 14 KB budget, enough to scroll on a phone. */
export const CATALOG_PAGE_SIZE = 24;
/** Deeper pages cost an ever larger OFFSET; past this, narrowing the filters is the answer. */
export const CATALOG_MAX_PAGE = 50;
export const SEARCH_MAX_LENGTH = 100;

const SLUG = /^[a-z0-9-]{1,64}$/;
const REGION = /^kz-\d{2}$/i;

export interface CatalogQuery {
  q: string;
  region?: string;
  district?: string;
  village?: string;
  category?: string;
  minPriceTiyn?: number;
  maxPriceTiyn?: number;
  inStock: boolean;
  sort: CatalogSort;
  page: number;
}

export type CatalogField = "q" | "region" | "district" | "village" | "category" | "minPrice" | "maxPrice" | "sort" | "page";
export type CatalogErrors = Partial<Record<CatalogField, string>>;

export type CatalogParseResult =
  | { ok: true; query: CatalogQuery }
  | { ok: false; query: CatalogQuery; errors: CatalogErrors };

/** Reads the filter form from a URL's search params; the query keeps every valid part. */
export function parseCatalogQuery(params: URLSearchParams): CatalogParseResult {
  const errors: CatalogErrors = {};
  const text = (name: string) => (params.get(name) ?? "").trim();

  const q = text("q");
  if (q.length > SEARCH_MAX_LENGTH) errors.q = "storefront.q_long";

  const slug = (name: "district" | "village" | "category") => {
    const value = text(name);
    if (value === "") return undefined;
    if (!SLUG.test(value)) errors[name] = `storefront.${name}`;
    return SLUG.test(value) ? value : undefined;
  };
  const regionText = text("region");
  let region: string | undefined;
  if (regionText !== "") {
    if (REGION.test(regionText)) region = regionText.toUpperCase();
    else errors.region = "storefront.region";
  }

  const price = (name: "minPrice" | "maxPrice") => {
    const value = text(name);
    if (value === "") return undefined;
    const tiyn = parseTenge(value);
    if (tiyn === undefined) errors[name] = "storefront.price";
    return tiyn;
  };
  const minPriceTiyn = price("minPrice");
  const maxPriceTiyn = price("maxPrice");
  if (minPriceTiyn !== undefined && maxPriceTiyn !== undefined && minPriceTiyn > maxPriceTiyn) {
    errors.maxPrice = "storefront.price_range";
  }

  const sortText = text("sort");
  let sort: CatalogSort = q ? "relevance" : "newest";
  if (sortText !== "") {
    if ((CATALOG_SORTS as readonly string[]).includes(sortText)) sort = sortText as CatalogSort;
    else errors.sort = "storefront.sort";
  }
  // Relevance needs words to be relevant to.
  if (sort === "relevance" && !q) sort = "newest";

  const pageText = text("page");
  let page = 1;
  if (pageText !== "") {
    const n = /^\d{1,4}$/.test(pageText) ? Number(pageText) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= CATALOG_MAX_PAGE) page = n;
    else errors.page = "storefront.page";
  }

  const stock = text("inStock");
  const query: CatalogQuery = {
    q: q.slice(0, SEARCH_MAX_LENGTH),
    region,
    district: slug("district"),
    village: slug("village"),
    category: slug("category"),
    minPriceTiyn,
    maxPriceTiyn,
    inStock: stock === "1" || stock === "on" || stock === "true",
    sort,
    page,
  };
  return Object.keys(errors).length === 0 ? { ok: true, query } : { ok: false, query, errors };
}

/** The URL of the same search with some values changed (pager links, "clear" links). */
export function catalogHref(query: CatalogQuery, change: Partial<CatalogQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.region) params.set("region", next.region.toLowerCase());
  if (next.district) params.set("district", next.district);
  if (next.village) params.set("village", next.village);
  if (next.category) params.set("category", next.category);
  if (next.minPriceTiyn !== undefined) params.set("minPrice", tengeQueryText(next.minPriceTiyn));
  if (next.maxPriceTiyn !== undefined) params.set("maxPrice", tengeQueryText(next.maxPriceTiyn));
  if (next.inStock) params.set("inStock", "1");
  const defaultSort = next.q ? "relevance" : "newest";
  if (next.sort !== defaultSort) params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `/catalog?${search}` : "/catalog";
}

