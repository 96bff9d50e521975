import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "./csrf";
import { Field, FormMessage } from "./form";

/** What the message action answers when it did not send. */
export interface MessageFailure {
  body: string;
  error: string | null;
  flag: "phone" | "card" | "off_platform" | null;
}

/** A plain form (works without JavaScript); a flagged message comes back with a warning and "send anyway". */
export function MessageForm({ failed, label }: { failed?: MessageFailure; label: string }) {
  const { t } = useTranslation("trust");
  return (
    <Form method="post" className="form">
      <CsrfInput />
      {failed?.flag ? (
        <div className="notice" role="alert">
          <p>
            <strong>{t("messages.warningTitle")}</strong> {t(`messages.flags.${failed.flag}`)}
          </p>
          <p className="small">{t("messages.warningHint")}</p>
        </div>
      ) : null}
      {failed?.error ? <FormMessage>{t(failed.error)}</FormMessage> : null}
      <Field name="body" label={label} multiline rows={4} maxLength={1000} required defaultValue={failed?.body} autoFocus={Boolean(failed)} error={failed?.error ? t(failed.error) : undefined} />
      <div className="actions">
        {failed?.flag ? (
          <>
            <button type="submit" className="button">
              {t("messages.sendEdited")}
            </button>
            <button type="submit" name="sendAnyway" value="1" className="button secondary">
              {t("messages.sendAnyway")}
            </button>
          </>
        ) : (
          <button type="submit" className="button">
            {t("messages.send")}
          </button>
        )}
      </div>
    </Form>
  );
}
