import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { afterEach } from "vitest";
import { commitCsrfToken } from "../../app/web/csrf.server";
import { setConnection, type Connection } from "../../app/db.server";
import { setSmsSender } from "../../app/domain/notify/outbox.server";
import type { SmsMessage, SmsSender } from "../../app/domain/notify/sms";
import { seedGeography } from "../../db/seed/seed";
import { freshDatabase } from "./db";

/** An SMS sender that only records what it was asked to send. */
export function recordingSender(): SmsSender & { sent: SmsMessage[] } {
  const sent: SmsMessage[] = [];
  return {
    name: "outbox",
    sent,
    async send(message) {
      sent.push(message);
      return { ok: true };
    },
  };
}

/**
 * A fresh database with the geography seeded, used by the app's routes
 * (getDb), and a recording SMS sender in place of the configured one.
 */
export function testApp(): Connection & { sms: ReturnType<typeof recordingSender> } {
  const connection = freshDatabase();
  seedGeography(connection.db, { demo: true });
  setConnection(connection);
  const sms = recordingSender();
  setSmsSender(sms);
  return { ...connection, sms };
}

afterEach(() => {
  setConnection(undefined);
  setSmsSender(undefined);
});

export const BASE = "http://localhost";

export function context(ip = "127.0.0.1"): AppLoadContext {
  return { cspNonce: "test", clientIp: ip };
}

/** A CSRF token and its cookie, as a page would have given them. */
export async function csrfPair(): Promise<{ token: string; cookie: string }> {
  const [token, setCookie] = await commitCsrfToken(new Request(BASE));
  return { token, cookie: (setCookie ?? "").split(";")[0] ?? "" };
}

export function cookieHeader(...cookies: (string | null | undefined)[]): string {
  return cookies.filter(Boolean).join("; ");
}

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;

/** What a route answered: its status and, for data, the value; a thrown Response counts as the answer. */
export interface Answer {
  status: number;
  headers: Headers;
  data?: unknown;
}

async function answer(run: () => unknown): Promise<Answer> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
    if (!(thrown instanceof Response) && !isDataWithInit(thrown)) throw thrown;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  if (isDataWithInit(result)) return { status: result.init?.status ?? 200, headers: new Headers(result.init?.headers), data: result.data };
  return { status: 200, headers: new Headers(), data: result };
}

function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/** `base` serves the page from another origin, e.g. "https://auyl.example" for a deployment behind https. */
interface RequestOptions {
  cookie?: string;
  params?: Record<string, string>;
  ip?: string;
  base?: string;
}

export function get(loader: Loader, path: string, options: RequestOptions = {}): Promise<Answer> {
  const request = new Request((options.base ?? BASE) + path, { headers: options.cookie ? { Cookie: options.cookie } : {} });
  return answer(() => loader({ request, params: options.params ?? {}, context: context(options.ip) }));
}

/** POSTs a form with a valid CSRF token (plus the given cookies) to an action. */
export async function post(
  action: Action,
  path: string,
  fields: Record<string, string>,
  options: RequestOptions = {},
): Promise<Answer> {
  const csrf = await csrfPair();
  const body = new URLSearchParams({ csrf: csrf.token, ...fields });
  const request = new Request((options.base ?? BASE) + path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(csrf.cookie, options.cookie) },
    body,
  });
  return answer(() => action({ request, params: options.params ?? {}, context: context(options.ip) }));
}

/** The `name=value` part of each Set-Cookie header. */
export function setCookies(headers: Headers): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(";");
    const index = pair?.indexOf("=") ?? -1;
    if (pair && index > 0) out.set(pair.slice(0, index), pair.slice(index + 1));
  }
  return out;
}
