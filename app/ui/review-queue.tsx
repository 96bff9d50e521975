import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReportReason } from "../domain/catalog/vocabulary";
import type { Language } from "../i18n/config";
import { CsrfInput } from "./csrf";
import { FormMessage } from "./form";
import { RemovalReason } from "./report-fields";

interface QueuedReview {
  reviewId: number;
  listingId: number;
  text: string;
  language: Language;
  itemRating: number;
  sellerRating: number;
  reports: number;
  reasons: ReportReason[];
}

/** Reported reviews in the village's report queue: remove with a reason the author reads, or dismiss. */
export function ReviewQueue({ queue, language, failed }: { queue: QueuedReview[]; language: Language; failed?: { reviewId?: number; error: string; note: string } }) {
  const { t } = useTranslation("trust");
  return (
    <section aria-labelledby="review-reports">
      <h2 id="review-reports">{t("moderation.title")}</h2>
      {queue.length === 0 ? <p className="muted">{t("moderation.empty")}</p> : null}
      {queue.map((item) => {
        const id = `review-report-${item.reviewId}`;
        const error = failed?.reviewId === item.reviewId ? failed.error : undefined;
        return (
          <section key={item.reviewId} className="panel" aria-labelledby={id}>
            <h3 id={id}>
              <Link to={`/listings/${item.listingId}#review-${item.reviewId}`}>{t("moderation.review", { id: item.reviewId })}</Link>
            </h3>
            <p className="muted small">
              {t("storefront:moderation.reports", { count: item.reports })} · {item.reasons.map((reason) => t(`storefront:reportReason.${reason}`)).join("; ")}
            </p>
            <p lang={item.language === language ? undefined : item.language} className="prose">
              {item.text}
            </p>
            {error ? <FormMessage>{t(error)}</FormMessage> : null}
            <form method="post" className="form">
              <CsrfInput />
              <input type="hidden" name="reviewId" value={item.reviewId} />
              <RemovalReason id={id} defaultReason={item.reasons[0] ?? "other"} />
              <div className="field">
                <label htmlFor={`${id}-note`}>{t("moderation.note")}</label>
                <textarea id={`${id}-note`} name="note" rows={2} maxLength={500} defaultValue={failed?.reviewId === item.reviewId ? failed.note : ""} />
              </div>
              <div className="actions">
                <button type="submit" name="intent" value="review_remove" className="button danger">
                  {t("moderation.remove")}
                </button>
                <button type="submit" name="intent" value="review_dismiss" className="button secondary">
                  {t("storefront:moderation.dismiss")}
                </button>
              </div>
            </form>
          </section>
        );
      })}
    </section>
  );
}
