import { execFileSync } from "node:child_process";
import type { Language } from "../fixtures";

// The e2e server's database (playwright.config.ts); a private run on another port may point elsewhere.
const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";

/** A coordinator of Besagash, made through the real use cases, with a session for the browser's cookie. */
export function coordinatorSession(phone: string, language: Language): string {
  const script = `
    const { getConnection, writeTransaction } = require("./app/db.server");
    const { createSession } = require("./app/domain/identity/sessions.server");
    const { getVillage } = require("./app/domain/geo/geo.server");
    const { findOrCreateUser, grantRole, setPreferredLanguage } = require("./app/domain/identity/users.server");
    const { sqlite, db } = getConnection();
    const now = new Date();
    const user = findOrCreateUser(db, ${JSON.stringify(phone)}, now);
    setPreferredLanguage(db, user.id, ${JSON.stringify(language)});
    grantRole(db, { actorUserId: null, userId: user.id, role: "coordinator", villageId: getVillage(db, "besagash").id, ip: "e2e" }, now);
    console.log(JSON.stringify({ token: writeTransaction(db, (tx) => createSession(tx, user.id, now)) }));
    sqlite.close();
  `;
  const out = execFileSync("npx", ["tsx", "--eval", script], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
  return (JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { token: string }).token;
}
