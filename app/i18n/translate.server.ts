import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { i18nOptions, type Language, type Namespace } from "./config";
import { resources } from "./resources.server";

// Initialised synchronously (resources are bundled), so use cases can word an
// SMS inside their transaction, in the recipient's language.
const instance = createInstance();
void instance.init({ ...i18nOptions, resources, lng: i18nOptions.fallbackLng, initImmediate: false });

/** A translate function for one language and namespace, usable without awaiting. */
export function translator(language: Language, namespace: Namespace): TFunction {
  return instance.getFixedT(language, namespace);
}

const renderers = new Map<Language, I18n>();

/**
 * The i18next instance pages render with, one per language, made once: a
 * renderer never changes its language, so concurrent requests can share it
 * (a new instance per request cost time and memory on every page).
 */
export function rendererFor(language: Language): I18n {
  let renderer = renderers.get(language);
  if (!renderer) {
    renderer = createInstance();
    void renderer.use(initReactI18next).init({ ...i18nOptions, resources, lng: language, initImmediate: false });
    renderers.set(language, renderer);
  }
  return renderer;
}

const perLanguage = new Map<string, unknown>();

/**
 * What depends only on the language (translated titles, option lists), made
 * once per process and language rather than on every request. `name` keeps
 * different values apart; the value must not be changed by its users.
 */
export function oncePerLanguage<T>(name: string, language: Language, make: () => T): T {
  const key = `${name}:${language}`;
  if (!perLanguage.has(key)) perLanguage.set(key, make());
  return perLanguage.get(key) as T;
}
