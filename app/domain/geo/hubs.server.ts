/**
 * Village hubs (decision 0018): an admin opens one on a settlement of the
 * classifier; its coordinator then keeps the village's page. A hub is a row of
 * `villages`, so from the moment it is open, sellers apply there, pickup points
 * and orders work and the insights count it exactly as for the demo villages.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { districts, katoUnits, roleGrants, users, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import type { PhotoRef } from "../catalog/listings.server";
import { recordAudit } from "../identity/audit.server";
import { listVillages } from "./geo.server";
import { slugify } from "./romanize";
import type { VillagePageInput } from "./village-page-rules";

export type OpenHubRefusal = "geo.settlement_not_found" | "geo.settlement_abolished" | "geo.hub_exists";

/** The village's URL part: its romanised name, else with its district's, else with its code ("besagash", "besagash-talgar"). */
function freeSlug(taken: (slug: string) => boolean, name: string, districtSlug: string, code: string): string {
  const base = slugify(name) || "village";
  for (const slug of [base, `${base}-${districtSlug}`.slice(0, 64), `${base.slice(0, 54)}-${code}`]) if (!taken(slug)) return slug;
  return code;
}

/** Opens a hub on a settlement, with its page; refuses one that is not a settlement, is abolished, or has a hub. */
export function openHub(
  db: Db,
  input: { actorUserId: number; code: string; page: VillagePageInput; photo: PhotoRef | null; ip: string | null },
  now: Date,
): { ok: true; villageId: number; slug: string } | { ok: false; reason: OpenHubRefusal } {
  return writeTransaction(db, (tx) => {
    const settlement = tx
      .select({ unit: katoUnits, districtSlug: districts.slug })
      .from(katoUnits)
      .innerJoin(districts, eq(districts.id, katoUnits.districtId))
      .where(and(eq(katoUnits.code, input.code), eq(katoUnits.kind, "settlement")))
      .get();
    if (!settlement) return { ok: false, reason: "geo.settlement_not_found" } as const;
    const { unit } = settlement;
    if (unit.abolishedAt) return { ok: false, reason: "geo.settlement_abolished" } as const;
    if (tx.select({ id: villages.id }).from(villages).where(eq(villages.katoCode, unit.code)).get()) return { ok: false, reason: "geo.hub_exists" } as const;
    const taken = (slug: string) => tx.select({ id: villages.id }).from(villages).where(eq(villages.slug, slug)).get() !== undefined;
    const slug = freeSlug(taken, unit.nameKk, settlement.districtSlug, unit.code);
    const village = tx
      .insert(villages)
      .values({
        districtId: unit.districtId!,
        slug,
        katoCode: unit.code,
        nameKk: unit.nameKk,
        nameRu: unit.nameRu,
        nameEn: unit.nameEn,
        ...pageColumns(input.page),
        ...photoColumns(input.photo),
      })
      .returning({ id: villages.id })
      .get();
    recordAudit(tx, { action: "hub.opened", actorUserId: input.actorUserId, ip: input.ip, details: { villageId: village.id, slug, katoCode: unit.code } }, now);
    return { ok: true, villageId: village.id, slug } as const;
  });
}

/** What the photo field of the page form asks for: keep the current photo, replace it, or take it down. */
export type PagePhoto = { keep: true } | { keep: false; photo: PhotoRef | null };

/** The coordinator's edit of the village's page. */
export function updateVillagePage(
  db: Db,
  input: { actorUserId: number; villageId: number; page: VillagePageInput; photo: PagePhoto; ip: string | null },
  now: Date,
): { ok: true } | { ok: false; reason: "geo.village_not_found" } {
  return writeTransaction(db, (tx) => {
    const village = tx.select({ id: villages.id }).from(villages).where(eq(villages.id, input.villageId)).get();
    if (!village) return { ok: false, reason: "geo.village_not_found" } as const;
    tx.update(villages)
      .set({ ...pageColumns(input.page), ...(input.photo.keep ? {} : photoColumns(input.photo.photo)) })
      .where(eq(villages.id, village.id))
      .run();
    recordAudit(tx, { action: "village.page.updated", actorUserId: input.actorUserId, ip: input.ip, details: { villageId: village.id, photo: input.photo.keep ? "kept" : input.photo.photo ? "new" : "none" } }, now);
    return { ok: true } as const;
  });
}

function pageColumns(page: VillagePageInput) {
  return { households: page.households, specialty: page.specialty, storyKk: page.storyKk, storyRu: page.storyRu, storyEn: page.storyEn };
}

function photoColumns(photo: PhotoRef | null) {
  return { photoHash: photo?.hash ?? null, photoWidth: photo?.width ?? null, photoHeight: photo?.height ?? null };
}

/** A village's page as its edit form shows it. */
export function getVillagePage(db: Db, villageId: number) {
  return db
    .select({
      households: villages.households,
      specialty: villages.specialty,
      storyKk: villages.storyKk,
      storyRu: villages.storyRu,
      storyEn: villages.storyEn,
      photoHash: villages.photoHash,
      photoWidth: villages.photoWidth,
      photoHeight: villages.photoHeight,
    })
    .from(villages)
    .where(eq(villages.id, villageId))
    .get();
}

/** Every hub, by region and name, with its district, settlement code and current coordinators: the admin's list. */
export function listHubs(db: Db) {
  const coordinators = db
    .select({ villageId: roleGrants.villageId, userId: users.id, name: users.displayName })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.role, "coordinator"), isNull(roleGrants.revokedAt), isNull(users.deletedAt)))
    .orderBy(asc(roleGrants.grantedAt))
    .all();
  return listVillages(db).map((hub) => ({ ...hub, coordinators: coordinators.filter((c) => c.villageId === hub.id).map(({ userId, name }) => ({ userId, name })) }));
}
