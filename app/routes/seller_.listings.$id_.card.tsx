import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { listingText } from "~/domain/catalog/listing-text";
import { getListingPage } from "~/domain/catalog/storefront.server";
import { localized } from "~/i18n/localized";
import { formatMoney } from "~/i18n/money";
import { translator } from "~/i18n/translate.server";
import { PrintChoices } from "~/ui/printable";
import { QrCode } from "~/ui/share";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";
import { parseOrNotFound } from "~/web/params";
import { printLanguage } from "~/web/printable.server";
import { isShareable, shareOf } from "~/web/share.server";

const idParam = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);

/**
 * A small card for one product (issue 19 §4): title, price, village and a QR
 * code of the listing, in the language the seller picks, to print and put
 * beside the goods. The seller's own listings only; others' are missing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const listing = getListingPage(getDb(), parseOrNotFound(idParam, params.id));
  if (!listing) throw new Response(null, { status: 404 });
  requireActor(request, "listing.edit", () => ({ type: "listing", sellerUserId: listing.sellerUserId, villageId: listing.village.id }));
  const { language, t } = await getT(request, "storefront");
  const cardLanguage = printLanguage(request, language);
  const tc = translator(cardLanguage, "storefront");
  const title = listingText(listing, "title", cardLanguage);
  const shown = isShareable(listing.status);
  const share = shown ? await shareOf(request, `/listings/${listing.id}`, title.text) : null;
  return {
    title: t("printCard.title", { title: listingText(listing, "title", language).text }),
    listingId: listing.id,
    language: cardLanguage,
    card: share
      ? {
          title: title.text,
          titleLanguage: title.language,
          price: tc("card.pricePer", { price: formatMoney(listing.priceTiyn, cardLanguage), unit: tc(`unit.${listing.unit}`) }),
          village: `${localized(listing.village, "name", cardLanguage)}, ${localized(listing.district, "name", cardLanguage)}`,
          seller: listing.seller.name,
          scan: tc("printCard.scan"),
          url: share.url,
          qrSvg: share.qrSvg,
          qrLabel: tc("share.qrLabel", { url: share.url }),
        }
      : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function ListingCard() {
  const { title, listingId, language, card } = useLoaderData<typeof loader>();
  const { t } = useTranslation("storefront");
  return (
    <>
      <div className="no-print">
        <p>
          <Link to={`/seller/listings/${listingId}`}>← {t("catalog:edit.title")}</Link>
        </p>
        <h1>{title}</h1>
        <p>{t("printCard.intro")}</p>
        {card ? <PrintChoices language={language} /> : <p className="notice">{t("printCard.notShown")}</p>}
      </div>
      {card ? (
        <article className="print-card" lang={language}>
          <p className="poster-brand">Auyl Hub</p>
          <h2 lang={card.titleLanguage === language ? undefined : card.titleLanguage}>{card.title}</h2>
          <p className="print-card-price">{card.price}</p>
          <p>{card.village}</p>
          {card.seller ? <p>{card.seller}</p> : null}
          <QrCode svg={card.qrSvg} label={card.qrLabel} className="qr print-card-qr" />
          <p className="poster-scan">{card.scan}</p>
          <p className="poster-url">{card.url}</p>
        </article>
      ) : null}
    </>
  );
}
