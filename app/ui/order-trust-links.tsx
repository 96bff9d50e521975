import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The order's review and messages, linked from its page. */
export function OrderTrustLinks({ orderId, links }: { orderId: number; links: { review: "write" | "read" | null; reviewRemoved: boolean; messages: boolean } }) {
  const { t } = useTranslation("trust");
  if (!links.review && !links.messages) return null;
  return (
    <p className="actions order-trust">
      {links.review === "write" ? (
        <Link to={`/orders/${orderId}/review`} className="button">
          {t("review.write")}
        </Link>
      ) : links.review === "read" ? (
        <Link to={`/orders/${orderId}/review`}>{links.reviewRemoved ? t("review.removedLink") : t("review.read")}</Link>
      ) : null}
      {links.messages ? <Link to={`/orders/${orderId}/messages`}>{t("messages.orderThread")}</Link> : null}
    </p>
  );
}
