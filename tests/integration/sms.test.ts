import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { writeTransaction } from "../../app/db.server";
import { deliverPending, enqueueSms, listDevInbox } from "../../app/domain/notify/outbox.server";
import { createHttpSender } from "../../app/domain/notify/sms-http.server";
import { createOutboxSender } from "../../app/domain/notify/sms-outbox.server";
import { freshDatabase } from "../support/db";

interface Received {
  key: string | undefined;
  auth: string | undefined;
  body: unknown;
}

/** A gateway on 127.0.0.1 that answers each request with the next behaviour in the script. */
async function fakeGateway(script: ("ok" | "500" | "400" | "hang")[]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      received.push({ key: req.headers["idempotency-key"] as string | undefined, auth: req.headers.authorization, body: JSON.parse(raw) });
      const step = script[received.length - 1] ?? "ok";
      if (step === "hang") return; // never answers: the client's timeout must fire
      res.writeHead(step === "ok" ? 202 : Number(step), { "Content-Type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  servers.push(server);
  return { url, received };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const message = { idempotencyKey: "3b7c1f7e-0d1c-4a55-9d0b-1f9b2a1f0c11", to: "+77011234567", text: "Auyl Hub code: 123456" };
const config = (url: string, overrides = {}) => ({ url, token: "secret-token", senderName: "AuylHub", timeoutMs: 500, retries: 2, backoffMs: () => 0, ...overrides });

describe("http SMS adapter", () => {
  it("posts the message with the token, sender name and idempotency key", async () => {
    const gateway = await fakeGateway(["ok"]);
    expect(await createHttpSender(config(gateway.url)).send(message)).toEqual({ ok: true });
    expect(gateway.received).toEqual([
      { key: message.idempotencyKey, auth: "Bearer secret-token", body: { to: "+77011234567", text: message.text, sender: "AuylHub" } },
    ]);
  });

  it("retries a server error with the same idempotency key", async () => {
    const gateway = await fakeGateway(["500", "500", "ok"]);
    expect(await createHttpSender(config(gateway.url)).send(message)).toEqual({ ok: true });
    expect(gateway.received.map((r) => r.key)).toEqual([message.idempotencyKey, message.idempotencyKey, message.idempotencyKey]);
  });

  it("gives up after the retries, as a temporary failure", async () => {
    const gateway = await fakeGateway(["500", "500", "500", "ok"]);
    expect(await createHttpSender(config(gateway.url)).send(message)).toEqual({ ok: false, permanent: false, error: "HTTP 500" });
    expect(gateway.received).toHaveLength(3);
  });

  it("times out a gateway that does not answer, then retries with the same key", async () => {
    const gateway = await fakeGateway(["hang", "ok"]);
    const started = Date.now();
    expect(await createHttpSender(config(gateway.url, { timeoutMs: 200 })).send(message)).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(gateway.received.map((r) => r.key)).toEqual([message.idempotencyKey, message.idempotencyKey]);
  });

  it("does not retry a refusal (4xx): the message itself is wrong", async () => {
    const gateway = await fakeGateway(["400", "ok"]);
    expect(await createHttpSender(config(gateway.url)).send(message)).toEqual({ ok: false, permanent: true, error: "HTTP 400" });
    expect(gateway.received).toHaveLength(1);
  });
});

describe("notify outbox", () => {
  it("sends after commit, erases a code's text once delivered, and keeps a failed message for the next run", async () => {
    const { db, sqlite } = freshDatabase();
    const now = new Date();
    writeTransaction(db, (tx) => {
      enqueueSms(tx, { kind: "sign_in_code", userId: null, to: "+77011234567", language: "kk", text: "code 123456", sensitive: true }, now);
      enqueueSms(tx, { kind: "note", userId: null, to: "+77771234567", language: "en", text: "hello" }, now);
    });
    const gateway = await fakeGateway(["ok", "500", "ok"]);
    const sender = createHttpSender(config(gateway.url, { retries: 0 }));
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(await deliverPending(db, sender)).toBe(1);
    const rows = () => sqlite.prepare("SELECT status, body, attempts, last_error AS lastError FROM outbox_messages ORDER BY id").all();
    expect(rows()).toEqual([
      { status: "sent", body: null, attempts: 1, lastError: null },
      { status: "pending", body: "hello", attempts: 1, lastError: "HTTP 500" },
    ]);
    expect(await deliverPending(db, sender)).toBe(1);
    expect(rows()[1]).toEqual({ status: "sent", body: "hello", attempts: 2, lastError: null });
    // The same message was offered with one key both times.
    expect(gateway.received[1]?.key).toBe(gateway.received[2]?.key);
  });

  it("drops a sign-in code that could not go out within its 5 minutes, and sends codes first", async () => {
    const { db, sqlite } = freshDatabase();
    const now = new Date();
    writeTransaction(db, (tx) => {
      enqueueSms(tx, { kind: "note", userId: null, to: "+77771234567", language: "en", text: "hello" }, now);
      enqueueSms(tx, { kind: "sign_in_code", userId: null, to: "+77011234567", language: "kk", text: "old code 111111", sensitive: true }, new Date(now.getTime() - 6 * 60_000));
      enqueueSms(tx, { kind: "sign_in_code", userId: null, to: "+77011234568", language: "kk", text: "code 222222", sensitive: true }, now);
    });
    const order: string[] = [];
    await deliverPending(db, { name: "test", send: async (m) => (order.push(m.text), { ok: true }) });
    expect(order).toEqual(["code 222222", "hello"]);
    expect(sqlite.prepare("SELECT status, body FROM outbox_messages WHERE kind = 'sign_in_code' ORDER BY id").all()).toEqual([
      { status: "failed", body: null },
      { status: "sent", body: null },
    ]);
  });

  it("the outbox adapter stores what it delivers, once per idempotency key", async () => {
    const { db } = freshDatabase();
    const sender = createOutboxSender(() => db);
    await sender.send(message);
    await sender.send(message);
    expect(listDevInbox(db)).toMatchObject([{ recipient: "+77011234567", body: message.text }]);
  });
});
