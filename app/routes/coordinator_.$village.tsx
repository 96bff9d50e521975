import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { formatPhone } from "~/domain/identity/phone";
import { decideApplication, getVillageDesk, verifySeller } from "~/domain/identity/sellers.server";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { formatDate } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { villageOrNotFound } from "~/web/village.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const village = villageOrNotFound(params.village);
  requireActor(request, "village.applications.view", () => ({ type: "village", villageId: village.id }));
  const { language, t } = await getT(request, "identity");
  const desk = getVillageDesk(getDb(), village.id);
  return {
    title: t("desk.title", { village: localized(village, "name", language) }),
    language,
    village,
    done: new URL(request.url).searchParams.get("done"),
    applications: desk.applications.map((a) => ({ ...a, phone: a.phone ? formatPhone(a.phone) : null })),
    sellers: desk.sellers.map((s) => ({ ...s, phone: s.phone ? formatPhone(s.phone) : null })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Approve, reject (with a reason) or mark a seller verified by the cooperative. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const village = villageOrNotFound(params.village);
  const intent = String(form.get("intent") ?? "");
  const id = Number(form.get("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response(null, { status: 400 });
  const now = new Date();
  const db = getDb();
  if (intent === "verify") {
    const actor = requireActor(request, "village.seller.verify", () => ({ type: "village", villageId: village.id }));
    const result = verifySeller(db, { actorUserId: actor.userId, villageId: village.id, sellerId: id, ip: context.clientIp }, now);
    if (!result.ok) throw new Response(null, { status: 404 });
    return redirect(`/coordinator/${village.slug}?done=verified`, 303);
  }
  if (intent !== "approve" && intent !== "reject") throw new Response(null, { status: 400 });
  const actor = requireActor(request, "village.application.decide", () => ({ type: "village", villageId: village.id }));
  const reason = String(form.get("reason") ?? "").slice(0, 500);
  const result = decideApplication(db, { actorUserId: actor.userId, villageId: village.id, applicationId: id, approve: intent === "approve", reason, ip: context.clientIp }, now);
  if (!result.ok) {
    if (result.reason === "identity.application_not_found") throw new Response(null, { status: 404 });
    return data({ id, reason, error: result.reason }, { status: 400 });
  }
  deliverSoon();
  return redirect(`/coordinator/${village.slug}?done=${intent === "approve" ? "approved" : "rejected"}`, 303);
}

export default function VillageDesk() {
  const { language, village, applications, sellers, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  const pending = applications.filter((a) => a.status === "pending");
  const decided = applications.filter((a) => a.status !== "pending");
  return (
    <>
      <h1>{t("desk.title", { village: localized(village, "name", language) })}</h1>
      <p>
        <Link to={`/coordinator/${village.slug}/listings`}>{t("catalog:coordinator.link")}</Link>
        {" · "}
        <Link to={`/coordinator/${village.slug}/pickup-points`}>{t("logistics:coordinator.link")}</Link>
        {" · "}
        <Link to={`/coordinator/${village.slug}/lanes`}>{t("logistics:lanes.link")}</Link>
        {" · "}
        <Link to={`/coordinator/${village.slug}/hub`}>{t("orders:hub.link")}</Link>
        {" · "}
        <Link to={`/coordinator/${village.slug}/insights`}>{t("insights:village.link")}</Link>
        {" · "}<Link to={`/coordinator/${village.slug}/evidence`}>{t("evidence:coordinator.link")}</Link>
        {" · "}<Link to={`/coordinator/${village.slug}/page`}>{t("geo:page.link")}</Link>
        {" · "}<Link to={`/coordinator/${village.slug}/poster`}>{t("storefront:poster.link")}</Link>
        {" · "}<Link to={`/coordinator/${village.slug}/quality`}>{t("quality:coordinator.link")}</Link>
      </p>
      {done === "approved" || done === "rejected" || done === "verified" ? <FormMessage tone="ok">{t(`desk.done.${done}`)}</FormMessage> : null}
      <h2>{t("desk.pending", { count: pending.length })}</h2>
      {pending.length === 0 ? <p className="muted">{t("desk.noPending")}</p> : null}
      {pending.map((application) => {
        const error = actionData?.id === application.id ? actionData.error : undefined;
        return (
          <section key={application.id} className="panel" aria-labelledby={`application-${application.id}`}>
            <h3 id={`application-${application.id}`}>{application.name}</h3>
            <dl className="facts">
              <div>
                <dt>{t("desk.craft")}</dt>
                <dd>{application.craft}</dd>
              </div>
              <div>
                <dt>{t("desk.phone")}</dt>
                <dd>{application.phone}</dd>
              </div>
              <div>
                <dt>{application.taxIdKind === "bin" ? t("desk.bin") : t("desk.iin")}</dt>
                {/* The one screen that shows the number in full: the coordinator checks it against documents. */}
                <dd>{application.taxId ?? t("desk.noTaxId")}</dd>
              </div>
              <div>
                <dt>{t("desk.applied")}</dt>
                <dd>{formatDate(application.createdAt, language)}</dd>
              </div>
            </dl>
            <form method="post" className="form">
              <CsrfInput />
              <input type="hidden" name="id" value={application.id} />
              <div className="field">
                <label htmlFor={`reason-${application.id}`}>{t("desk.reason")}</label>
                <p id={`reason-${application.id}-hint`} className="hint">
                  {t("desk.reasonHint")}
                </p>
                <textarea
                  id={`reason-${application.id}`}
                  name="reason"
                  rows={2}
                  maxLength={500}
                  defaultValue={actionData?.id === application.id ? actionData.reason : ""}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`reason-${application.id}-hint${error ? ` reason-${application.id}-error` : ""}`}
                  autoFocus={Boolean(error)}
                />
                {error ? (
                  <p id={`reason-${application.id}-error`} className="field-error">
                    {t(error)}
                  </p>
                ) : null}
              </div>
              <div className="actions">
                <button type="submit" name="intent" value="approve" className="button">
                  {t("desk.approve")}
                </button>
                <button type="submit" name="intent" value="reject" className="button secondary">
                  {t("desk.reject")}
                </button>
              </div>
            </form>
          </section>
        );
      })}

      <h2>{t("desk.sellers")}</h2>
      {sellers.length === 0 ? <p className="muted">{t("desk.noSellers")}</p> : null}
      <ul className="list">
        {sellers.map((seller) => (
          <li key={seller.id}>
            <strong>{seller.name}</strong> · {seller.phone}{" "}
            {seller.verifiedAt ? (
              <span className="badge verified">{t("seller.verified")}</span>
            ) : (
              <form method="post" className="inline">
                <CsrfInput />
                <input type="hidden" name="id" value={seller.id} />
                <button type="submit" name="intent" value="verify" className="button secondary small">
                  {t("desk.verify")}
                </button>
              </form>
            )}
            {seller.assisted ? (
              <>
                {" · "}
                <Link to={`/coordinator/${village.slug}/payout/${seller.id}`}>{t("money:seller.destination.assist.link")}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>

      <h2>{t("desk.decided")}</h2>
      {decided.length === 0 ? <p className="muted">{t("desk.noDecided")}</p> : null}
      <ul className="list">
        {decided.map((application) => (
          <li key={application.id}>
            {application.name} · <span className={`status status-${application.status}`}>{t(`application.status.${application.status}`)}</span>
            {application.decidedAt ? ` · ${formatDate(application.decidedAt, language)}` : null}
            {application.reason ? <p className="muted">{t("application.reason", { reason: application.reason })}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
