/**
 * The review half of the village report queue: a moderator removes a
 * reported review with a reason its author reads, or dismisses the reports.
 */
import { data, redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { removalInput } from "../domain/catalog/moderation";
import { dismissReviewReports, getReviewResource, removeReview } from "../domain/trust/reviews.server";
import { refusalKey } from "../i18n/refusals";
import { requireActor } from "./auth.server";

export const REVIEW_INTENTS = ["review_remove", "review_dismiss"] as const;

export function submitReviewModeration(request: Request, form: FormData, village: { id: number; slug: string }) {
  const reviewId = Number(form.get("reviewId"));
  if (!Number.isSafeInteger(reviewId) || reviewId <= 0) throw new Response(null, { status: 400 });
  const found = getReviewResource(getDb(), reviewId);
  // Another village's review is answered as missing: ids must not leak.
  if (!found || found.resource.sellerVillageId !== village.id) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "review.remove", () => found.resource);
  const now = new Date();
  if (form.get("intent") === "review_dismiss") {
    const result = dismissReviewReports(getDb(), { reviewId, actorUserId: actor.userId }, now);
    if (!result.ok) return data({ reviewId, listingId: 0, error: refusalKey(result.reason), note: "" }, { status: 409 });
    return redirect(`/coordinator/${village.slug}/reports?done=dismissed`, 303);
  }
  const note = String(form.get("note") ?? "").slice(0, 1000);
  const parsed = removalInput.safeParse({ reason: form.get("reason") ?? undefined, note });
  if (!parsed.success) return data({ reviewId, listingId: 0, error: refusalKey(parsed.error.issues[0]?.message ?? "storefront.report_reason"), note }, { status: 400 });
  const result = removeReview(getDb(), { reviewId, actorUserId: actor.userId, reason: parsed.data.reason, note: parsed.data.note }, now);
  if (!result.ok) return data({ reviewId, listingId: 0, error: refusalKey(result.reason), note }, { status: 409 });
  return redirect(`/coordinator/${village.slug}/reports?done=removed`, 303);
}
