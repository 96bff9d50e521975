import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { listAudit } from "~/domain/identity/audit.server";
import { formatDateTime } from "~/i18n/format";
import { getT } from "~/web/language.server";

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "audit.view");
  const before = z.coerce.number().int().positive().optional().catch(undefined).parse(new URL(request.url).searchParams.get("before") ?? undefined);
  const { language, t } = await getT(request, "identity");
  const events = listAudit(getDb(), { before, limit: PAGE });
  return { title: t("audit.title"), language, events, next: events.length === PAGE ? events[events.length - 1]?.id : undefined };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** The audit log, newest first; details are already masked when written. */
export default function Audit() {
  const { language, events, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <p>
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("audit.title")}</h1>
      <div className="scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("audit.at")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.subject")}</th>
              <th scope="col">{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{formatDateTime(event.at, language)}</td>
                <td>{t(`audit.event.${event.action.replace(/\./g, "_")}`, { defaultValue: event.action })}</td>
                <td>{event.actorUserId ? <Link to={`/admin/users/${event.actorUserId}`}>#{event.actorUserId}</Link> : "—"}</td>
                <td>{event.subjectUserId ? <Link to={`/admin/users/${event.subjectUserId}`}>#{event.subjectUserId}</Link> : "—"}</td>
                <td>
                  <code>
                    {Object.entries(event.details)
                      .filter(([, value]) => value !== null)
                      .map(([key, value]) => `${key}: ${String(value)}`)
                      .join(", ")}
                    {event.ip ? ` · ${event.ip}` : ""}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <p>
          <Link to={`/admin/audit?before=${next}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </>
  );
}
