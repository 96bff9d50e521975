import type { LoaderFunctionArgs } from "@remix-run/node";
import { allowed, apiHandler, ApiRefusal, areaAnswer, REGION_PARAM, SLUG_PARAM } from "~/web/api.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { findDistrictArea } from "~/domain/insights/areas.server";

/** GET /api/v1/regions/<iso>/districts/<slug>: a district and its villages ranked. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(request, (actor) => {
    const valid = REGION_PARAM.test(params.region ?? "") && SLUG_PARAM.test(params.district ?? "");
    const found = valid ? findDistrictArea(getDb(), params.region!, params.district!) : undefined;
    if (!found) throw new ApiRefusal("not_found");
    allowed(can(actor, "insights.area", { type: "area", regionId: found.regionId }));
    return areaAnswer(request, found.area);
  });
}
