import type { SmsResult, SmsSender } from "./sms";

export interface HttpSmsConfig {
  url: string;
  token: string;
  senderName: string;
  timeoutMs: number;
  /** Further tries after the first, for timeouts, network errors, 408, 429 and 5xx. */
  retries: number;
  /** Wait before try n (1-based retry number); short by default, tests pass 0. */
  backoffMs?: (retry: number) => number;
}

/**
 * A real SMS gateway over HTTP: `POST url` with a JSON body
 * `{ to, text, sender }`, `Authorization: Bearer <token>` and an
 * `Idempotency-Key` header that stays the same on every retry, so a gateway
 * that got the first try but timed out answering does not send twice.
 */
export function createHttpSender(config: HttpSmsConfig): SmsSender {
  const backoff = config.backoffMs ?? ((retry) => 250 * 2 ** (retry - 1));
  return {
    name: "http",
    async send(message): Promise<SmsResult> {
      let last: SmsResult = { ok: false, permanent: false, error: "not tried" };
      for (let attempt = 0; attempt <= config.retries; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
        try {
          const response = await fetch(config.url, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              Authorization: `Bearer ${config.token}`,
              "Idempotency-Key": message.idempotencyKey,
            },
            body: JSON.stringify({ to: message.to, text: message.text, sender: config.senderName }),
            signal: AbortSignal.timeout(config.timeoutMs),
          });
          await response.body?.cancel();
          if (response.ok) return { ok: true };
          const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
          last = { ok: false, permanent: !retryable, error: `HTTP ${response.status}` };
          if (!retryable) return last;
        } catch (error) {
          const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
          last = { ok: false, permanent: false, error: timedOut ? "timeout" : "network error" };
        }
      }
      return last;
    },
  };
}
