/** The village a coordinator's URL names (`/coordinator/<slug>/…`), or a 404. */
import { getDb } from "../db.server";
import { parseOrNotFound, slugParam } from "./params";
import { getVillageBySlug } from "../domain/identity/sellers.server";

export function villageOrNotFound(slug: string | undefined) {
  const village = getVillageBySlug(getDb(), parseOrNotFound(slugParam, slug));
  if (!village) throw new Response(null, { status: 404 });
  return village;
}
