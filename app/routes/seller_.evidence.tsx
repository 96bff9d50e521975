import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { checkConsentInput, CONSENT_DAYS, DEFAULT_CONSENT_DAYS, PURPOSE_MAX_LENGTH } from "~/domain/insights/evidence-rules";
import { giveConsent, listSellerConsents, withdrawConsent } from "~/domain/insights/evidence.server";
import { formatDate } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { refusalKey } from "~/i18n/refusals";

/** The seller's consents to a sales statement for a lender (issue 6 §7), per shop. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "evidence.consent", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "evidence");
  const done = new URL(request.url).searchParams.get("done");
  return {
    title: t("seller.title"),
    done: done === "given" || done === "withdrawn" ? done : null,
    shops: listSellerConsents(getDb(), actor.userId, new Date()).map((shop) => ({
      sellerId: shop.sellerId,
      name: shop.name,
      village: localized(shop, "village", language),
      consents: shop.consents.map((c) => ({
        id: c.id,
        purpose: c.purpose,
        state: c.state,
        given: formatDate(c.givenAt, language),
        expires: formatDate(c.expiresAt, language),
        withdrawn: c.withdrawnAt ? formatDate(c.withdrawnAt, language) : null,
      })),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

const positiveId = (value: FormDataEntryValue | null) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** Give consent for one of one's shops, or withdraw one at once. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const actor = requireActor(request, "evidence.consent", (a) => ({ type: "user", userId: a.userId }));
  const db = getDb();
  const now = new Date();
  const intent = String(form.get("intent") ?? "");
  if (intent === "withdraw") {
    const consentId = positiveId(form.get("consentId"));
    if (consentId === null) throw new Response(null, { status: 400 });
    // Another person's consent is answered as missing.
    if (!withdrawConsent(db, { userId: actor.userId, consentId }, now).ok) throw new Response(null, { status: 404 });
    return redirect("/seller/evidence?done=withdrawn", 303);
  }
  if (intent !== "give") throw new Response(null, { status: 400 });
  const sellerId = positiveId(form.get("sellerId"));
  if (sellerId === null) throw new Response(null, { status: 400 });
  const values = { purpose: String(form.get("purpose") ?? "").slice(0, 2000), days: String(form.get("days") ?? "") };
  const checked = checkConsentInput(values);
  if (!checked.ok) return data({ sellerId, values, errors: checked.errors }, { status: 400 });
  if (!giveConsent(db, { userId: actor.userId, sellerId, purpose: checked.purpose, days: checked.days }, now).ok) throw new Response(null, { status: 404 });
  return redirect("/seller/evidence?done=given", 303);
}


export default function SellerEvidence() {
  const { title, done, shops } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("evidence");
  return (
    <>
      <p>
        <Link to="/seller">← {t("identity:seller.title")}</Link>
      </p>
      <h1>{title}</h1>
      {done ? <FormMessage tone="ok">{t(`done.${done}`)}</FormMessage> : null}
      <p>{t("seller.intro")}</p>
      <h2>{t("seller.whatTitle")}</h2>
      <ul>
        <li>{t("seller.what.sales")}</li>
        <li>{t("seller.what.orders")}</li>
        <li>{t("seller.what.refunds")}</li>
        <li>{t("seller.what.months")}</li>
      </ul>
      <p>{t("seller.notShown")}</p>
      <p className="muted">{t("seller.withdrawHint")}</p>
      {shops.length === 0 ? <p>{t("seller.noShop")}</p> : null}
      {shops.map((shop) => {
        const mine = actionData?.sellerId === shop.sellerId ? actionData : undefined;
        const errors: Partial<Record<"purpose" | "days", string>> = mine?.errors ?? {};
        const id = (field: string) => `${field}-${shop.sellerId}`;
        return (
          <section key={shop.sellerId} className="panel" aria-labelledby={id("shop")}>
            <h2 id={id("shop")}>{shop.name}</h2>
            <p className="muted">{t("seller.shopVillage", { village: shop.village })}</p>

            <h3>{t("consents.title")}</h3>
            {shop.consents.length === 0 ? (
              <p className="muted">{t("consents.none")}</p>
            ) : (
              <ul className="list">
                {shop.consents.map((consent) => (
                  <li key={consent.id}>
                    <strong>{consent.purpose}</strong> · <span className={`status status-${consent.state}`}>{t(`consents.state.${consent.state}`)}</span>
                    <br />
                    {t("consents.given")}: {consent.given} · {t("consents.expires")}: {consent.expires}
                    {consent.withdrawn ? <> · {t("consents.withdrawnOn", { date: consent.withdrawn })}</> : null}
                    {consent.state === "live" ? (
                      <form method="post" className="actions">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="withdraw" />
                        <input type="hidden" name="consentId" value={consent.id} />
                        <button type="submit" className="button secondary small">
                          {t("consents.withdraw")}
                        </button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}

            <h3>{t("form.title")}</h3>
            <form method="post" className="form" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="give" />
              <input type="hidden" name="sellerId" value={shop.sellerId} />
              <div className="field">
                <label htmlFor={id("purpose")}>{t("form.purpose")}</label>
                <p id={id("purpose-hint")} className="hint">
                  {t("form.purposeHint")}
                </p>
                <input
                  id={id("purpose")}
                  name="purpose"
                  type="text"
                  maxLength={PURPOSE_MAX_LENGTH}
                  required
                  defaultValue={mine?.values.purpose ?? ""}
                  aria-invalid={errors.purpose ? true : undefined}
                  aria-describedby={errors.purpose ? `${id("purpose-hint")} ${id("purpose-error")}` : id("purpose-hint")}
                  autoFocus={Boolean(errors.purpose)}
                />
                {errors.purpose ? (
                  <p id={id("purpose-error")} className="field-error">
                    {t(refusalKey(errors.purpose))}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={id("days")}>{t("form.days")}</label>
                <select
                  id={id("days")}
                  name="days"
                  defaultValue={mine?.values.days ?? String(DEFAULT_CONSENT_DAYS)}
                  aria-invalid={errors.days ? true : undefined}
                  aria-describedby={errors.days ? id("days-error") : undefined}
                  autoFocus={!errors.purpose && Boolean(errors.days)}
                >
                  {CONSENT_DAYS.map((days) => (
                    <option key={days} value={days}>
                      {t("form.daysOption", { count: days })}
                    </option>
                  ))}
                </select>
                {errors.days ? (
                  <p id={id("days-error")} className="field-error">
                    {t(refusalKey(errors.days))}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="button">
                {t("form.give")}
              </button>
            </form>
          </section>
        );
      })}
    </>
  );
}
