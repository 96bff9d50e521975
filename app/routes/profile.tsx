import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clearSessionCookie, requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { personText } from "~/domain/identity/person-text";
import { formatPhone } from "~/domain/identity/phone";
import { deleteAccount, getUser, signOutEverywhere, updateProfile } from "~/domain/identity/users.server";
import { LANGUAGES } from "~/i18n/config";
import { getT, serializeLanguageCookie } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { refusalKey } from "~/i18n/refusals";

const self = (actor: { userId: number }) => ({ type: "user" as const, userId: actor.userId });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "profile.view", self);
  const user = getUser(getDb(), actor.userId);
  if (!user?.phone) throw new Response(null, { status: 404 });
  const { t } = await getT(request, "identity");
  return {
    title: t("profile.title"),
    phone: formatPhone(user.phone),
    displayName: user.displayName ?? "",
    preferredLanguage: user.preferredLanguage,
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

const profileForm = z.object({
  displayName: personText("line", z.string().min(1, "identity.name_required").max(100, "identity.name_too_long")),
  preferredLanguage: z.enum(LANGUAGES),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = form.get("intent");
  const now = new Date();
  if (intent === "everywhere") {
    const actor = requireActor(request, "profile.edit", self);
    signOutEverywhere(getDb(), { userId: actor.userId, ip: context.clientIp }, now);
    return redirect("/", { status: 303, headers: { "Set-Cookie": clearSessionCookie(request) } });
  }
  if (intent === "delete") {
    const actor = requireActor(request, "profile.delete", self);
    if (form.get("confirm") !== "yes") {
      return data({ form: "delete" as const, values: { displayName: "", preferredLanguage: "" }, errors: { confirm: "identity.delete_confirm_required" } }, { status: 400 });
    }
    deleteAccount(getDb(), { userId: actor.userId, ip: context.clientIp }, now);
    return redirect("/", { status: 303, headers: { "Set-Cookie": clearSessionCookie(request) } });
  }
  const actor = requireActor(request, "profile.edit", self);
  const values = { displayName: String(form.get("displayName") ?? ""), preferredLanguage: String(form.get("preferredLanguage") ?? "") };
  const parsed = profileForm.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message.startsWith("identity.") ? issue.message : "identity.invalid";
    return data({ form: "profile" as const, values, errors }, { status: 400 });
  }
  updateProfile(getDb(), { userId: actor.userId, ...parsed.data, ip: context.clientIp }, now);
  // The pages follow the profile's language from now on, switcher included.
  return redirect("/profile?saved", { status: 303, headers: { "Set-Cookie": await serializeLanguageCookie(request, parsed.data.preferredLanguage) } });
}

export default function Profile() {
  const { phone, displayName, preferredLanguage, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const profileValues = actionData?.form === "profile" ? actionData.values : { displayName, preferredLanguage };
  return (
    <>
      <h1>{t("profile.title")}</h1>
      {saved ? <FormMessage tone="ok">{t("profile.saved")}</FormMessage> : null}
      <dl className="facts">
        <div>
          <dt>{t("profile.phone")}</dt>
          <dd>{phone}</dd>
        </div>
      </dl>
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="save" />
        <Field
          name="displayName"
          label={t("profile.displayName")}
          hint={t("profile.displayNameHint")}
          defaultValue={profileValues.displayName}
          error={errors.displayName ? t(refusalKey(errors.displayName)) : undefined}
          autoFocus={Boolean(errors.displayName)}
          autoComplete="name"
          maxLength={100}
          required
        />
        <div className="field">
          <label htmlFor="preferredLanguage">{t("profile.language")}</label>
          <select id="preferredLanguage" name="preferredLanguage" defaultValue={profileValues.preferredLanguage}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language}>
                {t(`common:language.${language}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("profile.save")}
        </button>
      </form>

      <h2>{t("profile.dataTitle")}</h2>
      <p>{t("profile.dataText")}</p>
      <p>
        <a href="/profile/data" download>
          {t("profile.download")}
        </a>
      </p>

      <h2>{t("profile.sessionsTitle")}</h2>
      <form method="post" action="/signout" className="inline">
        <CsrfInput />
        <button type="submit" className="button secondary">
          {t("profile.signOut")}
        </button>
      </form>
      <form method="post" className="inline">
        <CsrfInput />
        <input type="hidden" name="intent" value="everywhere" />
        <button type="submit" className="button secondary">
          {t("profile.signOutEverywhere")}
        </button>
      </form>

      <h2>{t("profile.deleteTitle")}</h2>
      <p>{t("profile.deleteText")}</p>
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="delete" />
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              name="confirm"
              value="yes"
              aria-invalid={errors.confirm ? true : undefined}
              aria-describedby={errors.confirm ? "confirm-error" : undefined}
              autoFocus={Boolean(errors.confirm)}
            />{" "}
            {t("profile.deleteConfirm")}
          </label>
          {errors.confirm ? (
            <p id="confirm-error" className="field-error">
              {t(refusalKey(errors.confirm))}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button danger">
          {t("profile.delete")}
        </button>
      </form>
    </>
  );
}
