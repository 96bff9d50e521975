import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getRegion } from "~/domain/geo/geo.server";
import { parseOrNotFound, regionCodeParam } from "~/web/params";
import { getLanguage } from "~/web/language.server";
import { regionHead } from "~/web/page-head.server";
import { pageMeta } from "~/web/head";
import { localized } from "~/i18n/localized";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { DemoBadge } from "~/ui/demo-badge";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = parseOrNotFound(regionCodeParam, params.region);
  const region = getRegion(getDb(), code);
  if (!region) throw new Response(null, { status: 404 });
  const language = await getLanguage(request);
  return { language, region, title: localized(region, "name", language), head: regionHead(language, region) };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => pageMeta(data?.title ?? "", data?.head, { matches, location });

export default function RegionPage() {
  const { language, region } = useLoaderData<typeof loader>();
  const { t } = useTranslation("geo");
  const name = localized(region, "name", language);
  const centre = localized(region, "centre", language);
  return (
    <>
      <Breadcrumbs trail={[{ to: "/", label: t("common:nav.home") }, { to: `/regions/${region.isoCode.toLowerCase()}`, label: name }]} />
      <h1>{name}</h1>
      <p className="muted">
        {t(`region.kind.${region.kind}`)} · {region.isoCode}
        {centre ? ` · ${t("region.centre", { centre })}` : null}
      </p>
      <h2>{t("region.districts")}</h2>
      {region.districts.length === 0 ? (
        <p>{t("region.noDistricts")}</p>
      ) : (
        <ul className="list">
          {region.districts.map((district) => (
            <li key={district.id}>
              <Link to={`/regions/${region.isoCode.toLowerCase()}/${district.slug}`}>{localized(district, "name", language)}</Link>
              {district.isDemo ? <DemoBadge /> : null}
              <span className="muted"> · {t("region.villages", { count: district.villageCount })}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
