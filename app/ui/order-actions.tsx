import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EventSource, OrderEvent } from "~/domain/orders/order-machine";
import { CsrfInput } from "./csrf";

/** Events that need a few words from the person (the other side is told why). */
const WITH_REASON = new Set<OrderEvent>(["decline", "seller_cancel", "dispute", "ask_more_time", "return_request", "return_refuse"]);
/** Events that name a ready date (made to order): accepting confirms or moves it, asking for more time moves it. */
const WITH_DATE = new Set<OrderEvent>(["accept", "ask_more_time"]);
/** Buttons that say no or step back, drawn quieter. */
const SECONDARY = new Set<OrderEvent>(["decline", "seller_cancel", "buyer_cancel", "resolve_refund", "refuse_date", "return_refuse", "return_request"]);
/** Events that are buttons on some screen (the clock and the provider fire the rest). */
const BUTTON_EVENTS = new Set<OrderEvent>([
  "confirm",
  "dispute",
  "buyer_cancel",
  "accept",
  "decline",
  "seller_cancel",
  "ask_more_time",
  "agree_date",
  "refuse_date",
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

/**
 * Steps that need no judgement from the server at that moment: taken offline,
 * they wait on the phone and are sent when the connection returns (issue 20).
 */
const QUEUED_OFFLINE = new Set<OrderEvent>(["accept", "decline", "drop", "receive", "send", "arrive"]);

export interface OrderButton {
  event: OrderEvent;
  source: EventSource;
  /** A coordinator acting for an assisted seller: asks for the seller's consent note. */
  assisted?: boolean;
}

/**
 * The buttons one person has on one order, each a small POST form to the
 * order page's action, which comes back to `back`. `readyDefault` (YYYY-MM-DD)
 * is the promised ready date of a made-to-order order: accepting shows it to
 * confirm or move, asking for more time starts from it.
 */
export function OrderButtons({ orderId, buttons, back, readyDefault }: { orderId: number; buttons: OrderButton[]; back: string; readyDefault?: string | null }) {
  const { t } = useTranslation("orders");
  const shown = buttons.filter((b) => BUTTON_EVENTS.has(b.event) && !(b.event === "resolve_partial"));
  if (shown.length === 0) return null;
  return (
    <div className="order-buttons">
      {shown.map(({ event, assisted }) => (
        <Form
          key={event}
          method="post"
          action={`/orders/${orderId}`}
          className={WITH_REASON.has(event) || assisted || (readyDefault && WITH_DATE.has(event)) ? "form reason-form" : "inline"}
          data-offline={QUEUED_OFFLINE.has(event) ? "queue" : undefined}
          data-offline-send={`/orders/${orderId}/queued`}
          data-offline-label={`${t(`button.${event}`)} · ${t("order.title", { id: orderId })}`}
        >
          <CsrfInput />
          <input type="hidden" name="back" value={back} />
          {readyDefault && WITH_DATE.has(event) ? (
            <div className="field">
              <label htmlFor={`ready-${orderId}-${event}`}>{t("order.readyAt")}</label>
              <input id={`ready-${orderId}-${event}`} type="date" name="readyAt" defaultValue={readyDefault} required aria-describedby={`ready-hint-${orderId}-${event}`} />
              <p className="small muted" id={`ready-hint-${orderId}-${event}`}>
                {t("order.readyHint")}
              </p>
            </div>
          ) : null}
          {WITH_REASON.has(event) ? (
            <div className="field">
              <label htmlFor={`reason-${orderId}-${event}`}>{t(`reasonLabel.${event}`)}</label>
              <textarea id={`reason-${orderId}-${event}`} name="reason" rows={2} maxLength={500} required />
            </div>
          ) : null}
          {assisted ? (
            <div className="field">
              <label htmlFor={`consent-${orderId}-${event}`}>{t("order.consent")}</label>
              <textarea id={`consent-${orderId}-${event}`} name="consent" rows={2} maxLength={500} required />
            </div>
          ) : null}
          <button type="submit" name="intent" value={event} className={SECONDARY.has(event) ? "button secondary" : "button"}>
            {t(`button.${event}`)}
          </button>
        </Form>
      ))}
    </div>
  );
}
