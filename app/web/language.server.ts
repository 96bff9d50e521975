import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { languageInAddress } from "../i18n/addressed";
import { DEFAULT_LANGUAGE, LANGUAGES, i18nOptions, isLanguage, type Language, type Namespace } from "../i18n/config";
import { getSession } from "./auth.server";
import { cookieSecurity } from "./cookies.server";
import { resources } from "../i18n/resources.server";
import { translator } from "../i18n/translate.server";

/**
 * The reader's explicit choice, set by the language switcher (a plain POST
 * form) and the profile. Not sensitive, so it is set on plain http too;
 * over https it is Secure like every cookie.
 */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export function serializeLanguageCookie(request: Request, language: Language): Promise<string> {
  return languageCookie.serialize(language, cookieSecurity(request));
}

/** Reads Accept-Language (the last step of the choice below) and makes fixed translators. */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    order: ["header"],
  },
  i18next: { ...i18nOptions, resources },
});

// Decided once per request: the root loader, the page's loader and the renderer all ask.
const decided = new WeakMap<Request, Language>();

/** Accept-Language headers repeat (a phone sends the same one each time): parsed once per header. */
const fromHeader = new Map<string, Language>();
const FROM_HEADER_LIMIT = 500;

async function headerLanguage(request: Request): Promise<Language> {
  const header = request.headers.get("Accept-Language") ?? "";
  let language = fromHeader.get(header);
  if (!language) {
    const found = await i18nServer.getLocale(request);
    language = isLanguage(found) ? found : DEFAULT_LANGUAGE;
    if (fromHeader.size >= FROM_HEADER_LIMIT) fromHeader.clear();
    fromHeader.set(header, language);
  }
  return language;
}

/**
 * The reader's language for this request, the one place it is decided (pages,
 * `<html lang>`, Content-Language): the page's own address (`?lang=ru`, each
 * language version's crawlable URL, decision 0025; it sets nothing), then the
 * switcher's cookie, then the signed-in person's preferred language, then
 * Accept-Language, then Kazakh.
 */
export async function getLanguage(request: Request): Promise<Language> {
  const known = decided.get(request);
  if (known) return known;
  const language = await decideLanguage(request);
  decided.set(request, language);
  return language;
}

async function decideLanguage(request: Request): Promise<Language> {
  const addressed = languageInAddress(new URL(request.url).searchParams);
  if (addressed) return addressed;
  const cookies = request.headers.get("Cookie");
  const chosen: unknown = cookies?.includes("lng=") ? await languageCookie.parse(cookies) : undefined;
  if (isLanguage(chosen)) return chosen;
  const session = getSession(request);
  if (session) return session.user.preferredLanguage;
  return headerLanguage(request);
}

/** A translate function fixed to the reader's language, for titles and server-made text. */
export async function getT(request: Request, namespace: Namespace = "common") {
  const language = await getLanguage(request);
  return { language, t: translator(language, namespace) };
}
