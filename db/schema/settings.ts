import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Settings the app keeps for itself (a generated signing secret, later rates and thresholds). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
