import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { listShopsOf } from "~/domain/identity/sellers.server";
import { almatyMonth } from "~/domain/insights/calendar";
import { MONTH_PATTERN, monthlyStatement } from "~/domain/payouts/statement.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { formatMoney } from "~/i18n/money";

/** One shop's monthly statement (issue 15 §3), printable on one A4 page: ?shop=<id>&month=YYYY-MM. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "money.view", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "money");
  const params = new URL(request.url).searchParams;
  const shops = listShopsOf(getDb(), actor.userId);
  const shop = shops.find((s) => String(s.sellerId) === params.get("shop")) ?? shops[0];
  if (!shop) throw new Response(null, { status: 404 });
  const month = MONTH_PATTERN.test(params.get("month") ?? "") ? params.get("month")! : almatyMonth(new Date());
  return { title: t("monthly.title"), language, shop: { sellerId: shop.sellerId, name: shop.name, village: localized(shop, "village", language) }, statement: monthlyStatement(getDb(), shop.sellerId, month) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function MonthlyStatementPage() {
  const { language, shop, statement } = useLoaderData<typeof loader>();
  const { t } = useTranslation("money");
  const money = (tiyn: number) => formatMoney(tiyn, language);
  const rows: [string, number][] = [
    ["monthly.sales", statement.salesTiyn],
    ["monthly.platformFees", -statement.platformFeesTiyn],
    ["monthly.coopFees", -statement.coopFeesTiyn],
    ["monthly.net", statement.netTiyn],
    ["monthly.refunds", statement.refundsTiyn],
    ["monthly.paidOut", statement.paidOutTiyn],
    ["monthly.returned", statement.returnedTiyn],
  ];
  return (
    <>
      <p className="no-print">
        <Link to="/seller/money">← {t("seller.title")}</Link>
      </p>
      <form method="get" className="form no-print">
        <input type="hidden" name="shop" value={shop.sellerId} />
        <div className="field">
          <label htmlFor="month">{t("monthly.month")}</label>
          <input id="month" name="month" defaultValue={statement.month} pattern="\d{4}-\d{2}" maxLength={7} />
        </div>
        <button type="submit" className="button secondary">
          {t("monthly.show")}
        </button>
        <p className="hint">{t("monthly.printHint")}</p>
      </form>
      <article className="evidence-pack" aria-labelledby="statement-title">
        <h1 id="statement-title">{t("monthly.heading", { month: statement.month })}</h1>
        <p>
          {shop.name ?? t("seller.shop")} · {shop.village} · #{shop.sellerId}
        </p>
        <table className="table evidence-table">
          <tbody>
            {rows.map(([key, tiyn]) => (
              <tr key={key}>
                <th scope="row">{t(key)}</th>
                <td className="number">{money(tiyn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="evidence-note">{t("monthly.note")}</p>
      </article>
    </>
  );
}
