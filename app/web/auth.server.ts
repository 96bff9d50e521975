import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getSigningSecret } from "../domain/identity/signing-secret.server";
import { getDb } from "../db.server";
import { can, type Action, type Actor, type Resource } from "../domain/identity/can";
import { extendSession, resolveSession, rotateSession, type ResolvedSession } from "../domain/identity/sessions.server";
import { DEFAULT_SEND_LIMITS, SESSION_TTL_MS, type SendLimits } from "../domain/identity/rules";
import { getEnv } from "../env.server";
import { isHttps, openJson, readCookie, sealJson } from "./cookies.server";

/**
 * The session cookie (SEC-01): `__Host-sid; Secure` when the page is served
 * over https (behind a trusted proxy: TRUST_PROXY=1), plain `sid` on http so the
 * embedded mode works on localhost. HttpOnly, SameSite=Lax, Path=/, no Domain.
 */
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
  return readCookie(request, sessionCookieName(request));
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
 * Sealed with AES-GCM under the signing secret (a phone number is personal:
 * the browser holds it unreadable, issue 13 §5), valid 15 minutes, and only
 * sent to /signin pages.
 */
const SIGN_IN_COOKIE = "signin";
const SIGN_IN_TTL_SECONDS = 15 * 60;
const pendingSignIn = z.object({ phone: z.string().regex(/^\+77\d{9}$/), redirectTo: z.string().max(2000), expiresAt: z.number() });
export type PendingSignIn = Pick<z.infer<typeof pendingSignIn>, "phone" | "redirectTo">;

// Read once, as the CSRF signer does: the secret only changes with a restart.
let sealingSecret: string | undefined;
function signInSecret(): string {
  sealingSecret ??= getSigningSecret(getDb());
  return sealingSecret;
}

function signInCookieLine(request: Request, value: string, maxAgeSeconds: number): string {
  const parts = [`${SIGN_IN_COOKIE}=${value}`, "Path=/signin", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}

export function serializeSignInCookie(request: Request, pending: PendingSignIn, now = new Date()): string {
  const sealed = sealJson(signInSecret(), SIGN_IN_COOKIE, { ...pending, expiresAt: now.getTime() + SIGN_IN_TTL_SECONDS * 1000 });
  return signInCookieLine(request, sealed, SIGN_IN_TTL_SECONDS);
}

export function clearSignInCookie(request: Request): string {
  return signInCookieLine(request, "", 0);
}

/** The sign-in under way in this browser, or null (none, altered, sealed with another secret, or expired). */
export function readSignInCookie(request: Request, now = new Date()): PendingSignIn | null {
  const value = readCookie(request, SIGN_IN_COOKIE);
  if (!value) return null;
  const parsed = pendingSignIn.safeParse(openJson(signInSecret(), SIGN_IN_COOKIE, value));
  if (!parsed.success || parsed.data.expiresAt <= now.getTime()) return null;
  return { phone: parsed.data.phone, redirectTo: parsed.data.redirectTo };
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
