import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { applyToSell } from "~/domain/identity/sellers.server";
import { personText } from "~/domain/identity/person-text";
import { parseTaxId } from "~/domain/identity/tax-id";
import { getUser, listVillageChoices } from "~/domain/identity/users.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { refusalKey } from "~/i18n/refusals";
import { getVillage } from "~/domain/geo/geo.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "seller.apply", () => ({ type: "village", villageId: 0 }));
  const { language, t } = await getT(request, "identity");
  const db = getDb();
  return {
    title: t("apply.title"),
    language,
    villages: listVillageChoices(db),
    village: new URL(request.url).searchParams.get("village") ?? "",
    name: getUser(db, actor.userId)?.displayName ?? "",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

const applyForm = z.object({
  village: z.string().regex(/^[a-z0-9-]{1,64}$/, "identity.village_required"),
  name: personText("line", z.string().min(1, "identity.name_required").max(100, "identity.name_too_long")),
  craft: personText("lines", z.string().min(1, "identity.craft_required").max(500, "identity.craft_too_long")),
  taxId: z.string().trim().max(20, "identity.tax_id_format"),
});

type Values = z.input<typeof applyForm>;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const values: Values = {
    village: String(form.get("village") ?? ""),
    name: String(form.get("name") ?? ""),
    craft: String(form.get("craft") ?? ""),
    taxId: String(form.get("taxId") ?? ""),
  };
  const db = getDb();
  const village = getVillage(db, values.village);
  // Anyone signed in may apply, in a village that exists.
  const actor = requireActor(request, "seller.apply", () => ({ type: "village", villageId: village?.id ?? 0 }));
  const errors: Partial<Record<keyof Values, string>> = {};
  const parsed = applyForm.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof Values] ??= issue.message;
  }
  if (!village) errors.village ??= "identity.village_required";
  const taxId = values.taxId.trim() ? parseTaxId(values.taxId) : null;
  if (taxId && !taxId.ok) errors.taxId ??= taxId.reason;
  if (!parsed.success || !village || (taxId && !taxId.ok)) return data({ values, errors, refusal: null }, { status: 400 });
  const result = applyToSell(
    db,
    {
      userId: actor.userId,
      villageSlug: village.slug,
      name: parsed.data.name,
      craft: parsed.data.craft,
      taxId: taxId?.ok ? { value: taxId.value, kind: taxId.kind } : null,
      ip: context.clientIp,
    },
    new Date(),
  );
  if (!result.ok) return data({ values, errors, refusal: result.reason }, { status: 400 });
  return redirect("/seller", 303);
}

export default function Apply() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  const values = actionData?.values ?? { village: loaded.village, name: loaded.name, craft: "", taxId: "" };
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const firstInvalid = ["village", "name", "craft", "taxId"].find((field) => errors[field]);
  return (
    <>
      <h1>{t("apply.title")}</h1>
      <p>{t("apply.intro")}</p>
      {actionData?.refusal ? <FormMessage>{t(refusalKey(actionData.refusal))}</FormMessage> : null}
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <div className="field">
          <label htmlFor="village">{t("apply.village")}</label>
          <select
            id="village"
            name="village"
            defaultValue={values.village}
            aria-invalid={errors.village ? true : undefined}
            aria-describedby={errors.village ? "village-error" : undefined}
            autoFocus={firstInvalid === "village"}
            required
          >
            <option value="">{t("apply.chooseVillage")}</option>
            {loaded.villages.map((village) => (
              <option key={village.id} value={village.slug}>
                {localized(village, "name", loaded.language)}
              </option>
            ))}
          </select>
          {errors.village ? (
            <p id="village-error" className="field-error">
              {t(refusalKey(errors.village))}
            </p>
          ) : null}
        </div>
        <Field name="name" label={t("apply.name")} hint={t("apply.nameHint")} defaultValue={values.name} error={errors.name ? t(refusalKey(errors.name)) : undefined} autoFocus={firstInvalid === "name"} maxLength={100} required />
        <Field name="craft" label={t("apply.craft")} hint={t("apply.craftHint")} defaultValue={values.craft} error={errors.craft ? t(refusalKey(errors.craft)) : undefined} autoFocus={firstInvalid === "craft"} maxLength={500} multiline required />
        <Field name="taxId" label={t("apply.taxId")} hint={t("apply.taxIdHint")} inputMode="numeric" defaultValue={values.taxId} error={errors.taxId ? t(refusalKey(errors.taxId)) : undefined} autoFocus={firstInvalid === "taxId"} maxLength={20} />
        <button type="submit" className="button">
          {t("apply.submit")}
        </button>
      </form>
    </>
  );
}
