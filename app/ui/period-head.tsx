import { useTranslation } from "react-i18next";

/** The head of an analyst's table of figures: this period, the one before (with its months), and the change when asked. */
export function PeriodHead({ previousRange, change = false }: { previousRange: string; change?: boolean }) {
  const { t } = useTranslation("analytics");
  return (
    <thead>
      <tr>
        <th scope="col">{t("summary.metric")}</th>
        <th scope="col" className="number">{t("summary.current")}</th>
        <th scope="col" className="number">
          {t("summary.previous")}
          <br />
          <span className="muted">{previousRange}</span>
        </th>
        {change ? <th scope="col" className="number">{t("summary.change")}</th> : null}
      </tr>
    </thead>
  );
}
