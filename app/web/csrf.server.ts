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

/** What a file field holds when its file was larger than the per-file cap: this, then the file's name. */
export const FILE_TOO_LARGE = "file.too_large:";

export interface UploadLimits {
  /** Bytes one file may have; a larger one becomes the string FILE_TOO_LARGE + its name. */
  maxFileBytes: number;
  /** Files kept; further ones are dropped unread. */
  maxFiles: number;
}

/**
 * Keeps each uploaded file in memory up to the cap. A file over it is read to
 * the end and thrown away, so the rest of the form (what the person typed)
 * still arrives and the page can say which photo was too big.
 */
function memoryUploads(limits: UploadLimits): UploadHandler {
  let files = 0;
  return async ({ filename, contentType, data }) => {
    if (filename === undefined) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        // A text field is never large; the whole body is capped by the server anyway.
        if (size > 1024 * 1024) throw new Response(null, { status: 413 });
        chunks.push(chunk);
      }
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limits.maxFileBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    }
    // An empty file input still sends a part with no name and no bytes.
    if (filename === "" && size === 0) return null;
    if (tooLarge) return FILE_TOO_LARGE + filename.slice(0, 200);
    if (files >= limits.maxFiles) return null;
    files += 1;
    return new File([Buffer.concat(chunks)], filename, { type: contentType });
  };
}

/**
 * Reads a POSTed form and checks its CSRF token. Every action reads its form
 * through here; a missing or wrong token is answered with 403. Forms with
 * photos pass `uploads`: their multipart body is streamed through a capped
 * in-memory handler (other forms stay under the server's small body cap).
 */
export async function readForm(request: Request, uploads?: UploadLimits): Promise<FormData> {
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  const read = uploads && multipart ? unstable_parseMultipartFormData(request, memoryUploads(uploads)) : request.formData();
  const formData = await read.catch((error: unknown) => {
    if (error instanceof Response) throw error;
    throw new Response(null, { status: 400 });
  });
  await assertCsrf(formData, request);
  return formData;
}
