import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { parseOrNotFound, slugParam } from "~/web/params";
import { areaReport, findVillageArea } from "~/domain/insights/areas.server";
import { parsePeriod } from "~/domain/insights/period";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { AreaView, type AreaViewData } from "~/ui/insights-area";

/** One village for the analysts of its region, suppressed below 5 sellers (the coordinator's own dashboard is not). */
export async function loader({ request, params }: LoaderFunctionArgs): Promise<AreaViewData> {
  const slug = parseOrNotFound(slugParam, params.village);
  const db = getDb();
  const found = findVillageArea(db, slug);
  if (!found) throw new Response(null, { status: 404 });
  requireActor(request, "insights.area", () => ({ type: "area", regionId: found.regionId }));
  const { language, t } = await getT(request, "analytics");
  const report = areaReport(db, found.area, parsePeriod(new URL(request.url).searchParams.get("months")), new Date());
  if (!report) throw new Response(null, { status: 404 });
  return { report, language, title: t("title.area", { name: localized(report.area, "name", language) }), csvQuery: `village=${slug}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function VillageAnalystInsights() {
  return <AreaView data={useLoaderData<typeof loader>() as unknown as AreaViewData} />;
}
