import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "~/i18n/config";
import { formatDate } from "~/i18n/format";
import { readyDayText } from "~/domain/orders/deadlines";
import { OrderButtons, type OrderButton } from "./order-actions";
import { formatMoney } from "~/i18n/money";

export interface OrderListItem {
  id: number;
  status: string;
  paymentMethod: string;
  totalTiyn: number;
  /** The delivery fee inside totalTiyn (issue 17). */
  deliveryTiyn?: number;
  createdAt: Date | string;
  sellerName: string | null;
  pointName: string;
  firstTitle: string;
  firstLanguage: string;
  itemCount: number;
  buttons?: OrderButton[];
  /** Made to order: the promised ready date, and a later one waiting for the buyer. */
  promisedReadyAt?: Date | string | null;
  proposedReadyAt?: Date | string | null;
  /** Past a deadline only a person can act on: on the admins' queue (issue 14 §2). */
  flaggedAt?: Date | string | null;
}

/** Orders as cards: number, what, from whom, where to collect, status, and the person's buttons. */
export function OrderList({ orders, language, back, show }: { orders: OrderListItem[]; language: Language; back: string; show: "seller" | "point" | "both" }) {
  const { t } = useTranslation("orders");
  return (
    <ul className="order-list">
      {orders.map((o) => (
        <li key={o.id} className="panel">
          <p>
            <Link to={`/orders/${o.id}`}>
              <strong>{t("order.title", { id: o.id })}</strong>
            </Link>{" "}
            <span className={`badge status-${o.status}`}>{t(`status.${o.status}`)}</span>
            {o.flaggedAt ? <span className="badge late"> {t("order.late")}</span> : null}
          </p>
          <p className="small">
            <span lang={o.firstLanguage === language ? undefined : o.firstLanguage}>{o.firstTitle}</span>
            {o.itemCount > 1 ? ` ${t("order.moreItems", { count: o.itemCount })}` : null} · <strong>{formatMoney(o.totalTiyn, language)}</strong>
            {o.deliveryTiyn ? ` (${t("order.withDelivery", { price: formatMoney(o.deliveryTiyn, language) })})` : null} ·{" "}
            {t(`payment.${o.paymentMethod}`)}
          </p>
          <p className="small muted">
            {formatDate(new Date(o.createdAt), language)}
            {show !== "point" && o.sellerName ? ` · ${t("order.seller")}: ${o.sellerName}` : null}
            {show !== "seller" ? ` · ${t("order.pickupPoint")}: ${o.pointName}` : null}
          </p>
          {o.promisedReadyAt ? (
            <p className="small ready-by">
              {t("order.readyBy")}: <strong>{formatDate(new Date(o.promisedReadyAt), language)}</strong>
              {o.proposedReadyAt && (o.status === "paid" || o.status === "accepted") ? ` · ${t("order.askedSeller", { date: formatDate(new Date(o.proposedReadyAt), language) })}` : null}
            </p>
          ) : null}
          {o.buttons ? (
            <OrderButtons orderId={o.id} buttons={o.buttons} back={back} readyDefault={o.promisedReadyAt ? readyDayText(new Date(o.promisedReadyAt)) : null} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
