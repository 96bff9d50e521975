/**
 * The CloudPayments adapter (docs/decisions/0022-money-rails.md): a licensed
 * payment organisation serving Kazakhstan in KZT.
 *
 * - start: `POST /orders/create` makes an invoice (a hosted payment page);
 *   the buyer is sent to its `Model.Url`. Our reference is the `InvoiceId`.
 * - notifications: Check, Pay, Fail and Refund, each posted to its own URL
 *   (`/webhooks/payments/cloudpayments?notification=check|pay|fail|refund`),
 *   signed with a base64 HMAC-SHA256 of the raw body under the API secret in
 *   `Content-HMAC` (the body as sent) or `X-Content-HMAC` (the body URL-decoded).
 *   They expect `{"code":0}`; Check answers 10 (unknown invoice), 12 (wrong
 *   amount), 13 (cannot be accepted) or 20 (expired) to stop a payment.
 * - refund: `POST /payments/refund` with the payment's `TransactionId`, under
 *   `X-Request-ID` = our refund key, so a retry after a timeout refunds once.
 * - list: `POST /payments/list` with a `Date`, for reconciliation.
 * Every API call uses HTTP Basic auth: the public id and the API secret.
 */
import crypto from "node:crypto";
import { parseTenge } from "../../i18n/money";
import type { HeaderReader, PaymentEvent, PaymentProvider, ProviderTransaction, RefundOutcome } from "./provider";

export interface CloudPaymentsConfig {
  publicId: string;
  apiSecret: string;
  /** The API's base URL (the tests' fake server overrides it). */
  apiUrl: string;
  timeoutMs: number;
}

/** Tiyn as the API's decimal tenge: 123456 → 1234.56. */
export function tiynToAmount(tiyn: number): number {
  return Number(`${Math.trunc(tiyn / 100)}.${String(tiyn % 100).padStart(2, "0")}`);
}

/** The API's decimal tenge (a number or "1234.5") as tiyn, or null when it is not an amount. */
export function amountToTiyn(value: unknown): number | null {
  const text = typeof value === "number" ? value.toFixed(2) : typeof value === "string" ? value.trim() : "";
  return /^\d+(\.\d{1,2})?$/.test(text) ? (parseTenge(text) ?? null) : null;
}

export function signCloudPayments(secret: string, body: string): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

function sameSignature(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given.trim());
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function decodeForm(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

/** A notification's fields: form-encoded (the default) or JSON (when the site is set so). */
function readFields(raw: string): Record<string, unknown> | null {
  if (raw.trimStart().startsWith("{")) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/** "2026-12-03 12:40:00" (UTC, as CloudPayments writes it) or an ISO date. */
function readDate(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(" ", "T")}Z` : value;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}

const NOTIFICATION_TYPES = { check: "check", pay: "captured", fail: "declined", refund: "refunded" } as const;

/** Check's answer codes (10 unknown invoice, 12 wrong amount, 13 not acceptable, 20 expired). */
const CHECK_CODES: Record<string, number> = { checked: 0, unknown_payment: 10, amount_mismatch: 12, expired: 20 };

export function createCloudPaymentsProvider(config: CloudPaymentsConfig): PaymentProvider {
  const authorization = `Basic ${Buffer.from(`${config.publicId}:${config.apiSecret}`).toString("base64")}`;

  async function call(path: string, body: unknown, requestId?: string): Promise<{ Success?: boolean; Message?: string | null; Model?: unknown }> {
    const headers: Record<string, string> = { authorization, "content-type": "application/json" };
    if (requestId) headers["x-request-id"] = requestId;
    const response = await fetch(new URL(path, config.apiUrl), {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!response.ok) throw new Error(`CloudPayments ${path} answered HTTP ${response.status}`);
    return (await response.json()) as { Success?: boolean; Message?: string | null; Model?: unknown };
  }

  return {
    name: "cloudpayments",
    async start(payment) {
      const answer = await call(
        "/orders/create",
        { Amount: tiynToAmount(payment.amountTiyn), Currency: "KZT", Description: payment.description, InvoiceId: payment.reference },
        `invoice:${payment.reference}`,
      );
      const url = (answer.Model as { Url?: unknown } | undefined)?.Url;
      if (!answer.Success || typeof url !== "string" || !/^https?:\/\//.test(url)) throw new Error(`CloudPayments refused the invoice: ${answer.Message ?? "no link"}`);
      return { redirectUrl: url };
    },

    verifyWebhook(headers: HeaderReader, rawBody: string, notification?: string | null): PaymentEvent | null {
      const signed =
        sameSignature(signCloudPayments(config.apiSecret, rawBody), headers.get("content-hmac")) ||
        sameSignature(signCloudPayments(config.apiSecret, decodeForm(rawBody)), headers.get("x-content-hmac"));
      if (!signed || !notification || !(notification in NOTIFICATION_TYPES)) return null;
      const type = NOTIFICATION_TYPES[notification as keyof typeof NOTIFICATION_TYPES];
      const fields = readFields(rawBody);
      if (!fields) return null;
      const transactionId = String(fields.TransactionId ?? "");
      const reference = fields.InvoiceId;
      const amountTiyn = amountToTiyn(fields.Amount);
      const occurredAt = readDate(fields.DateTime);
      if (!/^\d{1,20}$/.test(transactionId) || typeof reference !== "string" || reference === "" || !amountTiyn || !occurredAt) return null;
      if (type === "captured" && fields.Status !== undefined && fields.Status !== "Completed") return null;
      const paymentTransactionId = type === "refunded" ? String(fields.PaymentTransactionId ?? "") : transactionId;
      return { eventId: `${notification}:${transactionId}`, reference, type, amountTiyn, occurredAt, transactionId: paymentTransactionId || null };
    },

    answer(event, outcome) {
      const code = event.type === "check" ? (CHECK_CODES[outcome] ?? 13) : 0;
      return { status: 200, body: JSON.stringify({ code }) };
    },

    async refund(input): Promise<RefundOutcome> {
      if (!input.transactionId) return { ok: false, error: "the payment has no CloudPayments transaction id" };
      try {
        const answer = await call("/payments/refund", { TransactionId: Number(input.transactionId), Amount: tiynToAmount(input.amountTiyn) }, input.idempotencyKey);
        return answer.Success ? { ok: true } : { ok: false, error: answer.Message ?? "refused" };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },

    async listTransactions(day: string): Promise<ProviderTransaction[]> {
      const answer = await call("/payments/list", { Date: day, TimeZone: "UTC" });
      if (!answer.Success || !Array.isArray(answer.Model)) throw new Error(`CloudPayments did not list ${day}: ${answer.Message ?? "no list"}`);
      const list: ProviderTransaction[] = [];
      for (const row of answer.Model as Record<string, unknown>[]) {
        const amountTiyn = amountToTiyn(row.Amount);
        const at = readDate(row.CreatedDateIso ?? row.CreatedDate);
        if (row.Status !== "Completed" || typeof row.InvoiceId !== "string" || !amountTiyn || !at) continue;
        list.push({ reference: row.InvoiceId, transactionId: String(row.TransactionId), type: row.Type === 1 ? "refund" : "payment", amountTiyn, at });
      }
      return list;
    },
  };
}
