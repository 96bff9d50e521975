/**
 * What a review and a seller's answer hold, checked. Pure: the messages are
 * refusal codes (`review.*`), worded in locales/<language>/trust.json.
 */
import { z } from "zod";
import { personText } from "../identity/person-text";
import { REVIEW_WINDOW_MS } from "./reputation-rules";

export const REVIEW_TEXT_MAX = 2000;
export const ANSWER_TEXT_MAX = 1000;
export const MAX_REVIEW_PHOTOS = 3;
export const REVIEWS_PAGE_SIZE = 10;

const rating = (code: string) => z.coerce.number({ message: code }).int({ message: code }).min(1, { message: code }).max(5, { message: code });

export const reviewInput = z.object({
  itemRating: rating("review.item_rating"),
  sellerRating: rating("review.seller_rating"),
  text: personText("lines", z.string().min(1, { message: "review.text_required" }).max(REVIEW_TEXT_MAX, { message: "review.text_long" })),
});
export type ReviewInput = z.infer<typeof reviewInput>;

export const answerInput = z.object({
  text: personText("lines", z.string().min(1, { message: "review.answer_required" }).max(ANSWER_TEXT_MAX, { message: "review.answer_long" })),
});

export type ReviewWindowRefusal = "review.not_completed" | "review.window_closed";

/** Whether an order may be reviewed now: completed, and no more than 30 days ago. */
export function canReviewOrder(order: { status: string; completedAt: Date | null }, now: Date): { ok: true; until: Date } | { ok: false; reason: ReviewWindowRefusal } {
  if (order.status !== "completed" || !order.completedAt) return { ok: false, reason: "review.not_completed" };
  const until = new Date(order.completedAt.getTime() + REVIEW_WINDOW_MS);
  return now.getTime() <= until.getTime() ? { ok: true, until } : { ok: false, reason: "review.window_closed" };
}
