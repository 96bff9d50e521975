import type { LoaderFunctionArgs } from "@remix-run/node";
import { allowed, apiHandler, areaAnswer } from "~/web/api.server";
import { can } from "~/domain/identity/can";

/** GET /api/v1/country: the whole country, its regions ranked (README "Open data API"). */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(request, (actor) => {
    allowed(can(actor, "insights.area", { type: "area", regionId: null }));
    return areaAnswer(request, { kind: "country" });
  });
}
