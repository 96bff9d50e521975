import { Link, isRouteErrorResponse } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const KNOWN_STATUSES = [400, 403, 404, 405, 411, 413, 429, 500] as const;

/** The status whose texts an error is shown with: a known one, else 500 or 400. */
export function shownStatus(error: unknown): number {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (KNOWN_STATUSES as readonly number[]).includes(status) ? status : status >= 500 ? 500 : 400;
}

/** Each status's page title in one language, for the document's <title>. */
export function errorTitles(t: (key: string) => string): Record<number, string> {
  return Object.fromEntries(KNOWN_STATUSES.map((status) => [status, t(`errors.status.${status}.title`)]));
}

/** The one translated error page every route shows: a known status, or a 500. */
export function ErrorPage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = shownStatus(error);
  const limit = isRouteErrorResponse(error) && typeof error.data === "object" && error.data ? error.data.limit : undefined;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`errors.status.${known}.title`)}</h1>
      <p>{t(`errors.status.${known}.body`, { limit })}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </section>
  );
}
