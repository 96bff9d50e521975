/**
 * Reminders before a deadline someone can still meet (issue 14 §3): the seller before accepting
 * and before the drop-off, the buyer before answering a later date, before storage ends and
 * before the inspection window closes — by SMS in their language, through the outbox. Each is
 * recorded (order_reminders) in the same transaction as its message, so a deadline is reminded
 * once however often the job runs; a moved deadline is a new one and gets its own reminder.
 */
import { and, asc, eq, gt, inArray, lte } from "drizzle-orm";
import { orderReminders, orders } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { deadlineSettings } from "./deadline-settings.server";
import { DEADLINE_TABLE, reminderDue, type Deadlines } from "./deadlines";
import { notifyBuyer, notifySeller } from "./order-notices.server";
import { DEADLINE_KINDS } from "./order-status";

const REMINDED = DEADLINE_KINDS.filter((kind) => DEADLINE_TABLE[kind].remind !== null);

/** Sends every reminder that is due now and not yet sent; returns how many went out. */
export function sendDueReminders(db: Db, now: Date, deadlines: Deadlines = deadlineSettings()): number {
  const soon = db
    .select({ id: orders.id, kind: orders.deadlineKind, at: orders.deadlineAt })
    .from(orders)
    .where(and(inArray(orders.deadlineKind, REMINDED), gt(orders.deadlineAt, now), lte(orders.deadlineAt, new Date(now.getTime() + deadlines.reminderMs))))
    .orderBy(asc(orders.deadlineAt))
    .limit(500)
    .all();
  let sent = 0;
  for (const row of soon) {
    if (!row.kind || !row.at || !reminderDue(row.kind, row.at, now, deadlines)) continue;
    const { kind, at } = row;
    const went = writeTransaction(db, (tx) => {
      // The order may have moved on since the list was read: remind only the deadline it still waits on.
      const order = tx.select({ kind: orders.deadlineKind, at: orders.deadlineAt }).from(orders).where(eq(orders.id, row.id)).get();
      if (order?.kind !== kind || order.at?.getTime() !== at.getTime()) return false;
      const recorded = tx.insert(orderReminders).values({ orderId: row.id, deadlineKind: kind, deadlineAt: at, sentAt: now }).onConflictDoNothing().run();
      if (recorded.changes !== 1) return false;
      if (DEADLINE_TABLE[kind].remind === "seller") notifySeller(tx, row.id, `remind_${kind}`, now);
      else notifyBuyer(tx, row.id, `remind_${kind}`, now);
      return true;
    });
    if (went) sent++;
  }
  return sent;
}
