import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getActor, getSendLimits, safeRedirectPath, signInCookie, requireAllowed } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { requestSignInCode } from "~/domain/identity/codes.server";
import { normalizePhone } from "~/domain/identity/phone";
import { deliverSoon, isDevOutboxActive } from "~/domain/notify/outbox.server";
import { getLanguage, getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";

export async function loader({ request }: LoaderFunctionArgs) {
  requireAllowed(request, "signin");
  const { t } = await getT(request, "identity");
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
  return { title: t("signin.title"), redirectTo, devOutbox: isDevOutboxActive() && can(getActor(request), "outbox.view").ok };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Step one: a phone number in any usual spelling → a code by SMS. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireAllowed(request, "signin");
  const typed = String(form.get("phone") ?? "").slice(0, 40);
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "");
  const phone = normalizePhone(typed);
  if (!phone.ok) return data({ values: { phone: typed }, error: phone.reason }, { status: 400 });
  const result = requestSignInCode(
    getDb(),
    { phone: phone.phone, ip: context.clientIp, language: await getLanguage(request) },
    new Date(),
    getSendLimits(),
  );
  if (!result.ok) throw new Response(null, { status: 429 });
  deliverSoon();
  return redirect("/signin/code", {
    status: 303,
    headers: { "Set-Cookie": await signInCookie().serialize({ phone: phone.phone, redirectTo }) },
  });
}

export default function SignIn() {
  const { redirectTo, devOutbox } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("signin.title")}</h1>
      <p>{t("signin.intro")}</p>
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          label={t("signin.phoneLabel")}
          hint={t("signin.phoneHint")}
          defaultValue={actionData?.values.phone}
          error={actionData ? t(actionData.error) : undefined}
          autoFocus={Boolean(actionData)}
          maxLength={40}
          required
        />
        <button type="submit" className="button">
          {t("signin.send")}
        </button>
      </form>
      {devOutbox ? (
        <FormMessage tone="ok">
          {t("signin.devOutboxNote")} <Link to="/dev/sms">{t("outbox.title")}</Link>
        </FormMessage>
      ) : null}
    </>
  );
}
