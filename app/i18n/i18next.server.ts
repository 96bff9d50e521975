import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LANGUAGE, LANGUAGES, i18nOptions, isLanguage, type Language, type Namespace } from "./config";
import { getSession } from "../auth.server";
import { resources } from "./resources.server";
import { translator } from "./translate.server";

/**
 * The reader's explicit choice, set by the language switcher (a plain POST
 * form). Not sensitive, so it is readable on plain http too.
 */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** Reads Accept-Language (the last step of the choice below) and makes fixed translators. */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    order: ["header"],
  },
  i18next: { ...i18nOptions, resources },
});

/**
 * The reader's language for this request, the one place it is decided (pages,
 * `<html lang>`, Content-Language): the switcher's cookie, then the signed-in
 * person's preferred language, then Accept-Language, then Kazakh.
 */
export async function getLanguage(request: Request): Promise<Language> {
  const chosen: unknown = await languageCookie.parse(request.headers.get("Cookie"));
  if (isLanguage(chosen)) return chosen;
  const session = getSession(request);
  if (session) return session.user.preferredLanguage;
  const language = await i18nServer.getLocale(request);
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/** A translate function fixed to the reader's language, for titles and server-made text. */
export async function getT(request: Request, namespace: Namespace = "common") {
  const language = await getLanguage(request);
  return { language, t: translator(language, namespace) };
}
