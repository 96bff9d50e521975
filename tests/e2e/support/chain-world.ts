/**
 * For the chained-shipments spec: `tsx tests/e2e/support/chain-world.ts <kk|ru|en> <n>`, run after
 * order-world.ts with the same `n`, appoints an operator to the demo's Talgar sorting hub and one to
 * the Zhetisu shop in Almaty (Besagash answers for both; its coordinator from order-world appoints)
 * and prints their session tokens and the two points as JSON.
 */
import { eq } from "drizzle-orm";
import { pickupPoints, villages } from "../../../db/schema";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { appointOperator } from "../../../app/domain/logistics/pickup-points.server";
import { DEMO_CITY_POINTS } from "../../../db/seed/pickup-points";
import { worldArgs } from "./world-phones";

const { language, phone } = worldArgs("chain-world.ts <kk|ru|en> <0-99>");
const { sqlite, db } = getConnection();
const now = new Date();

const besagash = db.select({ id: villages.id }).from(villages).where(eq(villages.slug, "besagash")).get();
// order-world's role 1: Besagash's coordinator.
const coordinator = findOrCreateUser(db, phone(1), now);
if (!besagash) throw new Error("no Besagash");

function operated(kind: "sorting_hub" | "partner_shop", role: number) {
  const demo = DEMO_CITY_POINTS.find((p) => p.kind === kind && (kind === "sorting_hub" || p.name.includes("Жетісу")));
  const point = demo && db.select({ id: pickupPoints.id, name: pickupPoints.name }).from(pickupPoints).where(eq(pickupPoints.name, demo.name)).get();
  if (!point) throw new Error(`no demo ${kind}`);
  const user = findOrCreateUser(db, phone(role), now);
  setPreferredLanguage(db, user.id, language);
  const appointed = appointOperator(db, { actorUserId: coordinator.id, villageId: besagash!.id, pickupPointId: point.id, phone: phone(role), ip: "e2e" }, now);
  if (!appointed.ok && appointed.reason !== "logistics.operator_exists") throw new Error(appointed.reason);
  return { point: { ...point, regionCode: "kz-75" }, token: writeTransaction(db, (tx) => createSession(tx, user.id, now)) };
}

const sortingHub = operated("sorting_hub", 8);
const zhetisu = operated("partner_shop", 9);
console.log(JSON.stringify({ sortingHub: sortingHub.point, zhetisu: zhetisu.point, tokens: { hubOperator: sortingHub.token, zhetisuOperator: zhetisu.token } }));
sqlite.close();
