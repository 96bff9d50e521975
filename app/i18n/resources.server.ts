import enCommon from "../../locales/en/common.json";
import enGeo from "../../locales/en/geo.json";
import kkCommon from "../../locales/kk/common.json";
import kkGeo from "../../locales/kk/geo.json";
import ruCommon from "../../locales/ru/common.json";
import ruGeo from "../../locales/ru/geo.json";
import type { Language, Namespace } from "./config";

/** Every translation, bundled into the server build (small; the browser loads only its own). */
export const resources: Record<Language, Record<Namespace, object>> = {
  kk: { common: kkCommon, geo: kkGeo },
  ru: { common: ruCommon, geo: ruGeo },
  en: { common: enCommon, geo: enGeo },
};
