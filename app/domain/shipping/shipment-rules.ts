/**
 * The shipping rules a form's values must pass (issue 17 §3): the carrier, free text until lanes
 * name carriers, and the expected arrival entered at departure. Pure: the clock is passed in.
 */
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
  const phone = input.phone.replace(/[\s()-]/g, "");
  if (!/^\+?\d{6,15}$/.test(phone)) return { ok: false, reason: "shipping.carrier_phone" };
  return { ok: true, value: { carrierKind: kind, carrierName: name, carrierPhone: phone } };
}

/** The expected arrival: not before today, at most a month away. */
export function expectedArrivalRefusal(at: Date, now: Date): "shipping.arrival_date" | null {
  if (Number.isNaN(at.getTime())) return "shipping.arrival_date";
  const day = Math.floor(at.getTime() / DAY_MS);
  const today = Math.floor(now.getTime() / DAY_MS);
  return day < today || day > today + MAX_TRANSIT_DAYS ? "shipping.arrival_date" : null;
}
