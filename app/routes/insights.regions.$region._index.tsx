import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { regionCodeParam, parseOrNotFound } from "~/web/params";
import { areaReport, findRegionArea } from "~/domain/insights/areas.server";
import { parsePeriod } from "~/domain/insights/period";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { AreaView, type AreaViewData } from "~/ui/insights-area";

/** A region for its analysts (and national ones, and admins): districts and villages ranked, monthly figures, CSV. */
export async function loader({ request, params }: LoaderFunctionArgs): Promise<AreaViewData> {
  const iso = parseOrNotFound(regionCodeParam, params.region);
  const db = getDb();
  const found = findRegionArea(db, iso);
  if (!found) throw new Response(null, { status: 404 });
  requireActor(request, "insights.area", () => ({ type: "area", regionId: found.regionId }));
  const { language, t } = await getT(request, "analytics");
  const report = areaReport(db, found.area, parsePeriod(new URL(request.url).searchParams.get("months")), new Date());
  if (!report) throw new Response(null, { status: 404 });
  return { report, language, title: t("title.area", { name: localized(report.area, "name", language) }), csvQuery: `region=${iso.toLowerCase()}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function RegionInsights() {
  return <AreaView data={useLoaderData<typeof loader>() as unknown as AreaViewData} />;
}
