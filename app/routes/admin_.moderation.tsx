import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { cleanPersonText } from "~/domain/identity/person-text";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { decideFlag, listModerationQueue, type FlagDecision } from "~/domain/trust/moderation-queue.server";
import { QUEUE_VIEWS, type QueueView } from "~/domain/trust/quality-vocabulary";
import { flagReasonText } from "~/web/flag-text.server";
import { formatDateTime } from "~/i18n/format";
import { refusalKey } from "~/i18n/refusals";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { Field, FormMessage } from "~/ui/form";
import { FlagSummary } from "~/ui/flag-summary";

const DECISIONS = ["dismiss", "hide", "refer"] as const satisfies readonly FlagDecision[];
const HIDEABLE = ["listing", "review", "message"];

/**
 * The admins' one moderation queue (issue 16 §6): the fraud rules' flags and
 * the reports of every village, each with its reason and evidence; dismiss
 * with a note, hide what it is about, or ask the village's coordinator.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "moderation.queue");
  const { language, t } = await getT(request, "quality");
  const url = new URL(request.url);
  const asked = url.searchParams.get("view");
  const view: QueueView = (QUEUE_VIEWS as readonly string[]).includes(asked ?? "") ? (asked as QueueView) : "open";
  const done = url.searchParams.get("done");
  const flags = listModerationQueue(getDb(), view, language).map((flag) => ({
    id: flag.id,
    rule: flag.rule,
    status: flag.status,
    hideable: HIDEABLE.includes(flag.subjectType),
    reason: flagReasonText(t, flag.rule, flag.evidence, language),
    seller: flag.seller,
    village: flag.village,
    subject: flag.subject,
    note: flag.note,
    at: formatDateTime(flag.createdAt, language),
  }));
  return { title: t("queue.title"), view, flags, done: (DECISIONS as readonly string[]).includes(done ?? "") ? (done as FlagDecision) : null };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, "moderation.decide");
  const form = await readForm(request);
  const flagId = Number(form.get("flagId"));
  const decision = String(form.get("decision") ?? "");
  if (!Number.isSafeInteger(flagId) || flagId <= 0 || !(DECISIONS as readonly string[]).includes(decision)) throw new Response(null, { status: 400 });
  const note = cleanPersonText(String(form.get("note") ?? "").slice(0, 1000), "lines");
  const result = decideFlag(getDb(), { flagId, decision: decision as FlagDecision, note, actorUserId: actor.userId, ip: context.clientIp ?? null }, new Date());
  if (!result.ok) {
    const status = result.reason === "flags.not_found" ? 404 : result.reason === "flags.already_decided" ? 409 : 400;
    return data({ flagId, note, error: refusalKey(result.reason) }, { status });
  }
  // Hiding a listing tells its seller by SMS.
  deliverSoon();
  return redirect(`/admin/moderation?done=${decision}`, 303);
}

export default function AdminModeration() {
  const { title, view, flags, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("quality");
  return (
    <>
      <p>
        <Link to="/admin">← {t("identity:admin.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t("queue.intro")}</p>
      <nav aria-label={title}>
        {QUEUE_VIEWS.map((v, i) => (
          <span key={v}>
            {i > 0 ? " · " : null}
            {v === view ? <strong aria-current="page">{t(`queue.view.${v}`)}</strong> : <Link to={`/admin/moderation?view=${v}`}>{t(`queue.view.${v}`)}</Link>}
          </span>
        ))}
      </nav>
      {done ? <FormMessage tone="ok">{t(`queue.done.${done}`)}</FormMessage> : null}
      {flags.length === 0 ? <p className="muted">{t("queue.empty")}</p> : null}
      <ol className="list">
        {flags.map((flag) => {
          const failed = failure?.flagId === flag.id ? failure : null;
          return (
            <li key={flag.id} className="panel" id={`flag-${flag.id}`}>
              <FlagSummary flag={flag} level={2} />
              {flag.status === "open" || flag.status === "referred" ? (
                <Form method="post" className="form">
                  <CsrfInput />
                  <input type="hidden" name="flagId" value={flag.id} />
                  <Field name="note" id={`note-${flag.id}`} label={t("queue.note")} hint={t("queue.noteHint")} multiline rows={2} maxLength={1000} defaultValue={failed?.note ?? ""} autoFocus={Boolean(failed)} error={failed ? t(failed.error) : undefined} />
                  <p className="actions">
                    <button type="submit" name="decision" value="dismiss" className="button secondary">
                      {t("queue.dismiss")}
                    </button>
                    {flag.hideable ? (
                      <button type="submit" name="decision" value="hide" className="button secondary">
                        {t("queue.hide")}
                      </button>
                    ) : null}
                    {flag.status === "open" && flag.village ? (
                      <button type="submit" name="decision" value="refer" className="button secondary">
                        {t("queue.refer")}
                      </button>
                    ) : null}
                  </p>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
