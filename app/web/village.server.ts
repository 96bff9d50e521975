/** The village a coordinator's URL names (`/coordinator/<slug>/…`), or a 404. */
import { getDb } from "../db.server";
import { parseOrNotFound, slugParam } from "./params";
import { getVillage } from "../domain/geo/geo.server";
import { requireActor } from "./auth.server";
import { names } from "../i18n/localized";

export function villageOrNotFound(slug: string | undefined) {
  const village = getVillage(getDb(), parseOrNotFound(slugParam, slug));
  if (!village) throw new Response(null, { status: 404 });
  // The coordinator's pages carry the village's key and names, nothing more.
  return { id: village.id, slug: village.slug, ...names(village) };
}

/** The village, if the signed-in person may sell on its sellers' behalf there (assisted selling). */
export function requireAssistedVillage(request: Request, slug: string | undefined) {
  const village = villageOrNotFound(slug);
  const actor = requireActor(request, "listing.assist", () => ({ type: "listing", sellerUserId: 0, villageId: village.id }));
  return { actor, village };
}
