/** The fake CloudPayments wired to the app: the provider pointed at it, and its notifications delivered to the webhook route. */
import { whenDelivered } from "../../app/domain/notify/outbox.server";
import { createCloudPaymentsProvider } from "../../app/domain/payments/cloudpayments.server";
import { setPaymentProvider } from "../../app/domain/payments/payments.server";
import { action as webhook } from "../../app/routes/webhooks.payments.$provider";
import { FakeCloudPayments, FAKE_API_SECRET, FAKE_PUBLIC_ID, type Deliver } from "../fakes/cloudpayments";
import { context } from "./app";

export const WEBHOOK = "http://localhost/webhooks/payments/cloudpayments";

/** Delivers a notification to the webhook route as the HTTP request the provider sends. */
export const deliverToWebhook: Deliver = async (url, init) => {
  const response = await webhook({ request: new Request(url, init), params: { provider: "cloudpayments" }, context: context() });
  await whenDelivered();
  return { status: response.status, body: await response.text() };
};

/** Starts the fake and makes the app's payment provider the CloudPayments adapter pointed at it. */
export async function startFakeCloudPayments(timeoutMs = 1_000): Promise<FakeCloudPayments> {
  const fake = await new FakeCloudPayments().start();
  setPaymentProvider(createCloudPaymentsProvider({ publicId: FAKE_PUBLIC_ID, apiSecret: FAKE_API_SECRET, apiUrl: fake.url, timeoutMs }));
  return fake;
}

/** The fields of a Pay notification of a completed payment. */
export function payFields(reference: string, transactionId: number, amount: number) {
  return { TransactionId: transactionId, Amount: amount.toFixed(2), Currency: "KZT", InvoiceId: reference, DateTime: "2026-12-03 10:00:00", Status: "Completed" };
}

/** Puts the configured provider back and stops the fake. */
export async function stopFakeCloudPayments(fake: FakeCloudPayments): Promise<void> {
  setPaymentProvider(undefined);
  await fake.stop();
}
