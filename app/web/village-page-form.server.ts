/**
 * The village page form's adapter (the admin's "open a hub" and the
 * coordinator's "village page"): the posted fields as typed, a stored page as
 * the form's values, the domain's checks with their refusal codes turned into
 * locale keys, and the photo — checked, re-encoded and stored before any
 * database write, as a listing's photos are.
 */
import { refusalKey } from "../i18n/refusals";
import { collectPhotos, keptPhotos, PHOTO_UPLOAD, type PhotoProblem } from "./listing-form.server";
import type { UploadLimits } from "./uploads.server";
import type { PhotoRef } from "../domain/catalog/listings.server";
import { parseVillagePage, VILLAGE_PAGE_FIELDS, type VillagePageField, type VillagePageInput, type VillagePageValues } from "../domain/geo/village-page-rules";

/** One photo per village page. */
export const VILLAGE_PAGE_UPLOADS: UploadLimits = PHOTO_UPLOAD;

export type VillagePageErrors = Partial<Record<VillagePageField | "photo", string>>;

/** What a posted page form holds: the typed values, a photo (new or kept from a try with errors), and what is wrong. */
export interface PostedVillagePage {
  values: VillagePageValues;
  photo: PhotoRef | null;
  /** The "take the photo down" box was ticked. */
  removePhoto: boolean;
  errors: VillagePageErrors;
  page: VillagePageInput | null;
}

export async function readVillagePage(form: FormData, uploadedBy: number, now: Date): Promise<PostedVillagePage> {
  const values: VillagePageValues = {};
  for (const name of VILLAGE_PAGE_FIELDS) {
    const value = form.get(name);
    // Capped well above the limits, so an error can still show what was typed.
    if (typeof value === "string") values[name] = value.slice(0, 4000);
  }
  const { photos, problems } = await collectPhotos(form, await keptPhotos(form, 1), 1, uploadedBy, now);
  const parsed = parseVillagePage(values);
  const errors: VillagePageErrors = parsed.ok ? {} : Object.fromEntries(Object.entries(parsed.errors).map(([field, code]) => [field, refusalKey(code)]));
  const problem: PhotoProblem | undefined = problems[0];
  if (problem) errors.photo = refusalKey(problem.reason === "photo.too_many_files" ? "geo.one_photo" : problem.reason);
  return { values, photo: photos[0] ?? null, removePhoto: form.get("removePhoto") === "on", errors, page: parsed.ok && !problem ? parsed.page : null };
}

/** A stored page as the form's values. */
export function villagePageValues(page: VillagePageInput | { households: number; specialty: string | null; storyKk: string | null; storyRu: string | null; storyEn: string | null }): VillagePageValues {
  return { households: String(page.households), specialty: page.specialty ?? "", storyKk: page.storyKk ?? "", storyRu: page.storyRu ?? "", storyEn: page.storyEn ?? "" };
}
