import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { availableEvents, machineOrder } from "~/domain/orders/order-machine";
import { sellerOrders } from "~/domain/orders/order-views.server";
import { getT } from "~/web/language.server";
import { OrderList } from "~/ui/order-list";

const OPEN = new Set(["paid", "accepted", "handed_over", "in_transit", "ready_for_pickup", "picked_up", "disputed", "return_requested", "return_approved", "to_return", "return_in_transit"]);

/** The seller's incoming orders: the ones waiting for them first, with their buttons. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "seller.area", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "orders");
  const rows = sellerOrders(getDb(), actor.userId).map((o) => ({
    ...o,
    buttons: availableEvents(machineOrder(o), "seller").map((event) => ({ event, source: "seller" as const })),
  }));
  return {
    title: t("sellerOrders.title"),
    language,
    open: rows.filter((o) => OPEN.has(o.status)),
    done: rows.filter((o) => !OPEN.has(o.status) && o.status !== "pending_payment").slice(0, 50),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export default function SellerOrders() {
  const { language, open, done } = useLoaderData<typeof loader>();
  const { t } = useTranslation("orders");
  return (
    <>
      <h1>{t("sellerOrders.title")}</h1>
      <p>
        <Link to="/seller">← {t("sellerOrders.back")}</Link>
      </p>
      <p className="muted">{t("sellerOrders.intro")}</p>
      <h2>{t("sellerOrders.open")}</h2>
      {open.length === 0 ? <p className="muted">{t("sellerOrders.none")}</p> : <OrderList orders={open} language={language} back="/seller/orders" show="point" />}
      {done.length > 0 ? (
        <>
          <h2>{t("sellerOrders.done")}</h2>
          <OrderList orders={done} language={language} back="/seller/orders" show="point" />
        </>
      ) : null}
    </>
  );
}
