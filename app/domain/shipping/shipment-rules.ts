/**
 * The shipping rules a form's values must pass (issue 17 §3): the carrier, free text until lanes
 * name carriers, and the expected arrival entered at departure. Pure: the clock is passed in.
 */
import { dayOf } from "../logistics/delivery-route";
import { CARRIER_KINDS, type CarrierKind } from "./vocabulary";

export interface CarrierInput {
  kind: string;
  name: string;
  phone: string;
}

const DAY_MS = 86_400_000;
/** No lane in Kazakhstan takes a month; a date further out is a typing slip. */
export const MAX_TRANSIT_DAYS = 30;

export function carrierInput(
  input: CarrierInput,
): { ok: true; value: { carrierKind: CarrierKind; carrierName: string; carrierPhone: string } } | { ok: false; reason: "shipping.carrier_name" | "shipping.carrier_phone" } {
  const kind = (CARRIER_KINDS as readonly string[]).includes(input.kind) ? (input.kind as CarrierKind) : "other";
  const name = input.name.trim();
  if (name.length < 2 || name.length > 80) return { ok: false, reason: "shipping.carrier_name" };
  const phone = carrierPhone(input.phone);
  if (phone === null) return { ok: false, reason: "shipping.carrier_phone" };
  return { ok: true, value: { carrierKind: kind, carrierName: name, carrierPhone: phone } };
}

/** A typed phone without its spaces, brackets and dashes, or null when it is not one. */
export function carrierPhone(typed: string): string | null {
  const phone = typed.replace(/[\s()-]/g, "");
  return /^\+?\d{6,15}$/.test(phone) ? phone : null;
}

/** Arrived on or before its expected day, in Kazakhstan's calendar (docs/metrics.md, on-time arrivals). */
export function arrivedOnTime(shipment: { expectedArrivalAt: Date | null; arrivedAt: Date | null }): boolean {
  return shipment.arrivedAt !== null && shipment.expectedArrivalAt !== null && dayOf(shipment.arrivedAt) <= dayOf(shipment.expectedArrivalAt);
}

/** The expected arrival: not before today, at most a month away. */
export function expectedArrivalRefusal(at: Date, now: Date): "shipping.arrival_date" | null {
  if (Number.isNaN(at.getTime())) return "shipping.arrival_date";
  const day = Math.floor(at.getTime() / DAY_MS);
  const today = Math.floor(now.getTime() / DAY_MS);
  return day < today || day > today + MAX_TRANSIT_DAYS ? "shipping.arrival_date" : null;
}
