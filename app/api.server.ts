/**
 * The open data API's HTTP side (/api/v1, issue 6 §5): bearer-token auth, the
 * can() check with the token's actor, and JSON answers that no cache keeps.
 * Every refusal is JSON `{ error: { code, message } }` with 400/401/403/404,
 * the message in the language the client asks for (Accept-Language), else Kazakh.
 */
import { getDb } from "./db.server";
import { can, type Actor, type Resource } from "./domain/identity/can";
import { resolveApiToken } from "./domain/insights/api-tokens.server";
import { PERIOD_MONTHS, type PeriodMonths } from "./domain/insights/period";
import { getT } from "./i18n/i18next.server";

export type ApiErrorCode = "unauthorized" | "forbidden" | "not_found" | "bad_request";

const STATUS: Record<ApiErrorCode, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404 };

const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  // Aggregates for a person with a token: no shared or browser cache keeps them.
  "Cache-Control": "no-store",
};

export function apiJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

/** The error answer; `detail` picks a more precise message (e.g. `bad_period`). */
export async function apiError(request: Request, code: ApiErrorCode, detail?: string): Promise<Response> {
  const { t } = await getT(request, "api");
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (code === "unauthorized") headers["WWW-Authenticate"] = 'Bearer realm="auyl-hub"';
  return new Response(JSON.stringify({ error: { code, message: t(`error.${detail ?? code}`) } }), { status: STATUS[code], headers });
}

/** Thrown inside a handler to end it with an error answer. */
export class ApiRefusal {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail?: string,
  ) {}
}

/** The actor of the request's bearer token, or a 401 refusal. */
export function requireApiToken(request: Request): NonNullable<Actor> {
  const header = request.headers.get("Authorization") ?? "";
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match) throw new ApiRefusal("unauthorized", header ? "bad_token" : "unauthorized");
  const actor = resolveApiToken(getDb(), match[1]!, new Date());
  if (!actor) throw new ApiRefusal("unauthorized", "bad_token");
  return actor;
}

/** can() with the token's actor: forbidden → 403, hidden → 404. */
export function requireApiAllowed(actor: NonNullable<Actor>, resource: Resource): void {
  const result = can(actor, "insights.area", resource);
  if (!result.ok) throw new ApiRefusal(result.reason === "auth.not_found" ? "not_found" : "forbidden");
}

/** ?months=3|6|12, 6 when absent; anything else is a 400 (a program should hear about its typo). */
export function apiPeriod(request: Request): PeriodMonths {
  const value = new URL(request.url).searchParams.get("months");
  if (value === null) return 6;
  const length = PERIOD_MONTHS.find((n) => String(n) === value);
  if (length === undefined) throw new ApiRefusal("bad_request", "bad_period");
  return length;
}

/**
 * Runs an endpoint: the token, then the handler; a refusal becomes its JSON
 * error. Only GET and HEAD reach a loader (a resource route without an
 * action answers other methods with 405).
 */
export async function apiHandler(request: Request, handle: (actor: NonNullable<Actor>) => unknown): Promise<Response> {
  try {
    const actor = requireApiToken(request);
    return apiJson(await handle(actor));
  } catch (thrown) {
    if (thrown instanceof ApiRefusal) return apiError(request, thrown.code, thrown.detail);
    throw thrown;
  }
}
