import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { CATALOG_MAX_PAGE, CATALOG_SORTS, catalogHref, parseCatalogQuery, type CatalogErrors } from "~/domain/catalog/catalog-query";
import { listCatalogChoices, searchCatalog, type ListingCard } from "~/domain/catalog/search.server";
import type { Language } from "~/i18n/config";
import { getT } from "~/web/language.server";
import { catalogHead } from "~/web/page-head.server";
import { pageMeta } from "~/web/head";
import { localized } from "~/i18n/localized";
import { ListingCards } from "~/ui/listing-card";
import { refusalKey, refusalKeys } from "~/i18n/refusals";
import { tengeQueryText } from "~/i18n/money";

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, t } = await getT(request, "storefront");
  const db = getDb();
  const parsed = parseCatalogQuery(new URL(request.url).searchParams);
  const choices = localizedChoices(listCatalogChoices(db), language);
  const title = parsed.query.q ? t("catalog.searchTitle", { q: parsed.query.q }) : t("catalog.title");
  let errors: CatalogErrors = parsed.ok ? {} : refusalKeys(parsed.errors);
  let cards: ListingCard[] = [];
  let hasNext = false;
  if (parsed.ok) {
    const result = searchCatalog(db, parsed.query);
    if (result.ok) ({ cards, hasNext } = result);
    else errors = { [result.unknown]: refusalKey(`storefront.${result.unknown}`) };
  }
  const failed = Object.keys(errors).length > 0;
  return data({ language, title, head: catalogHead(language, parsed.query.q), query: parsed.query, errors, choices, cards, hasNext }, { status: failed ? 400 : 200 });
}

/**
 * The filter form's choices in the reader's language only: a hundred villages
 * and every district in three languages made the page's data three times
 * larger than what it shows, and all of it is serialised on every request.
 */
function localizedChoices(choices: ReturnType<typeof listCatalogChoices>, language: Language) {
  const name = (row: { nameKk: string; nameRu: string; nameEn: string }) => localized(row, "name", language);
  return {
    categories: choices.categories.map((top) => ({
      slug: top.slug,
      name: name(top),
      children: top.children.map((child) => ({ slug: child.slug, name: name(child) })),
    })),
    regions: choices.regions.map((r) => ({ isoCode: r.isoCode, name: name(r) })),
    districts: choices.districts.map((d) => ({ regionIso: d.regionIso, slug: d.slug, name: name(d) })),
    villages: choices.villages.map((v) => ({ slug: v.slug, name: name(v) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => pageMeta(data?.title ?? "", data?.head, { matches, location });

/** The catalog: a GET form of filters, the goods, plain links to the next page. */
export default function Catalog() {
  const { language, title, query, errors, choices, cards, hasNext } = useLoaderData<typeof loader>();
  const { t } = useTranslation("storefront");
  const failed = Object.keys(errors).length > 0;
  const error = (field: keyof CatalogErrors) => {
    const key = errors[field];
    return key
      ? {
          "aria-invalid": true as const,
          "aria-describedby": `${field}-error`,
          message: (
            <p id={`${field}-error`} className="field-error">
              {t(key)}
            </p>
          ),
        }
      : { message: null };
  };
  const firstInvalid = (Object.keys(errors) as (keyof CatalogErrors)[])[0];
  const field = (name: keyof CatalogErrors) => {
    const { message, ...aria } = error(name);
    return { aria: { ...aria, autoFocus: firstInvalid === name }, message };
  };
  const q = field("q");
  const region = field("region");
  const district = field("district");
  const village = field("village");
  const category = field("category");
  const minPrice = field("minPrice");
  const maxPrice = field("maxPrice");
  const sort = field("sort");
  const page = field("page");

  return (
    <>
      <h1>{title}</h1>
      <form method="get" action="/catalog" className="filters" role="search">
        <div className="field wide">
          <label htmlFor="q">{t("search.label")}</label>
          <input id="q" name="q" type="search" defaultValue={query.q} maxLength={100} placeholder={t("search.placeholder")} {...q.aria} />
          {q.message}
        </div>
        <details className="wide" open={failed || Boolean(query.region || query.district || query.village || query.category || query.minPriceTiyn !== undefined || query.maxPriceTiyn !== undefined || query.inStock)}>
          <summary>{t("catalog.filters")}</summary>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor="category">{t("catalog.category")}</label>
              <select id="category" name="category" defaultValue={query.category ?? ""} {...category.aria}>
                <option value="">{t("catalog.any")}</option>
                {choices.categories.map((top) => (
                  <optgroup key={top.slug} label={top.name}>
                    <option value={top.slug}>{top.name}</option>
                    {top.children.map((child) => (
                      <option key={child.slug} value={child.slug}>
                        {child.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              {category.message}
            </div>
            <div className="field">
              <label htmlFor="region">{t("catalog.region")}</label>
              <select id="region" name="region" defaultValue={query.region?.toLowerCase() ?? ""} {...region.aria}>
                <option value="">{t("catalog.any")}</option>
                {choices.regions.map((r) => (
                  <option key={r.isoCode} value={r.isoCode.toLowerCase()}>
                    {r.name}
                  </option>
                ))}
              </select>
              {region.message}
            </div>
            <div className="field">
              <label htmlFor="district">{t("catalog.district")}</label>
              <select id="district" name="district" defaultValue={query.district ?? ""} {...district.aria}>
                <option value="">{t("catalog.any")}</option>
                {choices.districts.map((d) => (
                  <option key={`${d.regionIso}-${d.slug}`} value={d.slug}>
                    {d.name}
                  </option>
                ))}
              </select>
              {district.message}
            </div>
            <div className="field">
              <label htmlFor="village">{t("catalog.village")}</label>
              <select id="village" name="village" defaultValue={query.village ?? ""} {...village.aria}>
                <option value="">{t("catalog.any")}</option>
                {choices.villages.map((v) => (
                  <option key={v.slug} value={v.slug}>
                    {v.name}
                  </option>
                ))}
              </select>
              {village.message}
            </div>
            <div className="field">
              <label htmlFor="minPrice">{t("catalog.minPrice")}</label>
              <input
                id="minPrice"
                name="minPrice"
                inputMode="numeric"
                maxLength={15}
                defaultValue={query.minPriceTiyn !== undefined ? tengeQueryText(query.minPriceTiyn) : ""}
                {...minPrice.aria}
              />
              {minPrice.message}
            </div>
            <div className="field">
              <label htmlFor="maxPrice">{t("catalog.maxPrice")}</label>
              <input
                id="maxPrice"
                name="maxPrice"
                inputMode="numeric"
                maxLength={15}
                defaultValue={query.maxPriceTiyn !== undefined ? tengeQueryText(query.maxPriceTiyn) : ""}
                {...maxPrice.aria}
              />
              {maxPrice.message}
            </div>
            <label className="check">
              <input type="checkbox" name="inStock" value="1" defaultChecked={query.inStock} />
              {t("catalog.inStock")}
            </label>
          </div>
        </details>
        <div className="field">
          <label htmlFor="sort">{t("catalog.sort")}</label>
          <select id="sort" name="sort" defaultValue={query.sort} {...sort.aria}>
            {CATALOG_SORTS.filter((s) => s !== "relevance" || query.q).map((s) => (
              <option key={s} value={s}>
                {t(`catalog.sorts.${s}`)}
              </option>
            ))}
          </select>
          {sort.message}
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("catalog.apply")}
          </button>
          <Link to="/catalog" className="button secondary">
            {t("catalog.clear")}
          </Link>
        </div>
        {page.message}
      </form>

      <h2 className="visually-hidden">{t("catalog.results")}</h2>
      {!failed && cards.length === 0 ? <p>{t("catalog.empty")}</p> : null}
      <ListingCards cards={cards} language={language} />
      {query.page > 1 || hasNext ? (
        <nav className="pager" aria-label={t("catalog.pages")}>
          {query.page > 1 ? (
            <Link to={catalogHref(query, { page: query.page - 1 })} rel="prev">
              {t("catalog.prev")}
            </Link>
          ) : (
            <span />
          )}
          <span className="muted">{t("catalog.page", { page: query.page })}</span>
          {hasNext && query.page < CATALOG_MAX_PAGE ? (
            <Link to={catalogHref(query, { page: query.page + 1 })} rel="next">
              {t("catalog.next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
      {hasNext && query.page >= CATALOG_MAX_PAGE ? <p className="muted">{t("catalog.lastPage")}</p> : null}
    </>
  );
}
