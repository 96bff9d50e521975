/**
 * The CSV of every table on an analyst's screen (issue 6 §5): UTF-8 with a
 * byte order mark so Excel reads Kazakh and Russian letters, CRLF line ends
 * and RFC 4180 quoting, headers in the reader's language, money as plain
 * numbers in tenge with two decimals, "<5" for suppressed cells, and a guard
 * against spreadsheet formula injection (a text cell starting with = + - @,
 * a tab or a carriage return gets a leading apostrophe).
 *
 * Pure: the report and a translate function in, text out.
 */
import type { AreaReport, ChildRow, FigureCells, ServiceCells } from "./area-types";
import { tengeCsvText } from "../../i18n/money";
import { CARRIER_FIGURES, LOGISTICS_FIGURES, type LogisticsFormat } from "./logistics";
import { isSuppressed, SUPPRESSED, type Cell } from "./suppression";

export const BOM = "\uFEFF";
export const CSV_TABLES = ["summary", "months", "children", "villages", "categories", "carriers"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** A value of a CSV cell: numbers stay numbers (written plainly), null is an empty cell. */
export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, guarded and quoted as RFC 4180 asks. */
export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    return String(value);
  }
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A whole file: BOM, header, rows, every line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return `${BOM}${lines.map((line) => `${line}\r\n`).join("")}`;
}

/** A 0–1 share → percent with one decimal ("12.5"), as a number. */
export function percentNumber(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** A file name a browser keeps as it is: ASCII letters, digits and dashes. */
export function asciiFilename(parts: readonly string[]): string {
  const name = parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, ""))
    .filter(Boolean)
    .join("-");
  return `${name || "insights"}.csv`;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;
type Localize = (names: { nameKk: string; nameRu: string; nameEn: string }) => string;

const money = (value: Cell<number>): CsvValue => (isSuppressed(value) ? SUPPRESSED : tengeCsvText(value));
const count = (value: Cell<number>): CsvValue => (isSuppressed(value) ? SUPPRESSED : value);
const share = (value: Cell<number | null>): CsvValue => (isSuppressed(value) ? SUPPRESSED : value === null ? null : percentNumber(value));
/** A logistics cell as its format asks (docs/metrics.md "Logistics"): money in tenge, shares in percent. */
const logistic = (value: Cell<number | null>, format: LogisticsFormat): CsvValue =>
  isSuppressed(value) ? SUPPRESSED : value === null ? null : format === "money" ? tengeCsvText(value) : format === "share" ? percentNumber(value) : value;

/** The rows of one table of a report, with headers in the reader's language (analytics namespace). */
export function reportTable(report: AreaReport, table: CsvTable, t: Translate, name: Localize): { header: string[]; rows: CsvValue[][] } {
  const figureColumns = (prefix = ""): string[] => [
    `${prefix}${t("column.gmv")}`,
    `${prefix}${t("column.orders")}`,
    `${prefix}${t("column.refunded")}`,
    `${prefix}${t("column.ordersRefunded")}`,
    `${prefix}${t("column.items")}`,
    `${prefix}${t("column.activeSellers")}`,
    `${prefix}${t("column.activeShops")}`,
    `${prefix}${t("column.householdsShare")}`,
  ];
  const figureValues = (f: FigureCells): CsvValue[] => [
    money(f.gmvTiyn),
    count(f.ordersCompleted),
    money(f.refundedTiyn),
    count(f.ordersRefunded),
    count(f.items),
    count(f.activeSellers),
    count(f.activeShops),
    share(f.householdsShare),
  ];
  switch (table) {
    case "summary": {
      const metrics: [string, (f: FigureCells) => CsvValue][] = [
        [t("column.gmv"), (f) => money(f.gmvTiyn)],
        [t("column.orders"), (f) => count(f.ordersCompleted)],
        [t("column.refunded"), (f) => money(f.refundedTiyn)],
        [t("column.ordersRefunded"), (f) => count(f.ordersRefunded)],
        [t("column.items"), (f) => count(f.items)],
        [t("column.activeSellers"), (f) => count(f.activeSellers)],
        [t("column.activeShops"), (f) => count(f.activeShops)],
        [t("column.householdsShare"), (f) => share(f.householdsShare)],
      ];
      const service: [string, (s: ServiceCells) => CsvValue][] = [
        [t("column.buyers"), (s) => count(s.buyers)],
        [t("column.repeatBuyers"), (s) => share(s.repeatBuyersShare)],
        [t("column.medianPickupDays"), (s) => (isSuppressed(s.medianPickupDays) ? SUPPRESSED : s.medianPickupDays)],
        [t("column.onTimeHandover"), (s) => share(s.onTimeHandoverShare)],
        [t("column.disputeRate"), (s) => share(s.disputeRate)],
      ];
      return {
        header: [t("column.metric"), t("column.current", { first: report.current.first, last: report.current.last }), t("column.previous", { first: report.previous.first, last: report.previous.last })],
        rows: [
          ...metrics.map(([label, get]): CsvValue[] => [label, get(report.totals), get(report.previousTotals)]),
          ...service.map(([label, get]): CsvValue[] => [label, get(report.service), get(report.previousService)]),
          ...LOGISTICS_FIGURES.map(({ key, format }): CsvValue[] => [t(`logisticsFigures.${key}`), logistic(report.logistics.current[key], format), logistic(report.logistics.previous[key], format)]),
        ],
      };
    }
    case "months":
      return { header: [t("column.month"), ...figureColumns()], rows: report.months.map((m) => [m.month, ...figureValues(m)]) };
    case "children":
    case "villages": {
      const rows: ChildRow[] = table === "children" ? report.children : report.villages;
      return {
        header: [
          t("column.rank"),
          t("column.name"),
          t("column.code"),
          t("column.villages"),
          t("column.households"),
          ...figureColumns(),
          t("column.previousGmv"),
          t("column.status"),
          t("column.yearlyGmv"),
          t("column.progressGmv"),
          t("column.progressShops"),
          t("column.progressHouseholds"),
          t("column.ecommerceVillages"),
          t("column.ecommerceDistricts"),
        ],
        rows: rows.map((row, i) => {
          const status = row.status;
          const progress = status ? status.progress : null;
          const statusText =
            row.kind === "village" && status
              ? isSuppressed(status.tier)
                ? SUPPRESSED
                : t(`tier.${status.tier}`)
              : row.kind === "district" && row.districtStatus
                ? t(row.districtStatus.isEcommerceDistrict ? "district.ecommerce" : "district.not")
                : null;
          return [
            i + 1,
            name(row),
            row.slug,
            row.villageCount,
            row.households,
            ...figureValues(row.current),
            money(row.previous.gmvTiyn),
            statusText,
            status ? money(status.yearlyGmvTiyn) : null,
            progress === null ? null : isSuppressed(progress) ? SUPPRESSED : percentNumber(progress.gmv),
            progress === null ? null : isSuppressed(progress) ? SUPPRESSED : percentNumber(progress.activeShops),
            progress === null ? null : isSuppressed(progress) ? SUPPRESSED : progress.householdsShare === null ? null : percentNumber(progress.householdsShare),
            row.kind === "village" ? null : row.ecommerceVillages,
            row.kind === "region" ? row.ecommerceDistricts : null,
          ];
        }),
      };
    }
    case "carriers":
      return {
        header: [t("logisticsFigures.carrier"), ...CARRIER_FIGURES.map(({ key }) => t(`logisticsFigures.${key}`))],
        rows: isSuppressed(report.logistics.current.shipmentsArrived)
          ? [[SUPPRESSED, ...CARRIER_FIGURES.map(() => SUPPRESSED)]]
          : report.logistics.byCarrier.map((row) => [t(`logistics:shipping.carrierKind.${row.carrierKind}`), ...CARRIER_FIGURES.map(({ key, format }) => logistic(row[key], format))]),
      };
    case "categories":
      return {
        header: [t("column.category"), t("column.gmv"), t("column.orders"), t("column.items")],
        rows: report.categoriesSuppressed ? [[SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED]] : report.topCategories.map((c) => [name(c), money(c.gmvTiyn), count(c.ordersCompleted), count(c.items)]),
      };
  }
}
