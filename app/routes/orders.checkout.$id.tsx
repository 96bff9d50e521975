import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { buyerOrders, getCheckout, pendingInCheckout } from "~/domain/orders/order-views.server";
import { getPaymentOfCheckout, startCheckoutPayment } from "~/domain/payments/payments.server";
import { readForm } from "~/web/csrf.server";
import { CsrfInput } from "~/ui/csrf";
import { getT } from "~/web/language.server";
import { OrderList } from "~/ui/order-list";
import { formatMoney } from "~/i18n/money";

function ownCheckout(request: Request, param: string | undefined) {
  const actor = requireActor(request, "checkout");
  const checkout = /^\d{1,9}$/.test(param ?? "") ? getCheckout(getDb(), Number(param)) : undefined;
  if (!checkout || checkout.buyerUserId !== actor.userId) throw new Response(null, { status: 404 });
  return { actor, checkout };
}

/** Where the buyer lands after checkout or after the payment page: the orders it made. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, checkout } = ownCheckout(request, params.id);
  const { language, t } = await getT(request, "orders");
  const payment = getPaymentOfCheckout(getDb(), checkout.id);
  return {
    title: t("placed.title"),
    language,
    totalTiyn: checkout.totalTiyn,
    paymentMethod: checkout.paymentMethod,
    paymentStatus: payment?.status ?? null,
    canPay: payment?.status === "pending" && pendingInCheckout(getDb(), checkout.id) > 0,
    waiting: pendingInCheckout(getDb(), checkout.id) > 0,
    orders: buyerOrders(getDb(), actor.userId).filter((o) => o.checkoutId === checkout.id),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

/** Back to the payment organisation's page for a payment left unfinished. */
export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request);
  const { checkout } = ownCheckout(request, params.id);
  const payment = getPaymentOfCheckout(getDb(), checkout.id);
  if (payment?.status !== "pending" || pendingInCheckout(getDb(), checkout.id) === 0) throw redirect(`/orders/checkout/${checkout.id}`, 303);
  return redirect(await startCheckoutPayment(getDb(), checkout.id, new Date()), 303);
}

export default function Placed() {
  const { language, totalTiyn, paymentMethod, paymentStatus, canPay, orders } = useLoaderData<typeof loader>();
  const { t } = useTranslation("orders");
  return (
    <>
      <h1>{t("placed.title")}</h1>
      {paymentMethod === "cash" ? <p className="lead">{t("placed.cash", { total: formatMoney(totalTiyn, language) })}</p> : null}
      {paymentStatus === "captured" ? <p className="lead">{t("placed.paid", { total: formatMoney(totalTiyn, language) })}</p> : null}
      {paymentStatus === "declined" ? <p className="notice">{t("placed.declined")}</p> : null}
      {paymentStatus === "pending" ? (
        <Form method="post" className="notice">
          <CsrfInput />
          {t("placed.pending")}{" "}
          {canPay ? (
            <button type="submit" className="button small">
              {t("placed.payNow")}
            </button>
          ) : null}
        </Form>
      ) : null}
      <OrderList orders={orders} language={language} back="/orders" show="both" />
      <p>
        <Link to="/orders">{t("orders.title")}</Link>
      </p>
    </>
  );
}
