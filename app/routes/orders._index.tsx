import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { buyerOrders } from "~/domain/orders/order-views.server";
import { getT } from "~/web/language.server";
import { OrderList } from "~/ui/order-list";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "checkout");
  const { language, t } = await getT(request, "orders");
  return { title: t("orders.title"), language, orders: buyerOrders(getDb(), actor.userId) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function MyOrders() {
  const { language, orders } = useLoaderData<typeof loader>();
  const { t } = useTranslation("orders");
  return (
    <>
      <h1>{t("orders.title")}</h1>
      {orders.length === 0 ? (
        <p>
          {t("orders.empty")} <Link to="/catalog">{t("cart.browse")}</Link>
        </p>
      ) : (
        <OrderList orders={orders} language={language} back="/orders" show="both" />
      )}
    </>
  );
}
