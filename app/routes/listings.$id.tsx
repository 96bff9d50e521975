import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { listingText } from "~/domain/catalog/listing-text";
import { parseRemovedReason, reportInput } from "~/domain/catalog/moderation";
import { reportListing } from "~/domain/catalog/reports.server";
import { getListingPage } from "~/domain/catalog/storefront.server";
import { parseOrNotFound } from "~/web/params";
import { can } from "~/domain/identity/can";
import { formatDate } from "~/i18n/format";
import { getLanguage } from "~/web/language.server";
import { listingHead } from "~/web/page-head.server";
import { pageMeta } from "~/web/head";
import { localized } from "~/i18n/localized";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { CsrfInput } from "~/ui/csrf";
import { DemoBadge } from "~/ui/demo-badge";
import { FormMessage } from "~/ui/form";
import { ResponsivePhoto } from "~/ui/photo";
import { z } from "zod";
import { refusalKey } from "~/i18n/refusals";
import { formatMoney } from "~/i18n/money";
import { getReputation } from "~/domain/trust/reputation.server";
import { listReviews } from "~/domain/trust/reviews.server";
import { ReputationFacts, ReviewList } from "~/ui/reputation";
import { ReportFields } from "~/ui/report-fields";

const idParam = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);
const pageParam = z.string().regex(/^[1-9]\d{0,1}$/).transform(Number);

function listingOrNotFound(params: LoaderFunctionArgs["params"]) {
  const listing = getListingPage(getDb(), parseOrNotFound(idParam, params.id));
  if (!listing) throw new Response(null, { status: 404 });
  return listing;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { sellerUserId: _owner, ...listing } = listingOrNotFound(params);
  const language = await getLanguage(request);
  const url = new URL(request.url);
  const reported = url.searchParams.get("reported") === "1";
  const reviewsText = url.searchParams.get("reviews");
  const reviewsPage = reviewsText === null ? 1 : parseOrNotFound(pageParam, reviewsText);
  const db = getDb();
  const page = {
    language,
    listing,
    reported,
    title: listingText(listing, "title", language).text,
    head: listingHead(request, language, listing),
    reputation: getReputation(db, listing.seller.id, new Date()) ?? null,
    reviewsPage,
    ...listReviews(db, { listingId: listing.id }, reviewsPage),
  };
  // Removed for good: a search engine drops a 410 at once; the page still says why to a person who follows an old link.
  return data(page, { status: listing.status === "removed" ? 410 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => pageMeta(data?.title ?? "", data?.head, { matches, location });

/** Anyone may report the listing, signed in or not; the village coordinator sees it. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const listing = listingOrNotFound(params);
  const actor = getActor(request);
  const allowed = can(actor, "listing.report", { type: "listing", sellerUserId: listing.sellerUserId, villageId: listing.village.id });
  if (!allowed.ok) throw new Response(null, { status: 404 });
  const parsed = reportInput.safeParse({ reason: form.get("reason") ?? undefined, note: String(form.get("note") ?? "") });
  const note = String(form.get("note") ?? "").slice(0, 1000);
  if (!parsed.success) {
    return data({ error: refusalKey(parsed.error.issues[0]?.message ?? "storefront.report_reason"), note }, { status: 400 });
  }
  const result = reportListing(
    getDb(),
    { listingId: listing.id, reporterUserId: actor?.userId ?? null, reason: parsed.data.reason, note: parsed.data.note, ip: context.clientIp },
    new Date(),
  );
  if (!result.ok) {
    if (result.reason === "report.listing_not_found") throw new Response(null, { status: 404 });
    return data({ error: refusalKey(result.reason), note }, { status: 429 });
  }
  return redirect(`/listings/${listing.id}?reported=1#report`, 303);
}

export default function ListingPage() {
  const { language, listing, reported, reputation, reviews, reviewsPage, hasNext } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("storefront");
  const title = listingText(listing, "title", language);
  const description = listingText(listing, "description", language);
  const villageName = localized(listing.village, "name", language);
  const regionPath = `/regions/${listing.region.isoCode.toLowerCase()}`;
  const foreign = (text: { language: string }) => (text.language === language ? undefined : text.language);
  const removed = listing.status === "removed" ? parseRemovedReason(listing.removedReason) : null;
  const [first, ...rest] = listing.photos;
  return (
    <article className="listing">
      <Breadcrumbs
        trail={[
          { to: "/", label: t("common:nav.home") },
          { to: regionPath, label: localized(listing.region, "name", language) },
          { to: `/villages/${listing.village.slug}`, label: villageName },
          { to: `/listings/${listing.id}`, label: title.text },
        ]}
      />
      <h1 lang={foreign(title)}>{title.text}</h1>
      {title.isOriginalFallback ? <p className="muted small">{t(`listing.originalNote.${title.language}`)}</p> : null}
      {listing.status !== "active" ? (
        <p className="notice" role="status">
          {t(`listing.status.${listing.status as "paused" | "sold_out" | "removed"}`)}
          {removed?.reason ? ` ${t("listing.removedReason", { reason: t(`reportReason.${removed.reason}`) })}` : null}
        </p>
      ) : null}

      {first ? (
        <figure className="listing-photo">
          <ResponsivePhoto hash={first.hash} width={first.width} height={first.height} alt={t("listing.photoAlt", { title: title.text, number: 1 })} eager />
        </figure>
      ) : null}

      <dl className="facts">
        <div>
          <dt>{t("listing.price")}</dt>
          <dd className="price">{t("card.pricePer", { price: formatMoney(listing.priceTiyn, language), unit: t(`unit.${listing.unit}`) })}</dd>
        </div>
        <div>
          <dt>{t("listing.availability")}</dt>
          <dd>
            {listing.madeToOrder && listing.leadDays
              ? t("listing.leadDays", { count: listing.leadDays })
              : listing.stock > 0
                ? t("listing.stock", { count: listing.stock })
                : t("card.soldOut")}
          </dd>
        </div>
        <div>
          <dt>{t("listing.seller")}</dt>
          <dd>
            {listing.seller.name ? <Link to={`/sellers/${listing.seller.id}`}>{listing.seller.name}</Link> : "—"}
            {listing.seller.verifiedAt ? <span className="badge verified">{t("listing.verified")}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t("listing.village")}</dt>
          <dd>
            <Link to={`/villages/${listing.village.slug}`}>{villageName}</Link>
            {listing.village.isDemo ? <DemoBadge /> : null}
            <span className="muted">
              {" · "}
              {localized(listing.district, "name", language)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("listing.category")}</dt>
          <dd>
            <Link to={`/catalog?category=${listing.category.slug}`}>{localized(listing.category, "name", language)}</Link>
          </dd>
        </div>
        <div>
          <dt>{t("listing.weight")}</dt>
          <dd>{t(`weightClass.${listing.weightClass}`)}</dd>
        </div>
        {listing.publishedAt ? (
          <div>
            <dt>{t("listing.published")}</dt>
            <dd>{formatDate(listing.publishedAt, language)}</dd>
          </div>
        ) : null}
      </dl>

      {listing.status === "active" && (listing.madeToOrder || listing.stock > 0) ? (
        <form method="post" action="/cart" className="actions add-to-cart">
          <CsrfInput />
          <input type="hidden" name="listingId" value={listing.id} />
          <input type="hidden" name="intent" value="add" />
          <label htmlFor="quantity">{t("orders:cart.addQuantity")}</label>
          <input id="quantity" name="quantity" inputMode="numeric" defaultValue="1" maxLength={3} className="qty" />
          <button type="submit" className="button">
            {t("orders:cart.add")}
          </button>
        </form>
      ) : null}

      {description.text ? (
        <section aria-labelledby="description">
          <h2 id="description">{t("listing.description")}</h2>
          {description.isOriginalFallback && !title.isOriginalFallback ? (
            <p className="muted small">{t(`listing.originalNote.${description.language}`)}</p>
          ) : null}
          <p lang={foreign(description)} className="prose">
            {description.text}
          </p>
        </section>
      ) : null}

      {rest.length > 0 ? (
        <section aria-labelledby="photos">
          <h2 id="photos">{t("listing.photos")}</h2>
          {rest.map((photo, i) => (
            <figure key={photo.hash + i} className="listing-photo">
              <ResponsivePhoto hash={photo.hash} width={photo.width} height={photo.height} alt={t("listing.photoAlt", { title: title.text, number: i + 2 })} />
            </figure>
          ))}
        </section>
      ) : null}

      {reputation ? (
        <section aria-labelledby="reputation">
          <h2 id="reputation">{t("trust:reputation.title")}</h2>
          <ReputationFacts reputation={reputation} language={language} />
        </section>
      ) : null}
      {listing.status === "active" ? (
        <p>
          <Link to={`/listings/${listing.id}/ask`}>{t("trust:messages.ask")}</Link>
        </p>
      ) : null}

      <ReviewList reviews={reviews} language={language} page={reviewsPage} hasNext={hasNext} path={`/listings/${listing.id}`} />

      <p>
        <Link to={`/catalog?village=${listing.village.slug}`}>{t("listing.moreFromVillage", { village: villageName })}</Link>
      </p>

      {listing.status !== "removed" ? (
        <details className="report" id="report" open={Boolean(actionData) || reported}>
          <summary>{t("report.open")}</summary>
          {reported ? <FormMessage tone="ok">{t("report.thanks")}</FormMessage> : null}
          {actionData?.error ? <FormMessage>{t(actionData.error)}</FormMessage> : null}
          {!reported ? (
            <form method="post" className="form">
              <CsrfInput />
              <p className="muted small">{t("report.intro")}</p>
              <ReportFields note={actionData?.note} />
            </form>
          ) : null}
        </details>
      ) : null}
    </article>
  );
}
