import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import {
  districts,
  listingChanges,
  listings,
  regions,
  roleGrants,
  sellerApplications,
  sellers,
  sessions,
  signInCodes,
  users,
  villages,
} from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import type { Language } from "../../i18n/config";
import { forgetRecipient } from "../notify/outbox.server";
import { listAuditAbout, recordAudit } from "./audit.server";
import type { GrantableRole } from "./can";
import { maskPhone } from "./phone";
import { deleteSessionsOf, flagSessionsForRotation, hashSessionToken } from "./sessions.server";
import { applicationColumns } from "./sellers.server";
import { names } from "../../i18n/localized";

export function getUser(db: Db, userId: number) {
  return db.select().from(users).where(eq(users.id, userId)).get();
}

export function updateProfile(
  db: Db,
  input: { userId: number; displayName: string; preferredLanguage: Language; ip: string },
  now: Date,
): void {
  writeTransaction(db, (tx) => {
    tx.update(users).set({ displayName: input.displayName, preferredLanguage: input.preferredLanguage }).where(eq(users.id, input.userId)).run();
    recordAudit(tx, { action: "profile.updated", actorUserId: input.userId, subjectUserId: input.userId, ip: input.ip, details: { language: input.preferredLanguage } }, now);
  });
}

/** The language switcher, used while signed in, also changes the profile's language. */
export function setPreferredLanguage(db: Db, userId: number, language: Language): void {
  db.update(users).set({ preferredLanguage: language }).where(eq(users.id, userId)).run();
}

/** Signs one browser out: its row is deleted, so the cookie is worth nothing even if replayed. */
export function signOut(db: Db, input: { token: string; ip: string }, now: Date): void {
  writeTransaction(db, (tx) => {
    const id = hashSessionToken(input.token);
    const session = tx.select().from(sessions).where(eq(sessions.id, id)).get();
    if (!session) return;
    tx.delete(sessions).where(eq(sessions.id, id)).run();
    recordAudit(tx, { action: "signout", actorUserId: session.userId, subjectUserId: session.userId, ip: input.ip }, now);
  });
}

export function signOutEverywhere(db: Db, input: { userId: number; ip: string }, now: Date): void {
  writeTransaction(db, (tx) => {
    deleteSessionsOf(tx, input.userId);
    recordAudit(tx, { action: "signout.everywhere", actorUserId: input.userId, subjectUserId: input.userId, ip: input.ip }, now);
  });
}

const grantColumns = {
  id: roleGrants.id,
  role: roleGrants.role,
  villageId: roleGrants.villageId,
  regionId: roleGrants.regionId,
  pickupPointId: roleGrants.pickupPointId,
  grantedAt: roleGrants.grantedAt,
  revokedAt: roleGrants.revokedAt,
  village: { slug: villages.slug, ...names(villages) },
  region: { isoCode: regions.isoCode, ...names(regions) },
};

/** A person's roles with their scope names, newest first; revoked ones too when asked. */
export function listGrantsOf(db: Db, userId: number, options: { includeRevoked?: boolean } = {}) {
  return db
    .select(grantColumns)
    .from(roleGrants)
    .leftJoin(villages, eq(villages.id, roleGrants.villageId))
    .leftJoin(regions, eq(regions.id, roleGrants.regionId))
    .where(and(eq(roleGrants.userId, userId), options.includeRevoked ? undefined : isNull(roleGrants.revokedAt)))
    .orderBy(desc(roleGrants.id))
    .all();
}

/** Everything the hub holds about a person, for the "download my data" button. */
export function exportUserData(db: Db, userId: number) {
  const user = getUser(db, userId);
  if (!user) return undefined;
  const applications = db
    // The person's own tax number is given back to them in full.
    .select({ ...applicationColumns, village: villages.slug })
    .from(sellerApplications)
    .innerJoin(villages, eq(villages.id, sellerApplications.villageId))
    .where(eq(sellerApplications.userId, userId))
    .all();
  const sellerRows = db
    .select({ village: villages.slug, name: sellers.name, approvedAt: sellers.approvedAt, verifiedAt: sellers.verifiedAt })
    .from(sellers)
    .innerJoin(villages, eq(villages.id, sellers.villageId))
    .where(eq(sellers.userId, userId))
    .all();
  const activeSessions = db.select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.userId, userId)).all();
  return {
    user: { id: user.id, phone: user.phone, displayName: user.displayName, preferredLanguage: user.preferredLanguage, createdAt: user.createdAt },
    roles: listGrantsOf(db, userId, { includeRevoked: true }).map((g) => ({
      role: g.role,
      village: g.village?.slug ?? null,
      region: g.region?.isoCode ?? null,
      grantedAt: g.grantedAt,
      revokedAt: g.revokedAt,
    })),
    sellerApplications: applications,
    sellers: sellerRows,
    sessions: activeSessions,
    events: listAuditAbout(db, userId),
  };
}

/**
 * Deletes an account: the person's name, phone, IIN/BIN and what they wrote
 * are removed; the rows stay, emptied, because orders and the audit log
 * refer to them (accounting). Every session ends.
 */
export function deleteAccount(db: Db, input: { userId: number; ip: string }, now: Date): void {
  writeTransaction(db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user || user.deletedAt) return;
    deleteSessionsOf(tx, user.id);
    tx.update(roleGrants).set({ revokedAt: now, revokedBy: user.id }).where(and(eq(roleGrants.userId, user.id), isNull(roleGrants.revokedAt))).run();
    tx.update(sellerApplications).set({ name: null, craft: null, taxId: null, taxIdKind: null, reason: null }).where(eq(sellerApplications.userId, user.id)).run();
    tx.update(sellerApplications).set({ status: "rejected", decidedAt: now }).where(and(eq(sellerApplications.userId, user.id), eq(sellerApplications.status, "pending"))).run();
    tx.update(sellers).set({ name: null }).where(eq(sellers.userId, user.id)).run();
    // Nobody is left to hand goods over: the shop's goods leave the storefront.
    const onSale = tx
      .select({ id: listings.id, status: listings.status })
      .from(listings)
      .innerJoin(sellers, eq(sellers.id, listings.sellerId))
      .where(and(eq(sellers.userId, user.id), inArray(listings.status, ["active", "sold_out"])))
      .all();
    for (const listing of onSale) {
      tx.update(listings).set({ status: "paused", updatedAt: now }).where(eq(listings.id, listing.id)).run();
      tx.insert(listingChanges)
        .values({ listingId: listing.id, actorUserId: user.id, change: JSON.stringify({ status: [listing.status, "paused"], why: "account_deleted" }), at: now })
        .run();
    }
    if (user.phone) {
      tx.delete(signInCodes).where(eq(signInCodes.phone, user.phone)).run();
      forgetRecipient(tx, user.id, user.phone);
    }
    tx.update(users).set({ phone: null, displayName: null, deletedAt: now, disabledAt: now }).where(eq(users.id, user.id)).run();
    recordAudit(tx, { action: "user.deleted", actorUserId: user.id, subjectUserId: user.id, ip: input.ip }, now);
  });
}

// ---- Administration ----

export function findUserByPhone(db: Db, phone: string) {
  return db.select().from(users).where(eq(users.phone, phone)).get();
}

export function listVillageChoices(db: Db) {
  return db
    .select({ id: villages.id, slug: villages.slug, ...names(villages) })
    .from(villages)
    .innerJoin(districts, eq(districts.id, villages.districtId))
    .orderBy(asc(villages.slug))
    .all();
}

export function listRegionChoices(db: Db) {
  return db
    .select({ id: regions.id, isoCode: regions.isoCode, ...names(regions) })
    .from(regions)
    .orderBy(asc(regions.isoCode))
    .all();
}

export type GrantRefusal = "identity.user_not_found" | "identity.scope_required" | "identity.role_exists";

export function grantRole(
  db: Db,
  input: { actorUserId: number | null; userId: number; role: GrantableRole; villageId?: number | null; regionId?: number | null; ip: string | null },
  now: Date,
): { ok: true } | { ok: false; reason: GrantRefusal } {
  return writeTransaction(db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user || user.deletedAt) return { ok: false, reason: "identity.user_not_found" } as const;
    const villageId = input.role === "coordinator" ? input.villageId ?? null : null;
    const regionId = input.role === "analyst" ? input.regionId ?? null : null;
    if (input.role === "coordinator" && villageId === null) return { ok: false, reason: "identity.scope_required" } as const;
    const existing = tx
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.userId, user.id),
          eq(roleGrants.role, input.role),
          villageId === null ? isNull(roleGrants.villageId) : eq(roleGrants.villageId, villageId),
          regionId === null ? isNull(roleGrants.regionId) : eq(roleGrants.regionId, regionId),
          isNull(roleGrants.revokedAt),
        ),
      )
      .get();
    if (existing) return { ok: false, reason: "identity.role_exists" } as const;
    tx.insert(roleGrants).values({ userId: user.id, role: input.role, villageId, regionId, grantedBy: input.actorUserId, grantedAt: now }).run();
    flagSessionsForRotation(tx, user.id);
    recordAudit(tx, { action: "role.granted", actorUserId: input.actorUserId, subjectUserId: user.id, ip: input.ip, details: { role: input.role, villageId, regionId } }, now);
    return { ok: true } as const;
  });
}

export type RevokeRefusal = "identity.grant_not_found" | "identity.last_admin";

export function revokeRole(
  db: Db,
  input: { actorUserId: number; userId: number; grantId: number; ip: string },
  now: Date,
): { ok: true } | { ok: false; reason: RevokeRefusal } {
  return writeTransaction(db, (tx) => {
    const grant = tx
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.id, input.grantId), eq(roleGrants.userId, input.userId), isNull(roleGrants.revokedAt)))
      .get();
    if (!grant) return { ok: false, reason: "identity.grant_not_found" } as const;
    if (grant.role === "admin") {
      const admins = tx.select({ id: roleGrants.id }).from(roleGrants).where(and(eq(roleGrants.role, "admin"), isNull(roleGrants.revokedAt))).all();
      if (admins.length <= 1) return { ok: false, reason: "identity.last_admin" } as const;
    }
    tx.update(roleGrants).set({ revokedAt: now, revokedBy: input.actorUserId }).where(eq(roleGrants.id, grant.id)).run();
    flagSessionsForRotation(tx, input.userId);
    recordAudit(tx, { action: "role.revoked", actorUserId: input.actorUserId, subjectUserId: input.userId, ip: input.ip, details: { role: grant.role, villageId: grant.villageId, regionId: grant.regionId } }, now);
    return { ok: true } as const;
  });
}

/** Disabling ends every session at once (V7.4.2); sign-in is refused until enabled again. */
export function setUserDisabled(
  db: Db,
  input: { actorUserId: number; userId: number; disabled: boolean; ip: string },
  now: Date,
): { ok: true } | { ok: false; reason: "identity.user_not_found" | "identity.cannot_disable_self" } {
  return writeTransaction(db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user || user.deletedAt) return { ok: false, reason: "identity.user_not_found" } as const;
    if (input.disabled && user.id === input.actorUserId) return { ok: false, reason: "identity.cannot_disable_self" } as const;
    tx.update(users).set({ disabledAt: input.disabled ? now : null }).where(eq(users.id, user.id)).run();
    if (input.disabled) deleteSessionsOf(tx, user.id);
    recordAudit(tx, { action: input.disabled ? "user.disabled" : "user.enabled", actorUserId: input.actorUserId, subjectUserId: user.id, ip: input.ip, details: { phone: user.phone ? maskPhone(user.phone) : null } }, now);
    return { ok: true } as const;
  });
}

/** For the admin command: the person with this phone, made if new (they sign in later with a code). */
export function findOrCreateUser(db: Db, phone: string, now: Date) {
  return writeTransaction(db, (tx) => {
    const existing = tx.select().from(users).where(eq(users.phone, phone)).get();
    if (existing) return existing;
    return tx.insert(users).values({ phone, createdAt: now }).returning().get();
  });
}
