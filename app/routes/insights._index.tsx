import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getActor, requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { areaReport, listRegionsForInsights } from "~/domain/insights/areas.server";
import { parsePeriod } from "~/domain/insights/period";
import { getT } from "~/web/language.server";
import { localized, names } from "~/i18n/localized";
import { AreaView, type AreaViewData } from "~/ui/insights-area";

type Choice = { kind: "choose"; title: string; regions: { slug: string; nameKk: string; nameRu: string; nameEn: string }[] };

/**
 * The national view for admins and national analysts. A region's analyst is
 * sent to their region (or, with several, chooses one); anyone else is refused.
 */
export async function loader({ request }: LoaderFunctionArgs): Promise<({ kind: "country" } & AreaViewData) | Choice> {
  const actor = getActor(request);
  const db = getDb();
  const { language, t } = await getT(request, "analytics");
  if (!actor || can(actor, "insights.area", { type: "area", regionId: null }).ok) {
    // Anonymous: to the sign-in page and back; national: the report.
    requireActor(request, "insights.area", () => ({ type: "area", regionId: null }));
    const report = areaReport(db, { kind: "country" }, parsePeriod(new URL(request.url).searchParams.get("months")), new Date());
    if (!report) throw new Response(null, { status: 404 });
    return { kind: "country", report, language, title: t("title.country"), csvQuery: "" };
  }
  const regions = listRegionsForInsights(db).filter((r) => can(actor, "insights.area", { type: "area", regionId: r.id }).ok);
  if (regions.length === 0) throw new Response(null, { status: 403 });
  if (regions.length === 1) throw redirect(`/insights/regions/${regions[0]!.isoCode.toLowerCase()}`);
  return { kind: "choose", title: t("choose.title"), regions: regions.map((r) => ({ slug: r.isoCode.toLowerCase(), ...names(r) })) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function Insights() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("analytics");
  if (data.kind === "choose") {
    const language = i18n.language === "ru" || i18n.language === "en" ? i18n.language : "kk";
    return (
      <>
        <h1>{data.title}</h1>
        <p>{t("choose.intro")}</p>
        <ul className="list">
          {data.regions.map((r) => (
            <li key={r.slug}>
              <Link to={`/insights/regions/${r.slug}`}>{localized(r, "name", language)}</Link>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return <AreaView data={data as unknown as AreaViewData} />;
}
