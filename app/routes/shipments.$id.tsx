import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { getShipment } from "~/domain/shipping/shipment-views.server";
import { parcelCosts, shipmentLane } from "~/domain/shipping/shipment-lanes.server";
import { ParcelCostFacts } from "~/ui/hub-shipping";
import { LaneTariffs } from "~/ui/lane-tariffs";
import { formatDate, formatDateTime } from "~/i18n/format";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { ParcelScan } from "~/ui/parcel-scan";
import { readForm } from "~/web/csrf.server";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";
import { shipmentOrNotFound, submitShipmentForm } from "~/web/shipping-actions.server";
import type { RouteHandle } from "~/root";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shipmentId, resource } = shipmentOrNotFound(params.id);
  const actor = requireActor(request, "shipment.view", () => resource);
  const { language, t } = await getT(request, "logistics");
  const view = getShipment(getDb(), shipmentId)!;
  const url = new URL(request.url);
  return {
    title: t("shipping.title", { id: shipmentId }),
    language,
    from: view.shipment.fromPointName ?? localized({ nameKk: view.shipment.fromNameKk, nameRu: view.shipment.fromNameRu, nameEn: view.shipment.fromNameEn }, "name", language),
    ...view,
    // The lane it rides: the arrival its schedule gives a departure today pre-fills the departure form.
    lane: shipmentLane(getDb(), view.shipment.laneId, new Date()),
    costs: parcelCosts(getDb(), [shipmentId]),
    powers: {
      load: can(actor, "shipment.load", resource).ok,
      receive: can(actor, "shipment.receive", resource).ok,
      resolve: can(actor, "shipment.resolve", resource).ok,
    },
    done: url.searchParams.get("done"),
    doneOrder: url.searchParams.get("order"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** The parcel-code forms get the "Scan with camera" button with JavaScript on (decision 0031). */
export const handle: RouteHandle = { camera: true };

export const headers = () => ({ "Cache-Control": "no-store" });

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { shipmentId, resource } = shipmentOrNotFound(params.id);
  const actor = requireActor(request, "shipment.view", () => resource);
  return submitShipmentForm(form, shipmentId, actor);
}

const DONE = ["created", "depart", "arrive", "back", "extra", "departed", "arrived", "missing", "resolved_found", "resolved_lost"];

export default function Shipment() {
  const { title, language, from, shipment, parcels, discrepancies, lane, costs, powers, done, doneOrder } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation("logistics");
  const scanning = (shipment.status === "loaded" && powers.load) || (shipment.status === "departed" && powers.receive);
  const error = (form: string) => (answer && answer.form === form ? t(answer.error) : null);
  return (
    <>
      <h1>{title}</h1>
      <p>
        {from} → <strong>{shipment.pointName}</strong> · {t(`shipping.status.${shipment.status}`)}
      </p>
      <p className="muted">
        {t(`shipping.carrierKind.${shipment.carrierKind}`)}: {shipment.carrierName}, {shipment.carrierPhone}
        {shipment.expectedArrivalAt ? ` · ${t("shipping.expected", { date: formatDate(new Date(shipment.expectedArrivalAt), language) })}` : null}
      </p>
      {lane ? <LaneTariffs lane={lane} language={language} /> : <p className="muted small">{t("shipping.noLaneShipment")}</p>}
      <h2>{t("shipping.costTitle")}</h2>
      <dl className="facts">
        <ParcelCostFacts costs={costs} language={language} />
      </dl>
      <p className="muted small">{t("shipping.costHint")}</p>
      <p className="actions">
        <Link to={`/shipments/${shipment.id}/manifest`}>{t("shipping.manifest")}</Link> <Link to={`/shipments/${shipment.id}/labels`}>{t("shipping.labels")}</Link>
      </p>
      {done && DONE.includes(done) ? <FormMessage tone={done === "missing" || done === "extra" ? "error" : "ok"}>{t(`shipping.done.${done}`, { id: doneOrder ?? "" })}</FormMessage> : null}
      {scanning ? (
        <section className="panel" aria-labelledby="scan-title">
          <h2 id="scan-title">{shipment.status === "loaded" ? t("shipping.scanLoad") : t("shipping.scanArrive")}</h2>
          <ParcelScan action={`/shipments/${shipment.id}`} error={error("scan")} value={answer?.form === "scan" ? (answer.values.code ?? "") : ""} />
        </section>
      ) : null}
      <h2>{t("shipping.parcels", { count: parcels.length })}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("shipping.code")}</th>
              <th>{t("shipping.order")}</th>
              <th>{t("shipping.weight")}</th>
              <th>{t("shipping.state")}</th>
            </tr>
          </thead>
          <tbody>
            {parcels.map((p) => (
              <tr key={p.orderId}>
                <td className="parcel-code">{p.code}</td>
                <td>
                  <Link to={`/orders/${p.orderId}`}>{t("shipping.orderNumber", { id: p.orderId })}</Link>
                  {p.sellerName ? ` · ${p.sellerName}` : null}
                </td>
                <td>{t(`catalog:weight.${p.weightClass}`)}</td>
                <td>
                  {shipment.status === "loaded" ? (p.loadedScanAt ? t("shipping.scanned") : t("shipping.notScanned")) : t(`shipping.parcelState.${p.state}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shipment.status === "loaded" && powers.load ? (
        <Form method="post" className="form panel">
          <CsrfInput />
          <input type="hidden" name="intent" value="depart" />
          <p className="muted small">{t("shipping.departHint")}</p>
          {lane ? <p className="muted small">{t("shipping.departLaneHint")}</p> : null}
          <div className="field">
            <label htmlFor="expected-arrival">{t("shipping.expectedArrival")}</label>
            <input id="expected-arrival" name="expectedArrival" type="date" required defaultValue={answer?.form === "depart" ? answer.values.expectedArrival : (lane?.expectedArrivalDay ?? "")} aria-invalid={error("depart") ? true : undefined} />
          </div>
          {error("depart") ? <FormMessage>{error("depart")}</FormMessage> : null}
          <button type="submit" className="button">
            {t("shipping.depart")}
          </button>
        </Form>
      ) : null}
      {shipment.status === "departed" && powers.receive ? (
        <Form method="post" className="form panel">
          <CsrfInput />
          <input type="hidden" name="intent" value="finish" />
          <p className="muted small">{t("shipping.finishHint")}</p>
          {error("finish") ? <FormMessage>{error("finish")}</FormMessage> : null}
          <button type="submit" className="button">
            {t("shipping.finish")}
          </button>
        </Form>
      ) : null}
      {discrepancies.length > 0 ? (
        <section aria-labelledby="discrepancies-title">
          <h2 id="discrepancies-title">{t("shipping.discrepancies")}</h2>
          <ul className="plain">
            {discrepancies.map((d) => (
              <li key={d.id} className="panel">
                <p>
                  <strong>{t(`shipping.discrepancy.${d.kind}`, { id: d.orderId })}</strong> · {formatDateTime(new Date(d.openedAt), language)}
                  {d.outcome ? ` · ${t(`shipping.outcome.${d.outcome}`)}` : null}
                  {d.note ? ` · ${d.note}` : null}
                </p>
                {!d.outcome && powers.resolve ? (
                  <Form method="post" className="form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="resolve" />
                    <input type="hidden" name="discrepancyId" value={d.id} />
                    <div className="field">
                      <label htmlFor={`note-${d.id}`}>{t("shipping.note")}</label>
                      <input id={`note-${d.id}`} name="note" maxLength={300} defaultValue={answer?.form === `resolve-${d.id}` ? answer.values.note : ""} />
                    </div>
                    {error(`resolve-${d.id}`) ? <FormMessage>{error(`resolve-${d.id}`)}</FormMessage> : null}
                    <p className="muted small">{t("shipping.resolveHint")}</p>
                    <div className="actions">
                      <button type="submit" name="outcome" value="found" className="button secondary">
                        {t("shipping.found")}
                      </button>
                      {d.kind === "missing" ? (
                        <button type="submit" name="outcome" value="lost" className="button danger">
                          {t("shipping.lost")}
                        </button>
                      ) : null}
                    </div>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
