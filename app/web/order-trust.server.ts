/** What the order page links to beside the order: its review and its messages, as can() allows. */
import type { Actor } from "../domain/identity/can";
import { can } from "../domain/identity/can";
import { getDb } from "../db.server";
import { getOrderReview } from "../domain/trust/reviews.server";
import { orderSubject, threadResource } from "../domain/trust/messages.server";
import type { OrderResource } from "./order-actions.server";

export function orderTrustLinks(actor: NonNullable<Actor>, resource: OrderResource, now: Date) {
  const db = getDb();
  const state = getOrderReview(db, resource.id, now);
  const isBuyer = can(actor, "review.write", resource).ok;
  const review = state?.review;
  const subject = orderSubject(db, resource.id);
  return {
    /** "write": the buyer may review now; "read": there is a review to see (a removed one only for its author). */
    review: state?.mayWrite && isBuyer ? ("write" as const) : review && (review.status === "published" || isBuyer) ? ("read" as const) : null,
    reviewRemoved: isBuyer && review?.status === "removed",
    messages: subject ? can(actor, "message.read", threadResource(subject)).ok : false,
  };
}
