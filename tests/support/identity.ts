import { eq } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { requestSignInCode, verifySignInCode } from "../../app/domain/identity/codes.server";
import { findOrCreateUser, grantRole } from "../../app/domain/identity/users.server";
import type { GrantableRole } from "../../app/domain/identity/can";
import { deliverPending } from "../../app/domain/notify/outbox.server";
import type { SmsMessage, SmsSender } from "../../app/domain/notify/sms";
import { villages } from "../../db/schema";

/** Delivers queued SMS through the sender and returns the last code sent to the phone. */
export async function lastCodeFor(db: Db, sender: SmsSender & { sent: SmsMessage[] }, phone: string): Promise<string> {
  await deliverPending(db, sender);
  const message = [...sender.sent].reverse().find((m) => m.to === phone);
  const code = message?.text.match(/\b\d{6}\b/)?.[0];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

/** Signs a phone in through the real use cases; returns the session cookie value and the user id. */
export async function signIn(db: Db, sender: SmsSender & { sent: SmsMessage[] }, phone: string, now = new Date()) {
  const sent = requestSignInCode(db, { phone, ip: "10.0.0.1", language: "kk" }, now);
  if (!sent.ok) throw new Error(`code refused: ${sent.reason}`);
  const code = await lastCodeFor(db, sender, phone);
  const result = verifySignInCode(db, { phone, code, ip: "10.0.0.1", language: "kk" }, now);
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return { token: result.token, userId: result.userId, cookie: `sid=${result.token}` };
}

export function villageId(db: Db, slug: string): number {
  const row = db.select({ id: villages.id }).from(villages).where(eq(villages.slug, slug)).get();
  if (!row) throw new Error(`no village ${slug}`);
  return row.id;
}

export function grant(db: Db, phone: string, role: GrantableRole, villageSlug?: string) {
  const user = findOrCreateUser(db, phone, new Date());
  const result = grantRole(db, { actorUserId: null, userId: user.id, role, villageId: villageSlug ? villageId(db, villageSlug) : null, ip: null }, new Date());
  if (!result.ok) throw new Error(result.reason);
  return user.id;
}
