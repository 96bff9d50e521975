import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getSendLimits, requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { getSignInLoad } from "~/domain/identity/codes.server";
import { normalizePhone } from "~/domain/identity/phone";
import { findUserByPhone, listVillageChoices } from "~/domain/identity/users.server";
import { localized } from "~/i18n/localized";
import { getT } from "~/web/language.server";
import { Field, FormMessage } from "~/ui/form";

/**
 * Find a person by phone (a GET form: the search is a read, not a change).
 * Coming from a village hub (`?village=<id>`), the person's page opens ready
 * to appoint them coordinator of that village.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "admin.users");
  const { language, t } = await getT(request, "identity");
  const url = new URL(request.url);
  const typed = (url.searchParams.get("phone") ?? "").slice(0, 40);
  const villageId = Number(url.searchParams.get("village"));
  const village = Number.isSafeInteger(villageId) && villageId > 0 ? listVillageChoices(getDb()).find((v) => v.id === villageId) : undefined;
  let error: string | null = null;
  let notFound = false;
  if (typed) {
    const phone = normalizePhone(typed);
    if (!phone.ok) error = phone.reason;
    else {
      const user = findUserByPhone(getDb(), phone.phone);
      if (user) throw redirect(`/admin/users/${user.id}${village ? `?village=${village.id}` : ""}`);
      notFound = true;
    }
  }
  // The flood alert (issue 13 §1): shown while sign-in codes are in high demand.
  const signInLoad = getSignInLoad(getDb(), new Date(), getSendLimits());
  return {
    title: t("admin.title"),
    typed,
    error,
    notFound,
    village: village ? { id: village.id, name: localized(village, "name", language) } : null,
    signInLoad: signInLoad.stage === "calm" ? null : signInLoad,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function Admin() {
  const { typed, error, notFound, village, signInLoad } = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("admin.title")}</h1>
      {signInLoad ? (
        <section className="notice" role="alert" aria-labelledby="signin-load">
          <h2 id="signin-load">{t("admin.signinLoad.title")}</h2>
          <p>{t(`admin.signinLoad.${signInLoad.stage}`)}</p>
          <p>
            {t("admin.signinLoad.figures", {
              codes: signInLoad.codesHour,
              budget: signInLoad.budgetHour,
              newNumbers: signInLoad.newNumbersHour,
              addresses: signInLoad.addressesHour,
            })}
          </p>
          <p>
            <Link to="/admin/audit">{t("admin.signinLoad.auditLink")}</Link>
          </p>
        </section>
      ) : null}
      <p>
        <Link to="/admin/audit">{t("audit.title")}</Link>
        {" · "}
        <Link to="/admin/categories">{t("catalog:admin.link")}</Link>
        {" · "}<Link to="/admin/money">{t("money:admin.link")}</Link>
        {" · "}<Link to="/admin/held">{t("orders:held.link")}</Link>
        {" · "}<Link to="/admin/disputes">{t("disputes:queue.link")}</Link>
        {" · "}<Link to="/admin/insights">{t("analytics:adminLink")}</Link>
        {" · "}<Link to="/admin/backups">{t("money:backups.link")}</Link>
        {" · "}<Link to="/admin/hubs">{t("geo:hubs.title")}</Link>
        {" · "}<Link to="/admin/moderation">{t("quality:queue.link")}</Link>
        {" · "}<Link to="/admin/quality">{t("quality:admin.link")}</Link>
      </p>
      <h2>{t("admin.findTitle")}</h2>
      {village ? <p className="notice">{t("geo:hubs.appointFor", { village: village.name })}</p> : null}
      <form method="get" className="form" noValidate>
        {village ? <input type="hidden" name="village" value={village.id} /> : null}
        <Field name="phone" type="tel" inputMode="tel" label={t("signin.phoneLabel")} defaultValue={typed} error={error ? t(error) : undefined} autoFocus={Boolean(error)} maxLength={40} required />
        <button type="submit" className="button">
          {t("admin.find")}
        </button>
      </form>
      {notFound ? <FormMessage>{t("admin.notFound")}</FormMessage> : null}
    </>
  );
}
