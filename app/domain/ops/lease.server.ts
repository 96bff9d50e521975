/**
 * A lease: work exactly one of several server processes on one database file
 * does at a time — the background work (decision 0021). A process takes the
 * lease when nobody holds it or the holder let it expire, and renews it well
 * before it expires; a process that crashed stops renewing, so another takes
 * over one lease term later. One conditional upsert decides, so two processes
 * asking at once cannot both win.
 */
import { and, eq, sql } from "drizzle-orm";
import { leases } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";

/** Takes or renews the lease for `holder` until `now + termMs`; true when `holder` holds it afterwards. */
export function holdLease(db: Db, name: string, holder: string, now: Date, termMs: number): boolean {
  return writeTransaction(db, (tx) => {
    const result = tx.run(sql`
      INSERT INTO leases (name, holder, expires_at) VALUES (${name}, ${holder}, ${now.getTime() + termMs})
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= ${now.getTime()}`);
    return result.changes === 1;
  });
}

/** Gives the lease up (a clean shutdown), so another process need not wait for it to expire. */
export function releaseLease(db: Db, name: string, holder: string): void {
  writeTransaction(db, (tx) => tx.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder))).run());
}

/** Who holds the lease now, if anyone (for /metrics and tests). */
export function leaseHolder(db: Db, name: string, now: Date): string | null {
  const row = db.select().from(leases).where(eq(leases.name, name)).get();
  return row && row.expiresAt.getTime() > now.getTime() ? row.holder : null;
}
