import { useTranslation } from "react-i18next";

/**
 * The framework's floor: the shell and one word, no database. `npm run bench`
 * measures the real pages beside it.
 */
export default function Hello() {
  const { t } = useTranslation();
  return <h1>{t("hello")}</h1>;
}
