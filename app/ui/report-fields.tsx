import { useTranslation } from "react-i18next";
import { REPORT_REASONS } from "../domain/catalog/vocabulary";

/** What anyone reporting a listing or a review fills in: a reason, a note, the button. */
export function ReportFields({ note }: { note?: string }) {
  const { t } = useTranslation("storefront");
  return (
    <>
      <fieldset className="field">
        <legend>{t("report.reason")}</legend>
        {REPORT_REASONS.map((reason) => (
          <label key={reason} className="check">
            <input type="radio" name="reason" value={reason} required />
            {t(`reportReason.${reason}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="note">{t("report.note")}</label>
        <textarea id="note" name="note" rows={2} maxLength={500} defaultValue={note ?? ""} />
      </div>
      <div className="actions">
        <button type="submit" className="button secondary">
          {t("report.submit")}
        </button>
      </div>
    </>
  );
}

/** The moderator's reason for removing a listing or a review (the report reasons). */
export function RemovalReason({ id, defaultReason }: { id: string; defaultReason: string }) {
  const { t } = useTranslation("storefront");
  return (
    <div className="field">
      <label htmlFor={`${id}-reason`}>{t("moderation.removeReason")}</label>
      <select id={`${id}-reason`} name="reason" defaultValue={defaultReason}>
        {REPORT_REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {t(`reportReason.${reason}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
