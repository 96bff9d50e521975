import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { CSRF, CSRFError } from "remix-utils/csrf/server";
import { settings } from "../db/schema";
import { getDb, writeTransaction, type Db } from "./db.server";
import { getEnv } from "./env.server";

/**
 * The secret that signs cookies: SESSION_SECRET when set, otherwise one the
 * app generates on first start and keeps in its database, so the embedded
 * mode needs no configuration and restarts keep everyone's cookies valid.
 */
export function getSigningSecret(db: Db): string {
  const fromEnv = getEnv().SESSION_SECRET;
  if (fromEnv) return fromEnv;
  return writeTransaction(db, (tx) => {
    const row = tx.select().from(settings).where(eq(settings.key, "signing_secret")).get();
    if (row) return row.value;
    const value = crypto.randomBytes(32).toString("base64url");
    tx.insert(settings).values({ key: "signing_secret", value }).run();
    return value;
  });
}

let csrf: CSRF | undefined;

/** Double-submit token: a signed cookie plus a hidden field in every form (SEC-04). */
function getCsrf(): CSRF {
  csrf ??= new CSRF({
    cookie: createCookie("csrf", { path: "/", httpOnly: true, sameSite: "lax" }),
    formDataKey: "csrf",
    secret: getSigningSecret(getDb()),
  });
  return csrf;
}

/** The token for the page's forms, and a Set-Cookie header when it is new. */
export function commitCsrfToken(request: Request): Promise<readonly [string, string | null]> {
  return getCsrf().commitToken(request);
}

/**
 * Reads a POSTed form and checks its CSRF token. Every action reads its form
 * through here; a missing or wrong token is answered with 403.
 */
export async function readForm(request: Request): Promise<FormData> {
  const formData = await request.formData().catch(() => {
    throw new Response(null, { status: 400 });
  });
  try {
    await getCsrf().validate(formData, request.headers);
  } catch (error) {
    if (error instanceof CSRFError) throw new Response(null, { status: 403 });
    throw error;
  }
  return formData;
}
