import { isLanguage, type Language } from "../i18n/config";

/** The language a poster or card is printed in: `?language=` when it names one, else the reader's. */
export function printLanguage(request: Request, reader: Language): Language {
  const chosen = new URL(request.url).searchParams.get("language");
  return isLanguage(chosen) ? chosen : reader;
}
