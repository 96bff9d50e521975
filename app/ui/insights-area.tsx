/**
 * One analyst's view of an area (country, region, district or village): the
 * e-commerce village test, the period against the one before, monthly charts
 * with their table, the ranked rows with drill-down links, top categories and
 * the metric help. Server-rendered, no client JavaScript; every table has its
 * CSV link. Suppressed cells arrive as "<5" and are shown as such.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AreaReport, ChildRow, FigureCells, ServiceCells } from "~/domain/insights/area-types";
import type { CsvTable } from "~/domain/insights/csv";
import { isSuppressed, SUPPRESSED, type Cell } from "~/domain/insights/suppression";
import type { Language } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import { localized } from "~/i18n/localized";
import { formatMonth } from "~/i18n/months";
import { BarChart } from "./bar-chart";
import { Breadcrumbs } from "./breadcrumbs";
import { PeriodForm } from "./period-form";
import { percentChange } from "./sales-months";
import { formatMoney } from "~/i18n/money";
import { LogisticsSection } from "./insights-logistics";
import { PeriodHead } from "./period-head";

export interface AreaViewData {
  report: AreaReport;
  language: Language;
  title: string;
  /** The area part of the CSV link's query ("region=kz-19&district=talgar"). */
  csvQuery: string;
}

const LOCALE: Record<Language, string> = { kk: "kk-KZ", ru: "ru-KZ", en: "en-KZ" };

function percent(share: number, language: Language): string {
  return new Intl.NumberFormat(LOCALE[language], { style: "percent", maximumFractionDigits: 1 }).format(share);
}

/** Formatters of cells in the reader's language ("<5" passes through). */
function formatters(language: Language) {
  const show = <T,>(value: Cell<T>, format: (v: T) => string): string => (isSuppressed(value) ? SUPPRESSED : format(value));
  return {
    money: (v: Cell<number>) => show(v, (n) => formatMoney(n, language)),
    count: (v: Cell<number>) => show(v, (n) => formatNumber(n, language)),
    share: (v: Cell<number | null>) => show(v, (n) => (n === null ? "—" : percent(n, language))),
    percent: (n: number) => percent(n, language),
  };
}

export function CsvLink({ query, table, length }: { query: string; table: CsvTable; length: number }) {
  const { t } = useTranslation("analytics");
  const href = `/insights/export.csv?${query ? `${query}&` : ""}table=${table}&months=${length}`;
  return (
    <p>
      <a href={href} download>
        {t("csv.download")}
      </a>
    </p>
  );
}

export function AreaView({ data }: { data: AreaViewData }) {
  const { report, language, title, csvQuery } = data;
  const { t } = useTranslation("analytics");
  const f = formatters(language);
  const range = (p: { first: string; last: string }) => t("insights:period.range", { first: formatMonth(p.first, language), last: formatMonth(p.last, language) });
  const { area } = report;
  const crumbs = [{ to: "/insights", label: t("crumbs.country") }];
  if (area.region && area.kind !== "region") crumbs.push({ to: `/insights/regions/${area.region.isoCode.toLowerCase()}`, label: localized(area.region, "name", language) });
  if (area.district && area.kind === "village") crumbs.push({ to: `/insights/regions/${area.region!.isoCode.toLowerCase()}/${area.district.slug}`, label: localized(area.district, "name", language) });
  if (area.kind !== "country") crumbs.push({ to: "#", label: localized(area, "name", language) });

  const noShops = report.totals.ordersCompleted === 0 && report.totals.ordersRefunded === 0;
  return (
    <>
      {area.kind !== "country" ? <Breadcrumbs trail={crumbs} /> : null}
      <h1>{title}</h1>
      <p className="muted">{t(`intro.${area.kind}`)}</p>
      <p className="muted"><Link to="/insights/tokens">{t("api:tokens.title")}</Link> · <code>/api/v1</code></p>
      <PeriodForm length={report.length} range={range(report.current)} />
      {area.villageCount === 0 ? <p className="notice">{t("noVillages")}</p> : null}

      <StatusPanel report={report} language={language} yearRange={range(report.year)} />

      <section aria-labelledby="summary">
        <h2 id="summary">{t("summary.title")}</h2>
        <SummaryTable report={report} language={language} previousRange={range(report.previous)} />
        <CsvLink query={csvQuery} table="summary" length={report.length} />
      </section>

      <LogisticsSection
        logistics={report.logistics}
        language={language}
        previousRange={range(report.previous)}
        csv={<CsvLink query={csvQuery} table="carriers" length={report.length} />}
      />

      <section aria-labelledby="months-title">
        <h2 id="months-title">{t("tables.months")}</h2>
        {noShops ? <p className="muted">{t("noSales")}</p> : null}
        <div className="chart-with-table">
          <div>
            <BarChart
              id="area-gmv"
              title={t("chart.gmv", { range: range(report.current) })}
              bars={report.months.map((m) => ({
                label: formatMonth(m.month, language, "short"),
                value: isSuppressed(m.gmvTiyn) ? 0 : m.gmvTiyn,
                valueLabel: isSuppressed(m.gmvTiyn) ? SUPPRESSED : formatNumber(Math.round(m.gmvTiyn / 100), language),
              }))}
            />
            <BarChart
              id="area-orders"
              title={t("chart.orders", { range: range(report.current) })}
              bars={report.months.map((m) => ({
                label: formatMonth(m.month, language, "short"),
                value: isSuppressed(m.ordersCompleted) ? 0 : m.ordersCompleted,
                valueLabel: f.count(m.ordersCompleted),
              }))}
            />
          </div>
          <div className="scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("column.month")}</th>
                  <th scope="col" className="number">{t("column.gmv")}</th>
                  <th scope="col" className="number">{t("column.orders")}</th>
                  <th scope="col" className="number">{t("column.refunded")}</th>
                  <th scope="col" className="number">{t("column.items")}</th>
                  <th scope="col" className="number">{t("column.activeSellers")}</th>
                  <th scope="col" className="number">{t("column.activeShops")}</th>
                  <th scope="col" className="number">{t("column.householdsShare")}</th>
                </tr>
              </thead>
              <tbody>
                {report.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{formatMonth(m.month, language)}</th>
                    <td className="number">{f.money(m.gmvTiyn)}</td>
                    <td className="number">{f.count(m.ordersCompleted)}</td>
                    <td className="number">{f.money(m.refundedTiyn)}</td>
                    <td className="number">{f.count(m.items)}</td>
                    <td className="number">{f.count(m.activeSellers)}</td>
                    <td className="number">{f.count(m.activeShops)}</td>
                    <td className="number">{f.share(m.householdsShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <CsvLink query={csvQuery} table="months" length={report.length} />
      </section>

      {report.children.length > 0 ? (
        <section aria-labelledby="children-title">
          <h2 id="children-title">{t(`tables.${report.children[0]!.kind}`)}</h2>
          <ChildTable rows={report.children} language={language} />
          <CsvLink query={csvQuery} table="children" length={report.length} />
        </section>
      ) : null}

      {report.villages.length > 0 ? (
        <section aria-labelledby="villages-title">
          <h2 id="villages-title">{t("tables.villagesOfRegion")}</h2>
          <ChildTable rows={report.villages} language={language} />
          <CsvLink query={csvQuery} table="villages" length={report.length} />
        </section>
      ) : null}

      <section aria-labelledby="categories-title">
        <h2 id="categories-title">{t("tables.categories")}</h2>
        {report.categoriesSuppressed ? (
          <p className="muted">{t("categoriesSuppressed")}</p>
        ) : report.topCategories.length === 0 ? (
          <p className="muted">{t("noSales")}</p>
        ) : (
          <>
            <div className="scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("column.category")}</th>
                    <th scope="col" className="number">{t("column.gmv")}</th>
                    <th scope="col" className="number">{t("column.orders")}</th>
                    <th scope="col" className="number">{t("column.items")}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.topCategories.map((c) => (
                    <tr key={c.categoryId}>
                      <th scope="row">{localized(c, "name", language)}</th>
                      <td className="number">{f.money(c.gmvTiyn)}</td>
                      <td className="number">{f.count(c.ordersCompleted)}</td>
                      <td className="number">{f.count(c.items)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CsvLink query={csvQuery} table="categories" length={report.length} />
          </>
        )}
      </section>

      <p className="muted">{t("suppressedNote")}</p>
      <AnalyticsHelp />
    </>
  );
}

function StatusPanel({ report, language, yearRange }: { report: AreaReport; language: Language; yearRange: string }) {
  const { t } = useTranslation("analytics");
  const f = formatters(language);
  const th = report.thresholds;
  const yearlyGmvTiyn = th.gmvYuan * th.tiynPerYuan;
  const status = report.villageStatus;
  return (
    <section className="panel" aria-labelledby="status-title">
      <h2 id="status-title">{t("status.title")}</h2>
      <p>{t("status.year", { range: yearRange })}</p>
      {status ? (
        isSuppressed(status.tier) || isSuppressed(status.progress) ? (
          <p>{t("status.suppressed")}</p>
        ) : (
          <>
            <p>
              <strong className="badge">{t(`tier.${status.tier}`)}</strong>
            </p>
            <ul className="list">
              <li>
                {t("status.gmv", { value: f.money(status.yearlyGmvTiyn), threshold: formatMoney(yearlyGmvTiyn, language), percent: f.percent(status.progress.gmv) })}
              </li>
              <li>
                {t("status.shops", {
                  value: f.count(report.totals.activeShops),
                  threshold: formatNumber(th.activeShops, language),
                  percent: f.percent(status.progress.activeShops),
                })}
              </li>
              <li>
                {status.progress.householdsShare === null
                  ? t("status.noHouseholds")
                  : t("status.households", {
                      value: f.percent(status.progress.householdsShare * (th.householdsShareBp / 10_000)),
                      threshold: f.percent(th.householdsShareBp / 10_000),
                      percent: f.percent(status.progress.householdsShare),
                    })}
              </li>
            </ul>
          </>
        )
      ) : (
        <p>
          {t("status.counts", {
            villages: formatNumber(report.ecommerceVillages, language),
            emerging: formatNumber(report.emergingVillages, language),
            districts: formatNumber(report.ecommerceDistricts, language),
          })}
        </p>
      )}
      {report.districtStatus ? (
        <p>
          <strong className="badge">{t(report.districtStatus.isEcommerceDistrict ? "district.ecommerce" : "district.not")}</strong>{" "}
          {t("status.district", {
            have: formatNumber(report.districtStatus.ecommerceVillages, language),
            needed: formatNumber(th.districtVillages, language),
            status: t(report.districtStatus.isEcommerceDistrict ? "district.ecommerce" : "district.not"),
          })}
        </p>
      ) : null}
      <p className="muted">
        {t("status.thresholds", {
          gmv: formatMoney(yearlyGmvTiyn, language),
          yuan: formatNumber(th.gmvYuan, language),
          rate: formatMoney(th.tiynPerYuan, language),
          shops: formatNumber(th.activeShops, language),
          share: f.percent(th.householdsShareBp / 10_000),
          villages: formatNumber(th.districtVillages, language),
          emerging: f.percent(th.emergingShareBp / 10_000),
        })}
      </p>
    </section>
  );
}

function SummaryTable({ report, language, previousRange }: { report: AreaReport; language: Language; previousRange: string }) {
  const { t } = useTranslation("analytics");
  const f = formatters(language);
  const figureRows: { key: string; label: string; format: (c: FigureCells) => string; value: (c: FigureCells) => Cell<number | null> }[] = [
    { key: "gmv", label: t("column.gmv"), format: (c) => f.money(c.gmvTiyn), value: (c) => c.gmvTiyn },
    { key: "orders", label: t("column.orders"), format: (c) => f.count(c.ordersCompleted), value: (c) => c.ordersCompleted },
    { key: "refunded", label: t("column.refunded"), format: (c) => f.money(c.refundedTiyn), value: (c) => c.refundedTiyn },
    { key: "ordersRefunded", label: t("column.ordersRefunded"), format: (c) => f.count(c.ordersRefunded), value: (c) => c.ordersRefunded },
    { key: "items", label: t("column.items"), format: (c) => f.count(c.items), value: (c) => c.items },
    { key: "activeSellers", label: t("column.activeSellers"), format: (c) => f.count(c.activeSellers), value: (c) => c.activeSellers },
    { key: "activeShops", label: t("column.activeShops"), format: (c) => f.count(c.activeShops), value: (c) => c.activeShops },
    { key: "householdsShare", label: t("column.householdsShare"), format: (c) => f.share(c.householdsShare), value: (c) => c.householdsShare },
  ];
  const days = (v: Cell<number | null>) => (isSuppressed(v) ? SUPPRESSED : v === null ? "—" : new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 1 }).format(v));
  const serviceRows: { key: string; label: string; format: (c: ServiceCells) => string; value: (c: ServiceCells) => Cell<number | null> }[] = [
    { key: "buyers", label: t("column.buyers"), format: (c) => f.count(c.buyers), value: (c) => c.buyers },
    { key: "repeatBuyers", label: t("column.repeatBuyers"), format: (c) => f.share(c.repeatBuyersShare), value: (c) => c.repeatBuyersShare },
    { key: "medianPickupDays", label: t("column.medianPickupDays"), format: (c) => days(c.medianPickupDays), value: (c) => c.medianPickupDays },
    { key: "onTimeHandover", label: t("column.onTimeHandover"), format: (c) => f.share(c.onTimeHandoverShare), value: (c) => c.onTimeHandoverShare },
    { key: "disputeRate", label: t("column.disputeRate"), format: (c) => f.share(c.disputeRate), value: (c) => c.disputeRate },
  ];
  const rows = [
    ...figureRows.map((r) => ({ key: r.key, label: r.label, now: r.format(report.totals), before: r.format(report.previousTotals), nowValue: r.value(report.totals), beforeValue: r.value(report.previousTotals) })),
    ...serviceRows.map((r) => ({ key: r.key, label: r.label, now: r.format(report.service), before: r.format(report.previousService), nowValue: r.value(report.service), beforeValue: r.value(report.previousService) })),
  ];
  const change = (now: Cell<number | null>, before: Cell<number | null>) => {
    if (isSuppressed(now) || isSuppressed(before) || now === null || before === null) return "—";
    return percentChange(now, before, language) ?? (now > 0 ? t("summary.new") : "—");
  };
  return (
    <div className="scroll">
      <table className="table">
        <PeriodHead previousRange={previousRange} change />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="number">{row.now}</td>
              <td className="number">{row.before}</td>
              <td className="number">{change(row.nowValue, row.beforeValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function childHref(row: ChildRow): string {
  if (row.kind === "region") return `/insights/regions/${row.slug}`;
  if (row.kind === "district") return `/insights/regions/${row.regionSlug}/${row.slug}`;
  return `/insights/villages/${row.slug}`;
}

function ChildTable({ rows, language }: { rows: ChildRow[]; language: Language }) {
  const { t } = useTranslation("analytics");
  const f = formatters(language);
  const statusText = (row: ChildRow) => {
    if (row.kind === "village" && row.status) return isSuppressed(row.status.tier) ? SUPPRESSED : t(`tier.${row.status.tier}`);
    if (row.kind === "district" && row.districtStatus) return `${t(row.districtStatus.isEcommerceDistrict ? "district.ecommerce" : "district.not")} (${formatNumber(row.ecommerceVillages, language)})`;
    return `${formatNumber(row.ecommerceVillages, language)} / ${formatNumber(row.ecommerceDistricts, language)}`;
  };
  const progressText = (row: ChildRow) => {
    const p = row.status?.progress;
    if (!p) return "";
    if (isSuppressed(p)) return SUPPRESSED;
    return [p.gmv, p.activeShops, p.householdsShare].map((v) => (v === null ? "—" : f.percent(v))).join(" / ");
  };
  const change = (row: ChildRow) => {
    const now = row.current.gmvTiyn;
    const before = row.previous.gmvTiyn;
    if (isSuppressed(now) || isSuppressed(before)) return SUPPRESSED;
    return percentChange(now, before, language) ?? (now > 0 ? t("summary.new") : "—");
  };
  const villages = rows[0]?.kind === "village";
  return (
    <div className="scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("tables.rank")}</th>
            <th scope="col">{t("column.name")}</th>
            <th scope="col" className="number">{t("column.gmv")}</th>
            <th scope="col" className="number">{t("tables.change")}</th>
            <th scope="col" className="number">{t("column.orders")}</th>
            <th scope="col" className="number">{t("column.activeSellers")}</th>
            <th scope="col" className="number">{t("column.activeShops")}</th>
            <th scope="col" className="number">{t("column.householdsShare")}</th>
            <th scope="col">{villages ? t("tables.status") : rows[0]?.kind === "district" ? t("tables.status") : `${t("column.ecommerceVillages")} / ${t("column.ecommerceDistricts")}`}</th>
            {villages ? <th scope="col">{t("tables.progress")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={`${row.kind}-${row.id}`}>
              <td>{i + 1}</td>
              <th scope="row">
                {row.villageCount > 0 ? <Link to={childHref(row)}>{localized(row, "name", language)}</Link> : localized(row, "name", language)}
                {row.district ? (
                  <>
                    <br />
                    <span className="muted">{localized(row.district, "name", language)}</span>
                  </>
                ) : null}
              </th>
              <td className="number">{f.money(row.current.gmvTiyn)}</td>
              <td className="number">{change(row)}</td>
              <td className="number">{f.count(row.current.ordersCompleted)}</td>
              <td className="number">{f.count(row.current.activeSellers)}</td>
              <td className="number">{f.count(row.current.activeShops)}</td>
              <td className="number">{f.share(row.current.householdsShare)}</td>
              <td>{statusText(row)}</td>
              {villages ? <td>{progressText(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The definitions of docs/metrics.md, in the reader's language. */
export function AnalyticsHelp() {
  const { t } = useTranslation("analytics");
  return (
    <section className="panel" aria-labelledby="analytics-help">
      <h2 id="analytics-help">{t("help.title")}</h2>
      <p>{t("help.time")}</p>
      <dl className="facts">
        {(
          [
            ["gmv", "column.gmv"],
            ["orders", "column.orders"],
            ["refunded", "column.refunded"],
            ["items", "column.items"],
            ["activeSellers", "column.activeSellers"],
            ["activeShops", "column.activeShops"],
            ["householdsShare", "column.householdsShare"],
            ["repeatBuyers", "column.repeatBuyers"],
            ["medianPickupDays", "column.medianPickupDays"],
            ["onTimeHandover", "column.onTimeHandover"],
            ["disputeRate", "column.disputeRate"],
            ["logistics", "logisticsFigures.title"],
            ["topCategories", "tables.categories"],
            ["status", "status.title"],
          ] as const
        ).map(([key, label]) => (
          <div key={key}>
            <dt>{t(label)}</dt>
            <dd>{t(`help.${key}`)}</dd>
          </div>
        ))}
      </dl>
      <p>{t("help.areas")}</p>
      <p>{t("help.suppression")}</p>
      <p className="muted">{t("help.compare")}</p>
    </section>
  );
}
