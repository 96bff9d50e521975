import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getMoneyOverview } from "~/domain/escrow/money.server";
import { submitCommissionRates, submitPayoutBatch, uploadedText } from "~/web/money-forms.server";
import { listRefusedPaymentEvents } from "~/domain/payments/payments.server";
import { failPayoutLine, getPayoutBatchDetail, importBankConfirmation, sellersWithoutDestination, type ImportOutcome } from "~/domain/payouts/payout-batches.server";
import { carriersWithoutPayee } from "~/domain/payouts/lane-payees.server";
import { getPlatformEntity, setPlatformEntity } from "~/domain/payouts/platform-entity.server";
import { maskIban } from "~/domain/payouts/iban";
import { refusalKey, refusalKeys } from "~/i18n/refusals";
import { getT } from "~/web/language.server";
import { formatDate, formatDateTime } from "~/i18n/format";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { formatMoney } from "~/i18n/money";
import { bpToPercentText, formatRateBp } from "~/i18n/money";

export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "money.admin");
  const { language, t } = await getT(request, "money");
  const params = new URL(request.url).searchParams;
  const batchParam = Number(params.get("batch"));
  const batchId = Number.isSafeInteger(batchParam) && batchParam > 0 ? batchParam : undefined;
  const overview = getMoneyOverview(getDb());
  const detail = batchId ? getPayoutBatchDetail(getDb(), batchId) : null;
  const entity = getPlatformEntity(getDb());
  return {
    title: t("admin.title"),
    language,
    done: params.get("done"),
    // A refused export (from the bank-file route): a refusal code, worded on the page.
    problem: /^payouts\.[a-z_]+$/.test(params.get("problem") ?? "") ? refusalKey(params.get("problem")!) : null,
    // A new key for each page shown: a repeated submit of this page's form shows the same batch.
    payoutKey: randomUUID(),
    rates: {
      platform: bpToPercentText(overview.rates.platformBp, language),
      coop: bpToPercentText(overview.rates.coopBp, language),
      platformShown: formatRateBp(overview.rates.platformBp, language),
      coopShown: formatRateBp(overview.rates.coopBp, language),
    },
    problems: overview.problems,
    totals: overview.totals,
    batch: detail ? { ...detail, date: formatDateTime(detail.createdAt, language) } : null,
    recentBatches: overview.recentBatches.map((b) => ({ id: b.id, totalTiyn: b.totalTiyn, status: b.status, date: formatDate(b.createdAt, language) })),
    waiting: sellersWithoutDestination(getDb()),
    carriersWaiting: carriersWithoutPayee(getDb()),
    entity: entity ? { ...entity, ibanShown: maskIban(entity.iban) } : null,
    refused: listRefusedPaymentEvents(getDb()).map((e) => ({ ...e, when: formatDateTime(e.receivedAt, language) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

type Failure =
  | { intent: "rates"; values: { platform: string; coop: string }; errors: { platform?: string; coop?: string } }
  | { intent: "payout"; values: { minimum: string }; errors: { minimum?: string; form?: string } }
  | { intent: "entity"; values: { name: string; bin: string; iban: string }; errors: { name?: string; bin?: string; iban?: string } }
  | { intent: "batch"; error: string }
  | { intent: "import"; error?: string; outcome?: ImportOutcome };

/** Set the commission rates, or create a payout batch (idempotent by the form's hidden key). */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, "money.admin");
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "").slice(0, 100);
  const now = new Date();
  const intent = text("intent");
  if (intent === "rates") {
    const values = { platform: text("platform"), coop: text("coop") };
    const result = submitCommissionRates(getDb(), { ...values, actorUserId: actor.userId, ip: context.clientIp }, now);
    if (!result.ok) return data({ intent, values, errors: result.errors } satisfies Failure, { status: 400 });
    return redirect("/admin/money?done=rates", 303);
  }
  if (intent === "payout") {
    const values = { minimum: text("minimum") };
    const result = submitPayoutBatch(getDb(), { formKey: text("key"), minimum: values.minimum, actorUserId: actor.userId }, now);
    if (!result.ok) {
      const errors: { minimum?: string; form?: string } = result.errors;
      return data({ intent, values, errors } satisfies Failure, { status: result.status });
    }
    return redirect(result.batchId === null ? "/admin/money?done=nothing" : `/admin/money?batch=${result.batchId}#batch`, 303);
  }
  if (intent === "entity") {
    const values = { name: text("name"), bin: text("bin"), iban: text("iban") };
    const result = setPlatformEntity(getDb(), { ...values, actorUserId: actor.userId, ip: context.clientIp }, now);
    if (!result.ok) return data({ intent, values, errors: refusalKeys(result.errors) } satisfies Failure, { status: 400 });
    return redirect("/admin/money?done=entity#entity", 303);
  }
  const batchId = Number(text("batch"));
  if (intent === "fail") {
    const result = failPayoutLine(getDb(), { lineId: Number(text("line")), actorUserId: actor.userId }, now);
    if (!result.ok) return data({ intent: "batch", error: refusalKey(result.reason) } satisfies Failure, { status: 409 });
    return redirect(`/admin/money?batch=${batchId}#batch`, 303);
  }
  if (intent === "import") {
    const upload = await uploadedText(form, "statement");
    if (!upload) return data({ intent, error: "money:admin.payout.import.noFile" } satisfies Failure, { status: 400 });
    const result = importBankConfirmation(getDb(), { text: upload.text, actorUserId: actor.userId, ip: context.clientIp }, now);
    if (!result.ok) return data({ intent, error: refusalKey(result.reason) } satisfies Failure, { status: 400 });
    return data({ intent, outcome: result.outcome } satisfies Failure);
  }
  throw new Response(null, { status: 400 });
}

export default function AdminMoney() {
  const { language, done, problem, payoutKey, rates, problems, totals, batch, recentBatches, waiting, carriersWaiting, entity, refused } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const money = (tiyn: number) => formatMoney(tiyn, language);
  const ratesFailure = failure?.intent === "rates" ? failure : undefined;
  const payoutFailure = failure?.intent === "payout" ? failure : undefined;
  const entityFailure = failure?.intent === "entity" ? failure : undefined;
  const batchFailure = failure?.intent === "batch" ? failure : undefined;
  const imported = failure?.intent === "import" ? failure : undefined;
  const importError = imported && "error" in imported ? imported.error : undefined;
  const importOutcome = imported && "outcome" in imported ? imported.outcome : undefined;
  return (
    <>
      <p>
        <Link to="/admin">← {t("identity:admin.title")}</Link>
      </p>
      <h1>{t("admin.title")}</h1>

      <section aria-labelledby="health">
        <h2 id="health">{t("admin.health.title")}</h2>
        {problems.length === 0 ? (
          <p className="notice" role="status">
            {t("admin.health.balanced")}
          </p>
        ) : (
          <>
            <FormMessage>{t("admin.health.broken")}</FormMessage>
            <ul className="list">
              {problems.map((problem, index) => (
                <li key={index}>
                  <code>{problem}</code>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="totals">
        <h2 id="totals">{t("admin.totals.title")}</h2>
        <div className="scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin.totals.kind")}</th>
                <th scope="col">{t("admin.totals.accounts")}</th>
                <th scope="col">{t("admin.totals.balance")}</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((row) => (
                <tr key={row.kind}>
                  <th scope="row">{t(`admin.kind.${row.kind}`)}</th>
                  <td>{row.accounts}</td>
                  <td>{money(row.balanceTiyn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="rates">
        <h2 id="rates">{t("admin.rates.title")}</h2>
        <p>{t("admin.rates.current", { platform: rates.platformShown, coop: rates.coopShown })}</p>
        <p className="muted">{t("admin.rates.intro")}</p>
        {done === "rates" ? <FormMessage tone="ok">{t("admin.rates.saved")}</FormMessage> : null}
        <form method="post" className="form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="rates" />
          <Field
            name="platform"
            inputMode="text"
            label={t("admin.rates.platform")}
            hint={t("admin.rates.hint")}
            defaultValue={ratesFailure?.values.platform ?? rates.platform}
            error={ratesFailure?.errors.platform ? t(ratesFailure.errors.platform) : undefined}
            autoFocus={Boolean(ratesFailure?.errors.platform)}
            maxLength={8}
            required
          />
          <Field
            name="coop"
            inputMode="text"
            label={t("admin.rates.coop")}
            defaultValue={ratesFailure?.values.coop ?? rates.coop}
            error={ratesFailure?.errors.coop ? t(ratesFailure.errors.coop) : undefined}
            autoFocus={Boolean(ratesFailure?.errors.coop && !ratesFailure.errors.platform)}
            maxLength={8}
            required
          />
          <button type="submit" className="button">
            {t("admin.rates.save")}
          </button>
        </form>
      </section>

      <section id="entity" aria-labelledby="entity-title">
        <h2 id="entity-title">{t("admin.entity.title")}</h2>
        <p className="muted">{t("admin.entity.intro")}</p>
        {entity ? <p>{t("admin.entity.current", { name: entity.name, bin: entity.bin, iban: entity.ibanShown, bic: entity.bic })}</p> : <FormMessage>{t("admin.entity.missing")}</FormMessage>}
        {done === "entity" ? <FormMessage tone="ok">{t("admin.entity.saved")}</FormMessage> : null}
        <form method="post" className="form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="entity" />
          <Field
            name="name"
            label={t("admin.entity.name")}
            defaultValue={entityFailure?.values.name ?? entity?.name ?? ""}
            error={entityFailure?.errors.name ? t(entityFailure.errors.name) : undefined}
            autoFocus={Boolean(entityFailure?.errors.name)}
            maxLength={200}
            required
          />
          <Field
            name="bin"
            inputMode="numeric"
            label={t("admin.entity.bin")}
            defaultValue={entityFailure?.values.bin ?? entity?.bin ?? ""}
            error={entityFailure?.errors.bin ? t(entityFailure.errors.bin) : undefined}
            autoFocus={Boolean(entityFailure?.errors.bin && !entityFailure.errors.name)}
            maxLength={20}
            required
          />
          <Field
            name="iban"
            label={t("admin.entity.iban")}
            defaultValue={entityFailure?.values.iban ?? ""}
            error={entityFailure?.errors.iban ? t(entityFailure.errors.iban) : undefined}
            autoFocus={Boolean(entityFailure?.errors.iban && !entityFailure.errors.name && !entityFailure.errors.bin)}
            maxLength={40}
            required
          />
          <button type="submit" className="button">
            {t("admin.entity.save")}
          </button>
        </form>
      </section>

      {refused.length > 0 ? (
        <section aria-labelledby="refused">
          <h2 id="refused">{t("admin.refused.title")}</h2>
          <FormMessage>{t("admin.refused.intro")}</FormMessage>
          <div className="scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.refused.when")}</th>
                  <th scope="col">{t("admin.refused.reference")}</th>
                  <th scope="col">{t("admin.refused.received")}</th>
                  <th scope="col">{t("admin.refused.expected")}</th>
                </tr>
              </thead>
              <tbody>
                {refused.map((e) => (
                  <tr key={e.id}>
                    <td>{e.when}</td>
                    <th scope="row">
                      <code>{e.reference ?? "—"}</code> · {t(`admin.refused.outcome.${e.outcome === "amount_mismatch" ? "amount_mismatch" : "unknown_payment"}`)}
                    </th>
                    <td>{e.amountTiyn === null ? "—" : money(e.amountTiyn)}</td>
                    <td>{e.expectedTiyn === null ? "—" : money(e.expectedTiyn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <p>
        <Link to="/admin/money/reconciliation">{t("admin.reconcile.link")}</Link>
      </p>

      <section aria-labelledby="payouts">
        <h2 id="payouts">{t("admin.payout.title")}</h2>
        <p className="muted">{t("admin.payout.intro")}</p>
        {done === "nothing" ? <FormMessage tone="ok">{t("admin.payout.none")}</FormMessage> : null}
        {payoutFailure?.errors.form ? <FormMessage>{t(payoutFailure.errors.form)}</FormMessage> : null}
        <form method="post" className="form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="payout" />
          <input type="hidden" name="key" value={payoutKey} />
          <Field
            name="minimum"
            inputMode="numeric"
            label={t("admin.payout.minimum")}
            hint={t("admin.payout.minimumHint")}
            defaultValue={payoutFailure?.values.minimum ?? ""}
            error={payoutFailure?.errors.minimum ? t(payoutFailure.errors.minimum) : undefined}
            autoFocus={Boolean(payoutFailure?.errors.minimum)}
            maxLength={20}
          />
          <button type="submit" className="button">
            {t("admin.payout.create")}
          </button>
        </form>

        {waiting.length > 0 ? (
          <section aria-labelledby="waiting">
            <h3 id="waiting">{t("admin.payout.waiting.title")}</h3>
            <p className="muted">{t("admin.payout.waiting.intro")}</p>
            <ul className="list">
              {waiting.map((w) => (
                <li key={w.sellerId}>
                  {w.name ?? "—"} <span className="muted">#{w.sellerId}</span> · {money(w.payableTiyn)}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {carriersWaiting.length > 0 ? (
          <section aria-labelledby="carriers-waiting">
            <h3 id="carriers-waiting">{t("admin.payout.carriers.title")}</h3>
            <p className="muted">{t("admin.payout.carriers.intro")}</p>
            <ul className="list">
              {carriersWaiting.map((c) => (
                <li key={c.laneId}>
                  {c.carrierName} <span className="muted">#{c.laneId}</span> · {money(c.payableTiyn)} ·{" "}
                  <Link to={`/coordinator/${c.villageSlug}/lanes/${c.laneId}/payee`}>{t("admin.payout.carriers.set")}</Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {batch ? (
          <section id="batch" className="panel" aria-labelledby="batch-title">
            <h3 id="batch-title">{t("admin.payout.batch", { id: batch.batchId, date: batch.date })}</h3>
            <p>
              {t("admin.payout.total", { amount: money(batch.totalTiyn) })} · {t("admin.payout.state", { status: t(`admin.payout.status.${batch.status}`) })}
            </p>
            {batchFailure ? <FormMessage>{t(batchFailure.error)}</FormMessage> : null}
            {problem ? <FormMessage>{t(problem)}</FormMessage> : null}
            <div className="scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("admin.payout.seller")}</th>
                    <th scope="col">{t("admin.payout.reference")}</th>
                    <th scope="col">{t("admin.payout.destination")}</th>
                    <th scope="col">{t("admin.payout.amount")}</th>
                    <th scope="col">{t("admin.payout.lineStatus")}</th>
                  </tr>
                </thead>
                <tbody>
                  {batch.lines.map((line) => (
                    <tr key={line.lineId}>
                      <th scope="row">
                        {line.laneId !== null ? (
                          <>
                            {t("admin.payout.carriers.carrier", { name: line.carrierName ?? line.holderName ?? "—" })} <span className="muted">#{line.laneId}</span>
                          </>
                        ) : (
                          <>
                            {line.sellerName ?? "—"} <span className="muted">#{line.sellerId}</span>
                          </>
                        )}
                      </th>
                      <td>
                        <code>{line.reference}</code>
                      </td>
                      <td>{line.ibanMasked ?? "—"}</td>
                      <td>{money(line.amountTiyn)}</td>
                      <td>
                        {t(`admin.payout.status.${line.status}`)}
                        {line.failureReason === "bank" || line.failureReason === "admin" ? <span className="muted"> · {t(`admin.payout.failedBy.${line.failureReason}`)}</span> : null}
                        {line.status === "exported" ? (
                          <form method="post" className="inline">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="fail" />
                            <input type="hidden" name="batch" value={batch.batchId} />
                            <input type="hidden" name="line" value={line.lineId} />
                            <button type="submit" className="button secondary">
                              {t("admin.payout.fail")}
                            </button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">{t("admin.payout.exportIntro")}</p>
            {(["1c", "csv"] as const).map((format) => (
              <form key={format} method="post" action={`/admin/money/batches/${batch.batchId}/export`} className="inline">
                <CsrfInput />
                <input type="hidden" name="format" value={format} />
                <button type="submit" className="button">
                  {t(format === "1c" ? "admin.payout.export1c" : "admin.payout.exportCsv")}
                </button>
              </form>
            ))}
          </section>
        ) : null}

        <section id="import" aria-labelledby="import-title">
          <h3 id="import-title">{t("admin.payout.import.title")}</h3>
          <p className="muted">{t("admin.payout.import.intro")}</p>
          {importError ? <FormMessage>{t(importError)}</FormMessage> : null}
          {importOutcome ? (
            <div>
              <FormMessage tone="ok">{t("admin.payout.import.done", { confirmed: importOutcome.confirmed, failed: importOutcome.failed })}</FormMessage>
              {importOutcome.unmatched.length > 0 ? (
                <>
                  <p>{t("admin.payout.import.unmatched")}</p>
                  <ul className="list">
                    {importOutcome.unmatched.map((u: ImportOutcome["unmatched"][number], index: number) => (
                      <li key={index}>
                        <code>{u.reference}</code> · {money(u.amountTiyn)} · {t(`admin.payout.import.why.${u.why}`)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          ) : null}
          <form method="post" encType="multipart/form-data" className="form">
            <CsrfInput />
            <input type="hidden" name="intent" value="import" />
            <div className="field">
              <label htmlFor="statement">{t("admin.payout.import.file")}</label>
              <input id="statement" type="file" name="statement" accept=".txt,.csv,text/plain,text/csv" required aria-invalid={importError ? true : undefined} />
            </div>
            <button type="submit" className="button">
              {t("admin.payout.import.submit")}
            </button>
          </form>
        </section>

        <h3>{t("admin.payout.recent")}</h3>
        {recentBatches.length === 0 ? (
          <p className="muted">{t("admin.payout.noBatches")}</p>
        ) : (
          <ul className="list">
            {recentBatches.map((b) => (
              <li key={b.id}>
                <Link to={`/admin/money?batch=${b.id}#batch`}>{t("admin.payout.batch", { id: b.id, date: b.date })}</Link> · {money(b.totalTiyn)} ·{" "}
                {t(`admin.payout.status.${b.status}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
