import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { getVillageInsights } from "~/domain/insights/insights.server";
import { parsePeriod } from "~/domain/insights/period";
import { formatNumber } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { formatMonth } from "~/i18n/months";
import { formatDecimal, formatShare, percentChange, pointsChange, SalesMonths, toSalesMonths } from "~/ui/sales-months";
import { villageOrNotFound } from "~/web/village.server";
import { PeriodComparison, type ComparisonRow } from "~/ui/period-comparison";
import { PeriodForm } from "~/ui/period-form";
import { formatMoney } from "~/i18n/money";
import { logisticsReport } from "~/domain/insights/logistics";
import { LogisticsSection } from "~/ui/insights-logistics";

/** The village's sales dashboard for its coordinator (issue 6): from the rollups, never the orders table. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const village = villageOrNotFound(params.village);
  requireActor(request, "hub.view", () => ({ type: "village", villageId: village.id }));
  const { language, t } = await getT(request, "insights");
  const length = parsePeriod(new URL(request.url).searchParams.get("months"));
  const insights = getVillageInsights(getDb(), village.id, length, new Date());
  const range = (p: { first: string; last: string }) => t("period.range", { first: formatMonth(p.first, language), last: formatMonth(p.last, language) });
  const money = (tiyn: number) => formatMoney(tiyn, language);
  const count = (n: number) => formatNumber(n, language);
  const compare = (key: "gmv" | "orders" | "refunded" | "items" | "activeSellers" | "activeShops", current: number, previous: number, format: (n: number) => string) => ({
    key,
    current: format(current),
    previous: format(previous),
    change: percentChange(current, previous, language) ?? (current > 0 ? t("summary.new") : "—"),
  });
  const { totals, previousTotals: before, service, previousService: serviceBefore } = insights;
  // Shares: "23 % (5 of 22)", compared in percentage points; a period without a denominator shows "—".
  const shareRow = (key: string, [part, whole]: [number, number], [partBefore, wholeBefore]: [number, number]): ComparisonRow => {
    const text = (p: number, w: number) => (w > 0 ? t("service.shareOf", { share: formatShare(p / w, language), part: count(p), total: count(w) }) : "—");
    const points = pointsChange(whole > 0 ? part / whole : null, wholeBefore > 0 ? partBefore / wholeBefore : null, language);
    return { key, current: text(part, whole), previous: text(partBefore, wholeBefore), change: points !== null ? t("summary.points", { value: points }) : whole > 0 ? t("summary.new") : "—" };
  };
  const days = (value: number | null) => (value === null ? "—" : t("service.days", { count: value, value: formatDecimal(value, language) }));
  const medianNow = service.medianPickupDays;
  const medianBefore = serviceBefore.medianPickupDays;
  return {
    title: t("village.title", { village: localized(village, "name", language) }),
    language,
    slug: village.slug,
    length,
    range: range(insights.current),
    previousRange: range(insights.previous),
    months: toSalesMonths(insights.months, language),
    totals,
    summary: [
      compare("gmv", totals.gmvTiyn, before.gmvTiyn, money),
      compare("orders", totals.ordersCompleted, before.ordersCompleted, count),
      compare("refunded", totals.refundedTiyn, before.refundedTiyn, money),
      compare("items", totals.items, before.items, count),
      compare("activeSellers", totals.activeSellers, before.activeSellers, count),
    ],
    service,
    previousService: serviceBefore,
    serviceSummary: [
      shareRow("repeatBuyers", [service.repeatBuyers, service.buyers], [serviceBefore.repeatBuyers, serviceBefore.buyers]),
      {
        key: "medianPickupDays",
        current: days(medianNow),
        previous: days(medianBefore),
        change: medianNow === null ? "—" : medianBefore === null ? t("summary.new") : (percentChange(medianNow, medianBefore, language) ?? "—"),
      },
      shareRow("onTimeHandovers", [service.handoversOnTime, service.handoversDue], [serviceBefore.handoversOnTime, serviceBefore.handoversDue]),
      shareRow("disputeRate", [service.disputes, service.onlinePickups], [serviceBefore.disputes, serviceBefore.onlinePickups]),
      compare("activeShops", insights.activeShops, insights.previousActiveShops, count),
    ] satisfies ComparisonRow[],
    // The coordinator knows the hub's sellers: the village's own figures are not suppressed (decision 0010).
    logistics: logisticsReport(insights.logistics, insights.previousLogistics, { current: false, previous: false }),
    activeShops: insights.activeShops,
    previousActiveShops: insights.previousActiveShops,
    households:
      insights.householdsSellingShare === null
        ? t("unknownHouseholds")
        : t("householdsOf", {
            share: formatShare(insights.householdsSellingShare, language),
            households: count(insights.households),
          }),
    topCategories: insights.topCategories.map((c) => ({ id: c.categoryId, name: localized(c, "name", language), gmv: money(c.gmvTiyn), orders: count(c.ordersCompleted), items: count(c.items) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function VillageInsights() {
  const { title, language, slug, length, range, previousRange, months, totals, summary, serviceSummary, logistics, households, topCategories } = useLoaderData<typeof loader>();
  const { t } = useTranslation("insights");
  return (
    <>
      <p>
        <Link to={`/coordinator/${slug}`}>← {t("village.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("village.intro")}</p>
      <PeriodForm length={length} range={range} />

      <h2>{t("summary.title")}</h2>
      <PeriodComparison rows={summary} previousRange={previousRange} />
      <p>
        {t("metric.householdsShare")}: {households}
      </p>

      {totals.ordersCompleted === 0 && totals.ordersRefunded === 0 ? <p className="muted">{t("noSales")}</p> : null}
      <SalesMonths
        id="village-sales"
        months={months}
        range={range}
        withSellers
      />

      <h2>{t("service.title")}</h2>
      <PeriodComparison rows={serviceSummary} previousRange={previousRange} />

      <LogisticsSection logistics={logistics} language={language} previousRange={previousRange} />

      <h2>{t("metric.topCategories")}</h2>
      {topCategories.length === 0 ? (
        <p className="muted">{t("noSales")}</p>
      ) : (
        <div className="scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("table.category")}</th>
                <th scope="col" className="number">
                  {t("table.gmv")}
                </th>
                <th scope="col" className="number">
                  {t("table.orders")}
                </th>
                <th scope="col" className="number">
                  {t("table.items")}
                </th>
              </tr>
            </thead>
            <tbody>
              {topCategories.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td className="number">{c.gmv}</td>
                  <td className="number">{c.orders}</td>
                  <td className="number">{c.items}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <MetricHelp />
    </>
  );
}

/** The definitions of docs/metrics.md, in the reader's language. */
function MetricHelp() {
  const { t } = useTranslation("insights");
  return (
    <section className="panel" aria-labelledby="metric-help">
      <h2 id="metric-help">{t("help.title")}</h2>
      <p>{t("help.time")}</p>
      <dl className="facts">
        {(["gmv", "orders", "refunded", "items", "activeSellers", "householdsShare", "repeatBuyers", "medianPickupDays", "onTimeHandovers", "disputeRate", "activeShops", "topCategories"] as const).map((key) => (
          <div key={key}>
            <dt>{t(`metric.${key}`)}</dt>
            <dd>{t(`help.${key}`)}</dd>
          </div>
        ))}
        <div>
          <dt>{t("analytics:logisticsFigures.title")}</dt>
          <dd>{t("analytics:help.logistics")}</dd>
        </div>
      </dl>
      <p className="muted">{t("help.compare")}</p>
    </section>
  );
}
