/**
 * Editing an open lane (issue 17, decision lanes-and-delivery-fees "Lanes on shipments"): the
 * carrier, its phone, the days, the transit days and the tariffs change; the route (from, to)
 * does not — a new destination is a new lane. Orders already placed keep the fee and date
 * `order_legs` recorded at checkout; only checkouts from now on see the new values.
 */
import { eq } from "drizzle-orm";
import { lanes, pickupPoints } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { recordAudit } from "../identity/audit.server";
import type { LaneInput } from "./lane-rules";
import { ownLaneIds, type Lane, type LaneRefusal } from "./lanes.server";

/** One open lane this hub answers for, with its destination's name; null for any other lane. */
export function ownLane(db: Db, villageId: number, laneId: number): (Lane & { toPointName: string }) | null {
  if (!ownLaneIds(db, villageId).includes(laneId)) return null;
  const row = db.select({ lane: lanes, toPointName: pickupPoints.name }).from(lanes).innerJoin(pickupPoints, eq(pickupPoints.id, lanes.toPointId)).where(eq(lanes.id, laneId)).get();
  return row ? { ...row.lane, toPointName: row.toPointName } : null;
}

const EDITABLE = ["carrierKind", "carrierName", "carrierPhone", "weekdays", "transitDays", "upTo15kgTiyn", "from15to50kgTiyn", "over50kgTiyn"] as const;

/** Saves the lane's new carrier, days and tariffs; audited with what changed (before and after). */
export function editLane(
  db: Db,
  input: { actorUserId: number; villageId: number; laneId: number; lane: LaneInput; ip: string | null },
  now: Date,
): { ok: true } | { ok: false; reason: LaneRefusal } {
  return writeTransaction(db, (tx) => {
    if (!ownLaneIds(tx, input.villageId).includes(input.laneId)) return { ok: false, reason: "logistics.lane_not_found" } as const;
    const before = tx.select().from(lanes).where(eq(lanes.id, input.laneId)).get()!;
    const { carrierKind, carrierName, carrierPhone, weekdays, transitDays } = input.lane;
    const after = { carrierKind, carrierName, carrierPhone, weekdays, transitDays, upTo15kgTiyn: input.lane.upTo15kg, from15to50kgTiyn: input.lane.from15to50kg, over50kgTiyn: input.lane.over50kg };
    const changed = EDITABLE.filter((key) => before[key] !== after[key]);
    if (changed.length === 0) return { ok: true } as const;
    tx.update(lanes).set(after).where(eq(lanes.id, input.laneId)).run();
    // Each change as before and after; the phone only as "changed" (the audit keeps no phone number).
    const details: Record<string, string | number | null> = { laneId: input.laneId, villageId: input.villageId, changed: changed.join(",") };
    for (const key of changed) {
      if (key === "carrierPhone") continue;
      details[`${key}Before`] = before[key];
      details[`${key}After`] = after[key];
    }
    recordAudit(tx, { action: "lane.edited", actorUserId: input.actorUserId, subjectUserId: null, ip: input.ip, details }, now);
    return { ok: true } as const;
  });
}
