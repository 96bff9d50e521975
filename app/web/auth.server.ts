import { createCookie, redirect } from "@remix-run/node";
import { getSigningSecret } from "../domain/identity/signing-secret.server";
import { getDb } from "../db.server";
import { can, type Action, type Actor, type Resource } from "../domain/identity/can";
import { extendSession, resolveSession, rotateSession, type ResolvedSession } from "../domain/identity/sessions.server";
import { DEFAULT_SEND_LIMITS, SESSION_TTL_MS, type SendLimits } from "../domain/identity/rules";
import { getEnv } from "../env.server";

/**
 * The session cookie (SEC-01): `__Host-sid; Secure` when the page is served
 * over https (behind a proxy: TRUST_PROXY=true), plain `sid` on http so the
 * embedded mode works on localhost. HttpOnly, SameSite=Lax, Path=/, no Domain.
 */
function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export function sessionCookieName(request: Request): string {
  return isHttps(request) ? "__Host-sid" : "sid";
}

export function serializeSessionCookie(request: Request, token: string, maxAgeSeconds = SESSION_TTL_MS / 1000): string {
  const parts = [`${sessionCookieName(request)}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeSeconds)}`];
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(request: Request): string {
  return serializeSessionCookie(request, "", 0);
}

/** The session cookie's value in this request, if any. */
export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const name = sessionCookieName(request);
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=") || null;
  }
  return null;
}

// One lookup per request, shared by the loaders of a page and the language choice.
const resolved = new WeakMap<Request, ResolvedSession | null>();

export function getSession(request: Request): ResolvedSession | null {
  if (resolved.has(request)) return resolved.get(request) ?? null;
  const token = readSessionToken(request);
  const session = token ? resolveSession(getDb(), token, new Date()) : null;
  resolved.set(request, session);
  return session;
}

export function getActor(request: Request): Actor {
  const session = getSession(request);
  return session ? { userId: session.userId, grants: session.grants } : null;
}

/**
 * Checks `can()` and turns a refusal into the HTTP answer: anonymous → the
 * sign-in page (coming back here after), forbidden → 403, hidden → 404.
 */
export function requireAllowed(request: Request, action: Action, resource?: (actor: NonNullable<Actor>) => Resource): NonNullable<Actor> | null {
  const actor = getActor(request);
  const result = can(actor, action, actor && resource ? resource(actor) : { type: "site" });
  if (result.ok) return actor;
  if (result.reason === "auth.sign_in_required") {
    const url = new URL(request.url);
    throw redirect(`/signin?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  throw new Response(null, { status: result.reason === "auth.not_found" ? 404 : 403 });
}

/** Like requireAllowed for actions that need someone signed in: never returns null. */
export function requireActor(request: Request, action: Action, resource?: (actor: NonNullable<Actor>) => Resource): NonNullable<Actor> {
  const actor = requireAllowed(request, action, resource);
  if (!actor) throw new Response(null, { status: 403 });
  return actor;
}

/**
 * Run by the root loader on every page: a session whose roles changed gets a
 * new id (SEC-02), and the 30-day expiry rolls forward about once a day.
 * Returns the Set-Cookie header to send, if any.
 */
export function refreshSessionCookie(request: Request): string | null {
  const session = getSession(request);
  if (!session) return readSessionToken(request) ? clearSessionCookie(request) : null;
  const now = new Date();
  if (session.rotationDue) {
    const token = rotateSession(getDb(), session.sessionId, now);
    if (token) return serializeSessionCookie(request, token);
  }
  if (session.refreshDue) {
    extendSession(getDb(), session.sessionId, now);
    const token = readSessionToken(request);
    if (token) return serializeSessionCookie(request, token);
  }
  return null;
}

/**
 * Between "send code" and "enter code": which phone, and where to go after.
 * Signed, short-lived, and only sent to /signin pages.
 */
let signInCookieInstance: ReturnType<typeof createCookie> | undefined;
export function signInCookie() {
  signInCookieInstance ??= createCookie("signin", {
    path: "/signin",
    httpOnly: true,
    sameSite: "lax",
    maxAge: 15 * 60,
    secrets: [getSigningSecret(getDb())],
  });
  return signInCookieInstance;
}

/** Only a path on this site: never "//other.host" or an absolute URL. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  return typeof value === "string" && value.length <= 2000 && /^\/(?![/\\])/.test(value) ? value : fallback;
}

/** SEC-06 budgets: per phone fixed by the rule, per IP and overall from the environment. */
export function getSendLimits(): SendLimits {
  const env = getEnv();
  return { ...DEFAULT_SEND_LIMITS, perIpHour: env.SIGN_IN_CODES_PER_IP_HOUR, globalHour: env.SIGN_IN_CODES_GLOBAL_HOUR };
}
