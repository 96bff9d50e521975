import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "../i18n/config";
import { formatDate, numberFormat } from "../i18n/format";
import { photoUrl } from "./photo";

export interface ReputationView {
  completedOrders: number;
  ratingCount: number;
  ratingMilli: number | null;
  onTimePercent: number | null;
  disputesLost: number;
  answerMedianMinutes: number | null;
  yearsSelling: number;
  verified: boolean;
}

/** 4237 → "4.2" in the reader's language. */
export function formatRating(ratingMilli: number, language: Language): string {
  return numberFormat(language, "rating", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratingMilli / 1000);
}

function answerTime(minutes: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (minutes < 60) return t("reputation.minutes", { count: minutes });
  if (minutes < 48 * 60) return t("reputation.hours", { count: Math.round(minutes / 60) });
  return t("reputation.days", { count: Math.round(minutes / 1440) });
}

/** The seller's reputation at a glance: the seller page and the listing page. */
export function ReputationFacts({ reputation, language }: { reputation: ReputationView; language: Language }) {
  const { t } = useTranslation("trust");
  const r = reputation;
  return (
    <dl className="reputation" aria-label={t("reputation.title")}>
      <div>
        <dt>{t("reputation.rating")}</dt>
        <dd data-figure="rating">
          {r.ratingMilli === null ? t("reputation.noRatings") : t("reputation.ratingValue", { rating: formatRating(r.ratingMilli, language), count: r.ratingCount })}
        </dd>
      </div>
      <div>
        <dt>{t("reputation.completedOrders")}</dt>
        <dd data-figure="orders">{r.completedOrders}</dd>
      </div>
      <div>
        <dt>{t("reputation.onTime")}</dt>
        <dd>{r.onTimePercent === null ? "—" : `${r.onTimePercent} %`}</dd>
      </div>
      <div>
        <dt>{t("reputation.disputesLost")}</dt>
        <dd>{r.disputesLost}</dd>
      </div>
      <div>
        <dt>{t("reputation.answers")}</dt>
        <dd>{r.answerMedianMinutes === null ? "—" : answerTime(r.answerMedianMinutes, t)}</dd>
      </div>
      <div>
        <dt>{t("reputation.selling")}</dt>
        <dd>{r.yearsSelling < 1 ? t("reputation.firstYear") : t("reputation.years", { count: r.yearsSelling })}</dd>
      </div>
      <div>
        <dt>{t("reputation.verified")}</dt>
        <dd>{r.verified ? t("reputation.verifiedYes") : t("reputation.verifiedNo")}</dd>
      </div>
    </dl>
  );
}

/** One line on a catalog card: "★ 4.2 · 12 orders", or nothing before the first order. */
export function CardReputation({ reputation, language }: { reputation: { ratingMilli: number | null; completedOrders: number }; language: Language }) {
  const { t } = useTranslation("trust");
  if (reputation.ratingMilli === null && reputation.completedOrders === 0) return null;
  return (
    <span className="small card-reputation">
      {reputation.ratingMilli === null ? null : `★ ${formatRating(reputation.ratingMilli, language)} · `}
      {t("reputation.orders", { count: reputation.completedOrders })}
    </span>
  );
}

export interface ReviewView {
  id: number;
  itemRating: number;
  sellerRating: number;
  text: string;
  language: Language;
  photos: string[];
  answerText: string | null;
  answerLanguage: Language | null;
  answeredAt: Date | string | null;
  createdAt: Date | string;
  author: string | null;
}

function Stars({ value, label }: { value: number; label: string }) {
  return (
    <span className="stars" aria-label={label}>
      {"★".repeat(value)}
      <span className="muted">{"☆".repeat(5 - value)}</span>
    </span>
  );
}

/** Reviews, newest first, a page at a time; text marked with its own language. */
export function ReviewList({ reviews, language, page, hasNext, path }: { reviews: ReviewView[]; language: Language; page: number; hasNext: boolean; path: string }) {
  const { t } = useTranslation("trust");
  const foreign = (lang: string | null) => (lang && lang !== language ? lang : undefined);
  const pageLink = (n: number) => (n === 1 ? `${path}#reviews` : `${path}?reviews=${n}#reviews`);
  return (
    <section aria-labelledby="reviews" className="reviews">
      <h2 id="reviews">{t("reviews.title")}</h2>
      {reviews.length === 0 ? <p className="muted">{t("reviews.none")}</p> : null}
      <ol className="review-list">
        {reviews.map((review) => (
          <li key={review.id} id={`review-${review.id}`} className="review">
            <p>
              <strong>{review.author || t("reviews.buyer")}</strong> <span className="muted small">{formatDate(new Date(review.createdAt), language)}</span>
            </p>
            <p className="small">
              {t("reviews.item")}: <Stars value={review.itemRating} label={t("reviews.stars", { count: review.itemRating })} /> · {t("reviews.seller")}:{" "}
              <Stars value={review.sellerRating} label={t("reviews.stars", { count: review.sellerRating })} />
            </p>
            <p lang={foreign(review.language)} className="prose">
              {review.text}
            </p>
            {foreign(review.language) ? <p className="muted small">{t(`reviews.writtenIn.${review.language}`)}</p> : null}
            {review.photos.length > 0 ? (
              <p className="review-photos">
                {review.photos.map((hash, i) => (
                  <img key={hash} src={photoUrl(hash, 320)} alt={t("reviews.photoAlt", { number: i + 1 })} width={160} height={120} loading="lazy" decoding="async" />
                ))}
              </p>
            ) : null}
            {review.answerText ? (
              <blockquote className="review-answer">
                <p className="small">
                  <strong>{t("reviews.answer")}</strong>
                </p>
                <p lang={foreign(review.answerLanguage)} className="prose">
                  {review.answerText}
                </p>
              </blockquote>
            ) : null}
            <p className="small">
              <Link to={`/reviews/${review.id}/report`} rel="nofollow">
                {t("reviews.report")}
              </Link>
            </p>
          </li>
        ))}
      </ol>
      {page > 1 || hasNext ? (
        <nav className="pager" aria-label={t("reviews.pages")}>
          {page > 1 ? (
            <Link to={pageLink(page - 1)} rel="prev">
              {t("reviews.newer")}
            </Link>
          ) : (
            <span />
          )}
          {hasNext && page < 99 ? (
            <Link to={pageLink(page + 1)} rel="next">
              {t("reviews.older")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}
