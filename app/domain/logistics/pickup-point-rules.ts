/**
 * The pickup point form, as a coordinator fills it on a phone: pure checks,
 * no database. Messages are locale keys (`logistics:errors.*`); every typed
 * value goes back to the page when something is wrong.
 */
import { z } from "zod";
import { DEFAULT_STORAGE_DAYS, MAX_STORAGE_DAYS, PICKUP_POINT_KINDS } from "./pickup-point-kinds";

export const MAX_POINT_NAME = 80;
export const MAX_POINT_ADDRESS = 200;
export const MAX_OPENING_HOURS = 120;

/** Form field names, as the inputs are named; all are echoed back on errors. */
export const PICKUP_POINT_FIELDS = ["kind", "name", "address", "openingHours", "storageDays", "acceptsCash", "active"] as const;
export type PickupPointField = (typeof PICKUP_POINT_FIELDS)[number];
export type PickupPointValues = Partial<Record<PickupPointField, string>>;
/** Field name → locale key. */
export type PickupPointErrors = Partial<Record<PickupPointField, string>>;

const requiredText = (max: number, missing: string) =>
  z
    .string({ message: missing })
    .trim()
    .min(1, { message: missing })
    .max(max, { message: "logistics:errors.too_long" })
    // One line each: the operator's screen and the buyer's list show them as such.
    .transform((value) => value.replace(/\s+/g, " "));

export const pickupPointInput = z.object({
  kind: z.enum(PICKUP_POINT_KINDS, { message: "logistics:errors.kind" }),
  name: requiredText(MAX_POINT_NAME, "logistics:errors.name_required"),
  address: requiredText(MAX_POINT_ADDRESS, "logistics:errors.address_required"),
  openingHours: requiredText(MAX_OPENING_HOURS, "logistics:errors.hours_required"),
  storageDays: z
    .string({ message: "logistics:errors.storage_days" })
    .trim()
    .regex(/^\d{1,2}$/, { message: "logistics:errors.storage_days" })
    .transform(Number)
    .pipe(z.number().int().min(1, { message: "logistics:errors.storage_days" }).max(MAX_STORAGE_DAYS, { message: "logistics:errors.storage_days" })),
  acceptsCash: z.boolean(),
  active: z.boolean(),
});

export type PickupPointInput = z.output<typeof pickupPointInput>;

/** What the "new point" form starts with. */
export const NEW_POINT_VALUES: PickupPointValues = {
  kind: "hub_shop",
  storageDays: String(DEFAULT_STORAGE_DAYS),
  acceptsCash: "on",
  active: "on",
};

/** The typed values of a posted form; an unticked checkbox is simply absent. */
export function readPickupPointValues(form: FormData): PickupPointValues {
  const values: PickupPointValues = {};
  for (const name of PICKUP_POINT_FIELDS) {
    const value = form.get(name);
    // Capped well above the limits, so an error can still show what was typed.
    if (typeof value === "string") values[name] = value.slice(0, 1000);
  }
  return values;
}

/** A stored point as the form's values (for the edit page). */
export function pickupPointValues(point: PickupPointInput): PickupPointValues {
  return {
    kind: point.kind,
    name: point.name,
    address: point.address,
    openingHours: point.openingHours,
    storageDays: String(point.storageDays),
    acceptsCash: point.acceptsCash ? "on" : undefined,
    active: point.active ? "on" : undefined,
  };
}

export function parsePickupPointValues(values: PickupPointValues): { ok: true; point: PickupPointInput } | { ok: false; errors: PickupPointErrors } {
  const parsed = pickupPointInput.safeParse({
    kind: values.kind ?? "",
    name: values.name ?? "",
    address: values.address ?? "",
    openingHours: values.openingHours ?? "",
    storageDays: values.storageDays ?? "",
    acceptsCash: values.acceptsCash === "on",
    active: values.active === "on",
  });
  if (parsed.success) return { ok: true, point: parsed.data };
  const errors: PickupPointErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as PickupPointField;
    errors[field] ??= issue.message.startsWith("logistics:") ? issue.message : "logistics:errors.invalid";
  }
  return { ok: false, errors };
}

/** A use case's refusal code as a locale key: phone refusals are worded by identity, the rest here. */
export function refusalKey(reason: string): string {
  if (reason.startsWith("identity.")) return `identity:${reason}`;
  return `logistics:errors.${reason.replace(/^logistics\./, "")}`;
}
