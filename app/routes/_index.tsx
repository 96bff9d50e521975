import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { listNewListings } from "~/domain/catalog/storefront.server";
import { listRegions, listVillages } from "~/domain/geo/geo.server";
import { getT } from "~/web/language.server";
import { siteHead } from "~/web/page-head.server";
import { pageMeta } from "~/web/head";
import { localized } from "~/i18n/localized";
import { DemoBadge } from "~/ui/demo-badge";
import { ListingCards } from "~/ui/listing-card";

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, t } = await getT(request, "geo");
  const db = getDb();
  // Names in the reader's language only: every village with its district's and region's names in
  // three languages made the page's data three times what it shows, serialised on every request.
  const name = (row: { nameKk: string; nameRu: string; nameEn: string }) => localized(row, "name", language);
  return {
    language,
    title: t("home.title"),
    head: siteHead(language, t("home.intro")),
    newGoods: listNewListings(db, { limit: 8 }),
    regions: listRegions(db).map((r) => ({ id: r.id, isoCode: r.isoCode, kind: r.kind, villageCount: r.villageCount, name: name(r) })),
    villages: listVillages(db).map((v) => ({ id: v.id, slug: v.slug, isDemo: v.isDemo, specialty: v.specialty, name: name(v), district: name(v.district), region: name(v.region) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => pageMeta(data?.title ?? "", data?.head, { matches, location });

export default function Home() {
  const { language, newGoods, regions, villages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("geo");
  const { t: ts } = useTranslation("storefront");
  const provinces = regions.filter((r) => r.kind === "region");
  const cities = regions.filter((r) => r.kind === "city");
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      <form method="get" action="/catalog" className="search" role="search">
        <label htmlFor="home-q">{ts("search.label")}</label>
        <div className="search-row">
          <input id="home-q" name="q" type="search" maxLength={100} placeholder={ts("search.placeholder")} />
          <button type="submit" className="button">
            {ts("search.button")}
          </button>
        </div>
      </form>

      <h2>{ts("home.newGoods")}</h2>
      {newGoods.length === 0 ? <p className="muted">{ts("home.noGoods")}</p> : <ListingCards cards={newGoods} language={language} />}
      <p>
        <Link to="/catalog">{ts("home.allGoods")} →</Link>
      </p>

      <h2>{t("home.featured")}</h2>
      <ul className="cards">
        {villages.map((village) => (
          <li key={village.id}>
            <Link to={`/villages/${village.slug}`} className="card">
              <strong>{village.name}</strong>
              {village.isDemo ? <DemoBadge /> : null}
              <span className="muted">
                {village.district}, {village.region}
              </span>
              {village.specialty ? <span>{t(`specialty.${village.specialty}`)}</span> : null}
            </Link>
          </li>
        ))}
      </ul>

      <h2>{t("home.regions")}</h2>
      <ul className="list">
        {provinces.map((region) => (
          <li key={region.id}>
            <Link to={`/regions/${region.isoCode.toLowerCase()}`}>{region.name}</Link>
            {region.villageCount > 0 ? (
              <span className="muted"> · {t("region.villages", { count: region.villageCount })}</span>
            ) : null}
          </li>
        ))}
      </ul>
      <h3>{t("home.citiesNote")}</h3>
      <ul className="list">
        {cities.map((region) => (
          <li key={region.id}>
            <Link to={`/regions/${region.isoCode.toLowerCase()}`}>{region.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
