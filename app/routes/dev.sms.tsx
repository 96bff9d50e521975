import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAllowed } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { formatPhone } from "~/domain/identity/phone";
import { isDevOutboxActive, listDevInbox } from "~/domain/notify/outbox.server";
import { formatDateTime } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { devPageAllowed } from "~/env-check";
import { getEnv } from "~/env.server";

/**
 * The development outbox: what the `outbox` SMS adapter "sent". It exists only
 * while no SMS gateway is configured, and in production mode only on a staging
 * box that allows it (ALLOW_DEV_SMS); otherwise this address is a 404.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  requireAllowed(request, "outbox.view");
  if (!isDevOutboxActive() || !devPageAllowed(getEnv(), "sms")) throw new Response(null, { status: 404 });
  const { language, t } = await getT(request, "identity");
  const messages = listDevInbox(getDb()).map((m) => ({ id: m.id, to: formatPhone(m.recipient), body: m.body, at: formatDateTime(m.deliveredAt, language) }));
  return { title: t("outbox.title"), messages };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }, { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "no-store" });

export default function DevOutbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p className="notice dev">{t("outbox.warning")}</p>
      {messages.length === 0 ? <p className="muted">{t("outbox.empty")}</p> : null}
      <ol className="messages">
        {messages.map((message) => (
          <li key={message.id} className="panel">
            <p className="muted">
              {t("outbox.to", { phone: message.to })} · {message.at}
            </p>
            <p className="sms">{message.body}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
