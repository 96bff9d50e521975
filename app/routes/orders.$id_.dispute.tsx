import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { DISPUTE_TEXT_MAX, MAX_DISPUTE_PHOTOS } from "~/domain/trust/dispute-rules";
import { disputeAccess, getDisputeFile } from "~/domain/trust/dispute-reads.server";
import { DISPUTE_OUTCOMES, DISPUTE_REASONS } from "~/domain/trust/vocabulary";
import { formatDateTime } from "~/i18n/format";
import { formatMoney } from "~/i18n/money";
import { requireActor } from "~/web/auth.server";
import { DISPUTE_UPLOADS, submitDisputeForm, type DisputeFormValues } from "~/web/dispute-form.server";
import { getT } from "~/web/language.server";
import { parseOrNotFound } from "~/web/params";
import { withUploads } from "~/web/uploads.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { photoUrl } from "~/ui/photo";

const idParam = z.string().regex(/^[1-9]\d{0,8}$/).transform(Number);

/** Signed in first, then the order: ids cannot be probed without an account. */
function requireFile(request: Request, param: string | undefined) {
  requireActor(request, "checkout");
  const id = parseOrNotFound(idParam, param);
  const resource = disputeAccess(getDb(), id);
  if (!resource) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "dispute.view", () => resource);
  return { id, resource, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, resource, actor } = requireFile(request, params.id);
  const { language, t } = await getT(request, "disputes");
  const file = getDisputeFile(getDb(), id);
  if (!file) throw new Response(null, { status: 404 });
  const step = file.dispute?.step ?? null;
  const may = (action: Parameters<typeof can>[1]) => can(actor, action, resource).ok;
  // One form at a time: whoever must act at this step.
  const form =
    !file.dispute && file.order.status === "picked_up" && may("dispute.open")
      ? "open"
      : step === "answer" && may("dispute.answer")
        ? "answer"
        : step === "decide" && may("dispute.decide")
          ? "decide"
          : step === "appeal" && !file.dispute?.appealedAt && may("dispute.appeal")
            ? "appeal"
            : step === "review" && may("dispute.review")
              ? "review"
              : null;
  return {
    title: t("file.title", { id }),
    language,
    file,
    form,
    side: file.order.buyerUserId === actor.userId ? ("buyer" as const) : file.order.sellerUserId === actor.userId ? ("seller" as const) : null,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export async function action({ request, params }: ActionFunctionArgs) {
  const { id, resource, actor } = requireFile(request, params.id);
  return withUploads(request, DISPUTE_UPLOADS, actor.userId, async (form) => {
    const outcome = await submitDisputeForm(form, actor, resource, id, new Date());
    if (!outcome.ok) {
      if (outcome.status === 403 || outcome.status === 404) throw new Response(null, { status: outcome.status });
      return data(outcome, { status: outcome.status });
    }
    deliverSoon();
    return redirect(`/orders/${id}/dispute?done=${outcome.intent}`, 303);
  });
}

function Photos({ hashes, side }: { hashes: string[]; side: string }) {
  const { t } = useTranslation("disputes");
  if (hashes.length === 0) return null;
  return (
    <p className="review-photos">
      {hashes.map((hash, i) => (
        <a key={hash} href={photoUrl(hash, 1280)}>
          <img src={photoUrl(hash, 320)} alt={t("file.photoAlt", { side, number: i + 1 })} width={160} height={120} loading="lazy" decoding="async" />
        </a>
      ))}
    </p>
  );
}

function PhotoField({ kept, error }: { kept: { hash: string }[]; error?: string }) {
  const { t } = useTranslation("disputes");
  return (
    <div className="field">
      <label htmlFor="photos">{t("form.photos", { max: MAX_DISPUTE_PHOTOS })}</label>
      {kept.map((photo) => (
        <input key={photo.hash} type="hidden" name="kept" value={photo.hash} />
      ))}
      {kept.length > 0 ? <p className="hint">{t("form.photosKept", { count: kept.length })}</p> : null}
      <input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-invalid={error ? true : undefined} aria-describedby={error ? "photos-error" : undefined} />
      {error ? (
        <p id="photos-error" className="field-error">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

function TextField({ label, values, errors, autoFocus }: { label: string; values?: DisputeFormValues; errors?: Record<string, string>; autoFocus?: boolean }) {
  const { t } = useTranslation("disputes");
  return (
    <Field
      name="text"
      label={label}
      multiline
      rows={5}
      maxLength={DISPUTE_TEXT_MAX}
      required
      defaultValue={values?.text}
      error={errors?.text ? t(errors.text) : undefined}
      autoFocus={autoFocus ?? Boolean(errors?.text)}
    />
  );
}

/** The coordinator's decision and the neutral reviewer's final one: the same four choices. */
function DecisionFields({ values, errors, heldTiyn, language }: { values?: DisputeFormValues; errors?: Record<string, string>; heldTiyn: number; language: "kk" | "ru" | "en" }) {
  const { t } = useTranslation("disputes");
  return (
    <>
      <fieldset className="field" aria-invalid={errors?.outcome ? true : undefined} aria-describedby={errors?.outcome ? "outcome-error" : undefined}>
        <legend>{t("form.outcome")}</legend>
        {DISPUTE_OUTCOMES.map((outcome) => (
          <label key={outcome} className="check">
            <input type="radio" name="outcome" value={outcome} defaultChecked={values?.outcome === outcome} required />
            {t(`outcome.${outcome}`)}
          </label>
        ))}
        {errors?.outcome ? (
          <p id="outcome-error" className="field-error">
            {t(errors.outcome)}
          </p>
        ) : null}
      </fieldset>
      <Field
        name="refund"
        label={t("form.refund")}
        hint={t("form.refundHint", { held: formatMoney(heldTiyn, language) })}
        inputMode="text"
        defaultValue={values?.refund}
        error={errors?.refund ? t(errors.refund) : undefined}
        autoFocus={Boolean(errors?.refund)}
      />
      <TextField label={t("form.decisionReason")} values={values} errors={errors} autoFocus={Boolean(errors?.text) && !errors?.refund} />
    </>
  );
}

export default function DisputeFile() {
  const { language, file, form, side, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("disputes");
  const { order, dispute } = file;
  const values = failed && failed.intent === form ? failed.values : undefined;
  const errors = failed && failed.intent === form ? failed.errors : undefined;
  const kept = failed && failed.intent === form ? failed.kept : [];
  const when = (date: string | Date | null) => (date ? formatDateTime(new Date(date), language) : "");
  return (
    <>
      <h1>{t("file.title", { id: order.id })}</h1>
      <p>
        <Link to={`/orders/${order.id}`}>← {t("file.backToOrder")}</Link>
      </p>
      {done ? <FormMessage tone="ok">{t(`done.${done === "open" || done === "answer" || done === "decide" || done === "appeal" || done === "review" ? done : "open"}`)}</FormMessage> : null}
      {errors?.form ? <FormMessage>{t(errors.form)}</FormMessage> : null}

      <dl className="facts">
        <div>
          <dt>{t("file.order")}</dt>
          <dd>
            {formatMoney(order.totalTiyn, language)} · {order.sellerName ?? ""}
          </dd>
        </div>
        {dispute ? (
          <div>
            <dt>{t("file.step")}</dt>
            <dd>
              <span className={`badge dispute-${dispute.step}`}>{t(`step.${dispute.step}`)}</span>
              {dispute.bypass ? ` · ${t("file.bypassed")}` : null}
            </dd>
          </div>
        ) : null}
        {dispute && dispute.step !== "closed" && order.deadlineAt ? (
          <div>
            <dt>{t("file.deadline")}</dt>
            <dd className="dispute-deadline">{t(`deadline.${dispute.step as Exclude<typeof dispute.step, "closed">}`, { date: when(order.deadlineAt) })}</dd>
          </div>
        ) : null}
      </dl>

      {!dispute && form !== "open" ? <p className="muted">{t("file.none")}</p> : null}

      {dispute ? (
        <>
          <section className="panel" aria-labelledby="buyer-side">
            <h2 id="buyer-side">{t("file.buyerSide")}</h2>
            <p className="small muted">
              {when(dispute.openedAt)} · {t(`reason.${dispute.reason}`)}
            </p>
            <p className="pre-line buyer-text">{dispute.buyerText}</p>
            <Photos hashes={dispute.buyerPhotos} side={t("file.buyerSide")} />
          </section>
          <section className="panel" aria-labelledby="seller-side">
            <h2 id="seller-side">{t("file.sellerSide")}</h2>
            {dispute.sellerText ? (
              <>
                <p className="small muted">{when(dispute.sellerAnsweredAt)}</p>
                <p className="pre-line seller-text">{dispute.sellerText}</p>
                <Photos hashes={dispute.sellerPhotos} side={t("file.sellerSide")} />
              </>
            ) : (
              <p className="muted">{dispute.sellerMissedAt ? t("file.sellerMissed", { date: when(dispute.sellerMissedAt) }) : t("file.sellerWaiting")}</p>
            )}
          </section>
          {dispute.decision ? (
            <section className="panel" aria-labelledby="decision">
              <h2 id="decision">{t("file.decision")}</h2>
              <p className="decision-outcome">
                <strong>{t(`outcome.${dispute.decision}`)}</strong>
                {dispute.decisionRefundTiyn ? ` · ${formatMoney(dispute.decisionRefundTiyn, language)}` : null}
              </p>
              <p className="pre-line">{dispute.decisionReason}</p>
              <p className="small muted">{when(dispute.decidedAt)}</p>
            </section>
          ) : null}
          {dispute.appealedBy ? (
            <section className="panel" aria-labelledby="appeal">
              <h2 id="appeal">{t("file.appeal", { side: t(`side.${dispute.appealedBy}`) })}</h2>
              <p className="pre-line">{dispute.appealText}</p>
              <p className="small muted">{when(dispute.appealedAt)}</p>
            </section>
          ) : null}
          {dispute.finalOutcome ? (
            <section className="panel" aria-labelledby="final">
              <h2 id="final">{t("file.final")}</h2>
              <p className="final-outcome">
                <strong>{t(`outcome.${dispute.finalOutcome}`)}</strong>
                {dispute.finalRefundTiyn ? ` · ${formatMoney(dispute.finalRefundTiyn, language)}` : null}
              </p>
              <p className="pre-line">{dispute.finalReason}</p>
              <p className="small muted">{when(dispute.closedAt)}</p>
            </section>
          ) : null}
          {side === null ? (
            <section aria-labelledby="thread">
              <h2 id="thread">{t("file.messages")}</h2>
              {file.messages.length === 0 ? <p className="muted">{t("file.noMessages")}</p> : null}
              <ol className="timeline">
                {file.messages.map((m) => (
                  <li key={m.id}>
                    <span className="muted small">
                      {when(m.createdAt)} · {t(`side.${m.side}`)}
                    </span>{" "}
                    <span className="pre-line">{m.body}</span>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </>
      ) : null}

      {form === "open" ? (
        <Form method="post" encType="multipart/form-data" className="form" aria-labelledby="open-title">
          <h2 id="open-title">{t("form.openTitle")}</h2>
          <p className="small muted">{t("form.openHint")}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="open" />
          <div className="field">
            <label htmlFor="reason">{t("form.reason")}</label>
            <select id="reason" name="reason" required defaultValue={values?.reason ?? ""} aria-invalid={errors?.reason ? true : undefined} aria-describedby={errors?.reason ? "reason-error" : undefined}>
              <option value="">—</option>
              {DISPUTE_REASONS.map((reason) => (
                <option key={reason} value={reason}>
                  {t(`reason.${reason}`)}
                </option>
              ))}
            </select>
            {errors?.reason ? (
              <p id="reason-error" className="field-error">
                {t(errors.reason)}
              </p>
            ) : null}
          </div>
          <TextField label={t("form.buyerText")} values={values} errors={errors} />
          <PhotoField kept={kept} error={errors?.photos} />
          {order.conflicted ? (
            <div className="field">
              <label className="check">
                <input type="checkbox" name="bypass" value="yes" defaultChecked={values?.bypass === "yes"} />
                {t("form.bypass")}
              </label>
              <p className="hint">{t("form.bypassHint")}</p>
            </div>
          ) : null}
          <div className="actions">
            <button type="submit" className="button">
              {t("form.openSubmit")}
            </button>
          </div>
        </Form>
      ) : null}

      {form === "answer" ? (
        <Form method="post" encType="multipart/form-data" className="form" aria-labelledby="answer-title">
          <h2 id="answer-title">{t("form.answerTitle")}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="answer" />
          <TextField label={t("form.sellerText")} values={values} errors={errors} />
          <PhotoField kept={kept} error={errors?.photos} />
          <div className="actions">
            <button type="submit" className="button">
              {t("form.answerSubmit")}
            </button>
          </div>
        </Form>
      ) : null}

      {form === "decide" || form === "review" ? (
        <Form method="post" className="form" aria-labelledby="decide-title">
          <h2 id="decide-title">{t(form === "decide" ? "form.decideTitle" : "form.reviewTitle")}</h2>
          <p className="small muted">{t(form === "decide" ? "form.decideHint" : "form.reviewHint")}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value={form} />
          <DecisionFields values={values} errors={errors} heldTiyn={order.heldTiyn} language={language} />
          <div className="actions">
            <button type="submit" className="button">
              {t(form === "decide" ? "form.decideSubmit" : "form.reviewSubmit")}
            </button>
          </div>
        </Form>
      ) : null}

      {form === "appeal" ? (
        <Form method="post" className="form" aria-labelledby="appeal-title">
          <h2 id="appeal-title">{t("form.appealTitle")}</h2>
          <p className="small muted">{t("form.appealHint")}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="appeal" />
          <TextField label={t("form.appealText")} values={values} errors={errors} />
          <div className="actions">
            <button type="submit" className="button">
              {t("form.appealSubmit")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
