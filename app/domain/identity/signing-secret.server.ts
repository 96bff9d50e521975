import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { settings } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { getEnv } from "../../env.server";

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
