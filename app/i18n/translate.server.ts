import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { i18nOptions, type Language, type Namespace } from "./config";
import { resources } from "./resources.server";

// Initialised synchronously (resources are bundled), so use cases can word an
// SMS inside their transaction, in the recipient's language.
const instance = createInstance();
void instance.init({ ...i18nOptions, resources, lng: i18nOptions.fallbackLng, initImmediate: false });
rememberTranslations(instance);

/** A translate function for one language and namespace, usable without awaiting. */
export function translator(language: Language, namespace: Namespace): TFunction {
  return instance.getFixedT(language, namespace);
}

/** Distinct translations kept per instance; past this the memory starts over. */
const REMEMBERED_TRANSLATIONS = 10_000;

/**
 * Translations are pure (the resources are bundled and never change), and a
 * page asks for the same few hundred again and again: i18next's resolution,
 * plural rules and interpolation cost a tenth of a page's time. Each
 * instance's `t` (which every fixed `t` calls) keeps its string answers, keyed
 * by the key and the options when those are plain values.
 */
function rememberTranslations(i18n: I18n): void {
  const translate = i18n.t.bind(i18n) as (key: unknown, options?: unknown) => unknown;
  const remembered = new Map<string, string>();
  const memoized = (key: unknown, options?: unknown): unknown => {
    const id = translationId(key, options);
    if (id === undefined) return translate(key, options);
    const known = remembered.get(id);
    if (known !== undefined) return known;
    const text = translate(key, options);
    if (typeof text === "string") {
      if (remembered.size >= REMEMBERED_TRANSLATIONS) remembered.clear();
      remembered.set(id, text);
    }
    return text;
  };
  i18n.t = memoized as I18n["t"];
}

/** A key for one translation, or undefined when an option is not a plain value (then it is not remembered). */
function translationId(key: unknown, options: unknown): string | undefined {
  if (typeof key !== "string") return undefined;
  if (options === undefined) return key;
  if (typeof options !== "object" || options === null) return undefined;
  let id = key;
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    // fixedT adds `lngs` (its own language list) to every call; `ns` may be a list too.
    const plain =
      typeof value === "string" ||
      typeof value === "number" ||
      typeof value === "boolean" ||
      ((name === "lngs" || name === "ns") && Array.isArray(value) && value.every((item) => typeof item === "string"));
    if (!plain) return undefined;
    // JSON escapes control characters, so a typed search cannot forge another call's id.
    id += `\u0000${name}=${JSON.stringify(value)}`;
  }
  return id;
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
    rememberTranslations(renderer);
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
