import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { listReconciliationRuns, reconcileBankStatement, reconcileProviderCsv, reconcileProviderFromApi } from "~/domain/payouts/reconciliation.server";
import { uploadedText } from "~/web/money-forms.server";
import { getT } from "~/web/language.server";
import { formatDateTime } from "~/i18n/format";
import { formatMoney } from "~/i18n/money";
import { refusalKey } from "~/i18n/refusals";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";

/** The admin's reconciliation (issue 15 §4): the ledger against the provider's list and the bank's statement; nothing is corrected here. */
export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "money.admin");
  const { language, t } = await getT(request, "money");
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return {
    title: t("admin.reconcile.title"),
    language,
    yesterday,
    runs: listReconciliationRuns(getDb()).map((run) => ({ ...run, date: formatDateTime(run.createdAt, language) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

type Failure = { intent: "provider" | "upload"; day: string; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const actor = requireActor(request, "money.admin");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const day = String(form.get("day") ?? "").slice(0, 10);
  const now = new Date();
  if (intent === "provider") {
    const result = await reconcileProviderFromApi(getDb(), { day, actorUserId: actor.userId }, now);
    if (!result.ok) return data({ intent, day, error: refusalKey(result.reason) } satisfies Failure, { status: result.reason === "payouts.provider_failed" ? 502 : 400 });
    return redirect("/admin/money/reconciliation#runs", 303);
  }
  if (intent === "upload") {
    const upload = await uploadedText(form, "file");
    if (!upload) return data({ intent, day, error: "money:admin.reconcile.upload.noFile" } satisfies Failure, { status: 400 });
    const result =
      String(form.get("source")) === "provider"
        ? reconcileProviderCsv(getDb(), { text: upload.text, day, actorUserId: actor.userId }, now)
        : reconcileBankStatement(getDb(), { text: upload.text, label: upload.filename || "statement", actorUserId: actor.userId }, now);
    if (!result.ok) return data({ intent, day, error: refusalKey(result.reason) } satisfies Failure, { status: 400 });
    return redirect("/admin/money/reconciliation#runs", 303);
  }
  throw new Response(null, { status: 400 });
}

export default function Reconciliation() {
  const { language, yesterday, runs } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const money = (tiyn: number | null) => (tiyn === null ? "—" : formatMoney(tiyn, language));
  return (
    <>
      <p>
        <Link to="/admin/money">← {t("admin.title")}</Link>
      </p>
      <h1>{t("admin.reconcile.title")}</h1>
      <p className="muted">{t("admin.reconcile.intro")}</p>

      <section aria-labelledby="provider">
        <h2 id="provider">{t("admin.reconcile.provider.title")}</h2>
        {failure?.intent === "provider" ? <FormMessage>{t(failure.error)}</FormMessage> : null}
        <form method="post" className="form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="provider" />
          <Field name="day" label={t("admin.reconcile.provider.day")} defaultValue={failure?.day || yesterday} required />
          <button type="submit" className="button">
            {t("admin.reconcile.provider.fetch")}
          </button>
        </form>
      </section>

      <section aria-labelledby="upload">
        <h2 id="upload">{t("admin.reconcile.upload.title")}</h2>
        {failure?.intent === "upload" ? <FormMessage>{t(failure.error)}</FormMessage> : null}
        <form method="post" encType="multipart/form-data" className="form">
          <CsrfInput />
          <input type="hidden" name="intent" value="upload" />
          <fieldset>
            <legend>{t("admin.reconcile.upload.source")}</legend>
            <label>
              <input type="radio" name="source" value="bank" defaultChecked /> {t("admin.reconcile.upload.sourceBank")}
            </label>
            <label>
              <input type="radio" name="source" value="provider" /> {t("admin.reconcile.upload.sourceProvider")}
            </label>
          </fieldset>
          <Field name="day" label={t("admin.reconcile.provider.day")} defaultValue={failure?.day || yesterday} />
          <div className="field">
            <label htmlFor="reconcile-file">{t("admin.reconcile.upload.file")}</label>
            <input id="reconcile-file" type="file" name="file" accept=".txt,.csv,text/plain,text/csv" required />
          </div>
          <button type="submit" className="button">
            {t("admin.reconcile.upload.submit")}
          </button>
        </form>
      </section>

      <section id="runs" aria-labelledby="runs-title">
        <h2 id="runs-title">{t("admin.reconcile.runs")}</h2>
        {runs.length === 0 ? <p className="muted">{t("admin.reconcile.none")}</p> : null}
        {runs.map((run) => (
          <section key={run.id} className="panel" aria-labelledby={`run-${run.id}`}>
            <h3 id={`run-${run.id}`}>{t("admin.reconcile.run", { source: t(`admin.reconcile.source.${run.source}`), label: run.label, date: run.date })}</h3>
            {run.items.every((i) => i.result === "matched") ? <FormMessage tone="ok">{t("admin.reconcile.allMatched")}</FormMessage> : null}
            <div className="scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("admin.reconcile.reference")}</th>
                    <th scope="col">{t("admin.reconcile.outcome")}</th>
                    <th scope="col">{t("admin.reconcile.ours")}</th>
                    <th scope="col">{t("admin.reconcile.theirs")}</th>
                  </tr>
                </thead>
                <tbody>
                  {run.items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">
                        <code>{item.reference}</code>
                      </th>
                      <td>{item.result === "matched" ? t("admin.reconcile.result.matched") : <strong>{t(`admin.reconcile.result.${item.result}`)}</strong>}</td>
                      <td>{money(item.oursTiyn)}</td>
                      <td>{money(item.theirsTiyn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>
    </>
  );
}
