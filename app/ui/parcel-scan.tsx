import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";

/**
 * A handover's scan (issue 17 §4): the parcel's short code typed — always works, JavaScript or
 * not — and posted with the form. With JavaScript on, app/offline/camera-scan.ts adds a "Scan with
 * camera" button that reads the label's QR into the same field and submits the same form.
 */
export function ParcelScan({ action, error, value, intent = "scan" }: { action: string; error: string | null; value: string; intent?: string }) {
  const { t } = useTranslation("logistics");
  return (
    <Form
      method="post"
      action={action}
      className="form parcel-scan"
      data-camera-scan={JSON.stringify({ open: t("shipping.camera.open"), aim: t("shipping.camera.aim"), cancel: t("shipping.camera.cancel"), noCamera: t("shipping.camera.noCamera"), video: t("shipping.camera.video") })}
    >
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <div className="field">
        <label htmlFor={`scan-${intent}`}>{t("shipping.codeLabel")}</label>
        <input
          id={`scan-${intent}`}
          name="code"
          className="parcel-code-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={60}
          required
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`scan-${intent}-hint`}
          autoFocus={Boolean(error)}
        />
        <p id={`scan-${intent}-hint`} className="muted small">
          {t("shipping.codeHint")}
        </p>
      </div>
      {error ? <FormMessage>{error}</FormMessage> : null}
      <button type="submit" className="button">
        {t("shipping.scan")}
      </button>
    </Form>
  );
}
