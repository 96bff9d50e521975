import { isLanguage, type Language } from "./config";

/**
 * How a language version of a page is addressed (decision 0025): the page's
 * own path with `?lang=kk|ru|en`. The parameter chooses the language of that
 * one response and sets no cookie, so a person's switcher choice stays theirs;
 * the bare path is the `x-default` version, in the language the reader's
 * cookie or browser asks for.
 */
export const LANGUAGE_PARAM = "lang";

export function languageInAddress(params: URLSearchParams): Language | undefined {
  const value = params.get(LANGUAGE_PARAM);
  return isLanguage(value) ? value : undefined;
}

/** `search` ("?a=1&lang=ru") without the language parameter, "" or "?a=1". */
export function searchWithoutLanguage(search: string): string {
  const params = new URLSearchParams(search);
  params.delete(LANGUAGE_PARAM);
  const rest = params.toString();
  return rest ? `?${rest}` : "";
}

/** The address of `path` (with its own query, if any) in `language`. */
export function addressIn(path: string, search: string, language: Language): string {
  const rest = searchWithoutLanguage(search);
  return `${path}${rest ? `${rest}&` : "?"}${LANGUAGE_PARAM}=${language}`;
}
