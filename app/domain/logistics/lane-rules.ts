/**
 * The lane form, as a coordinator fills it: pure checks, no database. Messages
 * are refusal codes (`logistics.*`); the web floor echoes every typed value.
 */
import { z } from "zod";
import { personText } from "../identity/person-text";
import { CARRIER_KINDS } from "./pickup-point-kinds";
import { WEEKDAYS, weekdayMask } from "./delivery-route";
import { carrierPhone } from "../shipping/shipment-rules";

export const MAX_CARRIER_NAME = 80;
/** A tariff above 1 000 000 ₸ a parcel is a typing slip. */
const MAX_TARIFF_TENGE = 1_000_000;

export const LANE_FIELDS = ["toPointId", "carrierKind", "carrierName", "carrierPhone", "weekdays", "transitDays", "upTo15kg", "from15to50kg", "over50kg"] as const;
export type LaneField = (typeof LANE_FIELDS)[number];
export type LaneValues = Partial<Record<Exclude<LaneField, "weekdays">, string>> & { weekdays?: string[] };

/** Typed tenge ("1 500", "1500,50") → tiyn; empty → null (the lane does not carry that class). */
const tariff = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s\u00a0]/g, "").replace(",", "."))
  .refine((s) => s === "" || /^\d{1,7}(\.\d{1,2})?$/.test(s), { message: "logistics.tariff" })
  .transform((s) => (s === "" ? null : Math.round(Number(s) * 100)))
  .refine((n) => n === null || n <= MAX_TARIFF_TENGE * 100, { message: "logistics.tariff" });

export const laneInput = z
  .object({
    toPointId: z.string().regex(/^\d{1,9}$/, { message: "logistics.lane_destination" }).transform(Number),
    carrierKind: z.enum(CARRIER_KINDS, { message: "logistics.carrier_kind" }),
    carrierName: personText(
      "line",
      z.string().min(1, { message: "logistics.carrier_name_required" }).max(MAX_CARRIER_NAME, { message: "logistics.too_long" }),
      "logistics.carrier_name_required",
    ),
    /** Optional: copied onto each shipment that rides the lane. */
    carrierPhone: z
      .string()
      .trim()
      .optional()
      .refine((s) => !s || carrierPhone(s) !== null, { message: "logistics.carrier_phone" })
      .transform((s) => (s ? carrierPhone(s) : null)),
    weekdays: z
      .array(z.enum(WEEKDAYS, { message: "logistics.weekdays" }))
      .min(1, { message: "logistics.weekdays" })
      .transform((days) => weekdayMask(days)),
    transitDays: z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, { message: "logistics.transit_days" })
      .transform(Number)
      .pipe(z.number().int().max(30, { message: "logistics.transit_days" })),
    upTo15kg: tariff,
    from15to50kg: tariff,
    over50kg: tariff,
  })
  .refine((lane) => lane.upTo15kg !== null || lane.from15to50kg !== null || lane.over50kg !== null, {
    message: "logistics.tariff_required",
    path: ["upTo15kg"],
  });

export type LaneInput = z.output<typeof laneInput>;
