import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getShipment } from "~/domain/shipping/shipment-views.server";
import { localized } from "~/i18n/localized";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";
import { qrSvg } from "~/web/share.server";
import { shipmentOrNotFound } from "~/web/shipping-actions.server";

/**
 * One A6 label per parcel (issue 17 §3): a QR code of the parcel's short code, the code in large
 * letters to read aloud or type, where it goes and from where. Printed by the browser; no script.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shipmentId, resource } = shipmentOrNotFound(params.id);
  requireActor(request, "shipment.view", () => resource);
  const { language, t } = await getT(request, "logistics");
  const view = getShipment(getDb(), shipmentId)!;
  const labels = await Promise.all(
    view.parcels.map(async (p) => ({ ...p, qr: `data:image/svg+xml;base64,${Buffer.from(await qrSvg(p.code)).toString("base64")}` })),
  );
  return {
    title: t("shipping.labelsTitle", { id: shipmentId }),
    from: localized({ nameKk: view.shipment.fromNameKk, nameRu: view.shipment.fromNameRu, nameEn: view.shipment.fromNameEn }, "name", language),
    shipment: view.shipment,
    labels,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export default function Labels() {
  const { title, from, shipment, labels } = useLoaderData<typeof loader>();
  const { t } = useTranslation("logistics");
  return (
    <>
      <div className="no-print">
        <p>
          <Link to={`/shipments/${shipment.id}`}>← {t("shipping.back")}</Link>
        </p>
        <h1>{title}</h1>
        <p className="muted small">{t("shipping.printLabelsHint")}</p>
      </div>
      {labels.map((label) => (
        <article key={label.orderId} className="parcel-label">
          <p className="label-to">
            {t("shipping.to")}: <strong>{shipment.pointName}</strong>
            <br />
            {shipment.pointAddress}
          </p>
          <img className="label-qr" src={label.qr} alt={t("shipping.qrAlt", { code: label.code })} width={160} height={160} />
          <p className="label-code">{label.code}</p>
          <p className="small">
            {t("shipping.orderNumber", { id: label.orderId })} · {t(`catalog:weight.${label.weightClass}`)}
            <br />
            {t("shipping.from")}: {from} · {t("shipping.title", { id: shipment.id })}
          </p>
        </article>
      ))}
    </>
  );
}
