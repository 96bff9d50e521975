/**
 * Turns a posted listing form (multipart, with photos) into what the use cases
 * take, or into what the page shows again: every typed value, an error key
 * per field, and the photos that were accepted. Shared by the seller's and
 * the coordinator's screens.
 */
import type { z } from "zod";
import { getDb } from "../db.server";
import { FILE_BUSY, FILE_TOO_LARGE, uploadedPath, type UploadLimits } from "./uploads.server";
import { LANGUAGES } from "../i18n/config";
import { tengeInputText } from "../i18n/money";
import { refusalKey } from "../i18n/refusals";
import { MAX_CONSENT_NOTE, MAX_LISTING_PHOTOS, listingInput, type ListingInput } from "../domain/catalog/listing-rules";
import { cleanLines } from "../domain/identity/person-text";
import { findStoredPhoto, incomingDir } from "../domain/catalog/photo-store.server";
import { photosAvailable, stagePhoto } from "../domain/catalog/photo-staging.server";
import { PHOTO_LIMITS, processPhoto, type PhotoRefusal } from "../domain/catalog/photos.server";
import type { PhotoRef } from "../domain/catalog/listings.server";

/** The caps the listing screens read their multipart forms with. */
export const LISTING_UPLOADS: UploadLimits = { maxFileBytes: PHOTO_LIMITS.maxBytes, maxFiles: MAX_LISTING_PHOTOS, directory: incomingDir };
/** The page script's upload: one photo. */
export const PHOTO_UPLOAD: UploadLimits = { ...LISTING_UPLOADS, maxFiles: 1 };

/** The text fields of the form, by input name; all are echoed back on errors. */
export const LISTING_FIELDS = [
  "language",
  "title",
  "description",
  ...LANGUAGES.flatMap((l) => [`title_${l}`, `description_${l}`]),
  "categoryId",
  "price",
  "unit",
  "stock",
  "weightClass",
  "madeToOrder",
  "leadDays",
  "consentNote",
] as const;

export type ListingValues = Partial<Record<(typeof LISTING_FIELDS)[number], string>>;
/** Field name → locale key (`catalog:errors.*`). */
export type FieldErrors = Partial<Record<string, string>>;

export interface PhotoProblem {
  name: string;
  /**
   * Besides the photo's own refusals: more files than room, the person's other
   * uploads still running (photo.busy), not read because the fields have
   * errors (photo.not_read), a kept photo cleared after a day (photo.expired).
   */
  reason: PhotoRefusal | "photo.too_many_files" | "photo.busy" | "photo.not_read" | "photo.expired";
}

export interface CollectedPhotos {
  photos: PhotoRef[];
  problems: PhotoProblem[];
}

const FALLBACK_KEY: Record<string, string> = {
  categoryId: "catalog:errors.category",
  stock: "catalog:errors.stock",
  leadDays: "catalog:errors.lead_days",
  price: "catalog:errors.price",
  unit: "catalog:errors.unit",
  weightClass: "catalog:errors.weight_class",
  language: "catalog:errors.language",
  title: "catalog:errors.title_short",
};

export function readListingValues(form: FormData): ListingValues {
  const values: ListingValues = {};
  for (const name of LISTING_FIELDS) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 4000);
  }
  return values;
}

/** The values as listingInput expects them: empty number fields stay missing, so they are errors, not zero. */
function inputObject(values: ListingValues) {
  const present = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v);
  const language = values.language ?? "";
  const translations: Record<string, { title?: string; description?: string }> = {};
  for (const other of LANGUAGES) {
    if (other === language) continue;
    translations[other] = { title: values[`title_${other}`], description: values[`description_${other}`] };
  }
  return {
    language,
    title: values.title ?? "",
    description: values.description ?? "",
    translations,
    categoryId: present(values.categoryId),
    price: values.price ?? "",
    unit: values.unit ?? "",
    stock: present(values.stock),
    weightClass: values.weightClass ?? "",
    madeToOrder: values.madeToOrder === "on" ? "on" : undefined,
    leadDays: present(values.leadDays),
  };
}

function fieldOf(issue: z.ZodIssue): string {
  const [first, language, part] = issue.path;
  if (first === "translations" && typeof language === "string" && typeof part === "string") return `${part}_${language}`;
  return String(first ?? "form");
}

/** Checks the typed fields; errors are locale keys under `catalog:`. */
export function parseListingValues(values: ListingValues): { ok: true; listing: ListingInput } | { ok: false; errors: FieldErrors } {
  const parsed = listingInput.safeParse(inputObject(values));
  if (parsed.success) return { ok: true, listing: parsed.data };
  const errors: FieldErrors = {};
  // zod checks lead days only once every other field is valid: say it now, with the rest.
  if (values.madeToOrder === "on" && !/^\s*(?:[1-9]\d?|1[0-7]\d|180)\s*$/.test(values.leadDays ?? "")) errors.leadDays = "catalog:errors.lead_days";
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue);
    const key = issue.message.startsWith("catalog.") ? refusalKey(issue.message) : (FALLBACK_KEY[field.replace(/_(kk|ru|en)$/, "")] ?? "catalog:errors.invalid");
    errors[field] ??= key;
  }
  return { ok: false, errors };
}

/** The consent note a coordinator must write; an error key when missing or too long. */
export function checkConsentNote(values: ListingValues): string | undefined {
  const note = cleanLines(values.consentNote ?? "");
  if (!note) return "catalog:errors.consent_required";
  if (note.length > MAX_CONSENT_NOTE) return "catalog:errors.too_long";
  return undefined;
}

/**
 * Photos kept from an earlier try or uploaded by the page's script (`kept`,
 * by hash), up to `room`: each still staged or shown by a listing, with its
 * files on disk. Nothing is decoded.
 */
export async function keptPhotos(form: FormData, room: number): Promise<CollectedPhotos> {
  const photos: PhotoRef[] = [];
  const problems: PhotoProblem[] = [];
  const seen = new Set<string>();
  for (const value of form.getAll("kept")) {
    if (typeof value !== "string" || seen.has(value) || photos.length >= room) continue;
    seen.add(value);
    const stored = await findStoredPhoto(value);
    if (stored && photosAvailable(getDb(), [stored.hash])) photos.push(stored);
    else if (stored || /^[0-9a-f]{64}$/.test(value)) problems.push({ name: "", reason: "photo.expired" });
  }
  return { photos, problems };
}

/** What a file field says when its file was not read: too large, or the person's other uploads still running. */
function unreadMarker(value: string): PhotoProblem | undefined {
  if (value.startsWith(FILE_TOO_LARGE)) return { name: value.slice(FILE_TOO_LARGE.length), reason: "photo.too_large" };
  if (value.startsWith(FILE_BUSY)) return { name: value.slice(FILE_BUSY.length), reason: "photo.busy" };
  return undefined;
}

/**
 * The files chosen this time when the form's fields have errors: not decoded
 * nor kept (issue 13 §8: the fields are checked first), only named, so the
 * page asks for them again.
 */
export function unreadFiles(form: FormData): PhotoProblem[] {
  return form.getAll("photos").flatMap((value): PhotoProblem[] => {
    if (typeof value === "string") return [unreadMarker(value)].filter((p): p is PhotoProblem => p !== undefined);
    return value.size > 0 ? [{ name: value.name, reason: "photo.not_read" }] : [];
  });
}

/**
 * The photos of this submission: the kept ones, then the files chosen now,
 * each checked, re-encoded and staged (files on disk) before any listing
 * refers to it. A refused file is named in `problems`; the others are kept.
 */
export async function collectPhotos(form: FormData, kept: CollectedPhotos, room: number, uploadedBy: number, now: Date): Promise<CollectedPhotos> {
  const photos = [...kept.photos];
  const problems = [...kept.problems];
  const seen = new Set(photos.map((p) => p.hash));
  for (const value of form.getAll("photos")) {
    if (typeof value === "string") {
      const unread = unreadMarker(value);
      if (unread) problems.push(unread);
      continue;
    }
    if (value.size === 0) continue;
    if (photos.length >= room) {
      problems.push({ name: value.name, reason: "photo.too_many_files" });
      continue;
    }
    const result = await processPhoto(uploadedPath(value) ?? Buffer.from(await value.arrayBuffer()));
    if (!result.ok) {
      problems.push({ name: value.name, reason: result.reason });
      continue;
    }
    await stagePhoto(getDb(), result.photo, uploadedBy, now);
    if (!seen.has(result.photo.hash)) {
      photos.push({ hash: result.photo.hash, width: result.photo.width, height: result.photo.height });
      seen.add(result.photo.hash);
    }
  }
  return { photos, problems };
}

type ListingRow = {
  language: (typeof LANGUAGES)[number];
  titleKk: string | null; titleRu: string | null; titleEn: string | null;
  descriptionKk: string | null; descriptionRu: string | null; descriptionEn: string | null;
  categoryId: number; priceTiyn: number; unit: string; stock: number; weightClass: string; madeToOrder: boolean; leadDays: number | null;
};

/** A stored listing as the values of its edit form. */
export function valuesOfListing(listing: ListingRow): ListingValues {
  const text = (field: "title" | "description", language: (typeof LANGUAGES)[number]) =>
    listing[`${field}${language === "kk" ? "Kk" : language === "ru" ? "Ru" : "En"}`] ?? "";
  const values: ListingValues = {
    language: listing.language,
    title: text("title", listing.language),
    description: text("description", listing.language),
    categoryId: String(listing.categoryId),
    price: tengeInputText(listing.priceTiyn),
    unit: listing.unit,
    stock: String(listing.stock),
    weightClass: listing.weightClass,
    madeToOrder: listing.madeToOrder ? "on" : "",
    leadDays: listing.leadDays ? String(listing.leadDays) : "",
  };
  for (const language of LANGUAGES) {
    if (language === listing.language) continue;
    values[`title_${language}`] = text("title", language);
    values[`description_${language}`] = text("description", language);
  }
  return values;
}
