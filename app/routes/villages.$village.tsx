import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getVillage } from "~/domain/geo/geo.server";
import { parseOrNotFound, slugParam } from "~/domain/geo/params";
import { getLanguage } from "~/i18n/i18next.server";
import { localized } from "~/i18n/localized";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { DemoBadge } from "~/ui/demo-badge";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = parseOrNotFound(slugParam, params.village);
  const village = getVillage(getDb(), slug);
  if (!village) throw new Response(null, { status: 404 });
  const language = await getLanguage(request);
  return { language, village, title: localized(village, "name", language) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function VillagePage() {
  const { language, village } = useLoaderData<typeof loader>();
  const { t } = useTranslation("geo");
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
    </>
  );
}
