import type { LoaderFunctionArgs } from "@remix-run/node";
import { allowed, apiHandler, ApiRefusal, areaAnswer, SLUG_PARAM } from "~/web/api.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { findVillageArea } from "~/domain/insights/areas.server";

/** GET /api/v1/villages/<slug>: one village's figures, status and categories. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(request, (actor) => {
    const found = SLUG_PARAM.test(params.village ?? "") ? findVillageArea(getDb(), params.village!) : undefined;
    if (!found) throw new ApiRefusal("not_found");
    allowed(can(actor, "insights.area", { type: "area", regionId: found.regionId }));
    return areaAnswer(request, found.area);
  });
}
