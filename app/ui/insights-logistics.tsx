/**
 * The logistics section of an insights dashboard (docs/metrics.md "Logistics"): shipments from
 * the area's hubs by month of arrival, this period against the one before, then the period by
 * carrier kind. The analysts' areas and the coordinator's own village show the same section;
 * suppressed cells arrive as "<5". Server-rendered, no client JavaScript.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CARRIER_FIGURES, LOGISTICS_FIGURES, type LogisticsCells, type LogisticsFormat, type LogisticsReport } from "~/domain/insights/logistics";
import { isSuppressed, SUPPRESSED, type Cell } from "~/domain/insights/suppression";
import type { Language } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import { formatMoney } from "~/i18n/money";
import { PeriodHead } from "./period-head";
import { formatDecimal, formatShare } from "./sales-months";

/** One logistics cell as text in the reader's language: "<5" stays, no denominator is "—". */
export function logisticsText(value: Cell<number | null>, format: LogisticsFormat, language: Language): string {
  if (isSuppressed(value)) return SUPPRESSED;
  if (value === null) return "—";
  switch (format) {
    case "count":
      return formatNumber(value, language);
    case "money":
      return formatMoney(value, language);
    case "share":
      return formatShare(value, language);
    case "decimal":
      return formatDecimal(value, language);
  }
}

export function LogisticsSection({ logistics, language, previousRange, csv }: { logistics: LogisticsReport; language: Language; previousRange: string; csv?: ReactNode }) {
  const { t } = useTranslation("analytics");
  const none = logistics.current.shipmentsArrived === 0 && logistics.previous.shipmentsArrived === 0;
  return (
    <section aria-labelledby="logistics-title">
      <h2 id="logistics-title">{t("logisticsFigures.title")}</h2>
      <p className="muted">{t("logisticsFigures.intro")}</p>
      {none ? (
        <p className="muted">{t("logisticsFigures.none")}</p>
      ) : (
        <>
          <div className="scroll">
            <table className="table">
              <PeriodHead previousRange={previousRange} />
              <tbody>
                {LOGISTICS_FIGURES.map(({ key, format }) => (
                  <tr key={key}>
                    <th scope="row">{t(`logisticsFigures.${key}`)}</th>
                    <td className="number">{logisticsText(logistics.current[key], format, language)}</td>
                    <td className="number">{logisticsText(logistics.previous[key], format, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CarrierTable rows={logistics.byCarrier} hidden={isSuppressed(logistics.current.shipmentsArrived)} language={language} />
          {csv}
        </>
      )}
    </section>
  );
}

function CarrierTable({ rows, hidden, language }: { rows: (LogisticsCells & { carrierKind: string })[]; hidden: boolean; language: Language }) {
  const { t } = useTranslation("analytics");
  if (hidden) return <p className="muted">{t("logisticsFigures.carriersSuppressed")}</p>;
  if (rows.length === 0) return null;
  return (
    <div className="scroll">
      <table className="table">
        <caption>{t("logisticsFigures.byCarrier")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("logisticsFigures.carrier")}</th>
            {CARRIER_FIGURES.map(({ key }) => (
              <th key={key} scope="col" className="number">
                {t(`logisticsFigures.${key}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.carrierKind}>
              <th scope="row">{t(`logistics:shipping.carrierKind.${row.carrierKind}`)}</th>
              {CARRIER_FIGURES.map(({ key, format }) => (
                <td key={key} className="number">
                  {logisticsText(row[key], format, language)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
