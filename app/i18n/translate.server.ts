import { createInstance, type TFunction } from "i18next";
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
