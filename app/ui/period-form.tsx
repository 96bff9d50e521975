import { useTranslation } from "react-i18next";
import { PERIOD_MONTHS } from "~/domain/insights/period";

/** The GET form that picks how many months a sales page shows, and the range it covers. */
export function PeriodForm({ length, range }: { length: number; range: string }) {
  const { t } = useTranslation("insights");
  return (
    <>
      <form method="get" className="actions">
        <label htmlFor="months">{t("period.label")}</label>{" "}
        <select id="months" name="months" defaultValue={String(length)}>
          {PERIOD_MONTHS.map((n) => (
            <option key={n} value={n}>
              {t("period.months", { count: n })}
            </option>
          ))}
        </select>{" "}
        <button type="submit" className="button secondary small">
          {t("period.show")}
        </button>
      </form>
      <p>
        <strong>{range}</strong>
      </p>
    </>
  );
}
