import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getT } from "~/web/language.server";
import { backupSettings, backupsInProgress, listBackups, sharesDiskWithDatabase } from "~/domain/ops/backup.server";
import { isBackupRunning, startBackup } from "~/domain/ops/backup-runner.server";
import { formatDateTime, formatNumber, numberFormat } from "~/i18n/format";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";

/** The backups on disk, newest first, with what their checks found (DB-06). */
export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "backups.manage");
  const { language, t } = await getT(request, "money");
  const settings = backupSettings();
  const dir = settings.dir;
  const megabytes = numberFormat(language, "megabytes", { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
  return {
    title: t("backups.title"),
    done: new URL(request.url).searchParams.get("done"),
    dir,
    everyMinutes: settings.everyMinutes,
    keep: settings.keep,
    sharesDisk: sharesDiskWithDatabase(settings),
    running: dir !== null && (isBackupRunning() || backupsInProgress(dir).length > 0),
    backups: (dir ? listBackups(dir) : []).map((b) => ({
      name: b.name,
      file: b.fileExists ? b.file : null,
      made: formatDateTime(new Date(b.startedAt), language),
      size: b.sizeBytes === null ? "—" : megabytes.format(b.sizeBytes / 1_048_576),
      orders: b.counts ? formatNumber(b.counts.orders, language) : "—",
      photos: { copied: formatNumber(b.photos.copied, language), total: formatNumber(b.photos.total, language) },
      verified: b.verified,
      problems: b.problems,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** "Back up now": starts a backup in the background, as the schedule does. */
export async function action({ request }: ActionFunctionArgs) {
  requireActor(request, "backups.manage");
  await readForm(request);
  const started = startBackup();
  if (started === "off") return data({ error: "money:backups.errors.off" }, { status: 409 });
  return redirect(`/admin/backups?done=${started}`, 303);
}

export default function AdminBackups() {
  const { done, dir, everyMinutes, keep, sharesDisk, running, backups } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("money");
  return (
    <>
      <p>
        <Link to="/admin">← {t("identity:admin.title")}</Link>
        {" · "}
        <Link to="/admin/money">{t("admin.title")}</Link>
      </p>
      <h1>{t("backups.title")}</h1>
      <p className="muted">{t("backups.intro")}</p>
      {failure?.error ? <FormMessage>{t(failure.error)}</FormMessage> : null}
      {dir === null ? (
        <p className="notice">{t("backups.off")}</p>
      ) : (
        <>
          <p>
            {everyMinutes > 0 ? t("backups.plan", { minutes: everyMinutes, dir }) : t("backups.manual", { dir })}{" "}
            {t("backups.keep", { hourly: keep.hourly, daily: keep.daily })}
          </p>
          {sharesDisk ? <p className="notice">{t("backups.sameDisk")}</p> : null}
          {done === "started" ? <FormMessage tone="ok">{t("backups.started")}</FormMessage> : null}
          {done === "running" ? <FormMessage tone="ok">{t("backups.already")}</FormMessage> : null}
          {running && !done ? (
            <p className="notice" role="status">
              {t("backups.running")}
            </p>
          ) : null}
          <form method="post" className="form">
            <CsrfInput />
            <button type="submit" className="button">
              {t("backups.now")}
            </button>
          </form>

          <section aria-labelledby="on-disk">
            <h2 id="on-disk">{t("backups.listTitle")}</h2>
            {backups.length === 0 ? (
              <p className="muted">{t("backups.none")}</p>
            ) : (
              <div className="scroll">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("backups.time")}</th>
                      <th scope="col">{t("backups.size")}</th>
                      <th scope="col">{t("backups.orders")}</th>
                      <th scope="col">{t("backups.verified")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {backups.map((b) => (
                      <tr key={b.name}>
                        <th scope="row">
                          {b.made}
                          {b.file ? (
                            <>
                              <br />
                              <code className="small">{b.file}</code>
                            </>
                          ) : null}
                        </th>
                        <td>{b.size}</td>
                        <td>{b.orders}</td>
                        <td>
                          <span className={b.verified ? "status-approved" : "status-rejected"}>{b.verified ? t("backups.yes") : t("backups.no")}</span>
                          <br />
                          <span className="small muted">{t("backups.photos", b.photos)}</span>
                          {b.problems.length > 0 ? (
                            <ul className="photo-problems small">
                              {b.problems.map((problem, index) => (
                                <li key={index}>
                                  <code>{problem}</code>
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}

      <section aria-labelledby="restoring">
        <h2 id="restoring">{t("backups.restoreTitle")}</h2>
        <p>{t("backups.restore")}</p>
        <p>
          <code>npm run db:restore -- {dir ?? "data/backups"}/auyl-….db</code>
        </p>
        <p className="muted">{t("backups.restoreAfter")}</p>
      </section>
    </>
  );
}
