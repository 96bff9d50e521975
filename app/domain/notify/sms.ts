/**
 * The SMS port. Adapters: `outbox` (development: the message lands in the
 * database and /dev/sms shows it) and `http` (a real gateway).
 */
export interface SmsMessage {
  /** Sent with every try; the gateway uses it to drop duplicates. */
  idempotencyKey: string;
  /** E.164. */
  to: string;
  text: string;
}

export type SmsResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export interface SmsSender {
  readonly name: "outbox" | "http" | string;
  send(message: SmsMessage): Promise<SmsResult>;
}
