/**
 * The lane form's adapter (opening and editing a lane use the same fields): the posted values as
 * typed, a stored lane as the form's values, and the domain's checks with their refusal codes
 * turned into locale keys field by field.
 */
import { refusalKeys } from "../i18n/refusals";
import { laneInput, LANE_FIELDS, type LaneField, type LaneInput, type LaneValues } from "../domain/logistics/lane-rules";
import { WEEKDAYS } from "../domain/logistics/delivery-route";
import type { Lane } from "../domain/logistics/lanes.server";

/** The typed values of a posted lane form (capped, so an error can still show what was typed). */
export function readLaneValues(form: FormData): LaneValues {
  const values: LaneValues = { weekdays: form.getAll("weekdays").filter((d): d is string => typeof d === "string").slice(0, 7) };
  for (const name of LANE_FIELDS) {
    if (name === "weekdays") continue;
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 200);
  }
  return values;
}

/** The lane rules on typed values: the lane, or each field's error as a locale key. */
export function parseLaneValues(values: LaneValues): { ok: true; lane: LaneInput } | { ok: false; errors: Partial<Record<LaneField, string>> } {
  const parsed = laneInput.safeParse({ ...values, weekdays: values.weekdays ?? [] });
  if (parsed.success) return { ok: true, lane: parsed.data };
  const codes: Partial<Record<LaneField, string>> = {};
  for (const issue of parsed.error.issues) codes[issue.path[0] as LaneField] ??= issue.message;
  return { ok: false, errors: refusalKeys(codes) };
}

const tenge = (tiyn: number | null) => (tiyn === null ? "" : String(tiyn / 100));

/** A stored lane as the edit form's values. */
export function laneValues(lane: Pick<Lane, "toPointId" | "carrierKind" | "carrierName" | "carrierPhone" | "weekdays" | "transitDays" | "upTo15kgTiyn" | "from15to50kgTiyn" | "over50kgTiyn">): LaneValues {
  return {
    toPointId: String(lane.toPointId),
    carrierKind: lane.carrierKind,
    carrierName: lane.carrierName,
    carrierPhone: lane.carrierPhone ?? "",
    weekdays: WEEKDAYS.filter((_, i) => lane.weekdays & (1 << i)),
    transitDays: String(lane.transitDays),
    upTo15kg: tenge(lane.upTo15kgTiyn),
    from15to50kg: tenge(lane.from15to50kgTiyn),
    over50kg: tenge(lane.over50kgTiyn),
  };
}
