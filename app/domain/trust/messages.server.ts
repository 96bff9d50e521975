/**
 * Messages between a buyer and a seller (issue 16 §3): a thread about a
 * listing (asked before buying) or inside an order. The other side gets an
 * SMS that a message waits, at most once per thread every few hours, in
 * their language. A message with a phone number, a card number or a request
 * to pay around the platform is held back with a warning; sent anyway, it is
 * marked for moderation (decision: messages).
 */
import { flagSentMessage } from "./fraud.server";
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { listings, messages, messageThreads, orders, sellers, users } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { translator } from "../../i18n/translate.server";
import { enqueueSms } from "../notify/outbox.server";
import { listingText } from "../catalog/listing-text";
import { messageFlag } from "./message-flags";
import { refreshAnswerTime } from "./reputation.server";
import type { MessageFlag } from "./vocabulary";
import { z } from "zod";
import { personText } from "../identity/person-text";

/** At most one "a message is waiting" SMS per thread and recipient in this time. */
export const MESSAGE_SMS_GAP_MS = 6 * 60 * 60 * 1000;
export const MESSAGE_MAX_LENGTH = 1000;
export const INBOX_LIMIT = 100;

export const messageInput = z.object({
  body: personText("lines", z.string().min(1, { message: "message.text_required" }).max(MESSAGE_MAX_LENGTH, { message: "message.text_long" })),
});

export type MessageRefusal = "message.not_found" | "message.own_shop" | "message.flagged";

/** What a thread is about, and who may read and write it (for can()). */
export interface ThreadSubject {
  kind: "listing" | "order";
  listingId: number | null;
  orderId: number | null;
  threadId: number | null;
  buyerUserId: number;
  sellerId: number;
  sellerUserId: number;
  sellerVillageId: number;
  orderDisputed: boolean;
}

export function threadResource(subject: ThreadSubject) {
  return {
    type: "thread" as const,
    buyerUserId: subject.buyerUserId,
    sellerUserId: subject.sellerUserId,
    sellerVillageId: subject.sellerVillageId,
    orderDisputed: subject.orderDisputed,
  };
}

/** The subject of a question about a listing on sale, asked by this buyer. */
export function listingSubject(db: Db | Tx, listingId: number, buyerUserId: number): ThreadSubject | undefined {
  const listing = db
    .select({ id: listings.id, status: listings.status, sellerId: sellers.id, sellerUserId: sellers.userId, villageId: sellers.villageId })
    .from(listings)
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .where(eq(listings.id, listingId))
    .get();
  if (!listing || listing.status === "draft" || listing.status === "removed") return undefined;
  const thread = db
    .select({ id: messageThreads.id })
    .from(messageThreads)
    .where(and(eq(messageThreads.kind, "listing"), eq(messageThreads.listingId, listingId), eq(messageThreads.buyerUserId, buyerUserId)))
    .get();
  return {
    kind: "listing",
    listingId,
    orderId: null,
    threadId: thread?.id ?? null,
    buyerUserId,
    sellerId: listing.sellerId,
    sellerUserId: listing.sellerUserId,
    sellerVillageId: listing.villageId,
    orderDisputed: false,
  };
}

/** The subject of an order's thread. */
export function orderSubject(db: Db | Tx, orderId: number): ThreadSubject | undefined {
  const order = db
    .select({ id: orders.id, status: orders.status, buyerUserId: orders.buyerUserId, sellerId: orders.sellerId, sellerUserId: sellers.userId, villageId: orders.sellerVillageId })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .where(eq(orders.id, orderId))
    .get();
  if (!order) return undefined;
  const thread = db.select({ id: messageThreads.id }).from(messageThreads).where(and(eq(messageThreads.kind, "order"), eq(messageThreads.orderId, orderId))).get();
  return {
    kind: "order",
    listingId: null,
    orderId,
    threadId: thread?.id ?? null,
    buyerUserId: order.buyerUserId,
    sellerId: order.sellerId,
    sellerUserId: order.sellerUserId,
    sellerVillageId: order.villageId,
    orderDisputed: order.status === "disputed",
  };
}

/** The subject of an existing thread. */
export function threadSubject(db: Db | Tx, threadId: number): ThreadSubject | undefined {
  const thread = db.select().from(messageThreads).where(eq(messageThreads.id, threadId)).get();
  if (!thread) return undefined;
  if (thread.kind === "order" && thread.orderId !== null) return orderSubject(db, thread.orderId);
  if (thread.listingId === null) return undefined;
  const seller = db.select({ userId: sellers.userId, villageId: sellers.villageId }).from(sellers).where(eq(sellers.id, thread.sellerId)).get();
  if (!seller) return undefined;
  return {
    kind: "listing",
    listingId: thread.listingId,
    orderId: null,
    threadId,
    buyerUserId: thread.buyerUserId,
    sellerId: thread.sellerId,
    sellerUserId: seller.userId,
    sellerVillageId: seller.villageId,
    orderDisputed: false,
  };
}

/**
 * Sends a message on a thread, starting it if needed. Unless `sendAnyway`, a
 * message that carries a number or asks to pay outside is refused with what
 * was found, so the page can warn and offer to send it anyway.
 */
export function sendMessage(
  db: Db,
  input: { subject: ThreadSubject; senderUserId: number; body: string; sendAnyway: boolean },
  now: Date,
): { ok: true; threadId: number } | { ok: false; reason: MessageRefusal; flag?: MessageFlag } {
  const { subject } = input;
  if (subject.buyerUserId === subject.sellerUserId) return { ok: false, reason: "message.own_shop" };
  const fromBuyer = input.senderUserId === subject.buyerUserId;
  if (!fromBuyer && input.senderUserId !== subject.sellerUserId) return { ok: false, reason: "message.not_found" };
  const flag = messageFlag(input.body);
  if (flag && !input.sendAnyway) return { ok: false, reason: "message.flagged", flag };
  return writeTransaction(db, (tx) => {
    let threadId = subject.threadId;
    if (threadId === null) {
      threadId = tx
        .insert(messageThreads)
        .values({
          kind: subject.kind,
          listingId: subject.listingId,
          orderId: subject.orderId,
          buyerUserId: subject.buyerUserId,
          sellerId: subject.sellerId,
          lastMessageAt: now,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: messageThreads.id })
        .get()?.id ?? null;
      // Two first messages at once: the other made the thread.
      threadId ??= (subject.kind === "order" ? orderSubject(tx, subject.orderId ?? 0) : listingSubject(tx, subject.listingId ?? 0, subject.buyerUserId))?.threadId ?? null;
      if (threadId === null) return { ok: false, reason: "message.not_found" } as const;
    }
    const thread = tx.select().from(messageThreads).where(eq(messageThreads.id, threadId)).get();
    if (!thread) return { ok: false, reason: "message.not_found" } as const;
    const answerSeconds = fromBuyer ? null : waitingSince(tx, thread.id, subject.sellerUserId, now);
    const sent = tx.insert(messages).values({ threadId: thread.id, senderUserId: input.senderUserId, body: input.body, flag, answerSeconds, createdAt: now }).returning({ id: messages.id }).get();
    if (flag) flagSentMessage(tx, sent.id, now);
    const smsAt = fromBuyer ? thread.sellerSmsAt : thread.buyerSmsAt;
    const smsDue = !smsAt || now.getTime() - smsAt.getTime() >= MESSAGE_SMS_GAP_MS;
    tx.update(messageThreads)
      .set(
        fromBuyer
          ? { sellerUnread: sql`${messageThreads.sellerUnread} + 1`, lastMessageAt: now, ...(smsDue ? { sellerSmsAt: now } : {}) }
          : { buyerUnread: sql`${messageThreads.buyerUnread} + 1`, lastMessageAt: now, ...(smsDue ? { buyerSmsAt: now } : {}) },
      )
      .where(eq(messageThreads.id, thread.id))
      .run();
    if (smsDue) notifyWaiting(tx, fromBuyer ? subject.sellerUserId : subject.buyerUserId, subject, now);
    if (answerSeconds !== null) refreshAnswerTime(tx, subject.sellerId, subject.sellerUserId, now);
    return { ok: true, threadId: thread.id } as const;
  });
}

/** Seconds since the buyer's first message after the seller last wrote, or null when nothing waited. */
function waitingSince(tx: Tx, threadId: number, sellerUserId: number, now: Date): number | null {
  const lastAnswer = tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), eq(messages.senderUserId, sellerUserId)))
    .orderBy(desc(messages.id))
    .get();
  const firstWaiting = tx
    .select({ createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), gt(messages.id, lastAnswer?.id ?? 0)))
    .orderBy(asc(messages.id))
    .get();
  return firstWaiting ? Math.max(0, Math.round((now.getTime() - firstWaiting.createdAt.getTime()) / 1000)) : null;
}

/** "A message about order № 12 / about “Chair” is waiting", in the recipient's language. */
function notifyWaiting(tx: Tx, userId: number, subject: ThreadSubject, now: Date): void {
  const user = tx.select({ phone: users.phone, language: users.preferredLanguage, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId)).get();
  if (!user?.phone || user.deletedAt) return;
  const t = translator(user.language, "trust");
  let text = t("sms.messageWaitingOrder", { order: subject.orderId });
  if (subject.kind === "listing" && subject.listingId !== null) {
    const listing = tx.select().from(listings).where(eq(listings.id, subject.listingId)).get();
    text = t("sms.messageWaitingListing", { title: listing ? listingText(listing, "title", user.language).text : "" });
  }
  enqueueSms(tx, { kind: "message_waiting", userId, to: user.phone, language: user.language, text }, now);
}

/** A thread's messages, oldest first, and its unread count set to zero for the reader. */
export function readThread(db: Db, threadId: number, readerUserId: number) {
  const subject = threadSubject(db, threadId);
  if (!subject) return undefined;
  writeTransaction(db, (tx) => {
    if (readerUserId === subject.buyerUserId) tx.update(messageThreads).set({ buyerUnread: 0 }).where(eq(messageThreads.id, threadId)).run();
    if (readerUserId === subject.sellerUserId) tx.update(messageThreads).set({ sellerUnread: 0 }).where(eq(messageThreads.id, threadId)).run();
  });
  const rows = db
    .select({ id: messages.id, senderUserId: messages.senderUserId, body: messages.body, flag: messages.flag, createdAt: messages.createdAt })
    .from(messages)
    // A message an admin hid from the moderation queue is gone for both sides (issue 16 §6).
    .where(and(eq(messages.threadId, threadId), isNull(messages.hiddenAt)))
    .orderBy(asc(messages.id))
    .all();
  return { subject, messages: rows };
}

/** A person's threads as buyer and as seller, the latest first, with what is unread on their side. */
export function listInbox(db: Db, userId: number) {
  return db
    .select({
      id: messageThreads.id,
      kind: messageThreads.kind,
      listingId: messageThreads.listingId,
      orderId: messageThreads.orderId,
      buyerUserId: messageThreads.buyerUserId,
      sellerName: sellers.name,
      sellerUserId: sellers.userId,
      buyerName: users.displayName,
      buyerUnread: messageThreads.buyerUnread,
      sellerUnread: messageThreads.sellerUnread,
      lastMessageAt: messageThreads.lastMessageAt,
      listingLanguage: listings.language,
      titleKk: listings.titleKk,
      titleRu: listings.titleRu,
      titleEn: listings.titleEn,
    })
    .from(messageThreads)
    .innerJoin(sellers, eq(sellers.id, messageThreads.sellerId))
    .innerJoin(users, eq(users.id, messageThreads.buyerUserId))
    .leftJoin(listings, eq(listings.id, messageThreads.listingId))
    .where(or(eq(messageThreads.buyerUserId, userId), asSeller(userId)))
    .orderBy(desc(messageThreads.lastMessageAt))
    .limit(INBOX_LIMIT)
    .all()
    .map((row) => {
      const asBuyer = row.buyerUserId === userId;
      return { ...row, asBuyer, unread: asBuyer ? row.buyerUnread : row.sellerUnread, otherName: asBuyer ? row.sellerName : row.buyerName };
    });
}

/** Threads of the shops the person sells in (through message_threads_seller). */
function asSeller(userId: number) {
  return sql`${messageThreads.sellerId} IN (SELECT id FROM sellers WHERE user_id = ${userId})`;
}

/** Unread messages across a person's threads, for the header's inbox link. */
export function countUnread(db: Db, userId: number): number {
  const row = db
    .select({
      n: sql<number>`coalesce(sum(CASE WHEN ${messageThreads.buyerUserId} = ${userId} THEN ${messageThreads.buyerUnread} ELSE ${messageThreads.sellerUnread} END), 0)`,
    })
    .from(messageThreads)
    .where(or(eq(messageThreads.buyerUserId, userId), asSeller(userId)))
    .get();
  return row?.n ?? 0;
}
