import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { DEFAULT_LANGUAGE, NAMESPACES, i18nOptions, isLanguage } from "./i18n/config";

// Only pages that opt in (handle.hydrate) load this. They fetch the
// translations of the page's language alone.
const localeFiles = import.meta.glob<{ default: object }>("../locales/*/*.json");

async function hydrate() {
  const lang = document.documentElement.lang;
  const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  const loaded = await Promise.all(
    NAMESPACES.map(async (ns) => {
      const load = localeFiles[`../locales/${language}/${ns}.json`];
      return [ns, load ? (await load()).default : {}] as const;
    }),
  );
  await i18next.use(initReactI18next).init({
    ...i18nOptions,
    lng: language,
    resources: { [language]: Object.fromEntries(loaded) },
  });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
