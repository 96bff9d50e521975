import crypto from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { roleGrants, sessions, users } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import type { Grant } from "./can";
import { SESSION_REFRESH_AFTER_MS, SESSION_REPLACED_GRACE_MS, SESSION_TTL_MS } from "./rules";

/** Only the hash is stored, so a leaked database holds no usable cookie (SEC-02). */
export function hashSessionToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** 32 random bytes for the cookie; the row keeps their hash. */
export function createSession(tx: Tx, userId: number, now: Date): string {
  const token = crypto.randomBytes(32).toString("base64url");
  // Tidy this person's dead rows: expired, or replaced by a newer id.
  const replacedBefore = new Date(now.getTime() - SESSION_REPLACED_GRACE_MS);
  tx.delete(sessions)
    .where(and(eq(sessions.userId, userId), or(lt(sessions.expiresAt, now), lt(sessions.replacedAt, replacedBefore))))
    .run();
  tx.insert(sessions)
    .values({ id: hashSessionToken(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
    .run();
  return token;
}

export interface ResolvedSession {
  sessionId: string;
  userId: number;
  expiresAt: Date;
  /** Roles changed since this id was issued, and it has not been replaced yet. */
  rotationDue: boolean;
  /** The expiry should roll forward (and the cookie be sent again). */
  refreshDue: boolean;
  user: { id: number; phone: string | null; displayName: string | null; preferredLanguage: "kk" | "ru" | "en" };
  grants: Grant[];
}

/** The live session behind a cookie value, or null (unknown, expired, replaced, or its user disabled). */
export function resolveSession(db: Db, token: string, now: Date): ResolvedSession | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, hashSessionToken(token)))
    .get();
  if (!row) return null;
  const { session, user } = row;
  if (session.expiresAt.getTime() <= now.getTime()) return null;
  if (session.replacedAt && now.getTime() - session.replacedAt.getTime() > SESSION_REPLACED_GRACE_MS) return null;
  if (user.disabledAt || user.deletedAt) return null;
  return {
    sessionId: session.id,
    userId: user.id,
    expiresAt: session.expiresAt,
    rotationDue: session.rotationDue && !session.replacedAt,
    refreshDue: !session.replacedAt && session.expiresAt.getTime() - now.getTime() < SESSION_TTL_MS - SESSION_REFRESH_AFTER_MS,
    user: { id: user.id, phone: user.phone, displayName: user.displayName, preferredLanguage: user.preferredLanguage },
    grants: listActiveGrants(db, user.id),
  };
}

export function listActiveGrants(db: Db | Tx, userId: number): Grant[] {
  return db
    .select({ role: roleGrants.role, villageId: roleGrants.villageId, regionId: roleGrants.regionId, pickupPointId: roleGrants.pickupPointId })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
    .all();
}

/**
 * Issues a new id for a session whose roles changed (SEC-02). The old id
 * answers a few more seconds, for the other loaders of the same page view.
 * Returns the new cookie value, or null when someone else rotated it first.
 */
export function rotateSession(db: Db, sessionId: string, now: Date): string | null {
  return writeTransaction(db, (tx) => {
    const old = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    if (!old || old.replacedAt) return null;
    tx.update(sessions).set({ replacedAt: now, rotationDue: false }).where(eq(sessions.id, sessionId)).run();
    return createSession(tx, old.userId, now);
  });
}

/** Rolls the 30-day expiry forward from now. */
export function extendSession(db: Db, sessionId: string, now: Date): Date {
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId)).run();
  return expiresAt;
}

/** Marks every session of a user for a new id on its next page view (after a role change). */
export function flagSessionsForRotation(tx: Tx, userId: number): void {
  tx.update(sessions).set({ rotationDue: true }).where(and(eq(sessions.userId, userId), isNull(sessions.replacedAt))).run();
}

export function deleteSessionsOf(tx: Tx, userId: number): void {
  tx.delete(sessions).where(eq(sessions.userId, userId)).run();
}
