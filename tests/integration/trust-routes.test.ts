/**
 * Messages (issue 16 §3) through the routes: a buyer asks about a listing,
 * the seller gets one SMS per thread per few hours, answers, the buyer reads;
 * numbers and "pay outside" are held back with a warning; who may read and
 * write (another buyer, another seller, a coordinator of another village, the
 * seller village's coordinator only while the order is disputed).
 */
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { whenDelivered } from "../../app/domain/notify/outbox.server";
import { countUnread, listingSubject, MESSAGE_SMS_GAP_MS, sendMessage } from "../../app/domain/trust/messages.server";
import { getReputation } from "../../app/domain/trust/reputation.server";
import * as ask from "../../app/routes/listings.$id_.ask";
import * as thread from "../../app/routes/inbox.$id";
import * as inbox from "../../app/routes/inbox._index";
import * as orderMessages from "../../app/routes/orders.$id_.messages";
import * as reviewRoute from "../../app/routes/orders.$id_.review";
import { messages, orderItems, orders, outboxMessages, reviews, users } from "../../db/schema";
import * as reportRoute from "../../app/routes/reviews.$id.report";
import * as villageReports from "../../app/routes/coordinator_.$village_.reports";
import { get, post, testApp } from "../support/app";
import { grant, signIn, villageId } from "../support/identity";
import { makeOrder, makePickupPoint, makeSeller } from "../support/ledger";
import { makeListing } from "../support/orders";

const T = new Date("2026-06-01T10:00:00Z");

async function shop(db: Db, sms: Parameters<typeof signIn>[1]) {
  const besagash = villageId(db, "besagash");
  const seller = makeSeller(db, besagash, "Асқар");
  const listingId = makeListing(db, seller, { priceTiyn: 2_500_000, stock: 5 });
  const buyer = await signIn(db, sms, "+77015550101");
  const otherBuyer = await signIn(db, sms, "+77015550102");
  const sellerPhone = db.select({ phone: users.phone }).from(users).where(eq(users.id, seller.userId)).get()?.phone ?? "";
  const sellerSession = await signIn(db, sms, sellerPhone);
  const point = makePickupPoint(db, besagash);
  return { besagash, seller, listingId, buyer, otherBuyer, sellerSession, point };
}

describe("asking a seller about a listing", () => {
  it("the seller gets one SMS per thread in the gap, answers, and the buyer reads with unread counts", async () => {
    const { db, sms } = testApp();
    const w = await shop(db, sms);
    const params = { id: String(w.listingId) };
    const asked = await post(ask.action, `/listings/${w.listingId}/ask`, { body: "Биіктігі қанша?" }, { cookie: w.buyer.cookie, params });
    expect(asked.status).toBe(303);
    const threadId = Number(/\/inbox\/(\d+)/.exec(asked.headers.get("Location") ?? "")?.[1]);
    await post(thread.action, `/inbox/${threadId}`, { body: "Түсі қандай?" }, { cookie: w.buyer.cookie, params: { id: String(threadId) } });
    await whenDelivered();
    const toSeller = sms.sent.filter((m) => m.text.includes("Ағаш орындық"));
    expect(toSeller).toHaveLength(1);
    expect(countUnread(db, w.seller.userId)).toBe(2);
    // Asking again from the listing goes to the same thread.
    expect((await get(ask.loader, `/listings/${w.listingId}/ask`, { cookie: w.buyer.cookie, params })).headers.get("Location")).toBe(`/inbox/${threadId}`);
    // The seller reads (unread back to 0) and answers; the buyer gets the SMS.
    const read = await get(thread.loader, `/inbox/${threadId}`, { cookie: w.sellerSession.cookie, params: { id: String(threadId) } });
    expect(read.status).toBe(200);
    expect(countUnread(db, w.seller.userId)).toBe(0);
    const answered = await post(thread.action, `/inbox/${threadId}`, { body: "45 см." }, { cookie: w.sellerSession.cookie, params: { id: String(threadId) } });
    expect(answered.status).toBe(303);
    await whenDelivered();
    expect(sms.sent.filter((m) => m.text.includes("Ағаш орындық"))).toHaveLength(2);
    const mine = await get(inbox.loader, "/inbox", { cookie: w.buyer.cookie });
    expect((mine.data as { threads: { id: number; unread: number }[] }).threads).toEqual([expect.objectContaining({ id: threadId, unread: 1 })]);
    expect(getReputation(db, w.seller.sellerId, new Date())?.answerMedianMinutes).toBe(1);
  });

  it("a second SMS for the same thread waits for the gap", async () => {
    const { db, sms } = testApp();
    const w = await shop(db, sms);
    const waiting = () => db.select().from(outboxMessages).where(eq(outboxMessages.kind, "message_waiting")).all().length;
    const say = (at: Date) => {
      const subject = listingSubject(db, w.listingId, w.buyer.userId);
      if (!subject) throw new Error("no listing");
      const sent = sendMessage(db, { subject, senderUserId: w.buyer.userId, body: "Бар ма?", sendAnyway: false }, at);
      if (!sent.ok) throw new Error(sent.reason);
    };
    say(T);
    say(new Date(T.getTime() + MESSAGE_SMS_GAP_MS - 1));
    expect(waiting()).toBe(1);
    say(new Date(T.getTime() + MESSAGE_SMS_GAP_MS));
    expect(waiting()).toBe(2);
  });

  it("a phone number or a request to pay outside is held back with a warning; sent anyway, it is marked", async () => {
    const { db, sms } = testApp();
    const w = await shop(db, sms);
    const params = { id: String(w.listingId) };
    const warned = await post(ask.action, `/listings/${w.listingId}/ask`, { body: "Kaspi-ге аударыңыз: 8 701 555 01 99" }, { cookie: w.buyer.cookie, params });
    expect(warned.status).toBe(400);
    expect(warned.data).toEqual({ body: "Kaspi-ге аударыңыз: 8 701 555 01 99", error: null, flag: "phone" });
    expect(db.select().from(messages).all()).toHaveLength(0);
    const sent = await post(ask.action, `/listings/${w.listingId}/ask`, { body: "Kaspi-ге аударыңыз: 8 701 555 01 99", sendAnyway: "1" }, { cookie: w.buyer.cookie, params });
    expect(sent.status).toBe(303);
    expect(db.select({ flag: messages.flag }).from(messages).all()).toEqual([{ flag: "phone" }]);
  });

  it("a seller cannot ask their own shop; another buyer cannot read the thread", async () => {
    const { db, sms } = testApp();
    const w = await shop(db, sms);
    const params = { id: String(w.listingId) };
    expect((await get(ask.loader, `/listings/${w.listingId}/ask`, { cookie: w.sellerSession.cookie, params })).status).toBe(404);
    const asked = await post(ask.action, `/listings/${w.listingId}/ask`, { body: "Бар ма?" }, { cookie: w.buyer.cookie, params });
    const threadId = /\/inbox\/(\d+)/.exec(asked.headers.get("Location") ?? "")?.[1] ?? "0";
    expect((await get(thread.loader, `/inbox/${threadId}`, { cookie: w.otherBuyer.cookie, params: { id: threadId } })).status).toBe(404);
    expect((await post(thread.action, `/inbox/${threadId}`, { body: "Мен де" }, { cookie: w.otherBuyer.cookie, params: { id: threadId } })).status).toBe(404);
  });
});

describe("an order's thread", () => {
  it("the seller village's coordinator reads it only while disputed, and never writes; another village's coordinator never", async () => {
    const { db, sms } = testApp();
    const w = await shop(db, sms);
    const order = makeOrder(db, { buyerUserId: w.buyer.userId, seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "picked_up" });
    const id = String(order.orderId);
    const written = await post(orderMessages.action, `/orders/${id}/messages`, { body: "Аяғы сынық келді" }, { cookie: w.buyer.cookie, params: { id } });
    expect(written.status).toBe(303);
    const threadId = /\/inbox\/(\d+)/.exec(written.headers.get("Location") ?? "")?.[1] ?? "0";
    grant(db, "+77015550201", "coordinator", "besagash");
    grant(db, "+77015550202", "coordinator", "karabulak");
    const coordinator = await signIn(db, sms, "+77015550201");
    const otherCoordinator = await signIn(db, sms, "+77015550202");
    const seen = (cookie: string) => get(thread.loader, `/inbox/${threadId}`, { cookie, params: { id: threadId } }).then((a) => a.status);
    expect(await seen(coordinator.cookie)).toBe(404);
    db.update(orders).set({ status: "disputed" }).where(eq(orders.id, order.orderId)).run();
    expect(await seen(coordinator.cookie)).toBe(200);
    expect(await seen(otherCoordinator.cookie)).toBe(404);
    expect(await seen(w.otherBuyer.cookie)).toBe(404);
    expect((await post(thread.action, `/inbox/${threadId}`, { body: "Мен шешемін" }, { cookie: coordinator.cookie, params: { id: threadId } })).status).toBe(404);
  });
});

describe("the review routes refuse", () => {
  it("another buyer writing, another seller answering, a coordinator of another village removing", async () => {
    const { db, sms } = testApp();
    const w = await shop(db, sms);
    const order = makeOrder(db, { buyerUserId: w.buyer.userId, seller: w.seller, pickupPointId: w.point, totalTiyn: 2_500_000, paymentMethod: "cash", status: "completed" });
    db.update(orders).set({ completedAt: new Date() }).where(eq(orders.id, order.orderId)).run();
    db.insert(orderItems).values({ orderId: order.orderId, listingId: w.listingId, title: "Орындық", language: "kk", priceTiyn: 2_500_000, quantity: 1, lineTiyn: 2_500_000 }).run();
    const id = String(order.orderId);
    expect((await get(reviewRoute.loader, `/orders/${id}/review`, { cookie: w.otherBuyer.cookie, params: { id } })).status).toBe(404);
    expect((await post(reviewRoute.action, `/orders/${id}/review`, { intent: "write", itemRating: "5", sellerRating: "5", text: "Жақсы" }, { cookie: w.otherBuyer.cookie, params: { id } })).status).toBe(404);
    // Bad input: 400 with what was typed.
    const bad = await post(reviewRoute.action, `/orders/${id}/review`, { intent: "write", itemRating: "9", sellerRating: "5", text: "Жақсы" }, { cookie: w.buyer.cookie, params: { id } });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ values: { itemRating: "9", text: "Жақсы" }, errors: { itemRating: "trust:errors.review.item_rating" } });
    const done = await post(reviewRoute.action, `/orders/${id}/review`, { intent: "write", itemRating: "5", sellerRating: "4", text: "Жақсы" }, { cookie: w.buyer.cookie, params: { id } });
    expect(done.status).toBe(303);
    // Another seller is not the order's seller: the order is not theirs to see.
    const otherSeller = makeSeller(db, villageId(db, "karabulak"), "Гүлнар");
    const otherPhone = db.select({ phone: users.phone }).from(users).where(eq(users.id, otherSeller.userId)).get()?.phone ?? "";
    const otherSession = await signIn(db, sms, otherPhone);
    expect((await post(reviewRoute.action, `/orders/${id}/review`, { intent: "answer", answer: "Рақмет!" }, { cookie: otherSession.cookie, params: { id } })).status).toBe(404);
    expect((await post(reviewRoute.action, `/orders/${id}/review`, { intent: "answer", answer: "Рақмет!" }, { cookie: w.buyer.cookie, params: { id } })).status).toBe(404);
    const answered = await post(reviewRoute.action, `/orders/${id}/review`, { intent: "answer", answer: "Рақмет!" }, { cookie: w.sellerSession.cookie, params: { id } });
    expect(answered.status).toBe(303);
    const twice = await post(reviewRoute.action, `/orders/${id}/review`, { intent: "answer", answer: "Тағы" }, { cookie: w.sellerSession.cookie, params: { id } });
    expect(twice.status).toBe(409);
    // Reported, then removed: only by a moderator of the seller's village (another village's is answered 404).
    const reviewId = String(db.select({ id: reviews.id }).from(reviews).get()?.id);
    expect((await post(reportRoute.action, `/reviews/${reviewId}/report`, { reason: "offensive" }, { params: { id: reviewId } })).status).toBe(200);
    grant(db, "+77015550301", "coordinator", "besagash");
    grant(db, "+77015550302", "coordinator", "karabulak");
    const own = await signIn(db, sms, "+77015550301");
    const other = await signIn(db, sms, "+77015550302");
    const remove = (cookie: string, village: string) =>
      post(villageReports.action, `/coordinator/${village}/reports`, { intent: "review_remove", reviewId, reason: "offensive", note: "Балағат" }, { cookie, params: { village } });
    expect((await remove(other.cookie, "besagash")).status).toBe(403);
    expect((await remove(other.cookie, "karabulak")).status).toBe(404);
    expect((await remove(w.sellerSession.cookie, "besagash")).status).toBe(403);
    expect((await remove(own.cookie, "besagash")).status).toBe(303);
    // The author sees the reason on their order's review page; the public no longer sees the review.
    const author = await get(reviewRoute.loader, `/orders/${id}/review`, { cookie: w.buyer.cookie, params: { id } });
    expect(author.data).toMatchObject({ removed: { reason: "offensive", note: "Балағат" } });
    const seller = await get(reviewRoute.loader, `/orders/${id}/review`, { cookie: w.sellerSession.cookie, params: { id } });
    expect(seller.data).toMatchObject({ review: null });
  });
});
