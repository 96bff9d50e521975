/**
 * Tokens for the read-only open data API (/api/v1, issue 6 §5). An analyst
 * makes one with a label and sees it once; only its SHA-256 is stored, like
 * the session ids (SEC-02), so a copy of the database holds no usable token.
 * A token carries no rights of its own: each request acts with its user's
 * grants as they are at that moment.
 */
import crypto from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiTokens, users } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { recordAudit } from "../identity/audit.server";
import type { Actor } from "../identity/can";
import { listActiveGrants } from "../identity/sessions.server";
import { checkTokenLabel, MAX_LIVE_TOKENS, TOKEN_PATTERN, TOKEN_PREFIX, type TokenRefusal } from "./api-token-rules";

/** last_used_at is a hint for the owner, not a log: written at most once a minute per token. */
const LAST_USED_PRECISION_MS = 60_000;

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Makes a token; the plain token is in the answer and nowhere else. */
export function createApiToken(db: Db, input: { userId: number; label: string; ip?: string | null }, now: Date): { ok: true; id: number; token: string; label: string } | { ok: false; reason: TokenRefusal } {
  const checked = checkTokenLabel(input.label);
  if (!checked.ok) return checked;
  return writeTransaction(db, (tx) => {
    const live = tx
      .select({ n: sql<number>`COUNT(*)` })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt)))
      .get();
    if ((live?.n ?? 0) >= MAX_LIVE_TOKENS) return { ok: false, reason: "api.too_many_tokens" } as const;
    const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
    const row = tx.insert(apiTokens).values({ userId: input.userId, label: checked.label, tokenHash: hashApiToken(token), createdAt: now }).returning({ id: apiTokens.id }).get();
    // The id and label only: neither the token nor its hash goes to the log.
    recordAudit(tx, { action: "api_token.created", actorUserId: input.userId, subjectUserId: input.userId, ip: input.ip ?? null, details: { tokenId: row.id, label: checked.label } }, now);
    return { ok: true, id: row.id, token, label: checked.label } as const;
  });
}

/** The person's tokens, newest first; never the hash. */
export function listApiTokens(db: Db, userId: number) {
  return db
    .select({ id: apiTokens.id, label: apiTokens.label, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

/** Revokes one of the person's own tokens at once (the row stays, marked). */
export function revokeApiToken(db: Db, input: { userId: number; tokenId: number; ip?: string | null }, now: Date): { ok: true } | { ok: false; reason: "api.token_not_found" } {
  return writeTransaction(db, (tx) => {
    const token = tx.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.userId, input.userId))).get();
    if (!token) return { ok: false, reason: "api.token_not_found" } as const;
    if (!token.revokedAt) {
      tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, token.id)).run();
      recordAudit(tx, { action: "api_token.revoked", actorUserId: input.userId, subjectUserId: input.userId, ip: input.ip ?? null, details: { tokenId: token.id } }, now);
    }
    return { ok: true } as const;
  });
}

/**
 * The actor behind a bearer token: its user with their current grants, or
 * null for a malformed, unknown or revoked token, or a disabled or deleted
 * user. Notes the use (at most once a minute).
 */
export function resolveApiToken(db: Db, token: string, now: Date): NonNullable<Actor> | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = db
    .select({ id: apiTokens.id, userId: apiTokens.userId, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt, disabledAt: users.disabledAt, deletedAt: users.deletedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashApiToken(token)))
    .get();
  if (!row || row.revokedAt || row.disabledAt || row.deletedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_PRECISION_MS);
    db.update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))))
      .run();
  }
  return { userId: row.userId, grants: listActiveGrants(db, row.userId) };
}
