/**
 * The payment port (DESIGN §2 escrow). A licensed payment organisation holds
 * buyers' money; Auyl Hub asks it to take a payment, hears the outcome on a
 * signed webhook, and asks it to refund. Adding a real provider is one new
 * adapter file implementing this interface, registered in providers.server.ts.
 */
export interface StartPayment {
  /** Our reference for the payment (payments.provider_ref), sent to the provider. */
  reference: string;
  amountTiyn: number;
  description: string;
  /** Where the provider sends the buyer back to. */
  returnUrl: string;
}

/** What a verified webhook says happened. */
export interface PaymentEvent {
  /** The provider's own id of this event: replays carry the same id. */
  eventId: string;
  reference: string;
  type: "captured" | "declined";
  amountTiyn: number;
  occurredAt: Date;
}

/** The webhook's headers as the adapter reads them (a Fetch `Headers` is one): the port stays free of HTTP types. */
export interface HeaderReader {
  get(name: string): string | null;
}

export type RefundOutcome = { ok: true } | { ok: false; error: string };

export interface PaymentProvider {
  readonly name: string;
  /** Where to send the buyer to pay. Called after the checkout committed. */
  start(payment: StartPayment): Promise<{ redirectUrl: string }>;
  /**
   * Checks the webhook's signature and reads it. Null when the signature or
   * the body is not right: the endpoint answers 401 and changes nothing.
   */
  verifyWebhook(headers: HeaderReader, rawBody: string): PaymentEvent | null;
  /** Pays money back to the buyer; the same key twice refunds once. */
  refund(input: { reference: string; amountTiyn: number; idempotencyKey: string }): Promise<RefundOutcome>;
}
