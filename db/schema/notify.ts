import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./identity";

/**
 * Messages to send, written in the same transaction as the use case that
 * causes them and delivered after commit (DESIGN §2 notify). `idempotencyKey`
 * goes to the gateway with every attempt, so a retry never sends twice.
 * Bodies that carry a sign-in code are emptied once delivered.
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    channel: text("channel", { enum: ["sms"] }).notNull().default("sms"),
    kind: text("kind").notNull(),
    userId: integer("user_id").references(() => users.id),
    /** E.164; NULL once the recipient deleted their account. */
    recipient: text("recipient"),
    language: text("language", { enum: ["kk", "ru", "en"] }).notNull(),
    body: text("body"),
    sensitive: integer("sensitive", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_messages_status").on(t.status, t.id)],
);

/**
 * What the development `outbox` SMS adapter "delivered": the phone a newcomer
 * reads their code from, at /dev/sms. Empty whenever a real gateway is set.
 */
export const devSmsInbox = sqliteTable(
  "dev_sms_inbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    recipient: text("recipient").notNull(),
    body: text("body").notNull(),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("dev_sms_inbox_recipient").on(t.recipient)],
);
