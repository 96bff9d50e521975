/** Small lookups of where things are, for the order screens. */
import { eq } from "drizzle-orm";
import { districts, regions, villages } from "../../../db/schema";
import type { Db } from "../../db.server";

/** The ISO code of a village's region, lower case as in URLs (`kz-19`). */
export function villageRegionCode(db: Db, villageId: number): string | null {
  const row = db
    .select({ code: regions.isoCode })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(eq(villages.id, villageId))
    .get();
  return row ? row.code.toLowerCase() : null;
}
