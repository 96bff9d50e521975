import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getThresholds, submitThresholds, type Thresholds, type ThresholdsErrors, type ThresholdsForm } from "~/domain/insights/thresholds.server";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { refusalKeys } from "~/i18n/refusals";
import { formatMoney } from "~/i18n/money";
import { bpToPercentText } from "~/i18n/money";

const FIELDS = ["gmvYuan", "tiynPerYuan", "activeShops", "householdsShareBp", "districtVillages", "emergingShareBp"] as const satisfies readonly (keyof Thresholds)[];

export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "insights.settings");
  const { language, t } = await getT(request, "analytics");
  const current = getThresholds(getDb());
  const values: ThresholdsForm = {
    gmvYuan: String(current.gmvYuan),
    tiynPerYuan: bpToPercentText(current.tiynPerYuan, language),
    activeShops: String(current.activeShops),
    householdsShareBp: bpToPercentText(current.householdsShareBp, language),
    districtVillages: String(current.districtVillages),
    emergingShareBp: bpToPercentText(current.emergingShareBp, language),
  };
  return {
    title: t("thresholds.title"),
    values,
    thresholdTenge: formatMoney(current.gmvYuan * current.tiynPerYuan, language),
    saved: new URL(request.url).searchParams.get("done") === "saved",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, "insights.settings");
  const form = await readForm(request);
  const values = Object.fromEntries(FIELDS.map((name) => [name, String(form.get(name) ?? "").slice(0, 40)])) as ThresholdsForm;
  const result = submitThresholds(getDb(), values, { actorUserId: actor.userId, ip: context.clientIp ?? null }, new Date());
  if (!result.ok) return data({ values, errors: refusalKeys(result.errors) as ThresholdsErrors }, { status: 400 });
  return redirect("/admin/insights?done=saved", 303);
}

export default function AdminInsights() {
  const { title, values, thresholdTenge, saved } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("analytics");
  const shown = failure?.values ?? values;
  const errors: ThresholdsErrors = failure?.errors ?? {};
  const firstInvalid = FIELDS.find((name) => errors[name]);
  const labels: Record<(typeof FIELDS)[number], { label: string; hint: string; inputMode: "numeric" | "text" }> = {
    gmvYuan: { label: t("thresholds.gmvYuan"), hint: t("thresholds.gmvYuanHint"), inputMode: "numeric" },
    tiynPerYuan: { label: t("thresholds.rate"), hint: `${t("thresholds.rateHint")} ${t("thresholds.rateNote")}`, inputMode: "text" },
    activeShops: { label: t("thresholds.activeShops"), hint: t("thresholds.activeShopsHint"), inputMode: "numeric" },
    householdsShareBp: { label: t("thresholds.householdsShare"), hint: t("thresholds.householdsShareHint"), inputMode: "text" },
    districtVillages: { label: t("thresholds.districtVillages"), hint: t("thresholds.districtVillagesHint"), inputMode: "numeric" },
    emergingShareBp: { label: t("thresholds.emerging"), hint: t("thresholds.emergingHint"), inputMode: "text" },
  };
  return (
    <>
      <p>
        <Link to="/admin">← {t("identity:admin.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t("thresholds.intro")}</p>
      <p className="notice">{t("thresholds.rateNote")}</p>
      <p>{t("thresholds.current", { amount: thresholdTenge })}</p>
      {saved ? <FormMessage tone="ok">{t("thresholds.saved")}</FormMessage> : null}
      <form method="post" className="form" noValidate>
        <CsrfInput />
        {FIELDS.map((name) => (
          <Field
            key={name}
            name={name}
            label={labels[name].label}
            hint={labels[name].hint}
            inputMode={labels[name].inputMode}
            defaultValue={shown[name]}
            error={errors[name] ? t(errors[name]!) : undefined}
            autoFocus={firstInvalid === name}
            maxLength={20}
            required
          />
        ))}
        <button type="submit" className="button">
          {t("thresholds.save")}
        </button>
      </form>
      <p>
        <Link to="/insights">{t("nav")}</Link>
      </p>
    </>
  );
}
