import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { PICKUP_POINT_KINDS, MAX_STORAGE_DAYS } from "../domain/logistics/pickup-point-kinds";
import { MAX_OPENING_HOURS, MAX_POINT_ADDRESS, MAX_POINT_NAME, type PickupPointErrors, type PickupPointField, type PickupPointValues } from "../domain/logistics/pickup-point-rules";
import { CsrfInput } from "./csrf";

/**
 * The coordinator's form for a pickup point (new or edit): a plain POST form
 * that works without JavaScript. Errors are locale keys; the first invalid
 * field gets the focus.
 */
export function PickupPointForm({
  values,
  errors,
  intent,
  submitLabel,
  children,
}: {
  values: PickupPointValues;
  errors: PickupPointErrors;
  intent: "create" | "save";
  submitLabel: string;
  /** More fields before the button (the city point's capacity and weight). */
  children?: ReactNode;
}) {
  const { t } = useTranslation("logistics");
  const order: PickupPointField[] = ["kind", "name", "address", "openingHours", "storageDays"];
  const firstInvalid = order.find((field) => errors[field]);
  const aria = (field: PickupPointField, hint: boolean) => {
    const describedBy = [hint ? `${field}-hint` : null, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;
    return {
      id: field,
      name: field,
      "aria-invalid": errors[field] ? (true as const) : undefined,
      "aria-describedby": describedBy,
      autoFocus: firstInvalid === field,
    };
  };
  const message = (field: PickupPointField) =>
    errors[field] ? (
      <p id={`${field}-error`} className="field-error">
        {t(errors[field])}
      </p>
    ) : null;
  const hint = (field: PickupPointField, text: string) => (
    <p id={`${field}-hint`} className="hint">
      {text}
    </p>
  );
  return (
    <form method="post" className="form" noValidate>
      <CsrfInput />
      <div className="field">
        <label htmlFor="kind">{t("form.kind")}</label>
        <select {...aria("kind", false)} defaultValue={values.kind ?? ""}>
          {PICKUP_POINT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kind.${kind}`)}
            </option>
          ))}
        </select>
        {message("kind")}
      </div>
      <div className="field">
        <label htmlFor="name">{t("form.name")}</label>
        {hint("name", t("form.nameHint"))}
        <input {...aria("name", true)} type="text" defaultValue={values.name ?? ""} maxLength={MAX_POINT_NAME} required />
        {message("name")}
      </div>
      <div className="field">
        <label htmlFor="address">{t("form.address")}</label>
        {hint("address", t("form.addressHint"))}
        <textarea {...aria("address", true)} rows={2} defaultValue={values.address ?? ""} maxLength={MAX_POINT_ADDRESS} required />
        {message("address")}
      </div>
      <div className="field">
        <label htmlFor="openingHours">{t("form.openingHours")}</label>
        {hint("openingHours", t("form.openingHoursHint"))}
        <input {...aria("openingHours", true)} type="text" defaultValue={values.openingHours ?? ""} maxLength={MAX_OPENING_HOURS} required />
        {message("openingHours")}
      </div>
      <div className="field">
        <label htmlFor="storageDays">{t("form.storageDays")}</label>
        {hint("storageDays", t("form.storageDaysHint"))}
        <input {...aria("storageDays", true)} type="text" inputMode="numeric" defaultValue={values.storageDays ?? ""} maxLength={String(MAX_STORAGE_DAYS).length + 2} required />
        {message("storageDays")}
      </div>
      <label className="check">
        <input type="checkbox" name="acceptsCash" defaultChecked={values.acceptsCash === "on"} />
        {t("form.acceptsCash")}
      </label>
      <label className="check">
        <input type="checkbox" name="active" defaultChecked={values.active === "on"} />
        {t("form.active")}
      </label>
      {children}
      <div className="actions">
        <button type="submit" name="intent" value={intent} className="button">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/** A pickup point as buyers and operators read it: kind, place, address, hours, storage, cash. */
export interface PickupPointCardData {
  id: number;
  kind: (typeof PICKUP_POINT_KINDS)[number];
  name: string;
  address: string;
  openingHours: string;
  storageDays: number;
  acceptsCash: boolean;
  active: boolean;
  maxWeightClass: string;
  locality: { name: string };
  district: { name: string } | null;
  region: { name: string };
}

export function PickupPointCard({ point, headingLevel = 2 }: { point: PickupPointCardData; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("logistics");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const id = `pickup-point-${point.id}`;
  return (
    <section className="panel" aria-labelledby={id} id={`point-${point.id}`}>
      <Heading id={id}>
        {point.name}
        {point.active ? null : <span className="badge">{t("point.closed")}</span>}
      </Heading>
      <dl className="facts">
        <div>
          <dt>{t("point.kind")}</dt>
          <dd>{t(`kind.${point.kind}`)}</dd>
        </div>
        <div>
          <dt>{t("point.place")}</dt>
          <dd>
            {[point.locality.name, point.district?.name, point.region.name].filter(Boolean).join(", ")}
          </dd>
        </div>
        <div>
          <dt>{t("point.maxWeight")}</dt>
          <dd>{t(`weightUpTo.${point.maxWeightClass}`)}</dd>
        </div>
        <div>
          <dt>{t("point.address")}</dt>
          <dd>{point.address}</dd>
        </div>
        <div>
          <dt>{t("point.hours")}</dt>
          <dd>{point.openingHours}</dd>
        </div>
        <div>
          <dt>{t("point.storage")}</dt>
          <dd>{t("point.storageDays", { count: point.storageDays })}</dd>
        </div>
        <div>
          <dt>{t("point.payment")}</dt>
          <dd>{point.acceptsCash ? t("point.cash") : t("point.noCash")}</dd>
        </div>
      </dl>
    </section>
  );
}
