import { desc, eq, lt } from "drizzle-orm";
import { auditLog, users } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";

/** Every event the log records; each has a name in locales (identity audit.event.*). */
export const AUDIT_ACTIONS = [
  "code.sent",
  "code.limited",
  "code.failed",
  "code.flood",
  "signin",
  "signout",
  "signout.everywhere",
  "role.granted",
  "role.revoked",
  "user.disabled",
  "user.enabled",
  "user.deleted",
  "profile.updated",
  "application.submitted",
  "application.approved",
  "application.rejected",
  "seller.verified",
  "commission.changed",
  "insights.thresholds.changed",
  "evidence.printed",
  "api_token.created",
  "api_token.revoked",
  "hub.opened",
  "village.page.updated",
  "order.assisted",
  "payout.destination.changed",
  "lane.payee.changed",
  "payout.batch.exported",
  "payout.bank.imported",
  "platform.entity.changed",
  "quality.thresholds.changed",
  "quality.month.step",
  "flag.dismissed",
  "flag.hidden",
  "flag.referred",
  "pickup_point.opened",
  "lane.opened",
  "lane.closed",
  "lane.edited",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  actorUserId?: number | null;
  subjectUserId?: number | null;
  ip?: string | null;
  /** Already masked: never a code, an IIN only as 9210••••0851, a phone only masked. */
  details?: Record<string, string | number | boolean | null>;
}

/** Appends an event inside the use case's transaction (SEC-14). */
export function recordAudit(tx: Tx, entry: AuditEntry, now: Date): void {
  tx.insert(auditLog)
    .values({
      at: now,
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      subjectUserId: entry.subjectUserId ?? null,
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .run();
}

/** The newest events first, a page at a time (`before` is the last id seen). */
export function listAudit(db: Db, options: { before?: number; limit?: number } = {}) {
  const limit = options.limit ?? 50;
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorUserId: auditLog.actorUserId,
      subjectUserId: auditLog.subjectUserId,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .where(options.before ? lt(auditLog.id, options.before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}

/** Events about one person, for their data export. */
export function listAuditAbout(db: Db, userId: number) {
  return db
    .select({ at: auditLog.at, action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.subjectUserId))
    .where(eq(auditLog.subjectUserId, userId))
    .orderBy(desc(auditLog.id))
    .all()
    .map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}
