/**
 * Actions a phone queued while offline come with a key (issue 20): the first
 * arrival acts and records its answer in the same transaction; a resend of
 * the key (the answer was lost on a dropping line, the phone tried again)
 * gets the recorded answer and acts no more.
 */
import { and, eq, lt } from "drizzle-orm";
import { writeTransaction, type Db } from "../../db.server";
import { idempotencyKeys } from "../../../db/schema";

/** A key is a UUID the phone made (crypto.randomUUID). */
export const IDEMPOTENCY_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A key the phone sent that is not one: the form was not made by our script. */
export function keyRefusal(key: string): "offline.key_invalid" | undefined {
  return IDEMPOTENCY_KEY.test(key) ? undefined : "offline.key_invalid";
}

/** How long a key is remembered: a phone offline for longer sends its queue as new actions. */
export const KEY_DAYS = 30;

export interface KeyUse {
  userId: number;
  key: string;
  /** What the key acts on: `order.accept:12`, `listing.create`. */
  action: string;
}

export type Once<T> = { replayed: boolean; outcome: T } | { replayed: true; reason: "offline.key_reused" };

/** The answer recorded for this person's key, if it was used (read outside a write, e.g. before a slow upload). */
export function usedKey(db: Pick<Db, "select">, use: KeyUse): Once<unknown> | undefined {
  const row = db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, use.userId), eq(idempotencyKeys.key, use.key)))
    .get();
  if (!row) return undefined;
  if (row.action !== use.action) return { replayed: true, reason: "offline.key_reused" };
  return { replayed: true, outcome: JSON.parse(row.outcome) as unknown };
}

/**
 * Runs `work` once per person and key. `work` is a synchronous use case on the
 * same connection: its own transaction nests in this one (a savepoint), so the
 * key and the action commit or roll back together.
 */
export function once<T>(db: Db, use: KeyUse, now: Date, work: () => T): Once<T> {
  return writeTransaction(db, (tx) => {
    const used = usedKey(tx, use);
    if (used) return used as Once<T>;
    const outcome = work();
    tx.insert(idempotencyKeys).values({ userId: use.userId, key: use.key, action: use.action, outcome: JSON.stringify(outcome), createdAt: now }).run();
    return { replayed: false, outcome };
  });
}

/** Forgets keys older than KEY_DAYS (the daily job). */
export function forgetOldKeys(db: Db, now: Date): number {
  const before = new Date(now.getTime() - KEY_DAYS * 24 * 60 * 60 * 1000);
  return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).run().changes;
}
