import crypto from "node:crypto";
import { createCookie, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { getDb } from "../db.server";
import { getSigningSecret } from "../domain/identity/signing-secret.server";
import { cookieSecurity } from "./cookies.server";

/**
 * Double-submit token (SEC-04): a random value and its HMAC in a cookie, the
 * same value in a hidden field of every form; a POST must carry both, equal,
 * with a valid signature. The format is remix-utils' CSRF class's
 * (`<base64url token>.<base64url HMAC-SHA256>`), signed here with node:crypto:
 * crypto-js cost a visible share of every page, which all carry a form.
 */
const csrfCookie = createCookie("csrf", { path: "/", httpOnly: true, sameSite: "lax" });
const FORM_FIELD = "csrf";

let secret: string | undefined;
function signingSecret(): string {
  secret ??= getSigningSecret(getDb());
  return secret;
}

function sign(value: string): string {
  return crypto.createHmac("sha256", signingSecret()).update(value).digest("base64url");
}

function isSigned(token: string): boolean {
  const [value, signature, ...rest] = token.split(".");
  if (!value || !signature || rest.length > 0) return false;
  const expected = Buffer.from(sign(value));
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

async function tokenInCookie(request: Request): Promise<unknown> {
  const cookies = request.headers.get("Cookie");
  // Most first visits carry no cookie at all: nothing to parse.
  return cookies?.includes(`${csrfCookie.name}=`) ? csrfCookie.parse(cookies) : null;
}

/** The token for the page's forms, and a Set-Cookie header when it is new. */
export async function commitCsrfToken(request: Request): Promise<readonly [string, string | null]> {
  const existing = await tokenInCookie(request);
  // A cookie signed with another secret (SESSION_SECRET changed) is replaced, or every form would fail.
  if (typeof existing === "string" && isSigned(existing)) return [existing, null];
  const value = crypto.randomBytes(32).toString("base64url");
  const token = `${value}.${sign(value)}`;
  return [token, await csrfCookie.serialize(token, cookieSecurity(request))];
}

/** Throws 403 unless the form's token equals the cookie's and the cookie's is ours. */
async function assertCsrf(formData: FormData, request: Request): Promise<void> {
  const cookie = await tokenInCookie(request);
  const field = formData.get(FORM_FIELD);
  if (typeof cookie !== "string" || !isSigned(cookie) || typeof field !== "string" || field !== cookie) {
    throw new Response(null, { status: 403 });
  }
}

/**
 * Reads a POSTed form and checks its CSRF token. Every action reads its form
 * through here; a missing or wrong token is answered with 403. Forms with
 * photos come through withUploads (uploads.server), which passes `uploads`:
 * their multipart body is streamed through it to disk (other forms stay
 * under the server's small body cap).
 */
export async function readForm(request: Request, uploads?: UploadHandler): Promise<FormData> {
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  const read = uploads && multipart ? unstable_parseMultipartFormData(request, uploads) : request.formData();
  const formData = await read.catch((error: unknown) => {
    if (error instanceof Response) throw error;
    throw new Response(null, { status: 400 });
  });
  await assertCsrf(formData, request);
  return formData;
}
