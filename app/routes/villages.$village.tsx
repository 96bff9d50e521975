import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getVillageStorefront } from "~/domain/catalog/storefront.server";
import { getVillage } from "~/domain/geo/geo.server";
import { parseOrNotFound, slugParam } from "~/web/params";
import { LANGUAGES, type Language } from "~/i18n/config";
import { getLanguage } from "~/web/language.server";
import { villageHead } from "~/web/page-head.server";
import { pageMeta } from "~/web/head";
import { localized } from "~/i18n/localized";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { DemoBadge } from "~/ui/demo-badge";
import { ListingCards } from "~/ui/listing-card";
import { ResponsivePhoto } from "~/ui/photo";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = parseOrNotFound(slugParam, params.village);
  const village = getVillage(getDb(), slug);
  if (!village) throw new Response(null, { status: 404 });
  const language = await getLanguage(request);
  const storefront = getVillageStorefront(getDb(), village.id);
  return { language, village, storefront, title: localized(village, "name", language), head: villageHead(language, village) };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => pageMeta(data?.title ?? "", data?.head, { matches, location });

export default function VillagePage() {
  const { language, village, storefront } = useLoaderData<typeof loader>();
  const { t } = useTranslation("geo");
  const { t: ts } = useTranslation("storefront");
  // The story in the reader's language, else the first one written, marked with its language.
  const stories: Record<Language, string | null> = { kk: storefront.story.storyKk, ru: storefront.story.storyRu, en: storefront.story.storyEn };
  const storyLanguage = stories[language] ? language : LANGUAGES.find((l) => stories[l]);
  const ownStory = storyLanguage ? stories[storyLanguage] : null;
  const regionPath = `/regions/${village.region.isoCode.toLowerCase()}`;
  const districtPath = `${regionPath}/${village.district.slug}`;
  const name = localized(village, "name", language);
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/", label: t("common:nav.home") },
          { to: regionPath, label: localized(village.region, "name", language) },
          { to: districtPath, label: localized(village.district, "name", language) },
          { to: `/villages/${village.slug}`, label: name },
        ]}
      />
      <h1>
        {name} {village.isDemo ? <DemoBadge /> : null}
      </h1>
      {village.isDemo ? <p className="notice">{t("village.demoNotice")}</p> : null}
      {village.photoHash && village.photoWidth && village.photoHeight ? (
        <figure className="listing-photo">
          <ResponsivePhoto hash={village.photoHash} width={village.photoWidth} height={village.photoHeight} alt={t("village.photoAlt", { village: name })} eager />
        </figure>
      ) : null}
      <dl className="facts">
        {village.specialty ? (
          <div>
            <dt>{t("village.specialtyLabel")}</dt>
            <dd>{t(`specialty.${village.specialty}`)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("village.region")}</dt>
          <dd>
            <Link to={regionPath}>{localized(village.region, "name", language)}</Link>
          </dd>
        </div>
        <div>
          <dt>{t("village.district")}</dt>
          <dd>
            <Link to={districtPath}>{localized(village.district, "name", language)}</Link>
          </dd>
        </div>
        <div>
          <dt>{t("village.householdsLabel")}</dt>
          <dd>{t("village.householdCount", { count: village.households })}</dd>
        </div>
      </dl>

      <section aria-labelledby="story">
        <h2 id="story">{ts("village.story")}</h2>
        {ownStory ? (
          <p className="prose" lang={storyLanguage === language ? undefined : storyLanguage}>
            {ownStory}
          </p>
        ) : (
          <p className="muted">{ts("village.noStory")}</p>
        )}
      </section>

      <section aria-labelledby="goods">
        <h2 id="goods">{ts("village.goods")}</h2>
        {storefront.goods.length === 0 ? <p className="muted">{ts("village.noGoods")}</p> : <ListingCards cards={storefront.goods} language={language} showVillage={false} />}
        {storefront.goods.length > 0 ? (
          <p>
            <Link to={`/catalog?village=${village.slug}`}>{ts("village.allGoods")} →</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="producers">
        <h2 id="producers">
          {ts("village.producers")} <span className="muted small">· {ts("village.producersCount", { count: storefront.producerCount })}</span>
        </h2>
        {storefront.producers.length === 0 ? (
          <p className="muted">{ts("village.noProducers")}</p>
        ) : (
          <ul className="producers">
            {storefront.producers.map((producer) => (
              <li key={producer.id}>
                <Link to={`/sellers/${producer.id}`}>{producer.name ?? "—"}</Link>
                {producer.verifiedAt ? <span className="badge verified">{ts("listing.verified")}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {storefront.producerCount > storefront.producers.length ? (
          <p className="muted">{ts("village.moreProducers", { count: storefront.producerCount - storefront.producers.length })}</p>
        ) : null}
      </section>
    </>
  );
}
