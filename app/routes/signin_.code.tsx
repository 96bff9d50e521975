import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clearSignInCookie, readSessionToken, readSignInCookie, safeRedirectPath, serializeSessionCookie, requireAllowed } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { mergeCartOnSignIn } from "~/web/cart.server";
import { verifySignInCode } from "~/domain/identity/codes.server";
import { formatPhone } from "~/domain/identity/phone";
import { getLanguage, getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";

export async function loader({ request }: LoaderFunctionArgs) {
  requireAllowed(request, "signin");
  const signIn = readSignInCookie(request);
  if (!signIn) throw redirect("/signin");
  const { t } = await getT(request, "identity");
  return { title: t("code.title"), phone: formatPhone(signIn.phone) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Step two: the code from the SMS → a new session (its id never reused from before). */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireAllowed(request, "signin");
  const signIn = readSignInCookie(request);
  if (!signIn) throw redirect("/signin", 303);
  const typed = String(form.get("code") ?? "").slice(0, 20);
  const code = typed.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) return data({ values: { code: typed }, error: "identity.code_format" as const }, { status: 400 });
  const result = verifySignInCode(
    getDb(),
    { phone: signIn.phone, code, ip: context.clientIp, language: await getLanguage(request), previousToken: readSessionToken(request) },
    new Date(),
  );
  if (!result.ok) return data({ values: { code: typed }, error: result.reason }, { status: 400 });
  const headers = new Headers();
  headers.append("Set-Cookie", serializeSessionCookie(request, result.token));
  headers.append("Set-Cookie", clearSignInCookie(request));
  // The cart filled before sign-in survives it (issue 5 §2).
  const clearCart = await mergeCartOnSignIn(request, result.userId);
  if (clearCart) headers.append("Set-Cookie", clearCart);
  const next = result.isNew ? "/profile" : safeRedirectPath(signIn.redirectTo, "/");
  return redirect(next, { status: 303, headers });
}

export default function EnterCode() {
  const { phone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  const needsNewCode = actionData?.error === "identity.code_expired" || actionData?.error === "identity.code_too_many_attempts" || actionData?.error === "identity.code_used";
  return (
    <>
      <h1>{t("code.title")}</h1>
      <p>{t("code.sentTo", { phone })}</p>
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <Field
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          label={t("code.label")}
          hint={t("code.hint")}
          defaultValue={actionData?.values.code}
          error={actionData ? t(actionData.error) : undefined}
          autoFocus
          maxLength={20}
          required
        />
        <button type="submit" className="button">
          {t("code.submit")}
        </button>
      </form>
      {needsNewCode ? <FormMessage>{t("code.askNew")}</FormMessage> : null}
      <p>
        <Link to="/signin">{t("code.otherNumber")}</Link>
      </p>
    </>
  );
}
