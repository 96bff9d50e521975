/**
 * Pickup codes: six digits the buyer shows at the pickup point (MONEY-10).
 * The code is derived from the app's secret and a random salt per order, so
 * the buyer's page can show it again, while the orders table keeps only an
 * HMAC. With SESSION_SECRET set (kept outside the database), a copy of the
 * database reveals no code; without it the generated secret sits in the
 * settings table of the same file, and the copy must be guarded like the server.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { settings } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { getEnv } from "../../env.server";

/** Wrong codes allowed before the parcel locks until a coordinator unlocks it. */
export const MAX_PICKUP_ATTEMPTS = 5;

const derived = new Map<string, Buffer>();

/**
 * The key for pickup codes, derived from the app's signing secret
 * (SESSION_SECRET, or the one kept in settings — see identity/signing-secret.server.ts). Works
 * inside a transaction too, where opening another would not.
 */
export function pickupSecret(db: Db | Tx): Buffer {
  const base = getEnv().SESSION_SECRET ?? storedSecret(db);
  let secret = derived.get(base);
  if (!secret) {
    secret = crypto.createHmac("sha256", base).update("auyl:pickup-codes").digest();
    derived.set(base, secret);
  }
  return secret;
}

function storedSecret(db: Db | Tx): string {
  const row = db.select().from(settings).where(eq(settings.key, "signing_secret")).get();
  if (row) return row.value;
  db.insert(settings).values({ key: "signing_secret", value: crypto.randomBytes(32).toString("base64url") }).onConflictDoNothing().run();
  return storedSecret(db);
}

export function newPickupSalt(): string {
  return crypto.randomBytes(12).toString("base64url");
}

export function pickupCode(secret: Buffer, orderId: number, salt: string): string {
  const digest = crypto.createHmac("sha256", secret).update(`code:${orderId}:${salt}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, "0");
}

export function pickupCodeHash(secret: Buffer, orderId: number, code: string): string {
  return crypto.createHmac("sha256", secret).update(`hash:${orderId}:${code}`).digest("base64url");
}

/** Compares a typed code with the stored hash in constant time; spaces and dashes are ignored. */
export function pickupCodeMatches(secret: Buffer, orderId: number, typed: string, storedHash: string): boolean {
  const code = typed.replace(/[\s-]/g, "");
  if (!/^\d{6}$/.test(code)) return false;
  const a = Buffer.from(pickupCodeHash(secret, orderId, code));
  const b = Buffer.from(storedHash);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
