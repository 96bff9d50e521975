import { useTranslation } from "react-i18next";

/** One figure of a period against the previous one, formatted by the loader. */
export interface ComparisonRow {
  /** The metric's key: its name is `insights:metric.<key>`. */
  key: string;
  current: string;
  previous: string;
  change: string;
}

/** The table "this period and the one before" of the sales pages: a figure a row, the previous period named in its column. */
export function PeriodComparison({ rows, previousRange }: { rows: readonly ComparisonRow[]; previousRange: string }) {
  const { t } = useTranslation("insights");
  return (
    <div className="scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("summary.metric")}</th>
            <th scope="col" className="number">
              {t("summary.current")}
            </th>
            <th scope="col" className="number">
              {t("summary.previous")}
              <br />
              <span className="muted">{previousRange}</span>
            </th>
            <th scope="col" className="number">
              {t("summary.change")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{t(`metric.${row.key}`)}</th>
              <td className="number">{row.current}</td>
              <td className="number">{row.previous}</td>
              <td className="number">{row.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
