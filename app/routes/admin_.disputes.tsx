import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { hasRole } from "~/domain/identity/can";
import { disputeVillages, listDisputeQueue, listReviewers } from "~/domain/trust/dispute-reads.server";
import { DISPUTE_STEPS } from "~/domain/trust/vocabulary";
import { localized } from "~/i18n/localized";
import { formatMoney } from "~/i18n/money";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";
import { readForm } from "~/web/csrf.server";
import { normalizePhone } from "~/domain/identity/phone";
import { appointReviewer, revokeReviewer } from "~/domain/trust/disputes.server";
import { refusalKey } from "~/i18n/refusals";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";

const filters = z.object({
  step: z.enum(DISPUTE_STEPS).optional().catch(undefined),
  village: z.coerce.number().int().positive().optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
});

/**
 * Every dispute across villages (issue 16 §4): filters by step, village and overdue, each row's
 * age and the days left at its step, each opening the whole file. An appointed reviewer sees the
 * files sent to them here; an admin sees all and who is appointed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "disputes.queue");
  const { language, t } = await getT(request, "disputes");
  const admin = hasRole(actor, "admin");
  const url = new URL(request.url);
  const chosen = filters.parse(Object.fromEntries(url.searchParams));
  const db = getDb();
  const rows = listDisputeQueue(db, { step: chosen.step ?? null, villageId: chosen.village ?? null, overdue: chosen.overdue === "1", reviewerUserId: admin ? null : actor.userId }, new Date()).map((row) => ({
    ...row,
    village: localized(row.village, "name", language),
  }));
  const villages = disputeVillages(db).map((v) => ({ id: v.id, name: localized(v, "name", language) }));
  const names = new Map(villages.map((v) => [v.id, v.name]));
  return {
    title: t(admin ? "queue.title" : "queue.reviewerTitle"),
    language,
    admin,
    rows,
    villages,
    chosen: { step: chosen.step ?? "", village: chosen.village ? String(chosen.village) : "", overdue: chosen.overdue === "1" },
    done: url.searchParams.get("done"),
    reviewers: admin ? listReviewers(db).map((r) => ({ ...r, villages: r.villageIds.map((id) => names.get(id) ?? `#${id}`) })) : [],
  };
}

/** The admins appoint a coordinator (by phone) as a neutral reviewer of appeals, or end an appointment. */
export async function action({ request }: ActionFunctionArgs) {
  const admin = requireActor(request, "disputes.reviewers");
  const form = await readForm(request);
  const now = new Date();
  if (form.get("intent") === "revoke") {
    const userId = Number(form.get("user"));
    if (!Number.isSafeInteger(userId) || userId <= 0) return data({ phone: "", error: refusalKey("dispute.reviewer_not_found") }, { status: 400 });
    const result = revokeReviewer(getDb(), { userId }, now);
    if (!result.ok) return data({ phone: "", error: refusalKey(result.reason) }, { status: 409 });
    return redirect("/admin/disputes?done=revoked", 303);
  }
  const typed = String(form.get("phone") ?? "").slice(0, 40);
  const phone = normalizePhone(typed);
  if (!phone.ok) return data({ phone: typed, error: refusalKey(phone.reason) }, { status: 400 });
  const result = appointReviewer(getDb(), { phone: phone.phone, adminUserId: admin.userId }, now);
  if (!result.ok) return data({ phone: typed, error: refusalKey(result.reason) }, { status: 400 });
  return redirect("/admin/disputes?done=appointed", 303);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export default function DisputeQueue() {
  const { title, language, admin, rows, villages, chosen, reviewers, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("disputes");
  return (
    <>
      {admin ? (
        <p>
          <Link to="/admin">← {t("identity:admin.title")}</Link>
        </p>
      ) : null}
      <h1>{title}</h1>
      <p className="muted">{t(admin ? "queue.intro" : "queue.reviewerIntro")}</p>
      <Form method="get" className="form filters">
        <div className="field">
          <label htmlFor="step">{t("queue.step")}</label>
          <select id="step" name="step" defaultValue={chosen.step}>
            <option value="">{t("queue.any")}</option>
            {DISPUTE_STEPS.map((step) => (
              <option key={step} value={step}>
                {t(`step.${step}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="village">{t("queue.village")}</label>
          <select id="village" name="village" defaultValue={chosen.village}>
            <option value="">{t("queue.any")}</option>
            {villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" name="overdue" value="1" defaultChecked={chosen.overdue} />
            {t("queue.overdue")}
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="button secondary">
            {t("queue.filter")}
          </button>
        </div>
      </Form>
      {rows.length === 0 ? (
        <p>{t("queue.none")}</p>
      ) : (
        <div className="scroll">
          <table className="table disputes">
            <thead>
              <tr>
                <th scope="col">{t("queue.order")}</th>
                <th scope="col">{t("queue.step")}</th>
                <th scope="col">{t("queue.village")}</th>
                <th scope="col">{t("queue.daysOpen")}</th>
                <th scope="col">{t("queue.daysLeft")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.orderId}>
                  <td>
                    <Link to={`/orders/${row.orderId}/dispute`}>{t("queue.orderLink", { id: row.orderId })}</Link>
                    <br />
                    <span className="small muted">
                      {formatMoney(row.totalTiyn, language)} · {t(`reason.${row.reason}`)}
                      {row.bypass ? ` · ${t("file.bypassed")}` : null}
                      {row.appealed ? ` · ${t("queue.appealedBy", { side: t(`side.${row.appealed}`) })}` : null}
                    </span>
                  </td>
                  <td>{t(`step.${row.step}`)}</td>
                  <td>{row.village}</td>
                  <td>{t("queue.days", { count: row.daysOpen })}</td>
                  <td>{row.daysLeft === null ? "—" : row.overdue ? <strong className="overdue">{t("queue.overdueBy", { count: -row.daysLeft })}</strong> : t("queue.days", { count: row.daysLeft })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin ? (
        <section aria-labelledby="reviewers">
          <h2 id="reviewers">{t("reviewers.title")}</h2>
          <p className="small muted">{t("reviewers.hint")}</p>
          {done === "appointed" || done === "revoked" ? <FormMessage tone="ok">{t(`reviewers.${done}`)}</FormMessage> : null}
          {reviewers.length === 0 ? <p>{t("reviewers.none")}</p> : null}
          <ul className="reviewers">
            {reviewers.map((r) => (
              <li key={r.userId}>
                <Link to={`/admin/users/${r.userId}`}>{r.name || r.phone}</Link> — {r.villages.join(", ") || t("reviewers.noVillage")} · {t("reviewers.waiting", { count: r.waiting })}
                <Form method="post" className="inline">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="user" value={r.userId} />
                  <button type="submit" className="button secondary small">
                    {t("reviewers.revoke")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post" className="form">
            <CsrfInput />
            <input type="hidden" name="intent" value="appoint" />
            <Field name="phone" type="tel" inputMode="tel" label={t("reviewers.phone")} defaultValue={failed?.phone} error={failed?.error ? t(failed.error) : undefined} autoFocus={Boolean(failed?.error)} maxLength={40} required />
            <div className="actions">
              <button type="submit" className="button">
                {t("reviewers.appoint")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
