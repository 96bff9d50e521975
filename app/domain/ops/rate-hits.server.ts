/**
 * A limit every server process sees alike (decision 0021): the hits it
 * counts are rows in the database, counted and added inside the caller's
 * write transaction, so two processes cannot both let the last allowed hit
 * through. Rows older than the window are deleted as the key is checked.
 */
import { and, count, eq, gt, lte } from "drizzle-orm";
import { rateHits } from "../../../db/schema";
import type { Tx } from "../../db.server";

/** Whether one more hit of `key` fits in the window ending now; forgets the key's hits older than the window. */
export function hitFits(tx: Tx, bucket: string, key: string, now: Date, limit: { max: number; windowMs: number }): boolean {
  const since = new Date(now.getTime() - limit.windowMs);
  tx.delete(rateHits).where(and(eq(rateHits.bucket, bucket), eq(rateHits.key, key), lte(rateHits.at, since))).run();
  const hits = tx.select({ n: count() }).from(rateHits).where(and(eq(rateHits.bucket, bucket), eq(rateHits.key, key), gt(rateHits.at, since))).get()?.n ?? 0;
  return hits < limit.max;
}

export function recordHit(tx: Tx, bucket: string, key: string, now: Date): void {
  tx.insert(rateHits).values({ bucket, key, at: now }).run();
}
