import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/web/csrf.server";
import { FormMessage } from "~/ui/form";
import { PayoutDestinationForm, type DestinationFailure } from "~/ui/payout-destination-form";
import { getPayoutDestination, setPayoutDestination } from "~/domain/payouts/destinations.server";
import { listShopsOf } from "~/domain/identity/sellers.server";
import { refusalKeys } from "~/i18n/refusals";
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
  const done = new URL(request.url).searchParams.get("done");
  return {
    title: t("seller.title"),
    language,
    done,
    shops: shops.map((shop) => ({
      ...shop,
      destination: getPayoutDestination(getDb(), shop.sellerId),
      payouts: shop.payouts.map((p) => ({
        ...p,
        date: formatDate(p.createdAt, language),
        statement: p.statement ? { ...p.statement, entries: p.statement.entries.map((e) => ({ ...e, date: formatDate(e.at, language) })) } : null,
      })),
    })),
  };
}

/** Records where a shop's payouts go: only the shop's own seller; audited and announced by SMS. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, "money.view", (a) => ({ type: "user", userId: a.userId }));
  const form = await readForm(request);
  const text = (name: string, max = 100) => String(form.get(name) ?? "").slice(0, max);
  const shop = Number(text("shop"));
  if (!listShopsOf(getDb(), actor.userId).some((s) => s.sellerId === shop)) throw new Response(null, { status: 404 });
  const values = { iban: text("iban", 60), holderName: text("holderName", 200), holderTaxId: text("holderTaxId", 30) };
  const result = setPayoutDestination(getDb(), { sellerId: shop, actorUserId: actor.userId, ...values, ip: context.clientIp }, new Date());
  if (!result.ok) return data({ shop, values, errors: refusalKeys(result.errors) } satisfies DestinationFailure, { status: 400 });
  return redirect(`/seller/money?done=${result.changed ? "destination" : "unchanged"}#destination-${shop}`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function SellerMoney() {
  const { language, shops, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
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
              <dt>{t("seller.inFlight")}</dt>
              <dd>{money(shop.money.inFlightTiyn)}</dd>
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

          <p>
            <Link to={`/seller/money/statement?shop=${shop.sellerId}`}>{t("monthly.link")}</Link>
          </p>

          <section id={`destination-${shop.sellerId}`} aria-labelledby={`destination-title-${shop.sellerId}`}>
            <h3 id={`destination-title-${shop.sellerId}`}>{t("seller.destination.title")}</h3>
            <p className="muted">{t("seller.destination.intro")}</p>
            {shop.destination ? (
              <p>
                <strong>{t("seller.destination.current", { iban: shop.destination.ibanMasked, bank: shop.destination.bankName, holder: shop.destination.holderName })}</strong>
              </p>
            ) : (
              <p>{t("seller.destination.none")}</p>
            )}
            {done === "destination" ? <FormMessage tone="ok">{t("seller.destination.saved")}</FormMessage> : null}
            {done === "unchanged" ? <FormMessage tone="ok">{t("seller.destination.unchanged")}</FormMessage> : null}
            <PayoutDestinationForm shopId={shop.sellerId} failure={failure?.shop === shop.sellerId ? failure : undefined} />
          </section>

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
                    <th scope="col">{t("seller.column.delivery")}</th>
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
                      <td>{money(order.deliveryTiyn)}</td>
                      <td>{t(`status.${order.status}`)}</td>
                      <td>{money(order.heldTiyn)}</td>
                      <td>{money(order.releasedNetTiyn)}</td>
                      <td>{money(order.feesTiyn)}</td>
                      <td>{money(order.refundedTiyn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {shop.money.orders.some((order) => order.deliveryTiyn > 0) ? <p className="muted small">{t("seller.deliveryNote")}</p> : null}
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
                                <td>{t(entry.reason === "cash" ? "seller.reason.cash" : entry.reason === "payout_failed" ? "seller.reason.payout_failed" : "seller.reason.release")}</td>
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
