import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, type Language } from "~/i18n/config";

/**
 * The choices above a poster or a card (issue 19 §4): the language it is
 * printed in (the screen stays in the person's own) and any other field, as a
 * plain GET form, then how to print. Not printed itself.
 */
export function PrintChoices({ language, children }: { language: Language; children?: ReactNode }) {
  const { t } = useTranslation("storefront");
  return (
    <>
      <form method="get" className="form print-choices">
        <div className="field">
          <label htmlFor="print-language">{t("poster.language")}</label>
          <select id="print-language" name="language" defaultValue={language}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`common:language.${l}`)}
              </option>
            ))}
          </select>
        </div>
        {children}
        <div className="actions">
          <button type="submit" className="button secondary">
            {t("poster.show")}
          </button>
        </div>
      </form>
      <p className="muted small">{t("poster.printHint")}</p>
    </>
  );
}
