import { useTranslation } from "react-i18next";
import { WEEKDAYS } from "~/domain/logistics/delivery-route";
import type { LaneField, LaneValues } from "~/domain/logistics/lane-rules";
import { CARRIER_KINDS } from "~/domain/logistics/pickup-point-kinds";

const TARIFF_FIELDS = ["upTo15kg", "from15to50kg", "over50kg"] as const;

/** A field's error, tied to its input by aria-describedby. */
export function laneFieldError(errors: Partial<Record<LaneField, string>>, field: LaneField, t: (key: string) => string) {
  return {
    invalid: errors[field] ? { "aria-invalid": true as const, "aria-describedby": `${field}-error` } : {},
    message: errors[field] ? (
      <p className="field-error" id={`${field}-error`}>
        {t(errors[field])}
      </p>
    ) : null,
  };
}

/** The lane's carrier, phone, days, time on the way and tariffs: the fields opening and editing a lane share. */
export function LaneFields({ values, errors }: { values: LaneValues; errors: Partial<Record<LaneField, string>> }) {
  const { t } = useTranslation("logistics");
  const f = (field: LaneField) => laneFieldError(errors, field, t);
  return (
    <>
      <div className="field">
        <label htmlFor="carrierKind">{t("lanes.carrierKind")}</label>
        <select id="carrierKind" name="carrierKind" defaultValue={values.carrierKind ?? "own_van"} {...f("carrierKind").invalid}>
          {CARRIER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`carrier.${kind}`)}
            </option>
          ))}
        </select>
        {f("carrierKind").message}
      </div>
      <div className="field">
        <label htmlFor="carrierName">{t("lanes.carrierName")}</label>
        <input id="carrierName" name="carrierName" defaultValue={values.carrierName ?? ""} maxLength={80} required {...f("carrierName").invalid} />
        {f("carrierName").message}
      </div>
      <div className="field">
        <label htmlFor="carrierPhone">{t("lanes.carrierPhone")}</label>
        <input id="carrierPhone" name="carrierPhone" type="tel" defaultValue={values.carrierPhone ?? ""} maxLength={30} {...f("carrierPhone").invalid} />
        {f("carrierPhone").message}
      </div>
      <fieldset className="choices" {...f("weekdays").invalid}>
        <legend>{t("lanes.weekdays")}</legend>
        {WEEKDAYS.map((day) => (
          <label key={day} className="choice inline">
            <input type="checkbox" name="weekdays" value={day} defaultChecked={values.weekdays?.includes(day)} /> {t(`weekday.${day}`)}
          </label>
        ))}
        {f("weekdays").message}
      </fieldset>
      <div className="field">
        <label htmlFor="transitDays">{t("lanes.transitDays")}</label>
        <input id="transitDays" name="transitDays" inputMode="numeric" defaultValue={values.transitDays ?? "1"} required {...f("transitDays").invalid} />
        {f("transitDays").message}
      </div>
      <p className="muted small">{t("lanes.tariffHint")}</p>
      {TARIFF_FIELDS.map((field) => (
        <div className="field" key={field}>
          <label htmlFor={field}>{t(`lanes.${field}`)}</label>
          <input id={field} name={field} inputMode="decimal" defaultValue={values[field] ?? ""} {...f(field).invalid} />
          {f(field).message}
        </div>
      ))}
    </>
  );
}
