import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { applyPaymentEvent, getPaymentProvider, payPendingRefunds } from "~/domain/payments/payments.server";

/**
 * The payment provider's webhook: the signature decides, not a session or a
 * CSRF token. Idempotent (a replayed event id changes nothing), replay-safe
 * (old signatures are refused) and out-of-order safe (payments only move
 * forward). Answers 200 to anything verified, so the provider stops retrying.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const provider = getPaymentProvider();
  if (!provider || params.provider !== provider.name) return new Response(null, { status: 404 });
  const raw = await request.text().catch(() => "");
  // CloudPayments posts each kind of notification to its own URL: ?notification=check|pay|fail|refund.
  const event = provider.verifyWebhook(request.headers, raw, new URL(request.url).searchParams.get("notification"));
  if (!event) return new Response(null, { status: 401 });
  const outcome = applyPaymentEvent(getDb(), provider.name, event, new Date());
  deliverSoon();
  payPendingRefunds(getDb()).catch((error: unknown) => console.warn("Refund run failed", error));
  const answer = provider.answer(event, outcome);
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "application/json" } });
}

export function loader() {
  return new Response(null, { status: 405 });
}
