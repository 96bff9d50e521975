import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./identity";

/**
 * Keys a phone sent its queued actions with (issue 20): one row per person and
 * key, written in the same transaction as the action, holding what the action
 * answered. A resend of the same key gets that answer again and acts no more.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    key: text("key").notNull(),
    /** What the key was used for (`order.accept:12`, `listing.create`): another use of it is refused. */
    action: text("action").notNull(),
    /** The action's answer as JSON. */
    outcome: text("outcome").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.key] }), index("idempotency_keys_created_idx").on(table.createdAt)],
);
