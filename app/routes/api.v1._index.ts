import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, apiPath } from "~/web/api.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { listRegionsForInsights } from "~/domain/insights/areas.server";

/** GET /api/v1: what this token may read, with the address of each area. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(request, (actor) => {
    const regions = listRegionsForInsights(getDb()).filter((r) => can(actor, "insights.area", { type: "area", regionId: r.id }).ok);
    return {
      apiVersion: 1,
      country: can(actor, "insights.area", { type: "area", regionId: null }).ok ? apiPath("country", {}) : null,
      regions: regions.map((r) => ({ code: r.isoCode, slug: r.isoCode.toLowerCase(), name: { kk: r.nameKk, ru: r.nameRu, en: r.nameEn }, href: apiPath("region", { region: r.isoCode.toLowerCase() }) })),
      periods: [3, 6, 12],
    };
  });
}
