import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth.server";
import { getDb } from "~/db.server";
import { getVillageInsights } from "~/domain/insights/insights.server";
import { parsePeriod } from "~/domain/insights/period";
import { formatMoney, formatNumber } from "~/i18n/format";
import { getT } from "~/i18n/i18next.server";
import { localized } from "~/i18n/localized";
import { formatMonth } from "~/i18n/months";
import { percentChange, SalesMonths, toSalesMonths } from "~/ui/sales-months";
import { villageOrNotFound } from "~/village.server";
import { PeriodForm } from "~/ui/period-form";

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
  const compare = (key: "gmv" | "orders" | "refunded" | "items" | "activeSellers", current: number, previous: number, format: (n: number) => string) => ({
    key,
    current: format(current),
    previous: format(previous),
    change: percentChange(current, previous, language) ?? (current > 0 ? t("summary.new") : "—"),
  });
  const { totals, previousTotals: before } = insights;
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
    households:
      insights.householdsSellingShare === null
        ? t("unknownHouseholds")
        : t("householdsOf", {
            share: new Intl.NumberFormat(language === "en" ? "en-KZ" : `${language}-KZ`, { style: "percent", maximumFractionDigits: 1 }).format(insights.householdsSellingShare),
            households: count(insights.households),
          }),
    topCategories: insights.topCategories.map((c) => ({ id: c.categoryId, name: localized(c, "name", language), gmv: money(c.gmvTiyn), orders: count(c.ordersCompleted), items: count(c.items) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function VillageInsights() {
  const { title, slug, length, range, previousRange, months, totals, summary, households, topCategories } = useLoaderData<typeof loader>();
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
            {summary.map((row) => (
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
      <p>
        {t("metric.householdsShare")}: {households}
      </p>

      {totals.ordersCompleted === 0 && totals.ordersRefunded === 0 ? <p className="muted">{t("noSales")}</p> : null}
      <SalesMonths
        id="village-sales"
        months={months}
        text={{
          gmvChart: t("chart.gmv", { range }),
          ordersChart: t("chart.orders", { range }),
          month: t("table.month"),
          gmv: t("table.gmv"),
          orders: t("table.orders"),
          refunded: t("table.refunded"),
          items: t("table.items"),
          activeSellers: t("table.activeSellers"),
        }}
      />

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
        {(["gmv", "orders", "refunded", "items", "activeSellers", "householdsShare", "topCategories"] as const).map((key) => (
          <div key={key}>
            <dt>{t(`metric.${key}`)}</dt>
            <dd>{t(`help.${key}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t("help.compare")}</p>
    </section>
  );
}
