/** A shop's own order settings: whether it takes cash at pickup, whether its coordinator may handle its orders (assisted selling). */
import { and, eq } from "drizzle-orm";
import { sellers } from "../../../db/schema";
import type { Db } from "../../db.server";

/** Each of the person's shops → whether it accepts cash at pickup. */
export function sellerCashChoices(db: Db, userId: number): Record<number, boolean> {
  const rows = db.select({ id: sellers.id, acceptsCash: sellers.acceptsCash }).from(sellers).where(eq(sellers.userId, userId)).all();
  return Object.fromEntries(rows.map((r) => [r.id, r.acceptsCash]));
}

/** Each of the person's shops → whether its village coordinator may accept, decline and drop its orders. */
export function sellerAssistedChoices(db: Db, userId: number): Record<number, boolean> {
  const rows = db.select({ id: sellers.id, assisted: sellers.assistedOrders }).from(sellers).where(eq(sellers.userId, userId)).all();
  return Object.fromEntries(rows.map((r) => [r.id, r.assisted]));
}

/** Changes the settings of one of the person's own shops; false when the shop is not theirs. */
export function setSellerAcceptsCash(db: Db, input: { userId: number; sellerId: number; acceptsCash: boolean; assistedOrders?: boolean }): boolean {
  const result = db
    .update(sellers)
    .set(input.assistedOrders === undefined ? { acceptsCash: input.acceptsCash } : { acceptsCash: input.acceptsCash, assistedOrders: input.assistedOrders })
    .where(and(eq(sellers.id, input.sellerId), eq(sellers.userId, input.userId)))
    .run();
  return result.changes === 1;
}
