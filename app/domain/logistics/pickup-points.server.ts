/**
 * Pickup points: where parcels wait for buyers, run by the village
 * cooperative. The village's coordinator registers them and appoints their
 * operators (role grants scoped to one point); buyers choose one at checkout.
 */
import { and, asc, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { districts, katoUnits, pickupPoints, regions, roleGrants, users, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import type { Language } from "../../i18n/config";
import { localized, names } from "../../i18n/localized";
import { recordAudit } from "../identity/audit.server";
import { maskPhone, normalizePhone, type PhoneRefusal } from "../identity/phone";
import { flagSessionsForRotation } from "../identity/sessions.server";
import type { PickupPointInput } from "./pickup-point-rules";
import { WEIGHT_CLASSES } from "../catalog/vocabulary";

export type PickupPoint = typeof pickupPoints.$inferSelect;

/** One pickup point by id, with its villageId (undefined when there is none). */
export function getPickupPoint(db: Db, id: number): PickupPoint | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.select().from(pickupPoints).where(eq(pickupPoints.id, id)).get();
}

/** Every point of a village, open ones first, for the coordinator's list. */
export function listVillagePickupPoints(db: Db, villageId: number): PickupPoint[] {
  return db
    .select()
    .from(pickupPoints)
    .where(eq(pickupPoints.villageId, villageId))
    .orderBy(desc(pickupPoints.active), asc(pickupPoints.name), asc(pickupPoints.id))
    .all();
}

export function createPickupPoint(
  db: Db,
  input: { actorUserId: number; villageId: number; point: PickupPointInput },
  now: Date,
): { ok: true; id: number } {
  return writeTransaction(db, (tx) => {
    const row = tx
      .insert(pickupPoints)
      .values({ ...input.point, villageId: input.villageId, createdBy: input.actorUserId, createdAt: now })
      .returning({ id: pickupPoints.id })
      .get();
    return { ok: true, id: row.id } as const;
  });
}

export type OpenPointRefusal = "logistics.settlement" | "logistics.capacity" | "logistics.max_weight";

/**
 * Opens a pickup point in any settlement of the classifier (or a city's district), answered
 * for by the village hub `villageId` (issue 17 §1). A coordinator opens one only in their
 * hub's region (`anyRegion` false); an admin anywhere.
 */
export function openPickupPoint(
  db: Db,
  input: {
    actorUserId: number;
    villageId: number;
    settlementCode: string;
    anyRegion: boolean;
    point: PickupPointInput;
    capacity: string;
    maxWeightClass: string;
    ip: string | null;
  },
  now: Date,
): { ok: true; id: number } | { ok: false; reason: OpenPointRefusal } {
  const capacity = input.capacity.trim();
  if (capacity !== "" && !/^\d{1,6}$/.test(capacity)) return { ok: false, reason: "logistics.capacity" };
  const capacityParcels = capacity === "" ? null : Number(capacity);
  if (capacityParcels !== null && (capacityParcels < 1 || capacityParcels > 100_000)) return { ok: false, reason: "logistics.capacity" };
  const maxWeightClass = WEIGHT_CLASSES.find((c) => c === input.maxWeightClass);
  if (!maxWeightClass) return { ok: false, reason: "logistics.max_weight" };
  return writeTransaction(db, (tx) => {
    const place = tx
      .select({ regionId: katoUnits.regionId, hubRegionId: districts.regionId })
      .from(katoUnits)
      .innerJoin(villages, eq(villages.id, input.villageId))
      .innerJoin(districts, eq(districts.id, villages.districtId))
      .where(and(eq(katoUnits.code, input.settlementCode), isNull(katoUnits.abolishedAt)))
      .get();
    if (!place || (!input.anyRegion && place.regionId !== place.hubRegionId)) return { ok: false, reason: "logistics.settlement" } as const;
    const row = tx
      .insert(pickupPoints)
      .values({ ...input.point, villageId: input.villageId, settlementCode: input.settlementCode, capacityParcels, maxWeightClass, createdBy: input.actorUserId, createdAt: now })
      .returning({ id: pickupPoints.id })
      .get();
    recordAudit(tx, { action: "pickup_point.opened", actorUserId: input.actorUserId, ip: input.ip, details: { pickupPointId: row.id, villageId: input.villageId, settlementCode: input.settlementCode } }, now);
    return { ok: true, id: row.id } as const;
  });
}

export type PickupPointRefusal = "logistics.point_not_found";

/** Edits a point of this village; a point of another village is answered as missing. */
export function updatePickupPoint(
  db: Db,
  input: { villageId: number; pickupPointId: number; point: PickupPointInput },
): { ok: true } | { ok: false; reason: PickupPointRefusal } {
  return writeTransaction(db, (tx) => {
    const result = tx
      .update(pickupPoints)
      .set(input.point)
      .where(and(eq(pickupPoints.id, input.pickupPointId), eq(pickupPoints.villageId, input.villageId)))
      .run();
    return result.changes === 1 ? ({ ok: true } as const) : ({ ok: false, reason: "logistics.point_not_found" } as const);
  });
}

// ---- Operators ----

/** The point's current operators, newest first. */
export function listPickupPointOperators(db: Db, pickupPointId: number) {
  return db
    .select({ grantId: roleGrants.id, userId: users.id, phone: users.phone, displayName: users.displayName, grantedAt: roleGrants.grantedAt })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.role, "operator"), eq(roleGrants.pickupPointId, pickupPointId), isNull(roleGrants.revokedAt)))
    .orderBy(desc(roleGrants.id))
    .all();
}

export type AppointRefusal =
  | PhoneRefusal
  | PickupPointRefusal
  | "logistics.operator_not_found"
  | "logistics.operator_disabled"
  | "logistics.operator_exists";

/**
 * Makes the person with this phone an operator of the point. They must have
 * an account already (signing in once makes one): a coordinator should not
 * create accounts for numbers nobody has confirmed. Their sessions get a new
 * id on the next page view, as for every role change (SEC-02).
 */
export function appointOperator(
  db: Db,
  input: { actorUserId: number; villageId: number; pickupPointId: number; phone: string; ip: string | null },
  now: Date,
): { ok: true; userId: number } | { ok: false; reason: AppointRefusal } {
  const phone = normalizePhone(input.phone);
  if (!phone.ok) return phone;
  return writeTransaction(db, (tx) => {
    const point = tx
      .select({ id: pickupPoints.id })
      .from(pickupPoints)
      .where(and(eq(pickupPoints.id, input.pickupPointId), eq(pickupPoints.villageId, input.villageId)))
      .get();
    if (!point) return { ok: false, reason: "logistics.point_not_found" } as const;
    const user = tx.select().from(users).where(eq(users.phone, phone.phone)).get();
    if (!user || user.deletedAt) return { ok: false, reason: "logistics.operator_not_found" } as const;
    if (user.disabledAt) return { ok: false, reason: "logistics.operator_disabled" } as const;
    const existing = tx
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, "operator"), eq(roleGrants.pickupPointId, point.id), isNull(roleGrants.revokedAt)))
      .get();
    if (existing) return { ok: false, reason: "logistics.operator_exists" } as const;
    tx.insert(roleGrants).values({ userId: user.id, role: "operator", pickupPointId: point.id, grantedBy: input.actorUserId, grantedAt: now }).run();
    flagSessionsForRotation(tx, user.id);
    recordAudit(
      tx,
      { action: "role.granted", actorUserId: input.actorUserId, subjectUserId: user.id, ip: input.ip, details: { role: "operator", pickupPointId: point.id, phone: maskPhone(phone.phone) } },
      now,
    );
    return { ok: true, userId: user.id } as const;
  });
}

export type RevokeOperatorRefusal = "logistics.operator_grant_not_found";

/** Ends an operator's appointment at this point (the grant stays, revoked, for the history). */
export function revokeOperator(
  db: Db,
  input: { actorUserId: number; villageId: number; pickupPointId: number; grantId: number; ip: string | null },
  now: Date,
): { ok: true } | { ok: false; reason: RevokeOperatorRefusal } {
  return writeTransaction(db, (tx) => {
    const grant = tx
      .select({ id: roleGrants.id, userId: roleGrants.userId })
      .from(roleGrants)
      .innerJoin(pickupPoints, eq(pickupPoints.id, roleGrants.pickupPointId))
      .where(
        and(
          eq(roleGrants.id, input.grantId),
          eq(roleGrants.role, "operator"),
          eq(roleGrants.pickupPointId, input.pickupPointId),
          eq(pickupPoints.villageId, input.villageId),
          isNull(roleGrants.revokedAt),
        ),
      )
      .get();
    if (!grant) return { ok: false, reason: "logistics.operator_grant_not_found" } as const;
    tx.update(roleGrants).set({ revokedAt: now, revokedBy: input.actorUserId }).where(eq(roleGrants.id, grant.id)).run();
    flagSessionsForRotation(tx, grant.userId);
    recordAudit(
      tx,
      { action: "role.revoked", actorUserId: input.actorUserId, subjectUserId: grant.userId, ip: input.ip, details: { role: "operator", pickupPointId: input.pickupPointId } },
      now,
    );
    return { ok: true } as const;
  });
}

// ---- For buyers, checkout and operators ----

const localityDistricts = alias(districts, "locality_districts");

const placeColumns = {
  id: pickupPoints.id,
  villageId: pickupPoints.villageId,
  kind: pickupPoints.kind,
  name: pickupPoints.name,
  address: pickupPoints.address,
  openingHours: pickupPoints.openingHours,
  storageDays: pickupPoints.storageDays,
  acceptsCash: pickupPoints.acceptsCash,
  active: pickupPoints.active,
  settlementCode: pickupPoints.settlementCode,
  capacityParcels: pickupPoints.capacityParcels,
  maxWeightClass: pickupPoints.maxWeightClass,
  village: { slug: villages.slug, katoCode: villages.katoCode, ...names(villages) },
  district: { ...names(districts) },
  region: { id: regions.id, isoCode: regions.isoCode, ...names(regions) },
  locality: { nameKk: katoUnits.nameKk, nameRu: katoUnits.nameRu, nameEn: katoUnits.nameEn },
  localityDistrict: { nameKk: localityDistricts.nameKk, nameRu: localityDistricts.nameRu, nameEn: localityDistricts.nameEn },
};

type Names = { nameKk: string; nameRu: string; nameEn: string };
type PlaceRow = {
  [K in Exclude<keyof typeof placeColumns, "village" | "district" | "region" | "locality" | "localityDistrict">]: PickupPoint[K];
} & {
  village: { slug: string; katoCode: string | null; nameKk: string; nameRu: string; nameEn: string };
  locality: Names | null;
  localityDistrict: Names | null;
  district: { nameKk: string; nameRu: string; nameEn: string };
  region: { id: number; isoCode: string; nameKk: string; nameRu: string; nameEn: string };
};

/** A pickup point with where it is, named in the reader's language. */
export interface PickupPointPlace {
  id: number;
  villageId: number;
  kind: PickupPoint["kind"];
  name: string;
  address: string;
  openingHours: string;
  storageDays: number;
  acceptsCash: boolean;
  active: boolean;
  capacityParcels: number | null;
  maxWeightClass: PickupPoint["maxWeightClass"];
  settlementCode: string | null;
  /** The village hub that answers for the point. */
  village: { id: number; slug: string; name: string };
  /** Whether it stands in that hub's own village (a city point does not). */
  atHub: boolean;
  /** Where it stands: the settlement (or a city's district), named in the reader's language. */
  locality: { name: string };
  /** The district it stands in; null for a city's own district. */
  district: { name: string } | null;
  region: { id: number; isoCode: string; name: string };
}

function place(row: PlaceRow, language: Language): PickupPointPlace {
  const atHub = row.settlementCode === null || row.settlementCode === row.village.katoCode;
  return {
    id: row.id,
    villageId: row.villageId,
    kind: row.kind,
    name: row.name,
    address: row.address,
    openingHours: row.openingHours,
    storageDays: row.storageDays,
    acceptsCash: row.acceptsCash,
    active: row.active,
    capacityParcels: row.capacityParcels,
    maxWeightClass: row.maxWeightClass,
    settlementCode: row.settlementCode,
    village: { id: row.villageId, slug: row.village.slug, name: localized(row.village, "name", language) },
    atHub,
    locality: { name: localized(atHub || !row.locality ? row.village : row.locality, "name", language) },
    district: atHub ? { name: localized(row.district, "name", language) } : row.localityDistrict ? { name: localized(row.localityDistrict, "name", language) } : null,
    region: { id: row.region.id, isoCode: row.region.isoCode, name: localized(row.region, "name", language) },
  };
}

function placesQuery(db: Db) {
  return (
    db
      .select(placeColumns)
      .from(pickupPoints)
      .innerJoin(villages, eq(villages.id, pickupPoints.villageId))
      .innerJoin(districts, eq(districts.id, villages.districtId))
      .leftJoin(katoUnits, eq(katoUnits.code, pickupPoints.settlementCode))
      .leftJoin(localityDistricts, eq(localityDistricts.id, katoUnits.districtId))
      // The region is where the point stands: a city point of a village hub is in the city's.
      .innerJoin(regions, eq(regions.id, sql`coalesce(${katoUnits.regionId}, ${districts.regionId})`))
  );
}

/**
 * The open pickup points a buyer may choose, in a region or a village (or
 * everywhere), with village, district and region names in the reader's language.
 */
export function pickupPointsFor(db: Db, language: Language, filter: { regionId?: number; villageId?: number } = {}): PickupPointPlace[] {
  return placesQuery(db)
    .where(
      and(
        eq(pickupPoints.active, true),
        // A sorting hub is where lanes meet, not where buyers collect.
        ne(pickupPoints.kind, "sorting_hub"),
        filter.regionId === undefined ? undefined : eq(regions.id, filter.regionId),
        filter.villageId === undefined ? undefined : eq(pickupPoints.villageId, filter.villageId),
      ),
    )
    .orderBy(asc(regions.isoCode), asc(villages.slug), asc(pickupPoints.name), asc(pickupPoints.id))
    .all()
    .map((row) => place(row, language));
}

/** One pickup point with its place names (open or not), e.g. for an order page. */
export function getPickupPointPlace(db: Db, language: Language, id: number): PickupPointPlace | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = placesQuery(db).where(eq(pickupPoints.id, id)).get();
  return row ? place(row, language) : undefined;
}

/** The points a person operates now, with their place names. */
export function listOperatedPickupPoints(db: Db, language: Language, userId: number): PickupPointPlace[] {
  return placesQuery(db)
    .innerJoin(roleGrants, and(eq(roleGrants.pickupPointId, pickupPoints.id), eq(roleGrants.role, "operator"), isNull(roleGrants.revokedAt)))
    .where(eq(roleGrants.userId, userId))
    .orderBy(desc(pickupPoints.active), asc(pickupPoints.name), asc(pickupPoints.id))
    .all()
    .map((row) => place(row, language));
}

/**
 * The buyer's filter choices: regions and villages that have an open pickup
 * point, named in the reader's language.
 */
export function pickupPointFilterChoices(db: Db, language: Language) {
  const rows = pickupPointsFor(db, language);
  const regionChoices = new Map<string, { id: number; code: string; name: string }>();
  const villageChoices = new Map<string, { id: number; slug: string; name: string; regionCode: string; regionName: string }>();
  for (const row of rows) {
    const code = row.region.isoCode.toLowerCase();
    regionChoices.set(code, { id: row.region.id, code, name: row.region.name });
    if (row.atHub) villageChoices.set(row.village.slug, { id: row.village.id, slug: row.village.slug, name: row.village.name, regionCode: code, regionName: row.region.name });
  }
  return { regions: [...regionChoices.values()], villages: [...villageChoices.values()] };
}

/**
 * Turns the buyer's GET filter (`region=kz-19`, `village=besagash`) into ids.
 * A region or village that exists but has no open point is not an error: the
 * list is just empty.
 */
export function resolvePickupPointFilter(
  db: Db,
  query: { region?: string; village?: string },
): { ok: true; regionId?: number; villageId?: number } | { ok: false; field: "region" | "village" } {
  let regionId: number | undefined;
  let villageId: number | undefined;
  if (query.region) {
    const row = /^kz-\d{2}$/i.test(query.region)
      ? db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, query.region.toUpperCase())).get()
      : undefined;
    if (!row) return { ok: false, field: "region" };
    regionId = row.id;
  }
  if (query.village) {
    const row = /^[a-z0-9-]{1,64}$/.test(query.village)
      ? db.select({ id: villages.id }).from(villages).where(eq(villages.slug, query.village)).get()
      : undefined;
    if (!row) return { ok: false, field: "village" };
    villageId = row.id;
  }
  return { ok: true, regionId, villageId };
}
