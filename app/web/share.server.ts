import QRCode from "qrcode";
import { getDb } from "../db.server";
import { listingText } from "../domain/catalog/listing-text";
import { getListingPage } from "../domain/catalog/storefront.server";
import type { Language } from "../i18n/config";
import { localized } from "../i18n/localized";
import { formatMoney } from "../i18n/money";
import { translator } from "../i18n/translate.server";
import { publicOrigin } from "./public-url.server";

/**
 * What a seller or coordinator hands on (issue 19 §3–4): the public address
 * of a page, a sentence to go with it, and a QR code of the address drawn on
 * the server as SVG (no script, no request to anyone else). The address is the
 * bare one (decision 0025): whoever opens it reads it in their own language.
 */
export interface Share {
  url: string;
  text: string;
  /** `<svg …>` from the QR library: markup made here from the address alone, never from what people typed. */
  qrSvg: string;
}

/** Error correction M (15 %): a poster survives a crease or a smudge; a 2-module quiet zone. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

export async function shareOf(request: Request, path: string, text: string): Promise<Share> {
  const url = `${publicOrigin(request)}${path}`;
  return { url, text, qrSvg: await qrSvg(url) };
}

/** Pages a buyer can open: a listing on sale or sold out (a draft is a 404, a paused or removed one says so). */
export function isShareable(status: string): boolean {
  return status === "active" || status === "sold_out";
}

/** A listing's share: its title, price in tenge and village, in the seller's language. Null while buyers cannot see it. */
export async function listingShare(request: Request, language: Language, listingId: number): Promise<Share | null> {
  const listing = getListingPage(getDb(), listingId);
  if (!listing || !isShareable(listing.status)) return null;
  const text = translator(language, "storefront")("share.listingText", {
    title: listingText(listing, "title", language).text,
    price: formatMoney(listing.priceTiyn, language),
    village: localized(listing.village, "name", language),
  });
  return shareOf(request, `/listings/${listing.id}`, text);
}

/** A shop's share: its public page. */
export function shopShare(request: Request, language: Language, shop: { id: number; name: string | null; village: { nameKk: string; nameRu: string; nameEn: string } }): Promise<Share> {
  const text = translator(language, "storefront")("share.shopText", { shop: shop.name ?? "", village: localized(shop.village, "name", language) });
  return shareOf(request, `/sellers/${shop.id}`, text);
}
