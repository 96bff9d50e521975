import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "../../../app/db.server";
import { setSellerAcceptsCash } from "../../../app/domain/orders/seller-settings.server";
import { sellers } from "../../../db/schema";

/**
 * A demo seller of the village (never `exceptUserId`, the walk's own demo
 * seller) who chooses assisted selling through the seller's own setting, the
 * `index`-th of them, so each language and retry has its own (issue 14 §4).
 */
export function assistedDemoSeller(db: Db, villageId: number, exceptUserId: number, index: number) {
  const shop = db
    .select()
    .from(sellers)
    .where(and(eq(sellers.villageId, villageId), ne(sellers.userId, exceptUserId)))
    .orderBy(asc(sellers.id))
    .all()[index];
  if (!shop) throw new Error("not enough demo sellers in the village");
  if (!setSellerAcceptsCash(db, { userId: shop.userId, sellerId: shop.id, acceptsCash: shop.acceptsCash, assistedOrders: true })) throw new Error("could not choose assisted selling");
  return shop;
}
