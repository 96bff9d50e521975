import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { getPickupPointPlace } from "~/domain/logistics/pickup-points.server";
import { inLoadingShipment, pointParcels } from "~/domain/orders/order-views.server";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { OrderList } from "~/ui/order-list";
import { formatMoney } from "~/i18n/money";
import type { Language } from "~/i18n/config";
import { incomingShipments } from "~/domain/shipping/shipment-views.server";
import { pointSending } from "~/domain/shipping/chain.server";
import { returnsToSendBack } from "~/domain/shipping/returns-shipping.server";
import { readForm } from "~/web/csrf.server";
import { submitPointShipping } from "~/web/shipping-actions.server";
import { ShipGroupForm, type HubShippingAnswer } from "~/ui/hub-shipping";

/**
 * The pickup screen: parcels on the shelf, each handed over only against the
 * buyer's code (typed on the order's own form), and parcels on their way in.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, t } = await getT(request, "orders");
  const point = operatedPoint(request, params.id, language);
  const parcels = pointParcels(getDb(), point.id);
  const loading = inLoadingShipment(getDb(), parcels.toReturn.map((o) => o.id));
  return {
    title: t("point.title", { point: point.name }),
    language,
    point: { id: point.id, name: point.name, village: point.village.name, address: point.address },
    ready: parcels.ready,
    // Shipments on their way here (issue 17 §3): each is unloaded by scanning its parcels on its page.
    incoming: incomingShipments(getDb(), point.id),
    // Parcels held here on their way on (a sorting hub), grouped by next stop, and what it sent (decision chained-shipments).
    sending: pointSending(getDb(), point.id),
    arriving: parcels.arriving.map((o) => ({ ...o, buttons: [{ event: "arrive" as const, source: "operator" as const }] })),
    returnsExpected: parcels.returnsExpected,
    // Returns waiting here, by their seller's village hub point: they ride a shipment back (decision returns-ride-shipments).
    returnGroups: returnsToSendBack(getDb(), point.id),
    // Within one village the hub takes a parcel back from its point itself (return_arrive); elsewhere the point sends it.
    // A return loaded into a return shipment leaves with it: no button of its own (decision returns-ride-shipments).
    toReturn: parcels.toReturn.map((o) => ({ ...o, buttons: o.sameVillage || loading.has(o.id) ? [] : [{ event: "return_send" as const, source: "hub" as const }] })),
  };
}

/** The point its operators (and its village's coordinators) run, or a 404. */
function operatedPoint(request: Request, id: string | undefined, language: Language) {
  const point = /^\d{1,9}$/.test(id ?? "") ? getPickupPointPlace(getDb(), language, Number(id)) : undefined;
  if (!point) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "pickup_point.operate", () => ({ type: "pickup_point", pickupPointId: point.id, villageId: point.villageId }));
  return { ...point, actor };
}

/** A shipment onwards from this point: the parcels it holds for one next stop. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { language } = await getT(request, "orders");
  const point = operatedPoint(request, params.id, language);
  return submitPointShipping(form, point.id, point.actor);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

type Parcel = ReturnType<typeof useLoaderData<typeof loader>>["ready"][number];

/** One parcel at the counter: its code typed, handed over to its buyer or (a return) taken back from them. */
function CounterForm({ o, intent, back, language }: { o: Parcel; intent: "handover" | "return_take"; back: string; language: Language }) {
  const { t } = useTranslation("orders");
  const label = intent === "handover" ? t("handover.code") : t("returns.code");
  return (
    <li className="panel">
      <p>
        <Link to={`/orders/${o.id}`}>
          <strong>{t("order.title", { id: o.id })}</strong>
        </Link>{" "}
        · {formatMoney(o.totalTiyn, language)} · {t(`payment.${o.paymentMethod}`)}
        {o.pickupLockedAt ? <span className="badge"> {t("point.locked")}</span> : null}
      </p>
      {/* A code is checked by the server: offline, the form says it needs the connection (issue 20). */}
      {o.pickupLockedAt ? null : (
        <Form method="post" action={`/orders/${o.id}`} className="actions" data-offline="needs-server">
          <CsrfInput />
          <input type="hidden" name="back" value={back} />
          <label htmlFor={`${intent}-code-${o.id}`} className="visually-hidden">
            {label}
          </label>
          <input id={`${intent}-code-${o.id}`} name="code" inputMode="numeric" autoComplete="off" maxLength={7} className="qty" placeholder="000000" required />
          {intent === "handover" && o.paymentMethod === "cash" ? (
            <>
              <label htmlFor={`cash-${o.id}`} className="visually-hidden">
                {t("handover.cash", { total: formatMoney(o.totalTiyn, language) })}
              </label>
              <input id={`cash-${o.id}`} name="cash" inputMode="decimal" className="qty" defaultValue={String(o.totalTiyn / 100)} required />
            </>
          ) : null}
          <button type="submit" name="intent" value={intent} className="button">
            {intent === "handover" ? t("handover.submit") : t("returns.take")}
          </button>
        </Form>
      )}
    </li>
  );
}

export default function PickupScreen() {
  const { language, point, ready, arriving, returnsExpected, toReturn, returnGroups, incoming, sending } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as HubShippingAnswer | undefined;
  const { t } = useTranslation("orders");
  const back = `/operator/points/${point.id}`;
  return (
    <>
      <h1>{t("point.title", { point: point.name })}</h1>
      <p className="muted">
        {point.village} · {point.address}
      </p>
      <p>
        <Link to="/operator">← {t("point.back")}</Link>
      </p>
      <h2>{t("point.ready")} ({ready.length})</h2>
      <p className="muted small">{t("point.readyHint")}</p>
      {ready.length === 0 ? <p className="muted">{t("hub.none")}</p> : null}
      <ul className="order-list">
        {ready.map((o) => (
          <CounterForm key={o.id} o={o} intent="handover" back={back} language={language} />
        ))}
      </ul>
      <h2>{t("logistics:shipping.incomingTitle")} ({incoming.length})</h2>
      {incoming.length === 0 ? <p className="muted">{t("hub.none")}</p> : null}
      <ul>
        {incoming.map((s) => (
          <li key={s.id}>
            <Link to={`/shipments/${s.id}`}>{t("logistics:shipping.title", { id: s.id })}</Link> · {s.carrierName}
          </li>
        ))}
      </ul>
      {sending.groups.length > 0 || sending.open.length > 0 || sending.discrepancies.length > 0 ? (
        <section aria-labelledby="send-on">
          <h2 id="send-on">{t("logistics:shipping.sendOnTitle")}</h2>
          <p className="muted small">{t("logistics:shipping.sendOnHint")}</p>
          {sending.groups.map((group) => (
            <ShipGroupForm key={group.pickupPointId} action={back} group={group} answer={answer} />
          ))}
          {sending.open.length > 0 ? (
            <ul>
              {sending.open.map((s) => (
                <li key={s.id}>
                  <Link to={`/shipments/${s.id}`}>{t("logistics:shipping.title", { id: s.id })}</Link> · → {s.pointName} · {s.carrierName} · {t(`logistics:shipping.status.${s.status}`)}
                </li>
              ))}
            </ul>
          ) : null}
          {sending.discrepancies.length > 0 ? (
            <>
              <h3>{t("logistics:shipping.discrepancies")}</h3>
              <ul>
                {sending.discrepancies.map((d) => (
                  <li key={d.id}>
                    <Link to={`/shipments/${d.shipmentId}`}>{t(`logistics:shipping.discrepancy.${d.kind}`, { id: d.orderId })}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      <h2>{t("point.arriving")} ({arriving.length})</h2>
      {arriving.length === 0 ? <p className="muted">{t("hub.none")}</p> : <OrderList orders={arriving} language={language} back={back} show="seller" />}
      <h2>{t("point.returnsExpected")} ({returnsExpected.length})</h2>
      <p className="muted small">{t("point.returnsExpectedHint")}</p>
      {returnsExpected.length === 0 ? <p className="muted">{t("hub.none")}</p> : null}
      <ul className="order-list">
        {returnsExpected.map((o) => (
          <CounterForm key={o.id} o={o} intent="return_take" back={back} language={language} />
        ))}
      </ul>
      <h2>{t("point.toReturn")} ({toReturn.length})</h2>
      <p className="muted small">{t("point.toReturnHint")}</p>
      {toReturn.length === 0 ? <p className="muted">{t("hub.none")}</p> : <OrderList orders={toReturn} language={language} back={back} show="seller" />}
      {returnGroups.length > 0 ? (
        <section aria-labelledby="returns-back">
          <h2 id="returns-back">{t("logistics:shipping.returnsTitle")}</h2>
          <p className="muted small">{t("logistics:shipping.returnsHint")}</p>
          {returnGroups.map((group) => (
            <ShipGroupForm key={group.pickupPointId} action={back} group={group} answer={answer} way="return" />
          ))}
        </section>
      ) : null}
    </>
  );
}
