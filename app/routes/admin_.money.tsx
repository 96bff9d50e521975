import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getMoneyOverview } from "~/domain/escrow/money.server";
import { submitCommissionRates, submitPayoutBatch } from "~/web/money-forms.server";
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
  const overview = getMoneyOverview(getDb(), { batchId: Number.isSafeInteger(batchParam) && batchParam > 0 ? batchParam : undefined });
  return {
    title: t("admin.title"),
    language,
    done: params.get("done"),
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
    batch: overview.batch ? { ...overview.batch, date: formatDateTime(overview.batch.createdAt, language) } : null,
    recentBatches: overview.recentBatches.map((b) => ({ id: b.id, totalTiyn: b.totalTiyn, date: formatDate(b.createdAt, language) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

type Failure =
  | { intent: "rates"; values: { platform: string; coop: string }; errors: { platform?: string; coop?: string } }
  | { intent: "payout"; values: { minimum: string }; errors: { minimum?: string; form?: string } };

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
  throw new Response(null, { status: 400 });
}

export default function AdminMoney() {
  const { language, done, payoutKey, rates, problems, totals, batch, recentBatches } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const money = (tiyn: number) => formatMoney(tiyn, language);
  const ratesFailure = failure?.intent === "rates" ? failure : undefined;
  const payoutFailure = failure?.intent === "payout" ? failure : undefined;
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

        {batch ? (
          <section id="batch" className="panel" aria-labelledby="batch-title">
            <h3 id="batch-title">{t("admin.payout.batch", { id: batch.batchId, date: batch.date })}</h3>
            <p>{t("admin.payout.total", { amount: money(batch.totalTiyn) })}</p>
            <div className="scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("admin.payout.seller")}</th>
                    <th scope="col">{t("admin.payout.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {batch.lines.map((line) => (
                    <tr key={line.sellerId}>
                      <th scope="row">
                        {line.sellerName ?? "—"} <span className="muted">#{line.sellerId}</span>
                      </th>
                      <td>{money(line.amountTiyn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}

        <h3>{t("admin.payout.recent")}</h3>
        {recentBatches.length === 0 ? (
          <p className="muted">{t("admin.payout.noBatches")}</p>
        ) : (
          <ul className="list">
            {recentBatches.map((b) => (
              <li key={b.id}>
                <Link to={`/admin/money?batch=${b.id}#batch`}>{t("admin.payout.batch", { id: b.id, date: b.date })}</Link> · {money(b.totalTiyn)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
