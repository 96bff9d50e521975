import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { orderSubject, threadResource } from "~/domain/trust/messages.server";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getT } from "~/web/language.server";
import { submitMessage } from "~/web/message-form.server";
import { parseOrNotFound } from "~/web/params";
import { MessageForm, type MessageFailure } from "~/ui/message-form";

const idParam = z.string().regex(/^[1-9]\d{0,8}$/).transform(Number);

/** The order's thread: its two sides, and the seller village's coordinator while it is disputed. */
function requireReader(request: Request, param: string | undefined) {
  requireActor(request, "checkout");
  const orderId = parseOrNotFound(idParam, param);
  const subject = orderSubject(getDb(), orderId);
  if (!subject) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "message.read", () => threadResource(subject));
  return { orderId, subject, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { orderId, subject, actor } = requireReader(request, params.id);
  if (subject.threadId !== null) throw redirect(`/inbox/${subject.threadId}`);
  const { t } = await getT(request, "trust");
  return { title: t("messages.orderTitle", { id: orderId }), orderId, mayWrite: can(actor, "message.write", threadResource(subject)).ok };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { subject } = requireReader(request, params.id);
  const actor = requireActor(request, "message.write", () => threadResource(subject));
  return submitMessage(form, subject, actor.userId);
}

export default function OrderMessages() {
  const { orderId, mayWrite } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as MessageFailure | undefined;
  const { t } = useTranslation("trust");
  return (
    <>
      <h1>{t("messages.orderTitle", { id: orderId })}</h1>
      <p>
        <Link to={`/orders/${orderId}`}>← {t("review.backToOrder")}</Link>
      </p>
      <p className="muted">{t("messages.empty")}</p>
      {mayWrite ? <MessageForm failed={failed} label={t("messages.message")} /> : null}
    </>
  );
}
