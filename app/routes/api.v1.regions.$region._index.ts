import type { LoaderFunctionArgs } from "@remix-run/node";
import { allowed, apiHandler, ApiRefusal, areaAnswer, REGION_PARAM } from "~/web/api.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { findRegionArea } from "~/domain/insights/areas.server";

/** GET /api/v1/regions/<iso, e.g. kz-19>: a region, its districts and villages ranked. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(request, (actor) => {
    const found = REGION_PARAM.test(params.region ?? "") ? findRegionArea(getDb(), params.region!) : undefined;
    if (!found) throw new ApiRefusal("not_found");
    allowed(can(actor, "insights.area", { type: "area", regionId: found.regionId }));
    return areaAnswer(request, found.area);
  });
}
