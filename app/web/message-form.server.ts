/**
 * The message form's adapter: the text is cleaned and checked, then sent; a
 * message that carries a number or asks to pay outside comes back with a
 * warning and a "send anyway" button (400, the text kept).
 */
import { data, redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { deliverSoon } from "../domain/notify/outbox.server";
import { messageInput, sendMessage, type ThreadSubject } from "../domain/trust/messages.server";
import { refusalKey } from "../i18n/refusals";

export async function submitMessage(form: FormData, subject: ThreadSubject, senderUserId: number) {
  const body = String(form.get("body") ?? "").slice(0, 4000);
  const parsed = messageInput.safeParse({ body });
  if (!parsed.success) return data({ body, error: refusalKey(parsed.error.issues[0]?.message ?? "message.text_required"), flag: null }, { status: 400 });
  const result = sendMessage(getDb(), { subject, senderUserId, body: parsed.data.body, sendAnyway: form.get("sendAnyway") === "1" }, new Date());
  if (!result.ok) {
    if (result.reason === "message.flagged") return data({ body, error: null, flag: result.flag ?? null }, { status: 400 });
    throw new Response(null, { status: 404 });
  }
  deliverSoon();
  return redirect(`/inbox/${result.threadId}#latest`, 303);
}
