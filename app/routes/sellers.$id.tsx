import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getSellerPage } from "~/domain/catalog/storefront.server";
import { parseOrNotFound } from "~/web/params";
import { formatDate } from "~/i18n/format";
import { getLanguage } from "~/web/language.server";
import { sellerHead } from "~/web/page-head.server";
import { pageMeta } from "~/web/head";
import { localized } from "~/i18n/localized";
import { DemoBadge } from "~/ui/demo-badge";
import { ListingCards } from "~/ui/listing-card";
import { getReputation } from "~/domain/trust/reputation.server";
import { listReviews } from "~/domain/trust/reviews.server";
import { ReputationFacts, ReviewList } from "~/ui/reputation";

const idParam = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);
const pageParam = z.string().regex(/^[1-9]\d{0,1}$/).transform(Number);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sellerId = parseOrNotFound(idParam, params.id);
  const url = new URL(request.url);
  const pageText = url.searchParams.get("page");
  const reviewsText = url.searchParams.get("reviews");
  const reviewsPage = reviewsText === null ? 1 : parseOrNotFound(pageParam, reviewsText);
  // A page number that is not one is a page that does not exist.
  const page = pageText === null ? 1 : parseOrNotFound(pageParam, pageText);
  const found = getSellerPage(getDb(), sellerId, page);
  if (!found) throw new Response(null, { status: 404 });
  const language = await getLanguage(request);
  const db = getDb();
  return {
    language,
    page,
    ...found,
    title: found.seller.name ?? "",
    head: sellerHead(language, found.seller),
    reputation: getReputation(db, sellerId, new Date()) ?? null,
    reviewsPage,
    reviews: listReviews(db, { sellerId }, reviewsPage),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => pageMeta(data?.title ?? "", data?.head, { matches, location });

/** A seller's page: who they are, where from, what they sell. */
export default function SellerPage() {
  const { language, seller, goods, hasNext, page, reputation, reviews, reviewsPage } = useLoaderData<typeof loader>();
  const { t } = useTranslation("storefront");
  const villageName = localized(seller.village, "name", language);
  return (
    <>
      <h1>
        {seller.name}
        {seller.verifiedAt ? <span className="badge verified">{t("listing.verified")}</span> : null}
      </h1>
      <p>
        <Link to={`/villages/${seller.village.slug}`}>{t("seller.fromVillage", { village: villageName })}</Link>
        {seller.village.isDemo ? <DemoBadge /> : null}
      </p>
      <p className="muted">{t("seller.since", { date: formatDate(seller.approvedAt, language) })}</p>
      {reputation ? <ReputationFacts reputation={reputation} language={language} /> : null}
      <h2>{t("seller.goods")}</h2>
      {goods.length === 0 ? <p className="muted">{t("seller.noGoods")}</p> : <ListingCards cards={goods} language={language} showVillage={false} />}
      {page > 1 || hasNext ? (
        <nav className="pager" aria-label={t("catalog.pages")}>
          {page > 1 ? (
            <Link to={page === 2 ? `/sellers/${seller.id}` : `/sellers/${seller.id}?page=${page - 1}`} rel="prev">
              {t("catalog.prev")}
            </Link>
          ) : (
            <span />
          )}
          <span className="muted">{t("catalog.page", { page })}</span>
          {hasNext && page < 99 ? (
            <Link to={`/sellers/${seller.id}?page=${page + 1}`} rel="next">
              {t("catalog.next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
      <ReviewList reviews={reviews.reviews} language={language} page={reviewsPage} hasNext={reviews.hasNext} path={`/sellers/${seller.id}`} />
    </>
  );
}
