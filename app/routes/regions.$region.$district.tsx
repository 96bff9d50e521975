import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getDistrict } from "~/domain/geo/geo.server";
import { parseOrNotFound, regionCodeParam, slugParam } from "~/web/params";
import { getLanguage } from "~/web/language.server";
import { districtHead } from "~/web/page-head.server";
import { pageMeta } from "~/web/head";
import { localized } from "~/i18n/localized";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { DemoBadge } from "~/ui/demo-badge";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = parseOrNotFound(regionCodeParam, params.region);
  const slug = parseOrNotFound(slugParam, params.district);
  const district = getDistrict(getDb(), code, slug);
  if (!district) throw new Response(null, { status: 404 });
  const language = await getLanguage(request);
  return { language, district, title: localized(district, "name", language), head: districtHead(language, district) };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => pageMeta(data?.title ?? "", data?.head, { matches, location });

export default function DistrictPage() {
  const { language, district } = useLoaderData<typeof loader>();
  const { t } = useTranslation("geo");
  const regionPath = `/regions/${district.region.isoCode.toLowerCase()}`;
  const name = localized(district, "name", language);
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/", label: t("common:nav.home") },
          { to: regionPath, label: localized(district.region, "name", language) },
          { to: `${regionPath}/${district.slug}`, label: name },
        ]}
      />
      <h1>
        {name} {district.isDemo ? <DemoBadge /> : null}
      </h1>
      <h2>{t("district.villages")}</h2>
      {district.villages.length === 0 ? (
        <p>{t("district.noVillages")}</p>
      ) : (
        <ul className="cards">
          {district.villages.map((village) => (
            <li key={village.id}>
              <Link to={`/villages/${village.slug}`} className="card">
                <strong>{localized(village, "name", language)}</strong>
                {village.isDemo ? <DemoBadge /> : null}
                {village.specialty ? <span>{t(`specialty.${village.specialty}`)}</span> : null}
                <span className="muted">{t("village.householdCount", { count: village.households })}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
