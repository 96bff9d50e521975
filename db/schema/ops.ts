import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Work exactly one server process does at a time (decision 0021): the row
 * names the process holding it until `expiresAt`; the holder renews it, and
 * when it stops renewing (a crash) another process takes it once it expired.
 */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Hits counted by a limit every server process must see alike (the listing
 * report limit per address): one row per counted hit, old rows deleted by
 * the limit itself.
 */
export const rateHits = sqliteTable(
  "rate_hits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("rate_hits_bucket_key_at").on(t.bucket, t.key, t.at)],
);
