import { useTranslation } from "react-i18next";
import { LANGUAGES, type Language } from "../i18n/config";
import { CsrfInput, useCsrfToken } from "./csrf";

/**
 * Three submit buttons in a plain POST form: one tap switches, with or
 * without JavaScript. Each language is named in itself.
 */
export function LanguageSwitcher({ current, redirectTo }: { current: Language; redirectTo: string }) {
  const { t } = useTranslation();
  // After a refused POST the page has no token; a switcher then could only fail.
  if (!useCsrfToken()) return null;
  return (
    <form method="post" action="/language" className="languages" aria-label={t("language.label")}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="submit"
          name="lng"
          value={language}
          lang={language}
          aria-current={language === current ? "true" : undefined}
          disabled={language === current}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </form>
  );
}
