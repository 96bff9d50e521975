import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./identity";

/**
 * Append-only record of security events (SEC-14): sign-ins, code sends and
 * failures, role changes, approvals, disabling. Triggers refuse UPDATE and
 * DELETE. Never holds a code; phones and IINs appear masked only.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    action: text("action").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    subjectUserId: integer("subject_user_id").references(() => users.id),
    ip: text("ip"),
    /** JSON object of masked details. */
    details: text("details").notNull().default("{}"),
  },
  (t) => [index("audit_log_at").on(t.at), index("audit_log_subject").on(t.subjectUserId)],
);
