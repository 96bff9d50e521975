import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { listingText } from "~/domain/catalog/listing-text";
import { removalInput } from "~/domain/catalog/moderation";
import { dismissReports, listReportQueue, removeListing } from "~/domain/catalog/reports.server";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { formatDateTime } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { villageOrNotFound } from "~/web/village.server";
import { refusalKey } from "~/i18n/refusals";
import { listReviewReportQueue } from "~/domain/trust/reviews.server";
import { REVIEW_INTENTS, submitReviewModeration } from "~/web/review-moderation.server";
import { ReviewQueue } from "~/ui/review-queue";
import { RemovalReason } from "~/ui/report-fields";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const village = villageOrNotFound(params.village);
  requireActor(request, "village.reports.view", () => ({ type: "village", villageId: village.id }));
  const { language, t } = await getT(request, "storefront");
  const done = new URL(request.url).searchParams.get("done");
  return {
    title: t("moderation.title", { village: localized(village, "name", language) }),
    language,
    village,
    done: done === "removed" || done === "dismissed" ? done : null,
    queue: listReportQueue(getDb(), village.id),
    reviewQueue: listReviewReportQueue(getDb(), village.id),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Remove a reported listing with a reason (the seller is told by SMS), or dismiss its reports. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const village = villageOrNotFound(params.village);
  if ((REVIEW_INTENTS as readonly unknown[]).includes(form.get("intent"))) return submitReviewModeration(request, form, village);
  const listingId = Number(form.get("listingId"));
  if (!Number.isSafeInteger(listingId) || listingId <= 0) throw new Response(null, { status: 400 });
  // The listing is checked against this village inside the use case; the role here.
  const actor = requireActor(request, "listing.moderate", () => ({ type: "listing", sellerUserId: 0, villageId: village.id }));
  const intent = String(form.get("intent") ?? "");
  const now = new Date();
  if (intent === "dismiss") {
    const result = dismissReports(getDb(), { actorUserId: actor.userId, villageId: village.id, listingId }, now);
    if (!result.ok) {
      if (result.reason === "moderation.listing_not_found") throw new Response(null, { status: 404 });
      return data({ listingId, error: refusalKey(result.reason), note: "" }, { status: 400 });
    }
    return redirect(`/coordinator/${village.slug}/reports?done=dismissed`, 303);
  }
  if (intent !== "remove") throw new Response(null, { status: 400 });
  const note = String(form.get("note") ?? "").slice(0, 1000);
  const parsed = removalInput.safeParse({ reason: form.get("reason") ?? undefined, note });
  if (!parsed.success) {
    return data({ listingId, error: refusalKey(parsed.error.issues[0]?.message ?? "storefront.report_reason"), note }, { status: 400 });
  }
  const result = removeListing(getDb(), { actorUserId: actor.userId, villageId: village.id, listingId, reason: parsed.data.reason, note: parsed.data.note }, now);
  if (!result.ok) {
    if (result.reason === "moderation.listing_not_found") throw new Response(null, { status: 404 });
    return data({ listingId, error: refusalKey(result.reason), note }, { status: 400 });
  }
  deliverSoon();
  return redirect(`/coordinator/${village.slug}/reports?done=removed`, 303);
}

export default function ReportQueue() {
  const { language, village, queue, reviewQueue, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("storefront");
  return (
    <>
      <h1>{t("moderation.title", { village: localized(village, "name", language) })}</h1>
      <p>
        <Link to={`/coordinator/${village.slug}`}>← {t("moderation.back")}</Link>
      </p>
      {done ? <FormMessage tone="ok">{t(`moderation.done.${done}`)}</FormMessage> : null}
      <p className="muted">{t("moderation.intro")}</p>
      {queue.length === 0 ? <p>{t("moderation.empty")}</p> : null}
      {queue.map((item) => {
        const title = listingText(item, "title", language);
        const error = actionData?.listingId === item.listingId ? actionData.error : undefined;
        const id = `report-${item.listingId}`;
        return (
          <section key={item.listingId} className="panel" aria-labelledby={id}>
            <h2 id={id}>
              <Link to={`/listings/${item.listingId}`} lang={title.language === language ? undefined : title.language}>
                {title.text}
              </Link>
            </h2>
            <p className="muted small">
              {t("moderation.reports", { count: item.reports })} · {t("moderation.latest", { date: formatDateTime(item.latestAt, language) })}
              {item.sellerName ? ` · ${t("moderation.seller", { name: item.sellerName })}` : null}
            </p>
            <p>
              {t("moderation.reasons")}: {item.reasons.map((reason) => t(`reportReason.${reason}`)).join("; ")}
            </p>
            {item.notes.length > 0 ? (
              <>
                <h3>{t("moderation.notes")}</h3>
                <ul className="list">
                  {item.notes.map((note, i) => (
                    <li key={i}>{note.note}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {error ? <FormMessage>{t(error)}</FormMessage> : null}
            <form method="post" className="form">
              <CsrfInput />
              <input type="hidden" name="listingId" value={item.listingId} />
              <RemovalReason id={id} defaultReason={item.reasons[0] ?? "other"} />
              <div className="field">
                <label htmlFor={`${id}-note`}>{t("moderation.removeNote")}</label>
                <p id={`${id}-note-hint`} className="hint">
                  {t("moderation.removeNoteHint")}
                </p>
                <textarea
                  id={`${id}-note`}
                  name="note"
                  rows={2}
                  maxLength={500}
                  aria-describedby={`${id}-note-hint`}
                  defaultValue={actionData?.listingId === item.listingId ? actionData.note : ""}
                />
              </div>
              <div className="actions">
                <button type="submit" name="intent" value="remove" className="button danger">
                  {t("moderation.remove")}
                </button>
                <button type="submit" name="intent" value="dismiss" className="button secondary">
                  {t("moderation.dismiss")}
                </button>
              </div>
            </form>
          </section>
        );
      })}
      <ReviewQueue queue={reviewQueue} language={language} failed={actionData as { reviewId?: number; error: string; note: string } | undefined} />
    </>
  );
}
