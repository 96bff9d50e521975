import { Form, Link } from "@remix-run/react";
import type { ParcelCosts } from "~/domain/shipping/shipment-lanes.server";
import type { Language } from "~/i18n/config";
import { formatMoney } from "~/i18n/money";
import { useTranslation } from "react-i18next";
import { CARRIER_KINDS } from "~/domain/shipping/vocabulary";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { ParcelScan } from "~/ui/parcel-scan";

export interface HubShippingData {
  groups: {
    pickupPointId: number;
    pointName: string;
    parcels: { id: number; sellerName: string | null }[];
    /** The hub's open lanes to this stop (none on a point's onward leg). */
    lanes?: { id: number; carrierKind: string; carrierName: string; carrierPhone: string }[];
  }[];
  open: { id: number; status: string; pointName: string; fromVillageId: number; carrierName: string }[];
  discrepancies: { id: number; shipmentId: number; orderId: number; kind: string }[];
  figures: { shipments: number; parcels: number; parcelsPerShipment: number | null; tripsSaved: number; arrived: number; onTime: number; costs: ParcelCosts };
}

export interface HubShippingAnswer {
  form: string;
  error: string;
  values: { code?: string; kind?: string; name?: string; phone?: string; lane?: string; chosen?: number[] };
}

/**
 * The hub's shipping (issue 17 §3–4): the drop-off scan, the parcels waiting to leave grouped by
 * pickup point (tick some, or send all for the point) with the carrier, the shipments under way
 * from or to this village, and discrepancies to resolve. Plain forms: JavaScript is not needed.
 */
export function HubShipping({ slug, villageId, language, shipping, answer }: { slug: string; villageId: number; language: Language; shipping: HubShippingData; answer: HubShippingAnswer | null }) {
  const { t } = useTranslation("logistics");
  const action = `/coordinator/${slug}/hub`;
  return (
    <section aria-labelledby="hub-shipping">
      <h2 id="hub-shipping">{t("shipping.hubTitle")}</h2>
      <div className="panel">
        <h3>{t("shipping.receiveTitle")}</h3>
        <p className="muted small">{t("shipping.receiveHint")}</p>
        <ParcelScan action={action} intent="receive_code" error={answer?.form === "receive" ? t(answer.error) : null} value={answer?.form === "receive" ? (answer.values.code ?? "") : ""} />
      </div>
      {shipping.groups.length === 0 ? <p className="muted">{t("shipping.nothingToShip")}</p> : null}
      {shipping.groups.map((group) => (
        <ShipGroupForm key={group.pickupPointId} action={action} group={group} answer={answer} />
      ))}
      {shipping.open.length > 0 ? (
        <>
          <h3>{t("shipping.underWay")}</h3>
          <ul>
            {shipping.open.map((s) => (
              <li key={s.id}>
                <Link to={`/shipments/${s.id}`}>{t("shipping.title", { id: s.id })}</Link> · {s.fromVillageId === villageId ? `→ ${s.pointName}` : t("shipping.incoming")} · {s.carrierName} · {t(`shipping.status.${s.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t("shipping.figures.title")}</h3>
      <dl className="facts">
        <dt>{t("shipping.figures.shipments")}</dt>
        <dd>{shipping.figures.shipments}</dd>
        <dt>{t("shipping.figures.perShipment")}</dt>
        <dd>{shipping.figures.parcelsPerShipment ?? "—"}</dd>
        <dt>{t("shipping.figures.tripsSaved")}</dt>
        <dd>{shipping.figures.tripsSaved}</dd>
        <dt>{t("shipping.figures.onTime")}</dt>
        <dd>{t("shipping.figures.onTimeOf", { onTime: shipping.figures.onTime, arrived: shipping.figures.arrived })}</dd>
        <ParcelCostFacts costs={shipping.figures.costs} language={language} />
      </dl>
      {shipping.discrepancies.length > 0 ? (
        <>
          <h3>{t("shipping.discrepancies")}</h3>
          <ul>
            {shipping.discrepancies.map((d) => (
              <li key={d.id}>
                <Link to={`/shipments/${d.shipmentId}`}>{t(`shipping.discrepancy.${d.kind}`, { id: d.orderId })}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Cost per parcel against sending alone (docs/metrics.md), as <dt>/<dd> pairs inside a figures list. */
export function ParcelCostFacts({ costs, language }: { costs: ParcelCosts; language: Language }) {
  const { t } = useTranslation("logistics");
  const money = (tiyn: number | null) => (tiyn === null ? "—" : formatMoney(tiyn, language));
  return (
    <>
      <dt>{t("shipping.figures.feePerParcel")}</dt>
      <dd>{money(costs.feePerParcelTiyn)}</dd>
      <dt>{t("shipping.figures.alonePerParcel")}</dt>
      <dd>
        {money(costs.alonePerParcelTiyn)}
        {costs.laneParcels < costs.parcels ? <span className="muted small"> {t("shipping.figures.aloneOf", { lane: costs.laneParcels, parcels: costs.parcels })}</span> : null}
      </dd>
    </>
  );
}

export type ShipGroup = HubShippingData["groups"][number];

/**
 * One destination's waiting parcels: tick some, or send all, with the carrier (the hub's, a sorting
 * hub's onward leg, or a point's returns back to their seller's hub: `way` "return").
 */
export function ShipGroupForm({ action, group, answer, way = "ship" }: { action: string; group: ShipGroup; answer: HubShippingAnswer | null | undefined; way?: "ship" | "return" }) {
  const { t } = useTranslation("logistics");
  const mine = answer?.form === `${way}-${group.pickupPointId}` ? answer : null;
  const id = (name: string) => `${way}-${group.pickupPointId}-${name}`;
  // The hub's lanes to this stop (a point's onward leg offers none yet): the carrier is pre-filled
  // from the first, and what was typed comes back after a refusal.
  const lanes = group.lanes ?? [];
  const lane = mine ? lanes.find((l) => String(l.id) === mine.values.lane) : lanes[0];
  return (
    <Form method="post" action={action} className="form panel">
      <CsrfInput />
      <input type="hidden" name="intent" value={way === "return" ? "ship_return" : "ship"} />
      <input type="hidden" name="pickupPointId" value={group.pickupPointId} />
      <h3>{t("shipping.toPoint", { point: group.pointName, count: group.parcels.length })}</h3>
      <fieldset>
        <legend>{t("shipping.choose")}</legend>
        {group.parcels.map((p) => (
          <label key={p.id} className="check">
            <input type="checkbox" name="order" value={p.id} defaultChecked={mine?.values.chosen?.includes(p.id) ?? false} /> {t("shipping.orderNumber", { id: p.id })}
            {p.sellerName ? ` · ${p.sellerName}` : null}
            <input type="hidden" name="every" value={p.id} />
          </label>
        ))}
      </fieldset>
      {lanes.length > 0 ? (
        <div className="field">
          <label htmlFor={id("lane")}>{t("shipping.lane")}</label>
          <select id={id("lane")} name="laneId" defaultValue={mine ? (mine.values.lane ?? "") : String(lanes[0]!.id)} aria-describedby={id("lane-hint")}>
            {lanes.map((l) => (
              <option key={l.id} value={l.id}>
                {t(`shipping.carrierKind.${l.carrierKind}`)} «{l.carrierName}»
              </option>
            ))}
            <option value="">{t("shipping.noLane")}</option>
          </select>
          <p className="muted small" id={id("lane-hint")}>
            {t("shipping.laneHint")}
          </p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={id("kind")}>{t("shipping.carrierKindLabel")}</label>
        <select id={id("kind")} name="carrierKind" defaultValue={mine?.values.kind ?? lane?.carrierKind ?? "coop_van"}>
          {CARRIER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`shipping.carrierKind.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id("name")}>{t("shipping.carrierName")}</label>
        <input id={id("name")} name="carrierName" required={!lane} maxLength={80} defaultValue={mine?.values.name ?? lane?.carrierName ?? ""} aria-invalid={mine?.error.endsWith("carrier_name") ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor={id("phone")}>{t("shipping.carrierPhone")}</label>
        <input id={id("phone")} name="carrierPhone" type="tel" required={!lane} maxLength={30} defaultValue={mine?.values.phone ?? lane?.carrierPhone ?? ""} aria-invalid={mine?.error.endsWith("carrier_phone") ? true : undefined} />
      </div>
      {mine ? <FormMessage>{t(mine.error)}</FormMessage> : null}
      <div className="actions">
        <button type="submit" className="button">
          {t("shipping.shipChosen")}
        </button>
        <button type="submit" name="all" value="1" className="button secondary">
          {t("shipping.shipAll")}
        </button>
      </div>
    </Form>
  );
}
