/**
 * The payment port (DESIGN §2 escrow). A licensed payment organisation holds
 * buyers' money; Auyl Hub asks it to take a payment, hears the outcome on a
 * signed webhook, and asks it to refund. Adding a real provider is one new
 * adapter file implementing this interface, chosen in payments.server.ts by PAYMENT_PROVIDER.
 */
export interface StartPayment {
  /** Our reference for the payment (payments.provider_ref), sent to the provider. */
  reference: string;
  amountTiyn: number;
  description: string;
  /** Where the provider sends the buyer back to. */
  returnUrl: string;
}

/**
 * What a verified webhook says happened: `check` asks whether a payment may
 * go ahead (nothing changes), `captured` and `declined` are its outcome,
 * `refunded` says a refund was paid.
 */
export interface PaymentEvent {
  /** The provider's own id of this event: replays carry the same id. */
  eventId: string;
  reference: string;
  type: "check" | "captured" | "declined" | "refunded";
  amountTiyn: number;
  occurredAt: Date;
  /** The provider's id of the transaction (refunds name it), when it has one. */
  transactionId?: string | null;
}

/** What the endpoint answers the provider, which decides whether it retries. */
export interface WebhookAnswer {
  status: number;
  /** JSON text. */
  body: string;
}

/** One line of the provider's own list of transactions, for reconciliation. */
export interface ProviderTransaction {
  /** Our reference (payments.provider_ref). */
  reference: string;
  transactionId: string;
  type: "payment" | "refund";
  amountTiyn: number;
  at: Date;
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
  verifyWebhook(headers: HeaderReader, rawBody: string, notification?: string | null): PaymentEvent | null;
  /** The answer to a verified event, from what applying it gave (applyPaymentEvent's outcome). */
  answer(event: PaymentEvent, outcome: string): WebhookAnswer;
  /** Pays money back to the buyer; the same key twice refunds once. */
  refund(input: { reference: string; transactionId: string | null; amountTiyn: number; idempotencyKey: string }): Promise<RefundOutcome>;
  /** The provider's completed transactions of one day (Kazakhstan time, `YYYY-MM-DD`), when it can list them. */
  listTransactions?(day: string): Promise<ProviderTransaction[]>;
}
