/**
 * What the listing screens' forms do, shared by the seller's screens and the
 * coordinator's assisted-selling screens. The routes check who may act (can())
 * first, then hand the form here and turn the outcome into a redirect or a
 * 400 page that shows everything typed again.
 */
import { getDb } from "../db.server";
import type { Language } from "../i18n/config";
import { formatDate } from "../i18n/format";
import { localized } from "../i18n/localized";
import { MAX_LISTING_PHOTOS, MAX_STOCK, canChangeListingStatus } from "../domain/catalog/listing-rules";
import type { ListingStatus } from "../domain/catalog/vocabulary";
import { listingText } from "../domain/catalog/listing-text";
import {
  checkConsentNote,
  collectPhotos,
  keptPhotos,
  parseListingValues,
  readListingValues,
  unreadFiles,
  valuesOfListing,
  type CollectedPhotos,
  type FieldErrors,
  type ListingValues,
  type PhotoProblem,
} from "./listing-form.server";
import {
  addListingPhotos,
  changeListingStatus,
  createListing,
  getListingForEdit,
  listCategoryChoices,
  moveListingPhoto,
  quickEditListing,
  removeListingPhoto,
  updateListing,
  type ChangedBy,
  type ListingRefusal,
  type PhotoRef,
} from "../domain/catalog/listings.server";
import { refusalKey } from "../i18n/refusals";
import { parseTenge } from "../i18n/money";
import { keyRefusal, once, usedKey, type KeyUse, type Once } from "../domain/offline/idempotency.server";

export type Done = "created" | "saved" | "published" | "paused" | "resumed" | "photos_added" | "photo_removed" | "photo_moved" | "quick_saved";

export interface FormProblems {
  values: ListingValues;
  errors: FieldErrors;
  photoProblems: PhotoProblem[];
  /** Photos accepted in this try: the page keeps them (hidden fields) so they need not be chosen again. */
  kept: PhotoRef[];
  /** A refusal not tied to one field, as a locale key. */
  formError?: string;
}

/** 429 when the only trouble is that the person's other uploads were still running (photo.busy). */
export type Outcome = { ok: true; done: Done; listingId: number } | ({ ok: false; status: 400 | 429 } & FormProblems);

/** Where the field of a use-case refusal is shown. */
const REFUSAL_FIELD: Partial<Record<ListingRefusal, string>> = {
  "listing.category_not_found": "categoryId",
  "listing.consent_required": "consentNote",
  "listing.too_many_photos": "photos",
  "listing.photo_expired": "photos",
};

function refused(reason: ListingRefusal, base: Omit<FormProblems, "errors" | "formError">): Outcome {
  const field = REFUSAL_FIELD[reason];
  const key = refusalKey(reason);
  return { ok: false, status: 400, ...base, errors: field ? { [field]: key } : {}, formError: field ? undefined : key };
}

/**
 * The fields have errors: answered before any photo chosen now is decoded or
 * stored (issue 13 §8). Kept photos stay; the chosen files are named, to be
 * chosen again.
 */
function fieldProblems(form: FormData, values: ListingValues, errors: FieldErrors, kept: CollectedPhotos): Outcome {
  const unread = unreadFiles(form);
  const problems = [...kept.problems, ...unread];
  if (problems.length > 0) errors.photos ??= unread.some((p) => p.reason === "photo.not_read") ? "catalog:errors.photos_not_read" : "catalog:errors.photos";
  return { ok: false, status: 400, values, errors, photoProblems: problems, kept: kept.photos };
}

/** Some photos were refused: the rest are kept, the form shown again. */
function photoProblems(values: ListingValues, errors: FieldErrors, collected: CollectedPhotos): Outcome {
  const busy = collected.problems.every((p) => p.reason === "photo.busy");
  const status = busy && Object.keys(errors).length === 0 ? 429 : 400;
  return { ok: false, status, values, errors: { ...errors, photos: "catalog:errors.photos" }, photoProblems: collected.problems, kept: collected.photos };
}

/** The new-listing form: every field checked, then photos staged, then one transaction. */
export async function submitNewListing(form: FormData, input: { sellerId: number; by: ChangedBy; assisted: boolean }, now: Date): Promise<Outcome> {
  const values = readListingValues(form);
  // A draft queued on a phone while offline carries a key (issue 20): its resend creates nothing more.
  const key = String(form.get("idempotencyKey") ?? "");
  const use: KeyUse | undefined = key ? { userId: input.by.userId, key, action: "listing.create" } : undefined;
  const badKey = key ? keyRefusal(key) : undefined;
  if (badKey) return { ok: false, status: 400, values, errors: {}, photoProblems: [], kept: [], formError: refusalKey(badKey) };
  const used = use ? usedKey(getDb(), use) : undefined;
  if (used) return replayedListing(used as Once<ReturnType<typeof createListing>>, values);
  const parsed = parseListingValues(values);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const consentError = input.assisted ? checkConsentNote(values) : undefined;
  if (consentError) errors.consentNote = consentError;
  const kept = await keptPhotos(form, MAX_LISTING_PHOTOS);
  if (!parsed.ok || consentError) return fieldProblems(form, values, errors, kept);
  const { photos, problems } = await collectPhotos(form, kept, MAX_LISTING_PHOTOS, input.by.userId, now);
  if (problems.length > 0) return photoProblems(values, errors, { photos, problems });
  const by: ChangedBy = input.assisted ? { ...input.by, consentNote: values.consentNote ?? "" } : input.by;
  const publish = form.get("intent") === "publish";
  const create = () => createListing(getDb(), { sellerId: input.sellerId, listing: parsed.listing, photos, publish, by }, now);
  const done = use ? once(getDb(), use, now, create) : { replayed: false, outcome: create() };
  if ("reason" in done) return replayedListing(done, values);
  const result = done.outcome;
  if (!result.ok) return refused(result.reason, { values, photoProblems: [], kept: photos });
  return { ok: true, done: "created", listingId: result.listingId };
}

/** The answer a key already got: the listing it created, or the refusal it met. */
function replayedListing(used: Once<ReturnType<typeof createListing>>, values: ListingValues): Outcome {
  if ("reason" in used) return { ok: false, status: 400, values, errors: {}, photoProblems: [], kept: [], formError: refusalKey(used.reason) };
  if (used.outcome.ok) return { ok: true, done: "created", listingId: used.outcome.listingId };
  return refused(used.outcome.reason, { values, photoProblems: [], kept: [] });
}

const STATUS_DONE: Partial<Record<ListingStatus, Done>> = { active: "published", paused: "paused" };

/**
 * The edit screen's forms, told apart by `intent`: save the listing, change
 * its status, add, remove or move photos.
 */
export async function submitListingEdit(form: FormData, input: { listingId: number; by: ChangedBy; assisted: boolean }, now: Date): Promise<Outcome> {
  const db = getDb();
  const intent = String(form.get("intent") ?? "");
  const values = readListingValues(form);
  const consentError = input.assisted ? checkConsentNote(values) : undefined;
  const by: ChangedBy = input.assisted ? { ...input.by, consentNote: values.consentNote ?? "" } : input.by;
  const id = { listingId: input.listingId };
  const current = getListingForEdit(db, input.listingId);
  if (!current) throw new Response(null, { status: 404 });

  if (intent === "save") {
    const parsed = parseListingValues(values);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (consentError) errors.consentNote = consentError;
    const room = MAX_LISTING_PHOTOS - current.photos.length;
    const kept = await keptPhotos(form, room);
    if (!parsed.ok || consentError) return fieldProblems(form, values, errors, kept);
    const { photos, problems } = await collectPhotos(form, kept, room, input.by.userId, now);
    if (problems.length > 0) return photoProblems(values, errors, { photos, problems });
    const result = updateListing(db, { ...id, listing: parsed.listing, photos, by }, now);
    if (!result.ok) return refused(result.reason, { values, photoProblems: [], kept: photos });
    return { ok: true, done: "saved", listingId: input.listingId };
  }

  // The smaller forms on the edit screen carry only the consent note besides their own fields.
  const small = (result: { ok: true } | { ok: false; reason: ListingRefusal }, done: Done): Outcome =>
    result.ok ? { ok: true, done, listingId: input.listingId } : refused(result.reason, { values, photoProblems: [], kept: [] });
  if (consentError) return fieldProblems(form, values, { consentNote: consentError }, { photos: [], problems: [] });

  if (intent === "status") {
    const to = String(form.get("to") ?? "") as ListingStatus;
    const result = changeListingStatus(db, { ...id, to, by }, now);
    const done = current.listing.status === "paused" && to === "active" ? "resumed" : (STATUS_DONE[to] ?? "saved");
    return small(result, done);
  }
  if (intent === "add-photos") {
    const room = MAX_LISTING_PHOTOS - current.photos.length;
    const collected = await collectPhotos(form, await keptPhotos(form, room), room, input.by.userId, now);
    if (collected.problems.length > 0) return photoProblems(values, {}, collected);
    if (collected.photos.length === 0) return { ok: false, status: 400, values, errors: { photos: "catalog:errors.photos_none" }, photoProblems: [], kept: [] };
    const { photos } = collected;
    return small(addListingPhotos(db, { ...id, photos, by }, now), "photos_added");
  }
  const photoId = Number(form.get("photoId"));
  if (intent === "remove-photo") return small(removeListingPhoto(db, { ...id, photoId, by }, now), "photo_removed");
  if (intent === "move-photo") {
    const direction = form.get("direction") === "earlier" ? "earlier" : "later";
    return small(moveListingPhoto(db, { ...id, photoId, direction, by }, now), "photo_moved");
  }
  throw new Response(null, { status: 400 });
}

export type QuickOutcome = { ok: true } | { ok: false; listingId: number; price: string; stock: string; errors: FieldErrors; formError?: string };

/** The list's in-place price and stock form. */
export function submitQuickEdit(form: FormData, input: { listingId: number; by: ChangedBy; assisted: boolean }, now: Date): QuickOutcome {
  const price = String(form.get("price") ?? "").slice(0, 40);
  const stock = String(form.get("stock") ?? "").slice(0, 40);
  const priceTiyn = parseTenge(price);
  const stockValue = /^\s*\d{1,6}\s*$/.test(stock) ? Number(stock) : NaN;
  const errors: FieldErrors = {};
  if (priceTiyn === undefined || priceTiyn <= 0) errors.price = "catalog:errors.price";
  if (!Number.isSafeInteger(stockValue) || stockValue < 0 || stockValue > MAX_STOCK) errors.stock = "catalog:errors.stock";
  const consentNote = String(form.get("consentNote") ?? "").slice(0, 1000);
  const by: ChangedBy = input.assisted ? { ...input.by, consentNote } : input.by;
  if (input.assisted) {
    const consentError = checkConsentNote({ consentNote });
    if (consentError) errors.consentNote = consentError;
  }
  if (Object.keys(errors).length > 0) return { ok: false, listingId: input.listingId, price, stock, errors };
  const result = quickEditListing(getDb(), { listingId: input.listingId, priceTiyn: priceTiyn!, stock: stockValue, by }, now);
  if (!result.ok) return { ok: false, listingId: input.listingId, price, stock, errors: {}, formError: refusalKey(result.reason) };
  return { ok: true };
}

/** What the edit screen shows, with values as the form's text. */
export function getEditorData(listingId: number, language: Language, done: string | null) {
  const db = getDb();
  const found = getListingForEdit(db, listingId);
  if (!found) throw new Response(null, { status: 404 });
  const { listing, photos, changes } = found;
  return {
    language,
    listingId,
    status: listing.status,
    removedReason: listing.removedReason,
    statusTargets: (["active", "paused"] as const).filter((to) => canChangeListingStatus(listing.status, to, "seller").ok),
    photos: photos.map((p) => ({ id: p.id, hash: p.hash })),
    maxPhotos: MAX_LISTING_PHOTOS,
    values: valuesOfListing(listing),
    categories: listCategoryChoices(db).map((c) => ({ id: c.id, depth: c.depth, name: localized(c, "name", language) })),
    changes: changes.map((c) => ({ id: c.id, actorUserId: c.actorUserId, onBehalf: c.onBehalf, consentNote: c.consentNote, atText: formatDate(c.at, language) })),
    done,
    title: listingText(listing, "title", language).text,
  };
}
