import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { getMyMoney } from "~/domain/escrow/money.server";
import { getT } from "~/web/language.server";
import { formatDate } from "~/i18n/format";
import { localized } from "~/i18n/localized";
import { formatMoney } from "~/i18n/money";

/** The signed-in seller's own money: held, released net of fees, paid out, payable; per order; payout statements. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "money.view", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "money");
  const shops = getMyMoney(getDb(), actor.userId);
  // Dates are formatted here: the browser's Intl words Kazakh dates differently (see the listing editor).
  return {
    title: t("seller.title"),
    language,
    shops: shops.map((shop) => ({
      ...shop,
      payouts: shop.payouts.map((p) => ({
        ...p,
        date: formatDate(p.createdAt, language),
        statement: p.statement ? { ...p.statement, entries: p.statement.entries.map((e) => ({ ...e, date: formatDate(e.at, language) })) } : null,
      })),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function SellerMoney() {
  const { language, shops } = useLoaderData<typeof loader>();
  const { t } = useTranslation("money");
  const money = (tiyn: number) => formatMoney(tiyn, language);
  return (
    <>
      <p>
        <Link to="/seller">← {t("identity:seller.title")}</Link>
      </p>
      <h1>{t("seller.title")}</h1>
      <p className="muted">{t("seller.intro")}</p>
      {shops.length === 0 ? <p>{t("seller.noShop")}</p> : null}
      {shops.map((shop) => (
        <section key={shop.sellerId} className="panel" aria-labelledby={`shop-${shop.sellerId}`}>
          <h2 id={`shop-${shop.sellerId}`}>
            {shop.name ?? t("seller.shop")} · {localized(shop, "village", language)}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t("seller.held")}</dt>
              <dd>{money(shop.money.heldTiyn)}</dd>
            </div>
            <div>
              <dt>{t("seller.released")}</dt>
              <dd>{money(shop.money.releasedTiyn)}</dd>
            </div>
            <div>
              <dt>{t("seller.paidOut")}</dt>
              <dd>{money(shop.money.paidOutTiyn)}</dd>
            </div>
            <div>
              <dt>{t("seller.payable")}</dt>
              <dd>
                <strong>{money(shop.money.payableTiyn)}</strong>
              </dd>
            </div>
            {shop.money.owedTiyn > 0 ? (
              <div>
                <dt>{t("seller.owed")}</dt>
                <dd>
                  <strong className="refunded">{money(shop.money.owedTiyn)}</strong>
                  <br />
                  <span className="small muted">{t("seller.owedHint")}</span>
                </dd>
              </div>
            ) : null}
          </dl>

          <h3>{t("seller.orders")}</h3>
          {shop.money.orders.length === 0 ? (
            <p className="muted">{t("seller.noOrders")}</p>
          ) : (
            <div className="scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("seller.column.order")}</th>
                    <th scope="col">{t("seller.column.total")}</th>
                    <th scope="col">{t("seller.column.status")}</th>
                    <th scope="col">{t("seller.column.held")}</th>
                    <th scope="col">{t("seller.column.releasedNet")}</th>
                    <th scope="col">{t("seller.column.fees")}</th>
                    <th scope="col">{t("seller.column.refunded")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shop.money.orders.map((order) => (
                    <tr key={order.orderId}>
                      <th scope="row">{t("seller.orderNumber", { id: order.orderId })}</th>
                      <td>
                        {money(order.totalTiyn)}
                        {order.paymentMethod === "cash" ? <span className="muted"> · {t("method.cash")}</span> : null}
                      </td>
                      <td>{t(`status.${order.status}`)}</td>
                      <td>{money(order.heldTiyn)}</td>
                      <td>{money(order.releasedNetTiyn)}</td>
                      <td>{money(order.feesTiyn)}</td>
                      <td>{money(order.refundedTiyn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3>{t("seller.payouts")}</h3>
          {shop.payouts.length === 0 ? (
            <p className="muted">{t("seller.noPayouts")}</p>
          ) : (
            <ul className="list">
              {shop.payouts.map((payout) => (
                <li key={payout.batchId}>
                  <details>
                    <summary>{t("seller.payout", { date: payout.date, amount: money(payout.amountTiyn) })}</summary>
                    {payout.statement && payout.statement.entries.length > 0 ? (
                      <div className="scroll">
                        <table className="table">
                          <thead>
                            <tr>
                              <th scope="col">{t("seller.statement.date")}</th>
                              <th scope="col">{t("seller.column.order")}</th>
                              <th scope="col">{t("seller.statement.what")}</th>
                              <th scope="col">{t("seller.column.fees")}</th>
                              <th scope="col">{t("seller.statement.net")}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {payout.statement.entries.map((entry, index) => (
                              <tr key={index}>
                                <td>{entry.date}</td>
                                <td>{entry.orderId ? t("seller.orderNumber", { id: entry.orderId }) : "—"}</td>
                                <td>{t(entry.reason === "cash" ? "seller.reason.cash" : "seller.reason.release")}</td>
                                <td>{money(entry.feesTiyn)}</td>
                                <td>{money(entry.netTiyn)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    ) : (
                      <p className="muted">{t("seller.statement.none")}</p>
                    )}
                  </details>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
