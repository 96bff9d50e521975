import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { getSellerSales } from "~/domain/insights/insights.server";
import { parsePeriod } from "~/domain/insights/period";
import { formatNumber } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { formatMonth } from "~/i18n/months";
import { percentChange, SalesMonths, toSalesMonths } from "~/ui/sales-months";
import { PeriodComparison } from "~/ui/period-comparison";
import { PeriodForm } from "~/ui/period-form";
import { formatMoney } from "~/i18n/money";

/** The signed-in seller's own monthly sales, per shop, from the rollups (issue 6 §4). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "seller.area", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "insights");
  const length = parsePeriod(new URL(request.url).searchParams.get("months"));
  const sales = getSellerSales(getDb(), actor.userId, length, new Date());
  const range = (p: { first: string; last: string }) => t("period.range", { first: formatMonth(p.first, language), last: formatMonth(p.last, language) });
  const change = (current: number, previous: number) => percentChange(current, previous, language) ?? (current > 0 ? t("summary.new") : "—");
  return {
    title: t("seller.title"),
    length,
    range: range(sales.current),
    previousRange: range(sales.previous),
    shops: sales.shops.map((shop) => ({
      sellerId: shop.sellerId,
      name: shop.name,
      village: localized(shop, "village", language),
      months: toSalesMonths(shop.months, language),
      summary: [
        { key: "gmv", current: formatMoney(shop.totals.gmvTiyn, language), previous: formatMoney(shop.previousTotals.gmvTiyn, language), change: change(shop.totals.gmvTiyn, shop.previousTotals.gmvTiyn) },
        {
          key: "orders",
          current: formatNumber(shop.totals.ordersCompleted, language),
          previous: formatNumber(shop.previousTotals.ordersCompleted, language),
          change: change(shop.totals.ordersCompleted, shop.previousTotals.ordersCompleted),
        },
        {
          key: "refunded",
          current: formatMoney(shop.totals.refundedTiyn, language),
          previous: formatMoney(shop.previousTotals.refundedTiyn, language),
          change: change(shop.totals.refundedTiyn, shop.previousTotals.refundedTiyn),
        },
      ] as const,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function SellerSales() {
  const { title, length, range, previousRange, shops } = useLoaderData<typeof loader>();
  const { t } = useTranslation("insights");
  return (
    <>
      <p>
        <Link to="/seller">← {t("identity:seller.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("seller.intro")}</p>
      <PeriodForm length={length} range={range} />
      {shops.length === 0 ? <p>{t("seller.noShop")}</p> : null}
      {shops.map((shop) => (
        <section key={shop.sellerId} className="panel" aria-labelledby={`shop-${shop.sellerId}`}>
          <h2 id={`shop-${shop.sellerId}`}>
            {shop.name ?? t("seller.shop")} · {shop.village}
          </h2>
          <PeriodComparison rows={shop.summary} previousRange={previousRange} />
          <SalesMonths
            id={`shop-${shop.sellerId}-sales`}
            months={shop.months}
            range={range}
          />
        </section>
      ))}
      <section className="panel" aria-labelledby="metric-help">
        <h2 id="metric-help">{t("help.title")}</h2>
        <p>{t("help.time")}</p>
        <dl className="facts">
          {(["gmv", "orders", "refunded", "items"] as const).map((key) => (
            <div key={key}>
              <dt>{t(`metric.${key}`)}</dt>
              <dd>{t(`help.${key}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
