import type { MetaDescriptor } from "@remix-run/react";
import { LANGUAGES, type Language } from "../i18n/config";
import { addressIn, languageInAddress, searchWithoutLanguage } from "../i18n/addressed";

/**
 * What a buyer page says about itself to messengers and search engines, made
 * by its loader in the reader's language (every text in it translated there).
 */
export interface PageHead {
  description: string;
  /** A path on this site (`/photos/…`), made absolute here; else the site's own picture. */
  image?: { path: string; width: number; height: number; type: string; alt: string };
  /** Open Graph type: `website` unless the page is one thing (a listing is a `product`). */
  type?: "website" | "product" | "profile";
  /** Pages a search engine should not keep (a removed listing). */
  noindex?: boolean;
  /** schema.org data, written as `<script type="application/ld+json">` (data, never run). */
  structuredData?: object[];
}

/** What the root loader gives every page's meta. */
export interface HeadContext {
  origin: string;
  language: Language;
}

/** The site's own picture for pages without a photo: 1200×630, what messengers show largest. */
export const SITE_IMAGE = { path: "/share.png", width: 1200, height: 630, type: "image/png" } as const;

const OG_LOCALES: Record<Language, string> = { kk: "kk_KZ", ru: "ru_RU", en: "en_US" };

/** The root route's data among a page's matches (its loader always answers). */
export function headContext(matches: readonly { id: string; data?: unknown }[]): HeadContext | undefined {
  const root = matches.find((match) => match.id === "root")?.data as Partial<HeadContext> | undefined;
  return root?.origin && root.language ? { origin: root.origin, language: root.language } : undefined;
}

/**
 * The head of a page: title, description, canonical URL, one alternate per
 * language plus x-default (decision 0025), Open Graph and Twitter card tags.
 */
export function pageMeta(
  title: string,
  head: PageHead | undefined,
  args: { matches: readonly { id: string; data?: unknown }[]; location: { pathname: string; search: string } },
): MetaDescriptor[] {
  const fullTitle = `${title} · Auyl Hub`;
  const context = headContext(args.matches);
  if (!head || !context) return [{ title: fullTitle }];
  const { origin, language } = context;
  const { pathname, search } = args.location;
  const bare = `${origin}${pathname}${searchWithoutLanguage(search)}`;
  const canonical = languageInAddress(new URLSearchParams(search)) ? `${origin}${addressIn(pathname, search, language)}` : bare;
  const image = head.image ?? { ...SITE_IMAGE, alt: title };
  const imageUrl = `${origin}${image.path}`;
  const tags: MetaDescriptor[] = [
    { title: fullTitle },
    { name: "description", content: head.description },
    { tagName: "link", rel: "canonical", href: canonical },
    ...LANGUAGES.map((l) => ({ tagName: "link", rel: "alternate", hrefLang: l, href: `${origin}${addressIn(pathname, search, l)}` })),
    { tagName: "link", rel: "alternate", hrefLang: "x-default", href: bare },
    { property: "og:site_name", content: "Auyl Hub" },
    { property: "og:type", content: head.type ?? "website" },
    { property: "og:title", content: title },
    { property: "og:description", content: head.description },
    { property: "og:url", content: canonical },
    { property: "og:locale", content: OG_LOCALES[language] },
    ...LANGUAGES.filter((l) => l !== language).map((l) => ({ property: "og:locale:alternate", content: OG_LOCALES[l] })),
    { property: "og:image", content: imageUrl },
    { property: "og:image:type", content: image.type },
    { property: "og:image:width", content: String(image.width) },
    { property: "og:image:height", content: String(image.height) },
    { property: "og:image:alt", content: image.alt },
    { name: "twitter:card", content: "summary_large_image" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: head.description },
    { name: "twitter:image", content: imageUrl },
  ];
  if (head.noindex) tags.push({ name: "robots", content: "noindex" });
  for (const data of head.structuredData ?? []) tags.push({ "script:ld+json": data });
  return tags;
}

/** A description cut to what result pages and previews show (about 160 characters), at a word. */
export function shortDescription(text: string, limit = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, "")}…`;
}
