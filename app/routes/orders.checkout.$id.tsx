import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth.server";
import { getDb } from "~/db.server";
import { buyerOrders, pendingInCheckout } from "~/domain/orders/order-views.server";
import { getCheckout } from "~/domain/orders/orders.server";
import { getPaymentOfCheckout } from "~/domain/payments/payments.server";
import { formatMoney } from "~/i18n/format";
import { getT } from "~/i18n/i18next.server";
import { OrderList } from "~/ui/order-list";

/** Where the buyer lands after checkout or after the payment page: the orders it made. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = requireActor(request, "checkout");
  const id = Number(params.id);
  const checkout = /^\d{1,9}$/.test(params.id ?? "") ? getCheckout(getDb(), id) : undefined;
  if (!checkout || checkout.buyerUserId !== actor.userId) throw new Response(null, { status: 404 });
  const { language, t } = await getT(request, "orders");
  const payment = getPaymentOfCheckout(getDb(), checkout.id);
  return {
    title: t("placed.title"),
    language,
    totalTiyn: checkout.totalTiyn,
    paymentMethod: checkout.paymentMethod,
    paymentStatus: payment?.status ?? null,
    payUrl: payment && payment.status === "pending" ? `/dev/pay/${payment.providerRef}` : null,
    waiting: pendingInCheckout(getDb(), checkout.id) > 0,
    orders: buyerOrders(getDb(), actor.userId).filter((o) => o.checkoutId === checkout.id),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export default function Placed() {
  const { language, totalTiyn, paymentMethod, paymentStatus, payUrl, orders } = useLoaderData<typeof loader>();
  const { t } = useTranslation("orders");
  return (
    <>
      <h1>{t("placed.title")}</h1>
      {paymentMethod === "cash" ? <p className="lead">{t("placed.cash", { total: formatMoney(totalTiyn, language) })}</p> : null}
      {paymentStatus === "captured" ? <p className="lead">{t("placed.paid", { total: formatMoney(totalTiyn, language) })}</p> : null}
      {paymentStatus === "declined" ? <p className="notice">{t("placed.declined")}</p> : null}
      {paymentStatus === "pending" ? (
        <p className="notice">
          {t("placed.pending")} {payUrl ? <Link to={payUrl}>{t("placed.payNow")}</Link> : null}
        </p>
      ) : null}
      <OrderList orders={orders} language={language} back="/orders" show="both" />
      <p>
        <Link to="/orders">{t("orders.title")}</Link>
      </p>
    </>
  );
}
