import crypto from "node:crypto";
import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import { devSmsInbox, outboxMessages } from "../../../db/schema";
import { getDb, type Db, type Tx } from "../../db.server";
import { getEnv } from "../../env.server";
import type { Language } from "../../i18n/config";
import { createHttpSender } from "./sms-http.server";
import { createOutboxSender } from "./sms-outbox.server";
import type { SmsSender } from "./sms";

/** A message is given up after this many failed deliveries. */
export const MAX_DELIVERY_ATTEMPTS = 5;

/** A sign-in code lives 5 minutes (CODE_TTL_MS); sending it later helps nobody. */
const SENSITIVE_TTL_MS = 5 * 60_000;

export interface NewSms {
  kind: string;
  userId: number | null;
  to: string;
  language: Language;
  text: string;
  /** A sign-in code: the body is erased once delivered. */
  sensitive?: boolean;
}

/** Queues an SMS inside the use case's transaction; it is sent after commit. */
export function enqueueSms(tx: Tx, message: NewSms, now: Date): void {
  tx.insert(outboxMessages)
    .values({
      idempotencyKey: crypto.randomUUID(),
      kind: message.kind,
      userId: message.userId,
      recipient: message.to,
      language: message.language,
      body: message.text,
      sensitive: message.sensitive ?? false,
      createdAt: now,
    })
    .run();
}

/**
 * Sends every pending message through the sender, one at a time, recording
 * the outcome of each. Safe to call often: one delivery run at a time.
 */
export function deliverPending(db: Db, sender: SmsSender, now: () => Date = () => new Date()): Promise<number> {
  running = running.then(() => deliverPendingNow(db, sender, now));
  return running;
}

let running: Promise<number> = Promise.resolve(0);

async function deliverPendingNow(db: Db, sender: SmsSender, now: () => Date): Promise<number> {
  const pending = db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.status, "pending"), lt(outboxMessages.attempts, MAX_DELIVERY_ATTEMPTS)))
    // Sign-in codes first: someone is waiting at the code page.
    .orderBy(desc(outboxMessages.sensitive), asc(outboxMessages.id))
    .limit(100)
    .all();
  let sent = 0;
  for (const message of pending) {
    if (!message.recipient || message.body === null) continue;
    // Only a sign-in code goes stale; a pickup code stays good while the parcel waits.
    if (message.kind === "sign_in_code" && now().getTime() - message.createdAt.getTime() > SENSITIVE_TTL_MS) {
      // A code that could not go out in time is useless, and should not linger.
      db.update(outboxMessages).set({ status: "failed", body: null, lastError: "expired before delivery" }).where(eq(outboxMessages.id, message.id)).run();
      continue;
    }
    const result = await sender.send({ idempotencyKey: message.idempotencyKey, to: message.recipient, text: message.body });
    const attempts = message.attempts + 1;
    if (result.ok) {
      sent++;
      db.update(outboxMessages)
        .set({ status: "sent", attempts, sentAt: now(), lastError: null, body: message.sensitive ? null : message.body })
        .where(eq(outboxMessages.id, message.id))
        .run();
    } else {
      const failed = result.permanent || attempts >= MAX_DELIVERY_ATTEMPTS;
      db.update(outboxMessages)
        .set({ status: failed ? "failed" : "pending", attempts, lastError: result.error, body: failed && message.sensitive ? null : message.body })
        .where(eq(outboxMessages.id, message.id))
        .run();
      console.warn(`SMS ${message.id} (${message.kind}) not delivered: ${result.error}`);
    }
  }
  return sent;
}

let sender: SmsSender | undefined;

/** The configured adapter: `http` when SMS_GATEWAY_URL is set, else the development outbox. */
export function getSmsSender(): SmsSender {
  if (sender) return sender;
  const env = getEnv();
  sender = env.SMS_GATEWAY_URL
    ? createHttpSender({
        url: env.SMS_GATEWAY_URL,
        token: env.SMS_GATEWAY_TOKEN ?? "",
        senderName: env.SMS_SENDER_NAME,
        timeoutMs: env.SMS_TIMEOUT_MS,
        retries: env.SMS_RETRIES,
      })
    : createOutboxSender(getDb);
  return sender;
}

/** Tests put in their own sender (or reset to the configured one with undefined). */
export function setSmsSender(next: SmsSender | undefined): void {
  sender = next;
}

export function isDevOutboxActive(): boolean {
  return getSmsSender().name === "outbox";
}

/**
 * Called by a route after its use case committed: delivery runs in the
 * background, so a slow gateway never holds the page. `whenDelivered()` lets
 * tests wait for it.
 */
export function deliverSoon(): void {
  deliverPending(getDb(), getSmsSender()).catch((error: unknown) => console.warn("SMS delivery run failed", error));
}

export function whenDelivered(): Promise<number> {
  return running;
}

/** The development outbox page: the latest messages the outbox adapter delivered. */
export function listDevInbox(db: Db, limit = 50) {
  return db.select().from(devSmsInbox).orderBy(desc(devSmsInbox.id)).limit(limit).all();
}

/** On account deletion: no undelivered message keeps the phone number. */
export function forgetRecipient(tx: Tx, userId: number, phone: string): void {
  tx.update(outboxMessages).set({ recipient: null, body: null, status: "failed", lastError: "recipient deleted" }).where(and(eq(outboxMessages.userId, userId), eq(outboxMessages.status, "pending"))).run();
  tx.update(outboxMessages).set({ recipient: null, body: null }).where(eq(outboxMessages.recipient, phone)).run();
  tx.delete(devSmsInbox).where(eq(devSmsInbox.recipient, phone)).run();
}

/** For /metrics: messages not yet delivered (and still to be tried), and how long the oldest has waited. */
export function outboxBacklog(db: Db, now: Date): { pending: number; oldestWaitSeconds: number } {
  const row = db
    .select({ pending: sql<number>`count(*)`, oldest: sql<number | null>`min(${outboxMessages.createdAt})` })
    .from(outboxMessages)
    .where(eq(outboxMessages.status, "pending"))
    .get();
  const oldest = row?.oldest ?? null;
  return { pending: row?.pending ?? 0, oldestWaitSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000) };
}
