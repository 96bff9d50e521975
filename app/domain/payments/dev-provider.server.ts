/**
 * The development payment provider: a payment page inside the app, clearly
 * marked as a test (/dev/pay/<reference>), where the buyer approves or
 * declines. It then calls the app's webhook over HTTP with an HMAC signature,
 * exactly as a real provider would, so the webhook path is the one a real
 * adapter uses. Refunds succeed at once.
 */
import crypto from "node:crypto";
import type { HeaderReader, PaymentEvent, PaymentProvider, RefundOutcome, StartPayment } from "./provider";

export const DEV_SIGNATURE_HEADER = "x-auyl-dev-signature";

/** Signatures older than this are refused, so a captured webhook cannot be replayed later. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** `t=<unix ms>,v1=<hex HMAC-SHA256 of "t.body">`, the scheme most providers use. */
export function signDevWebhook(secret: string, rawBody: string, at: Date): string {
  const t = String(at.getTime());
  const v1 = crypto.createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

function verifySignature(secret: string, header: string, rawBody: string, now: Date): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.v1 || !Number.isSafeInteger(t) || Math.abs(now.getTime() - t) > SIGNATURE_TOLERANCE_MS) return false;
  const expected = Buffer.from(crypto.createHmac("sha256", secret).update(`${parts.t}.${rawBody}`).digest("hex"));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function createDevProvider(options: { secret: () => string; now?: () => Date }): PaymentProvider {
  const now = options.now ?? (() => new Date());
  return {
    name: "dev",
    start(payment: StartPayment) {
      return Promise.resolve({ redirectUrl: `/dev/pay/${encodeURIComponent(payment.reference)}` });
    },
    verifyWebhook(headers: HeaderReader, rawBody: string): PaymentEvent | null {
      const header = headers.get(DEV_SIGNATURE_HEADER);
      if (!header || !verifySignature(options.secret(), header, rawBody, now())) return null;
      try {
        const body = JSON.parse(rawBody) as Record<string, unknown>;
        const { eventId, reference, type, amountTiyn, occurredAt } = body;
        if (typeof eventId !== "string" || typeof reference !== "string") return null;
        if (type !== "captured" && type !== "declined") return null;
        if (typeof amountTiyn !== "number" || !Number.isSafeInteger(amountTiyn) || amountTiyn <= 0) return null;
        if (typeof occurredAt !== "string" || Number.isNaN(Date.parse(occurredAt))) return null;
        return { eventId, reference, type, amountTiyn, occurredAt: new Date(occurredAt) };
      } catch {
        return null;
      }
    },
    answer(_event, outcome) {
      return { status: 200, body: JSON.stringify({ outcome }) };
    },
    refund(): Promise<RefundOutcome> {
      return Promise.resolve({ ok: true });
    },
  };
}

/** The body the development page posts to the webhook. */
export function devWebhookBody(input: { reference: string; type: "captured" | "declined"; amountTiyn: number; at: Date }): string {
  return JSON.stringify({
    eventId: `evt_${crypto.randomUUID()}`,
    reference: input.reference,
    type: input.type,
    amountTiyn: input.amountTiyn,
    occurredAt: input.at.toISOString(),
  });
}
