import { useTranslation } from "react-i18next";

/** Marks demo data so nobody mistakes an example for a real village. */
export function DemoBadge() {
  const { t } = useTranslation();
  return <span className="badge">{t("demo")}</span>;
}
