/**
 * The review form's adapter: the fields first (so a mistake costs no photo
 * decoding), then up to three photos through the listing photo pipeline
 * (checked, re-encoded, staged), then the use case. Everything typed comes
 * back on a refusal.
 */
import { getDb } from "../db.server";
import type { Language } from "../i18n/config";
import { isLanguage } from "../i18n/config";
import { refusalKey } from "../i18n/refusals";
import { answerReview, writeReview } from "../domain/trust/reviews.server";
import { answerInput, MAX_REVIEW_PHOTOS, reviewInput } from "../domain/trust/review-rules";
import { collectPhotos, keptPhotos, LISTING_UPLOADS, unreadFiles } from "./listing-form.server";
import type { UploadLimits } from "./uploads.server";

export const REVIEW_UPLOADS: UploadLimits = { ...LISTING_UPLOADS, maxFiles: MAX_REVIEW_PHOTOS };

export interface ReviewFormValues {
  itemRating: string;
  sellerRating: string;
  text: string;
  language: string;
}

export type ReviewFormOutcome =
  | { ok: true }
  | { ok: false; status: 400 | 409; values: ReviewFormValues; errors: Record<string, string>; kept: { hash: string; width: number; height: number }[] };

const field = (form: FormData, name: string, max: number) => String(form.get(name) ?? "").slice(0, max);

export async function submitReview(form: FormData, input: { orderId: number; buyerUserId: number; pageLanguage: Language }, now: Date): Promise<ReviewFormOutcome> {
  const values: ReviewFormValues = {
    itemRating: field(form, "itemRating", 2),
    sellerRating: field(form, "sellerRating", 2),
    text: field(form, "text", 4000),
    language: field(form, "language", 2),
  };
  const language = isLanguage(values.language) ? values.language : input.pageLanguage;
  const parsed = reviewInput.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= refusalKey(issue.message);
    const unread = unreadFiles(form);
    if (unread.length > 0) errors.photos = refusalKey("review.photos_again");
    return { ok: false, status: 400, values, errors, kept: (await keptPhotos(form, MAX_REVIEW_PHOTOS)).photos };
  }
  const collected = await collectPhotos(form, await keptPhotos(form, MAX_REVIEW_PHOTOS), MAX_REVIEW_PHOTOS, input.buyerUserId, now);
  const problem = collected.problems[0];
  if (problem) {
    const code = problem.reason === "photo.too_many_files" ? "review.too_many_photos" : problem.reason;
    return { ok: false, status: 400, values, errors: { photos: refusalKey(code) }, kept: collected.photos };
  }
  const result = writeReview(
    getDb(),
    { ...parsed.data, orderId: input.orderId, buyerUserId: input.buyerUserId, language, photoHashes: collected.photos.map((p) => p.hash) },
    now,
  );
  if (!result.ok) return { ok: false, status: result.reason === "review.photo_expired" ? 400 : 409, values, errors: { form: refusalKey(result.reason) }, kept: [] };
  return { ok: true };
}

export function submitAnswer(form: FormData, input: { reviewId: number; sellerUserId: number; language: Language }, now: Date) {
  const text = field(form, "answer", 2000);
  const parsed = answerInput.safeParse({ text });
  if (!parsed.success) return { ok: false as const, status: 400 as const, answer: text, error: refusalKey(parsed.error.issues[0]?.message ?? "review.answer_required") };
  const result = answerReview(getDb(), { reviewId: input.reviewId, sellerUserId: input.sellerUserId, text: parsed.data.text, language: input.language }, now);
  if (!result.ok) return { ok: false as const, status: 409 as const, answer: text, error: refusalKey(result.reason) };
  return { ok: true as const };
}
