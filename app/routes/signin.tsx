import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getActor, getSendLimits, safeRedirectPath, serializeSignInCookie, requireAllowed } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { getSignInChallenge, requestSignInCode } from "~/domain/identity/codes.server";
import { normalizePhone } from "~/domain/identity/phone";
import { deliverSoon, isDevOutboxActive } from "~/domain/notify/outbox.server";
import { getLanguage, getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";

export async function loader({ request }: LoaderFunctionArgs) {
  requireAllowed(request, "signin");
  const { t } = await getT(request, "identity");
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
  return {
    title: t("signin.title"),
    redirectTo,
    devOutbox: isDevOutboxActive() && can(getActor(request), "outbox.view").ok,
    // While many codes are asked for, the form asks everyone a check question first (decision 0012).
    challenge: getSignInChallenge(getDb(), new Date(), getSendLimits()),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Step one: a phone number in any usual spelling (and, under a flood, the check digits) → a code by SMS. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireAllowed(request, "signin");
  const typed = String(form.get("phone") ?? "").slice(0, 40);
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "");
  const values = { phone: typed };
  const phone = normalizePhone(typed);
  if (!phone.ok) return data({ values, error: phone.reason, challengeError: null, challenge: null }, { status: 400 });
  const token = form.get("challengeToken");
  const challenge = typeof token === "string" && token ? { token: token.slice(0, 200), typed: String(form.get("challenge") ?? "").slice(0, 20) } : null;
  const now = new Date();
  const result = requestSignInCode(getDb(), { phone: phone.phone, ip: context.clientIp, language: await getLanguage(request), challenge }, now, getSendLimits());
  if (!result.ok && result.reason !== "identity.too_many_codes") {
    // The number stays as typed; the form shows new digits to type.
    return data({ values, error: null, challengeError: result.reason, challenge: getSignInChallenge(getDb(), now, getSendLimits()) }, { status: 400 });
  }
  if (!result.ok) return data({ values, error: `signin.limit.${result.limit}` as const, challengeError: null, challenge: null }, { status: 429 });
  deliverSoon();
  return redirect("/signin/code", {
    status: 303,
    headers: { "Set-Cookie": serializeSignInCookie(request, { phone: phone.phone, redirectTo }, now) },
  });
}

export default function SignIn() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  const challenge = actionData?.challenge ?? loaderData.challenge;
  const limited = actionData?.error?.startsWith("signin.limit.") ? actionData.error : null;
  const phoneError = actionData?.error && !limited ? actionData.error : null;
  return (
    <>
      <h1>{t("signin.title")}</h1>
      <p>{t("signin.intro")}</p>
      {limited ? <FormMessage>{t(limited)}</FormMessage> : null}
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          label={t("signin.phoneLabel")}
          hint={t("signin.phoneHint")}
          defaultValue={actionData?.values.phone}
          error={phoneError ? t(phoneError) : undefined}
          autoFocus={Boolean(phoneError || limited)}
          maxLength={40}
          required
        />
        {challenge ? (
          <>
            <input type="hidden" name="challengeToken" value={challenge.token} />
            <Field
              // A new question has a new key: the browser must not keep the old answer.
              key={challenge.token}
              name="challenge"
              inputMode="numeric"
              autoComplete="off"
              label={
                <>
                  {t("signin.challengeLabel")} <span className="challenge-digits">{challenge.digits}</span>
                </>
              }
              hint={t("signin.challengeHint")}
              error={actionData?.challengeError ? t(actionData.challengeError) : undefined}
              autoFocus={Boolean(actionData?.challengeError)}
              maxLength={20}
              required
            />
          </>
        ) : null}
        <button type="submit" className="button">
          {t("signin.send")}
        </button>
      </form>
      {loaderData.devOutbox ? (
        <FormMessage tone="ok">
          {t("signin.devOutboxNote")} <Link to="/dev/sms">{t("outbox.title")}</Link>
        </FormMessage>
      ) : null}
    </>
  );
}
