import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { readThread, threadResource, threadSubject } from "~/domain/trust/messages.server";
import { formatDateTime } from "~/i18n/format";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getT } from "~/web/language.server";
import { submitMessage } from "~/web/message-form.server";
import { parseOrNotFound } from "~/web/params";
import { MessageForm, type MessageFailure } from "~/ui/message-form";

const idParam = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);

function requireThread(request: Request, param: string | undefined) {
  requireActor(request, "checkout");
  const threadId = parseOrNotFound(idParam, param);
  const subject = threadSubject(getDb(), threadId);
  if (!subject) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "message.read", () => threadResource(subject));
  return { threadId, subject, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { threadId, subject, actor } = requireThread(request, params.id);
  const { language, t } = await getT(request, "trust");
  const thread = readThread(getDb(), threadId, actor.userId);
  if (!thread) throw new Response(null, { status: 404 });
  return {
    title: subject.kind === "order" ? t("messages.orderTitle", { id: subject.orderId }) : t("messages.listingTitle"),
    language,
    subject: { kind: subject.kind, orderId: subject.orderId, listingId: subject.listingId },
    messages: thread.messages.map((m) => ({
      id: m.id,
      body: m.body,
      flagged: m.flag !== null,
      createdAt: m.createdAt,
      from: m.senderUserId === actor.userId ? ("me" as const) : m.senderUserId === subject.buyerUserId ? ("buyer" as const) : ("seller" as const),
    })),
    mayWrite: can(actor, "message.write", threadResource(subject)).ok,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { subject } = requireThread(request, params.id);
  const actor = requireActor(request, "message.write", () => threadResource(subject));
  return submitMessage(form, subject, actor.userId);
}

/** One conversation, oldest first, and the answer form. */
export default function Thread() {
  const { title, language, subject, messages, mayWrite } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as MessageFailure | undefined;
  const { t } = useTranslation("trust");
  return (
    <>
      <h1>{title}</h1>
      <p>
        <Link to="/inbox">← {t("inbox.title")}</Link>
        {" · "}
        {subject.kind === "order" ? (
          <Link to={`/orders/${subject.orderId}`}>{t("messages.toOrder")}</Link>
        ) : (
          <Link to={`/listings/${subject.listingId}`}>{t("messages.toListing")}</Link>
        )}
      </p>
      <ol className="messages">
        {messages.map((m, i) => (
          <li key={m.id} id={i === messages.length - 1 ? "latest" : undefined} className={`message from-${m.from}`}>
            <p className="muted small">
              {t(`messages.from.${m.from}`)} · {formatDateTime(new Date(m.createdAt), language)}
              {m.flagged ? ` · ${t("messages.flagged")}` : null}
            </p>
            <p className="prose">{m.body}</p>
          </li>
        ))}
      </ol>
      {mayWrite ? <MessageForm failed={failed} label={t("messages.answer")} /> : <p className="muted small">{t("messages.readOnly")}</p>}
    </>
  );
}
