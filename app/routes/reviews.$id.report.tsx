import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { reportInput } from "~/domain/catalog/moderation";
import { can } from "~/domain/identity/can";
import { getReviewResource, reportReview } from "~/domain/trust/reviews.server";
import { refusalKey } from "~/i18n/refusals";
import { getActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getT } from "~/web/language.server";
import { parseOrNotFound } from "~/web/params";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { ReportFields } from "~/ui/report-fields";

const idParam = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);

/** Anyone may report a published review, signed in or not (as a listing). */
function reviewOrNotFound(request: Request, param: string | undefined) {
  const id = parseOrNotFound(idParam, param);
  const found = getReviewResource(getDb(), id);
  const actor = getActor(request);
  if (!found || found.status !== "published" || !can(actor, "review.report", found.resource).ok) throw new Response(null, { status: 404 });
  return { id, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id } = reviewOrNotFound(request, params.id);
  const { t } = await getT(request, "trust");
  return { id, title: t("report.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { id, actor } = reviewOrNotFound(request, params.id);
  const note = String(form.get("note") ?? "").slice(0, 1000);
  const parsed = reportInput.safeParse({ reason: form.get("reason") ?? undefined, note });
  if (!parsed.success) return data({ error: refusalKey(parsed.error.issues[0]?.message ?? "storefront.report_reason"), note, sent: false }, { status: 400 });
  const result = reportReview(getDb(), { reviewId: id, reporterUserId: actor?.userId ?? null, reason: parsed.data.reason, note: parsed.data.note, ip: context.clientIp }, new Date());
  if (!result.ok) {
    if (result.reason === "review.not_found") throw new Response(null, { status: 404 });
    return data({ error: refusalKey(result.reason), note, sent: false }, { status: 429 });
  }
  return { error: null, note: "", sent: true };
}

/** Reporting a review: a reason and a note, for the village's moderators. */
export default function ReportReview() {
  useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("trust");
  return (
    <>
      <h1>{t("report.title")}</h1>
      {result?.sent ? (
        <FormMessage tone="ok">{t("report.thanks")}</FormMessage>
      ) : (
        <Form method="post" className="form">
          {result?.error ? <FormMessage>{t(result.error)}</FormMessage> : null}
          <CsrfInput />
          <p className="muted small">{t("report.intro")}</p>
          <ReportFields note={result?.note} />
        </Form>
      )}
      <p>
        <Link to={`/`}>{t("common:nav.home")}</Link>
      </p>
    </>
  );
}
