/**
 * A local fake of CloudPayments for tests (docs/decisions/0022-money-rails.md):
 * a real HTTP server speaking the documented API (Basic auth with the public
 * id and API secret; `/orders/create`, `/payments/refund`, `/payments/list`;
 * `X-Request-ID` makes a retried call answer what the first did and act once)
 * and sending signed notifications (form-encoded, `Content-HMAC` and
 * `X-Content-HMAC`) the way the provider does, to whatever delivers them.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_PUBLIC_ID = "pk_fake_auyl";
export const FAKE_API_SECRET = "fake-api-secret-for-tests";

export interface FakeInvoice {
  id: string;
  invoiceId: string;
  amount: number;
  description: string;
}

export interface FakeTransaction {
  transactionId: number;
  invoiceId: string;
  amount: number;
  type: 0 | 1;
  status: "Completed" | "Declined";
  createdAt: Date;
  paymentTransactionId?: number;
}

export type Deliver = (url: string, init: { method: "POST"; headers: Record<string, string>; body: string }) => Promise<{ status: number; body: string }>;

function dateTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace("T", " ");
}

function hmac(secret: string, body: string): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export class FakeCloudPayments {
  readonly invoices: FakeInvoice[] = [];
  readonly transactions: FakeTransaction[] = [];
  /** Every API call received, with its X-Request-ID. */
  readonly calls: { path: string; requestId: string | null; body: Record<string, unknown> }[] = [];
  /** The next refund is done but its answer comes this late (a timeout on our side). */
  delayNextRefundMs = 0;
  private answered = new Map<string, string>();
  private server = http.createServer((req, res) => void this.handle(req, res));
  private nextTransaction = 1000;
  url = "";

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  refunds(): FakeTransaction[] {
    return this.transactions.filter((t) => t.type === 1);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const expected = `Basic ${Buffer.from(`${FAKE_PUBLIC_ID}:${FAKE_API_SECRET}`).toString("base64")}`;
    if (req.headers.authorization !== expected) return send(401, "");
    const path = req.url ?? "";
    const requestId = (req.headers["x-request-id"] as string | undefined) ?? null;
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    this.calls.push({ path, requestId, body });
    const key = requestId ? `${path} ${requestId}` : null;
    const stored = key ? this.answered.get(key) : undefined;
    if (stored) return send(200, stored);
    const answer = JSON.stringify(this.act(path, body));
    if (key) this.answered.set(key, answer);
    if (path === "/payments/refund" && this.delayNextRefundMs > 0) {
      const delay = this.delayNextRefundMs;
      this.delayNextRefundMs = 0;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed || req.destroyed) return;
    }
    send(200, answer);
  }

  private act(path: string, body: Record<string, unknown>): unknown {
    if (path === "/orders/create") {
      const invoice = { id: crypto.randomBytes(8).toString("hex"), invoiceId: String(body.InvoiceId), amount: Number(body.Amount), description: String(body.Description) };
      this.invoices.push(invoice);
      return { Success: true, Message: null, Model: { Id: invoice.id, Amount: invoice.amount, Currency: "KZT", InvoiceId: invoice.invoiceId, Url: `${this.url}/pay/${invoice.id}` } };
    }
    if (path === "/payments/refund") {
      const paid = this.transactions.find((t) => t.transactionId === Number(body.TransactionId) && t.type === 0);
      if (!paid) return { Success: false, Message: "Transaction not found" };
      const refund: FakeTransaction = {
        transactionId: this.nextTransaction++,
        invoiceId: paid.invoiceId,
        amount: Number(body.Amount),
        type: 1,
        status: "Completed",
        createdAt: new Date(),
        paymentTransactionId: paid.transactionId,
      };
      this.transactions.push(refund);
      return { Success: true, Message: null, Model: { TransactionId: refund.transactionId } };
    }
    if (path === "/payments/list") {
      const day = String(body.Date);
      return {
        Success: true,
        Message: null,
        Model: this.transactions
          .filter((t) => t.createdAt.toISOString().slice(0, 10) === day)
          .map((t) => ({ TransactionId: t.transactionId, Amount: t.amount, Currency: "KZT", InvoiceId: t.invoiceId, Type: t.type, Status: t.status, CreatedDateIso: t.createdAt.toISOString() })),
      };
    }
    return { Success: false, Message: "Not found" };
  }

  /** A notification as CloudPayments posts it: form-encoded, both HMAC headers; `secret` overrides the signing key. */
  notification(fields: Record<string, string | number>, options: { secret?: string } = {}) {
    const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
    const secret = options.secret ?? FAKE_API_SECRET;
    return {
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-hmac": hmac(secret, body),
        "x-content-hmac": hmac(secret, decodeURIComponent(body.replace(/\+/g, " "))),
      },
    };
  }

  /**
   * The buyer pays an invoice on the hosted page: a Check, then (when it was
   * answered with code 0) the transaction and a Pay notification. `amount`
   * overrides what is paid (a wrong amount).
   */
  async pay(invoiceId: string, deliver: Deliver, webhook: string, options: { amount?: number; at?: Date } = {}) {
    const invoice = this.invoices.find((i) => i.invoiceId === invoiceId);
    if (!invoice) throw new Error(`no invoice ${invoiceId}`);
    const at = options.at ?? new Date();
    const amount = options.amount ?? invoice.amount;
    const transactionId = this.nextTransaction++;
    const fields = { TransactionId: transactionId, Amount: amount.toFixed(2), Currency: "KZT", InvoiceId: invoiceId, DateTime: dateTime(at), OperationType: "Payment", TestMode: 0 };
    const check = await this.send(deliver, `${webhook}?notification=check`, fields);
    if (check.status !== 200 || (JSON.parse(check.body) as { code: number }).code !== 0) return { transactionId, check, pay: null };
    this.transactions.push({ transactionId, invoiceId, amount, type: 0, status: "Completed", createdAt: at });
    const pay = await this.send(deliver, `${webhook}?notification=pay`, { ...fields, Status: "Completed" });
    return { transactionId, check, pay };
  }

  /** Posts one signed notification of these fields. */
  send(deliver: Deliver, url: string, fields: Record<string, string | number>, options: { secret?: string } = {}) {
    const { body, headers } = this.notification(fields, options);
    return deliver(url, { method: "POST", headers, body });
  }
}
