import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getQualityThresholds, qualityThresholdsForm, submitQualityThresholds, type QualityThresholdsErrors, type QualityThresholdsForm } from "~/domain/trust/quality.server";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { refusalKeys } from "~/i18n/refusals";

const FIELDS = ["minRatingMilli", "maxCancellationsBp", "maxDelaysBp", "maxQualityReturnsBp", "minOrders"] as const;

/** The admin's thresholds of the quality index (issue 16 §5), stored in the database and audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "quality.settings");
  const { language, t } = await getT(request, "quality");
  return {
    title: t("admin.title"),
    values: qualityThresholdsForm(getQualityThresholds(getDb()), language),
    saved: new URL(request.url).searchParams.get("done") === "saved",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, "quality.settings");
  const form = await readForm(request);
  const values = Object.fromEntries(FIELDS.map((name) => [name, String(form.get(name) ?? "").slice(0, 20)])) as QualityThresholdsForm;
  const result = submitQualityThresholds(getDb(), values, { actorUserId: actor.userId, ip: context.clientIp ?? null }, new Date());
  if (!result.ok) return data({ values, errors: refusalKeys(result.errors) as QualityThresholdsErrors }, { status: 400 });
  return redirect("/admin/quality?done=saved", 303);
}

export default function AdminQuality() {
  const { title, values, saved } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("quality");
  const shown = failure?.values ?? values;
  const errors: QualityThresholdsErrors = failure?.errors ?? {};
  const firstInvalid = FIELDS.find((name) => errors[name]);
  const hint = (name: (typeof FIELDS)[number]) => (name === "minRatingMilli" ? t("admin.minRatingMilliHint") : name === "minOrders" ? t("admin.minOrdersHint") : t("admin.percentHint"));
  return (
    <>
      <p>
        <Link to="/admin">← {t("identity:admin.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t("admin.intro")}</p>
      {saved ? <FormMessage tone="ok">{t("admin.saved")}</FormMessage> : null}
      <form method="post" className="form" noValidate>
        <CsrfInput />
        {FIELDS.map((name) => (
          <Field
            key={name}
            name={name}
            label={t(`admin.${name}`)}
            hint={hint(name)}
            inputMode={name === "minOrders" ? "numeric" : "text"}
            defaultValue={shown[name]}
            error={errors[name] ? t(errors[name]!) : undefined}
            autoFocus={firstInvalid === name}
            maxLength={20}
            required
          />
        ))}
        <button type="submit" className="button">
          {t("admin.save")}
        </button>
      </form>
      <p>
        <Link to="/admin/moderation">{t("queue.link")}</Link>
      </p>
    </>
  );
}
