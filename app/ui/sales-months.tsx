/**
 * Monthly sales as two server-drawn charts (GMV, completed orders) with the
 * exact numbers in a table beside them (below them on a phone). Every figure
 * arrives formatted from the loader: months are worded on the server; the
 * headings are the `insights` namespace's.
 */
import { useTranslation } from "react-i18next";
import type { Measures } from "../domain/insights/outcome";
import type { Language } from "../i18n/config";
import { formatNumber } from "../i18n/format";
import { formatMonth } from "../i18n/months";
import { BarChart } from "./bar-chart";
import { formatMoney } from "../i18n/money";

export interface SalesMonth {
  month: string;
  label: string;
  shortLabel: string;
  gmvTiyn: number;
  gmv: string;
  /** The GMV rounded for a chart label ("12k ₸" would be wrong in kk/ru; whole tenge in the reader's format). */
  gmvShort: string;
  ordersCompleted: number;
  orders: string;
  refunded: string;
  items: string;
  activeSellers?: string;
}

/** `range` names the period in the charts' titles; `withSellers` adds the active sellers column. */
export function SalesMonths({ id, months, range, withSellers = false }: { id: string; months: readonly SalesMonth[]; range: string; withSellers?: boolean }) {
  const { t } = useTranslation("insights");
  const text = {
    gmvChart: t("chart.gmv", { range }),
    ordersChart: t("chart.orders", { range }),
    month: t("table.month"),
    gmv: t("table.gmv"),
    orders: t("table.orders"),
    refunded: t("table.refunded"),
    items: t("table.items"),
    activeSellers: t("table.activeSellers"),
  };
  return (
    <div className="chart-with-table">
      <div>
        <BarChart id={`${id}-gmv`} title={text.gmvChart} bars={months.map((m) => ({ label: m.shortLabel, value: m.gmvTiyn, valueLabel: m.gmvShort }))} />
        <BarChart id={`${id}-orders`} title={text.ordersChart} bars={months.map((m) => ({ label: m.shortLabel, value: m.ordersCompleted, valueLabel: m.orders }))} />
      </div>
      <div className="scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{text.month}</th>
              <th scope="col" className="number">
                {text.gmv}
              </th>
              <th scope="col" className="number">
                {text.orders}
              </th>
              <th scope="col" className="number">
                {text.refunded}
              </th>
              <th scope="col" className="number">
                {text.items}
              </th>
              {withSellers ? (
                <th scope="col" className="number">
                  {text.activeSellers}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.label}</th>
                <td className="number">{m.gmv}</td>
                <td className="number">{m.orders}</td>
                <td className="number">{m.refunded}</td>
                <td className="number">{m.items}</td>
                {withSellers ? <td className="number">{m.activeSellers}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The loader's side: figures → formatted rows in the reader's language. */
export function toSalesMonths(
  months: readonly (Pick<Measures, "gmvTiyn" | "ordersCompleted" | "refundedTiyn" | "items"> & { month: string; activeSellers?: number })[],
  language: Language,
): SalesMonth[] {
  return months.map((m) => ({
    month: m.month,
    label: formatMonth(m.month, language, "long"),
    shortLabel: formatMonth(m.month, language, "short"),
    gmvTiyn: m.gmvTiyn,
    gmv: formatMoney(m.gmvTiyn, language),
    gmvShort: formatNumber(Math.round(m.gmvTiyn / 100), language),
    ordersCompleted: m.ordersCompleted,
    orders: formatNumber(m.ordersCompleted, language),
    refunded: formatMoney(m.refundedTiyn, language),
    items: formatNumber(m.items, language),
    activeSellers: m.activeSellers === undefined ? undefined : formatNumber(m.activeSellers, language),
  }));
}

const numberLocale = (language: Language) => (language === "kk" ? "kk-KZ" : language === "ru" ? "ru-KZ" : "en-KZ");

/** "+12 %", "−5 %", or null when there is nothing to compare with (the page says "new" or "—"). */
export function percentChange(current: number, previous: number, language: Language): string | null {
  if (previous === 0) return null;
  return new Intl.NumberFormat(numberLocale(language), {
    style: "percent",
    maximumFractionDigits: 0,
    signDisplay: "exceptZero",
  }).format((current - previous) / previous);
}

/** A share (0..1) as "23,5 %" in the reader's format. */
export function formatShare(share: number, language: Language): string {
  return new Intl.NumberFormat(numberLocale(language), { style: "percent", maximumFractionDigits: 1 }).format(share);
}

/** The change of a share in percentage points ("+3,5", "−12"), or null when either share is unknown. */
export function pointsChange(current: number | null, previous: number | null, language: Language): string | null {
  if (current === null || previous === null) return null;
  const points = Math.round((current - previous) * 1000) / 10;
  return new Intl.NumberFormat(numberLocale(language), { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(points);
}

/** A number with one decimal at most, as "2,5" in the reader's format. */
export function formatDecimal(value: number, language: Language): string {
  return new Intl.NumberFormat(numberLocale(language), { maximumFractionDigits: 1 }).format(value);
}
