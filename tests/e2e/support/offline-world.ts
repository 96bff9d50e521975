/**
 * For the offline spec: `tsx tests/e2e/support/offline-world.ts <kk|ru|en> <n> <listingId> <pointId> <stage>...`
 * after order-world.ts made the people of test `n`: for each stage the buyer
 * buys the listing once (paid online through the development provider's
 * signed webhook) and the order is walked on to that stage by the real use
 * cases: `paid`; `dropped` (the seller accepted and dropped it); `received`
 * (Besagash's hub received it); `shelved` (on the pickup point's shelf).
 * Prints the order ids, in the stages' order, as JSON.
 */
import { getConnection } from "../../../app/db.server";
import { applyOrderEvent } from "../../../app/domain/orders/order-events.server";
import { findOrCreateUser } from "../../../app/domain/identity/users.server";
import { setPaymentProvider } from "../../../app/domain/payments/payments.server";
import { worldArgs } from "./world-phones";
import { buy, devProvider, payCheckout } from "../../support/orders";

const { phone, rest } = worldArgs("offline-world.ts <kk|ru|en> <0-99> <listingId> <pointId> <paid|dropped|received|shelved>...");
const [listing, point, ...stages] = rest;

const { sqlite, db } = getConnection();
const now = new Date();
setPaymentProvider(devProvider(() => now));
const buyer = findOrCreateUser(db, phone(6), now);
const seller = findOrCreateUser(db, phone(3), now);
const hub = findOrCreateUser(db, phone(1), now);
const STEPS = {
  paid: [],
  dropped: [["accept", "seller"], ["drop", "seller"]],
  received: [["accept", "seller"], ["drop", "seller"], ["receive", "hub"]],
  shelved: [["accept", "seller"], ["drop", "seller"], ["receive", "hub"], ["arrive", "hub"]],
} as const;

const ids: number[] = [];
for (const stage of stages) {
  if (!Object.hasOwn(STEPS, stage)) throw new Error(`unknown stage ${stage}`);
  const placed = buy(db, { buyerUserId: buyer.id, pickupPointId: Number(point), lines: [{ listingId: Number(listing), quantity: 1 }] }, now);
  if (!placed.ok) throw new Error(placed.reason);
  await payCheckout(db, devProvider(() => now), placed.checkoutId, now);
  const id = placed.orderIds[0]!;
  for (const [event, by] of STEPS[stage as keyof typeof STEPS]) {
    const done = applyOrderEvent(db, { orderId: id, event, by, actorUserId: by === "seller" ? seller.id : hub.id }, now);
    if (!done.ok) throw new Error(`${event}: ${done.reason}`);
  }
  ids.push(id);
}
console.log(JSON.stringify({ orders: ids }));
sqlite.close();
