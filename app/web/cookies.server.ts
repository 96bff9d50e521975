import crypto from "node:crypto";

/**
 * What every cookie of the app shares (issue 13 §5): `Secure` whenever the
 * request came over https (behind a proxy: the proxy's forwarded scheme), so
 * the browser never sends it back over plain http; and a way to keep a value
 * unreadable in the browser when it is personal.
 */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** Options for a `createCookie(...).serialize` call: Secure on https. */
export function cookieSecurity(request: Request): { secure: boolean } {
  return { secure: isHttps(request) };
}

/** A cookie's raw value in this request, if any. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=") || null;
  }
  return null;
}

const keys = new Map<string, Buffer>();

/** A 256-bit key for one purpose, derived from the signing secret (HKDF-SHA256). */
function keyFor(secret: string, purpose: string): Buffer {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    if (keys.size >= 16) keys.clear();
    key = Buffer.from(crypto.hkdfSync("sha256", secret, "auyl-hub cookie", purpose, 32));
    keys.set(id, key);
  }
  return key;
}

/**
 * Encrypts and authenticates a JSON value with AES-256-GCM: the cookie's
 * value is a random IV, the ciphertext and the tag, in base64url. Nothing of
 * the value can be read or changed without the secret.
 */
export function sealJson(secret: string, purpose: string, value: unknown): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The value sealed by `sealJson` with the same secret and purpose, or null for anything else. */
export function openJson(secret: string, purpose: string, sealed: string): unknown {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length < 12 + 16 + 2 || bytes.toString("base64url") !== sealed) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(secret, purpose), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
