/**
 * For the quality spec: `tsx tests/e2e/support/quality-world.ts <kk|ru|en> <n> <listingId> <pointId>`
 * after order-world.ts made test n's people. Through the real use cases, the
 * Besagash seller's last month gets five cash orders of the listing from the
 * buyer, collected at the seller's own village, one cancelled by the seller
 * (20 %, over the 3 % threshold); the month is judged as the job judges it
 * and the SMS delivered to the development outbox. The third order to the
 * seller's own village is also a pickup pattern (fraud rule 1). Prints the
 * SMS body, the orders and the pattern's order as JSON.
 */
import { eq } from "drizzle-orm";
import { users } from "../../../db/schema";
import { getConnection } from "../../../app/db.server";
import { addMonths, almatyMonth } from "../../../app/domain/insights/calendar";
import { deliverPending } from "../../../app/domain/notify/outbox.server";
import { createOutboxSender } from "../../../app/domain/notify/sms-outbox.server";
import { checkout } from "../../../app/domain/orders/checkout.server";
import { putInCart, userCartKey } from "../../../app/domain/orders/cart.server";
import { applyOrderEvent } from "../../../app/domain/orders/order-events.server";
import { judgeSellerMonth } from "../../../app/domain/trust/quality.server";
import { worldArgs } from "./world-phones";

const { language, phone, rest } = worldArgs("quality-world.ts <kk|ru|en> <0-99> <listingId> <pointId>");
const [listingId, pointId] = rest.map(Number) as [number, number];

const { sqlite, db } = getConnection();
const now = new Date();
const userId = (role: number) => db.select({ id: users.id }).from(users).where(eq(users.phone, phone(role))).get()!.id;
const sellerUserId = userId(3);
const buyerUserId = userId(6);
const sellerId = (sqlite.prepare("SELECT id FROM sellers WHERE user_id = ?").get(sellerUserId) as { id: number }).id;

const month = addMonths(almatyMonth(now), -1);
const orderIds: number[] = [];
for (let i = 0; i < 5; i++) {
  const at = new Date(`${month}-${String(10 + i).padStart(2, "0")}T06:00:00Z`);
  const put = putInCart(db, { cartKey: userCartKey(buyerUserId), listingId, quantity: 1, replace: true }, at);
  if (!put.ok) throw new Error(put.reason);
  const placed = checkout(db, { buyerUserId, cartKey: userCartKey(buyerUserId), pickupPointId: pointId, paymentMethod: "cash", idempotencyKey: `quality-${language}-${sellerId}-${i}`, language }, at);
  if (!placed.ok) throw new Error(placed.reason);
  orderIds.push(placed.orderIds[0]!);
}
const cancelled = applyOrderEvent(db, { orderId: orderIds[0]!, event: "seller_cancel", by: "seller", actorUserId: sellerUserId }, new Date(`${month}-16T06:00:00Z`));
if (!cancelled.ok) throw new Error(cancelled.reason);

judgeSellerMonth(db, sellerId, month, now);
await deliverPending(db, createOutboxSender(() => db));
const sms = sqlite.prepare("SELECT body FROM outbox_messages WHERE kind = 'quality_notice' AND user_id = ? ORDER BY id DESC").get(sellerUserId) as { body: string } | undefined;
if (!sms) throw new Error("no quality SMS");
console.log(JSON.stringify({ sms: sms.body, orderIds, patternOrder: orderIds[2] }));
sqlite.close();
