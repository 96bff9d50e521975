/** The languages of Auyl Hub, Kazakh first (DESIGN §5). */
export const LANGUAGES = ["kk", "ru", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "kk";

/** Locale namespaces: one JSON file per namespace in locales/<language>/. */
export const NAMESPACES = ["common", "geo", "identity", "storefront", "catalog", "orders", "money", "logistics", "insights", "analytics", "evidence", "api", "offline", "trust", "quality", "disputes"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Options shared by the server and the browser's i18next instances. */
export const i18nOptions = {
  supportedLngs: [...LANGUAGES],
  fallbackLng: DEFAULT_LANGUAGE,
  defaultNS: "common",
  ns: [...NAMESPACES],
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;
