/**
 * Parcel codes and the custody chain (issue 17 §3–4): who held a parcel, from when. Every
 * handover writes one row inside the use case's own transaction.
 */
import crypto from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { custodyScans, parcelCodes, pickupPoints, shipments, villages } from "../../../db/schema";
import type { Db, Tx } from "../../db.server";
import { formatParcelCode, parcelCodeFrom } from "./parcel-code";
import type { Handover, Holder } from "./vocabulary";

/** The parcel's code, made the first time anyone needs it (a label, the seller's drop-off). */
export function ensureParcelCode(tx: Tx | Db, orderId: number, now: Date): string {
  const found = tx.select({ code: parcelCodes.code }).from(parcelCodes).where(eq(parcelCodes.orderId, orderId)).get();
  if (found) return found.code;
  for (;;) {
    const code = parcelCodeFrom(crypto.randomBytes(6));
    // 23^6 ≈ 148 million codes: a collision is rare and simply draws again.
    const taken = tx.select({ orderId: parcelCodes.orderId }).from(parcelCodes).where(eq(parcelCodes.code, code)).get();
    if (taken) continue;
    tx.insert(parcelCodes).values({ orderId, code, createdAt: now }).run();
    return code;
  }
}

/** The order a code names, if any. */
export function orderOfCode(tx: Tx | Db, code: string): number | null {
  return tx.select({ orderId: parcelCodes.orderId }).from(parcelCodes).where(eq(parcelCodes.code, code)).get()?.orderId ?? null;
}

export function recordCustody(
  tx: Tx,
  scan: { orderId: number; handover: Handover; holder: Holder; holderName: string; shipmentId?: number | null; actorUserId: number | null },
  now: Date,
): void {
  tx.insert(custodyScans)
    .values({ ...scan, shipmentId: scan.shipmentId ?? null, at: now })
    .run();
}

/** The name of a village hub, for the chain (in Kazakh, as the village is written on the label). */
export function hubName(tx: Tx | Db, villageId: number): string {
  return tx.select({ name: villages.nameKk }).from(villages).where(eq(villages.id, villageId)).get()?.name ?? "";
}

export function pointName(tx: Tx | Db, pickupPointId: number): string {
  return tx.select({ name: pickupPoints.name }).from(pickupPoints).where(eq(pickupPoints.id, pickupPointId)).get()?.name ?? "";
}

export interface CustodyStep {
  handover: Handover;
  holder: Holder;
  holderName: string;
  at: Date;
  shipmentId: number | null;
  carrierName: string | null;
  expectedArrivalAt: Date | null;
}

/** A parcel's chain, oldest first, with its code; the last step is who holds it now. */
export function custodyChain(db: Db, orderId: number): { code: string | null; steps: CustodyStep[] } {
  const code = db.select({ code: parcelCodes.code }).from(parcelCodes).where(eq(parcelCodes.orderId, orderId)).get()?.code ?? null;
  const steps = db
    .select({
      handover: custodyScans.handover,
      holder: custodyScans.holder,
      holderName: custodyScans.holderName,
      at: custodyScans.at,
      shipmentId: custodyScans.shipmentId,
      carrierName: shipments.carrierName,
      expectedArrivalAt: shipments.expectedArrivalAt,
    })
    .from(custodyScans)
    .leftJoin(shipments, eq(shipments.id, custodyScans.shipmentId))
    .where(eq(custodyScans.orderId, orderId))
    .orderBy(asc(custodyScans.at), asc(custodyScans.id))
    .all();
  return { code: code ? formatParcelCode(code) : null, steps };
}
