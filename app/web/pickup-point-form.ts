/**
 * The pickup point form's adapter: the posted fields as typed, a stored point
 * as the form's values, and the domain's checks with their refusal codes
 * turned into locale keys for the page.
 */
import { refusalKey } from "../i18n/refusals";
import { DEFAULT_STORAGE_DAYS } from "../domain/logistics/pickup-point-kinds";
import {
  PICKUP_POINT_FIELDS,
  pickupPointInput,
  type PickupPointErrors,
  type PickupPointField,
  type PickupPointInput,
  type PickupPointValues,
} from "../domain/logistics/pickup-point-rules";

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
    errors[field] ??= refusalKey(issue.message.startsWith("logistics.") ? issue.message : "logistics.invalid");
  }
  return { ok: false, errors };
}
