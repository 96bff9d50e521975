import type { ListingPage } from "../domain/catalog/storefront.server";
import { listingText } from "../domain/catalog/listing-text";
import type { Language } from "../i18n/config";
import { localized } from "../i18n/localized";
import { formatMoney, tengeCsvText } from "../i18n/money";
import { translator } from "../i18n/translate.server";
import { photoName } from "../domain/catalog/photo-store.server";
import { SITE_IMAGE, shortDescription, type PageHead } from "./head";
import { publicOrigin } from "./public-url.server";

/**
 * What each buyer page tells messengers and search engines (issue 19), in the
 * reader's language: the loaders call these, `pageMeta` (ui/head) writes the tags.
 */

type Names = { nameKk: string; nameRu: string; nameEn: string };
type Photo = { hash: string; width: number; height: number };

/** The largest stored variant, served by /photos (ui/photo's ResponsivePhoto names the others). */
const photoUrl = (hash: string) => `/photos/${photoName(hash, 1280)}`;

/** The largest stored variant (1280 px wide WebP): large enough for every messenger's preview card. */
function photoImage(photo: Photo, alt: string): NonNullable<PageHead["image"]> {
  return { path: photoUrl(photo.hash), width: photo.width, height: photo.height, type: "image/webp", alt };
}

export function siteHead(language: Language, description: string): PageHead {
  return { description, image: { ...SITE_IMAGE, alt: translator(language, "storefront")("head.siteImageAlt") } };
}

export function catalogHead(language: Language, q: string): PageHead {
  const t = translator(language, "storefront");
  return siteHead(language, q ? t("head.catalogSearch", { q }) : t("head.catalog"));
}

export function regionHead(language: Language, region: Names): PageHead {
  return siteHead(language, translator(language, "storefront")("head.region", { region: localized(region, "name", language) }));
}

export function districtHead(language: Language, district: Names & { region: Names }): PageHead {
  const t = translator(language, "storefront");
  return siteHead(language, t("head.district", { district: localized(district, "name", language), region: localized(district.region, "name", language) }));
}

export function villageHead(
  language: Language,
  village: Names & { specialty: string | null; district: Names; photoHash: string | null; photoWidth: number | null; photoHeight: number | null },
): PageHead {
  const t = translator(language, "storefront");
  const values = { village: localized(village, "name", language), district: localized(village.district, "name", language) };
  const description = village.specialty
    ? t("head.villageMakes", { ...values, specialty: translator(language, "geo")(`specialty.${village.specialty}`).toLocaleLowerCase(language) })
    : t("head.village", values);
  if (!village.photoHash || !village.photoWidth || !village.photoHeight) return siteHead(language, description);
  const photo = { hash: village.photoHash, width: village.photoWidth, height: village.photoHeight };
  return { description, image: photoImage(photo, translator(language, "geo")("village.photoAlt", { village: values.village })) };
}

export function sellerHead(language: Language, seller: { name: string | null; village: Names }): PageHead {
  const t = translator(language, "storefront");
  return siteHead(language, t("head.seller", { seller: seller.name ?? "", village: localized(seller.village, "name", language) }));
}

const AVAILABILITY = "https://schema.org/";

/**
 * A listing's preview (first photo, title, price in tenge, village) and its
 * schema.org Product/Offer and BreadcrumbList. A removed listing asks not to
 * be kept (and answers 410); a sold-out one stays, OutOfStock.
 */
export function listingHead(request: Request, language: Language, listing: Omit<ListingPage, "sellerUserId">): PageHead {
  const t = translator(language, "storefront");
  const origin = publicOrigin(request);
  const title = listingText(listing, "title", language).text;
  const text = listingText(listing, "description", language).text;
  const village = localized(listing.village, "name", language);
  const price = formatMoney(listing.priceTiyn, language);
  const description = shortDescription(t("head.listing", { price, village, district: localized(listing.district, "name", language), text }));
  const [first] = listing.photos;
  const image = first ? photoImage(first, t("listing.photoAlt", { title, number: 1 })) : undefined;
  const url = `${origin}/listings/${listing.id}`;
  const inStock = listing.status === "active" && (listing.madeToOrder || listing.stock > 0);
  const availability = inStock ? (listing.madeToOrder && listing.stock === 0 ? "PreOrder" : "InStock") : listing.status === "removed" ? "Discontinued" : "OutOfStock";
  const product = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: title,
    description: shortDescription(text || title, 500),
    url,
    ...(listing.photos.length > 0 ? { image: listing.photos.map((photo) => `${origin}${photoUrl(photo.hash)}`) } : {}),
    category: localized(listing.category, "name", language),
    offers: {
      "@type": "Offer",
      url,
      price: tengeCsvText(listing.priceTiyn),
      priceCurrency: "KZT",
      availability: `${AVAILABILITY}${availability}`,
      itemCondition: "https://schema.org/NewCondition",
      ...(listing.seller.name ? { seller: { "@type": "Person", name: listing.seller.name, url: `${origin}/sellers/${listing.seller.id}` } } : {}),
    },
  };
  const trail = [
    { name: translator(language, "common")("nav.home"), path: "/" },
    { name: localized(listing.region, "name", language), path: `/regions/${listing.region.isoCode.toLowerCase()}` },
    { name: village, path: `/villages/${listing.village.slug}` },
    { name: title, path: `/listings/${listing.id}` },
  ];
  const breadcrumbs = {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: trail.map((step, i) => ({ "@type": "ListItem", position: i + 1, name: step.name, item: `${origin}${step.path}` })),
  };
  return {
    description,
    type: "product",
    image: image ?? siteHead(language, description).image,
    noindex: listing.status === "removed",
    structuredData: listing.status === "removed" ? [] : [product, breadcrumbs],
  };
}
