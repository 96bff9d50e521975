/**
 * The pickup point form, as a coordinator fills it on a phone: pure checks,
 * no database. Messages are refusal codes (`logistics.*`); the web floor
 * (app/web/pickup-point-form.ts) turns them into text and echoes every typed value.
 */
import { z } from "zod";
import { personText } from "../identity/person-text";
import { MAX_STORAGE_DAYS, PICKUP_POINT_KINDS } from "./pickup-point-kinds";

export const MAX_POINT_NAME = 80;
export const MAX_POINT_ADDRESS = 200;
export const MAX_OPENING_HOURS = 120;

/** Form field names, as the inputs are named; all are echoed back on errors. */
export const PICKUP_POINT_FIELDS = ["kind", "name", "address", "openingHours", "storageDays", "acceptsCash", "active"] as const;
export type PickupPointField = (typeof PICKUP_POINT_FIELDS)[number];
export type PickupPointValues = Partial<Record<PickupPointField, string>>;
/** Field name → locale key (what the page shows). */
export type PickupPointErrors = Partial<Record<PickupPointField, string>>;

// One line each: the operator's screen and the buyer's list show them as such.
const requiredText = (max: number, missing: string) =>
  personText("line", z.string().min(1, { message: missing }).max(max, { message: "logistics.too_long" }), missing);

export const pickupPointInput = z.object({
  kind: z.enum(PICKUP_POINT_KINDS, { message: "logistics.kind" }),
  name: requiredText(MAX_POINT_NAME, "logistics.name_required"),
  address: requiredText(MAX_POINT_ADDRESS, "logistics.address_required"),
  openingHours: requiredText(MAX_OPENING_HOURS, "logistics.hours_required"),
  storageDays: z
    .string({ message: "logistics.storage_days" })
    .trim()
    .regex(/^\d{1,2}$/, { message: "logistics.storage_days" })
    .transform(Number)
    .pipe(z.number().int().min(1, { message: "logistics.storage_days" }).max(MAX_STORAGE_DAYS, { message: "logistics.storage_days" })),
  acceptsCash: z.boolean(),
  active: z.boolean(),
});

export type PickupPointInput = z.output<typeof pickupPointInput>;
