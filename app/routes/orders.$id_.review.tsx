import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { parseRemovedReason } from "~/domain/catalog/moderation";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { getOrderReview } from "~/domain/trust/reviews.server";
import { MAX_REVIEW_PHOTOS, REVIEW_TEXT_MAX, ANSWER_TEXT_MAX } from "~/domain/trust/review-rules";
import { LANGUAGES } from "~/i18n/config";
import { formatDate } from "~/i18n/format";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";
import { orderResource } from "~/web/order-actions.server";
import { parseOrNotFound } from "~/web/params";
import { REVIEW_UPLOADS, submitAnswer, submitReview } from "~/web/review-form.server";
import { withUploads } from "~/web/uploads.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { ReviewList } from "~/ui/reputation";

const idParam = z.string().regex(/^[1-9]\d{0,8}$/).transform(Number);

/** Signed in first, then the order: ids cannot be probed without an account. */
function requireOrder(request: Request, param: string | undefined) {
  requireActor(request, "checkout");
  const id = parseOrNotFound(idParam, param);
  const resource = orderResource(id);
  if (!resource) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "order.view", () => resource);
  return { id, resource, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, resource, actor } = requireOrder(request, params.id);
  const { language, t } = await getT(request, "trust");
  const state = getOrderReview(getDb(), id, new Date());
  if (!state) throw new Response(null, { status: 404 });
  const isBuyer = can(actor, "review.write", resource).ok;
  const isSeller = resource.sellerUserId === actor.userId;
  const review = state.review;
  // A removed review is shown to its author only, with the moderator's reason.
  const visible = review && (review.status === "published" || isBuyer) ? review : null;
  return {
    title: t("review.title", { id }),
    language,
    orderId: id,
    isBuyer,
    mayWrite: isBuyer && state.mayWrite,
    until: state.until,
    closedReason: review ? null : state.closedReason,
    mayAnswer: isSeller && review?.status === "published" && !review.answeredAt,
    review: visible,
    removed: visible?.status === "removed" ? parseRemovedReason(visible.removedReason) : null,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export async function action({ request, params }: ActionFunctionArgs) {
  const { id, resource, actor } = requireOrder(request, params.id);
  const { language } = await getT(request, "trust");
  return withUploads(request, REVIEW_UPLOADS, actor.userId, async (form) => {
    const now = new Date();
    if (form.get("intent") === "answer") {
      const state = getOrderReview(getDb(), id, now);
      if (!state?.review) throw new Response(null, { status: 404 });
      const reviewResource = { type: "review" as const, buyerUserId: resource.buyerUserId, sellerUserId: resource.sellerUserId, sellerVillageId: resource.sellerVillageId };
      const seller = requireActor(request, "review.answer", () => reviewResource);
      const outcome = submitAnswer(form, { reviewId: state.review.id, sellerUserId: seller.userId, language }, now);
      if (!outcome.ok) return data({ intent: "answer" as const, answer: outcome.answer, error: outcome.error }, { status: outcome.status });
      return redirect(`/orders/${id}/review?done=answered`, 303);
    }
    const buyer = requireActor(request, "review.write", () => resource);
    const outcome = await submitReview(form, { orderId: id, buyerUserId: buyer.userId, pageLanguage: language }, now);
    if (!outcome.ok) return data({ intent: "write" as const, ...outcome }, { status: outcome.status });
    deliverSoon();
    return redirect(`/orders/${id}/review?done=written`, 303);
  });
}

function RatingField({ name, legend, value, error }: { name: string; legend: string; value?: string; error?: string }) {
  const { t } = useTranslation("trust");
  return (
    <fieldset className="field rating" aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {[5, 4, 3, 2, 1].map((n) => (
        <label key={n} className="check">
          <input type="radio" name={name} value={n} defaultChecked={value === String(n)} required />
          {t("reviews.stars", { count: n })}
        </label>
      ))}
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The buyer's review of a completed order, and the seller's one answer to it. */
export default function OrderReview() {
  const { language, orderId, isBuyer, mayWrite, until, closedReason, mayAnswer, review, removed, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("trust");
  const write = failed?.intent === "write" ? failed : null;
  const answer = failed?.intent === "answer" ? failed : null;
  return (
    <>
      <h1>{t("review.title", { id: orderId })}</h1>
      <p>
        <Link to={`/orders/${orderId}`}>← {t("review.backToOrder")}</Link>
      </p>
      {done === "written" ? <FormMessage tone="ok">{t("review.thanks")}</FormMessage> : null}
      {done === "answered" ? <FormMessage tone="ok">{t("review.answered")}</FormMessage> : null}
      {removed ? (
        <p className="notice" role="status">
          {t("review.removed")}
          {removed.reason ? ` ${t("review.removedReason", { reason: t(`storefront:reportReason.${removed.reason}`) })}` : null}
          {removed.note ? ` ${removed.note}` : null}
        </p>
      ) : null}
      {review ? (
        <ReviewList reviews={[{ ...review, author: null }]} language={language} page={1} hasNext={false} path={`/orders/${orderId}/review`} />
      ) : isBuyer && !mayWrite && closedReason ? (
        <p className="muted">{t(`errors.${closedReason}`)}</p>
      ) : !isBuyer ? (
        <p className="muted">{t("review.notYet")}</p>
      ) : null}

      {mayWrite ? (
        <Form method="post" encType="multipart/form-data" className="form" aria-labelledby="write-title">
          <h2 id="write-title">{t("review.write")}</h2>
          {until ? <p className="muted small">{t("review.until", { date: formatDate(new Date(until), language) })}</p> : null}
          {write?.errors.form ? <FormMessage>{t(write.errors.form)}</FormMessage> : null}
          <CsrfInput />
          <input type="hidden" name="intent" value="write" />
          <RatingField name="itemRating" legend={t("review.itemRating")} value={write?.values.itemRating} error={write?.errors.itemRating} />
          <RatingField name="sellerRating" legend={t("review.sellerRating")} value={write?.values.sellerRating} error={write?.errors.sellerRating} />
          <Field
            name="text"
            label={t("review.text")}
            multiline
            rows={5}
            maxLength={REVIEW_TEXT_MAX}
            required
            defaultValue={write?.values.text}
            error={write?.errors.text ? t(write.errors.text) : undefined}
            autoFocus={Boolean(write?.errors.text) && !write?.errors.itemRating && !write?.errors.sellerRating}
          />
          <div className="field">
            <label htmlFor="language">{t("review.language")}</label>
            <select id="language" name="language" defaultValue={write?.values.language || language}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`review.languages.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="photos">{t("review.photos", { count: MAX_REVIEW_PHOTOS })}</label>
            {write?.kept.map((photo) => <input key={photo.hash} type="hidden" name="kept" value={photo.hash} />)}
            {write && write.kept.length > 0 ? <p className="hint">{t("review.photosKept", { count: write.kept.length })}</p> : null}
            <input
              id="photos"
              name="photos"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              aria-invalid={write?.errors.photos ? true : undefined}
              aria-describedby={write?.errors.photos ? "photos-error" : undefined}
            />
            {write?.errors.photos ? (
              <p id="photos-error" className="field-error">
                {t(write.errors.photos)}
              </p>
            ) : null}
          </div>
          <div className="actions">
            <button type="submit" className="button">
              {t("review.submit")}
            </button>
          </div>
        </Form>
      ) : null}

      {mayAnswer ? (
        <Form method="post" encType="multipart/form-data" className="form" aria-labelledby="answer-title">
          <h2 id="answer-title">{t("review.answerTitle")}</h2>
          <p className="muted small">{t("review.answerHint")}</p>
          {answer?.error ? <FormMessage>{t(answer.error)}</FormMessage> : null}
          <CsrfInput />
          <input type="hidden" name="intent" value="answer" />
          <Field name="answer" label={t("review.answerLabel")} multiline rows={4} maxLength={ANSWER_TEXT_MAX} required defaultValue={answer?.answer} autoFocus={Boolean(answer)} />
          <div className="actions">
            <button type="submit" className="button">
              {t("review.answerSubmit")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
