import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EventSource, OrderEvent } from "~/domain/orders/order-machine";
import { CsrfInput } from "./csrf";

/** Events that need a few words from the person (the other side is told why). */
const WITH_REASON = new Set<OrderEvent>(["decline", "seller_cancel", "dispute", "return_request", "return_refuse"]);
/** Events that are buttons on some screen (the clock and the provider fire the rest). */
const BUTTON_EVENTS = new Set<OrderEvent>([
  "confirm",
  "dispute",
  "buyer_cancel",
  "accept",
  "decline",
  "seller_cancel",
  "drop",
  "receive",
  "send",
  "arrive",
  "resolve_release",
  "resolve_partial",
  "resolve_refund",
  "extend_storage",
  "return_request",
  "return_approve",
  "return_refuse",
  "return_send",
  "return_arrive",
]);

/** Buttons that say no or step back, drawn quieter. */
const SECONDARY = new Set<OrderEvent>(["decline", "seller_cancel", "buyer_cancel", "resolve_refund", "return_refuse", "return_request"]);

export interface OrderButton {
  event: OrderEvent;
  source: EventSource;
}

/**
 * The buttons one person has on one order, each a small POST form to the
 * order page's action, which comes back to `back`.
 */
export function OrderButtons({ orderId, buttons, back }: { orderId: number; buttons: OrderButton[]; back: string }) {
  const { t } = useTranslation("orders");
  const shown = buttons.filter((b) => BUTTON_EVENTS.has(b.event) && !(b.event === "resolve_partial"));
  if (shown.length === 0) return null;
  return (
    <div className="order-buttons">
      {shown.map(({ event }) => (
        <Form key={event} method="post" action={`/orders/${orderId}`} className={WITH_REASON.has(event) ? "form reason-form" : "inline"}>
          <CsrfInput />
          <input type="hidden" name="back" value={back} />
          {WITH_REASON.has(event) ? (
            <div className="field">
              <label htmlFor={`reason-${orderId}-${event}`}>{t(`reasonLabel.${event}`)}</label>
              <textarea id={`reason-${orderId}-${event}`} name="reason" rows={2} maxLength={500} required />
            </div>
          ) : null}
          <button
            type="submit"
            name="intent"
            value={event}
            className={SECONDARY.has(event) ? "button secondary" : "button"}
          >
            {t(`button.${event}`)}
          </button>
        </Form>
      ))}
    </div>
  );
}
