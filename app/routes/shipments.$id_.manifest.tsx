import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getShipment } from "~/domain/shipping/shipment-views.server";
import { shipmentLane } from "~/domain/shipping/shipment-lanes.server";
import { LaneTariffs } from "~/ui/lane-tariffs";
import { formatDate, formatDateTime } from "~/i18n/format";
import { localized } from "~/i18n/localized";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";
import { shipmentOrNotFound } from "~/web/shipping-actions.server";

/**
 * The shipment's A4 manifest (issue 17 §3): every parcel with its code, weight class and
 * destination, the carrier, and who handed over and who received, with places to sign. Printed
 * by the browser; no script.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shipmentId, resource } = shipmentOrNotFound(params.id);
  requireActor(request, "shipment.view", () => resource);
  const { language, t } = await getT(request, "logistics");
  const view = getShipment(getDb(), shipmentId)!;
  return {
    title: t("shipping.manifestTitle", { id: shipmentId }),
    language,
    from: localized({ nameKk: view.shipment.fromNameKk, nameRu: view.shipment.fromNameRu, nameEn: view.shipment.fromNameEn }, "name", language),
    ...view,
    lane: shipmentLane(getDb(), view.shipment.laneId, new Date()),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export default function Manifest() {
  const { title, language, from, shipment, parcels, handedOverBy, receivedBy, lane } = useLoaderData<typeof loader>();
  const { t } = useTranslation("logistics");
  const when = (at: string | number | Date | null) => (at ? formatDateTime(new Date(at), language) : "");
  const person = (p: { name: string | null; phone: string | null } | null) => (p ? [p.name, p.phone].filter(Boolean).join(", ") : "");
  return (
    <article className="manifest">
      <p className="no-print">
        <Link to={`/shipments/${shipment.id}`}>← {t("shipping.back")}</Link>
      </p>
      <p className="no-print muted small">{t("shipping.printHint")}</p>
      <h1>{title}</h1>
      <dl className="facts">
        <dt>{t("shipping.from")}</dt>
        <dd>{from}</dd>
        <dt>{t("shipping.to")}</dt>
        <dd>
          {shipment.pointName}, {shipment.pointAddress}
        </dd>
        <dt>{t("shipping.carrier")}</dt>
        <dd>
          {t(`shipping.carrierKind.${shipment.carrierKind}`)}: {shipment.carrierName}, {shipment.carrierPhone}
        </dd>
        <dt>{t("shipping.departedAt")}</dt>
        <dd>{when(shipment.departedAt)}</dd>
        <dt>{t("shipping.expectedArrival")}</dt>
        <dd>{shipment.expectedArrivalAt ? formatDate(new Date(shipment.expectedArrivalAt), language) : ""}</dd>
      </dl>
      {lane ? <LaneTariffs lane={lane} language={language} /> : null}
      <div className="table-wrap">
        <table className="manifest-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t("shipping.code")}</th>
            <th>{t("shipping.order")}</th>
            <th>{t("shipping.weight")}</th>
            <th>{t("shipping.to")}</th>
            <th>{t("shipping.received")}</th>
          </tr>
        </thead>
        <tbody>
          {parcels.map((p, i) => (
            <tr key={p.orderId}>
              <td>{i + 1}</td>
              <td className="parcel-code">{p.code}</td>
              <td>
                {t("shipping.orderNumber", { id: p.orderId })}
                {p.sellerName ? ` · ${p.sellerName}` : null}
              </td>
              <td className="nowrap">{t(`catalog:weight.${p.weightClass}`)}</td>
              <td>{shipment.pointName}</td>
              <td className="tick">{p.arrivedScanAt ? "✓" : ""}</td>
            </tr>
          ))}
        </tbody>
        </table>
      </div>
      <p>{t("shipping.parcels", { count: parcels.length })}</p>
      <div className="signatures">
        {(
          [
            ["handedOver", person(handedOverBy), shipment.departedAt],
            ["carrierSigns", `${shipment.carrierName}, ${shipment.carrierPhone}`, shipment.departedAt],
            ["receivedBy", person(receivedBy), shipment.arrivedAt],
          ] as const
        ).map(([key, who, at]) => (
          <div key={key} className="signature">
            <p>
              <strong>{t(`shipping.${key}`)}</strong>
            </p>
            <p>{who || "\u00a0"}</p>
            <p>{when(at) || "\u00a0"}</p>
            <p className="sign-line">{t("shipping.signature")}</p>
          </div>
        ))}
      </div>
    </article>
  );
}
