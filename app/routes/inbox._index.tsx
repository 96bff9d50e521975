import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { listingText } from "~/domain/catalog/listing-text";
import { listInbox } from "~/domain/trust/messages.server";
import { formatDateTime } from "~/i18n/format";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "inbox.view", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "trust");
  const threads = listInbox(getDb(), actor.userId).map((thread) => ({
    id: thread.id,
    kind: thread.kind,
    orderId: thread.orderId,
    listing: thread.listingLanguage
      ? listingText({ language: thread.listingLanguage, titleKk: thread.titleKk, titleRu: thread.titleRu, titleEn: thread.titleEn }, "title", language)
      : null,
    otherName: thread.otherName,
    asBuyer: thread.asBuyer,
    unread: thread.unread,
    lastMessageAt: thread.lastMessageAt,
  }));
  return { title: t("inbox.title"), language, threads };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

/** A person's conversations as a buyer and as a seller, the latest first, with unread counts. */
export default function Inbox() {
  const { language, threads } = useLoaderData<typeof loader>();
  const { t } = useTranslation("trust");
  return (
    <>
      <h1>{t("inbox.title")}</h1>
      {threads.length === 0 ? <p className="muted">{t("inbox.empty")}</p> : null}
      <ul className="list inbox">
        {threads.map((thread) => (
          <li key={thread.id}>
            <Link to={`/inbox/${thread.id}`}>
              {thread.kind === "order" ? t("inbox.aboutOrder", { id: thread.orderId }) : null}
              {thread.listing ? <span lang={thread.listing.language === language ? undefined : thread.listing.language}>{thread.listing.text}</span> : null}
            </Link>{" "}
            {thread.unread > 0 ? <span className="badge">{t("inbox.unread", { count: thread.unread })}</span> : null}
            <br />
            <span className="muted small">
              {thread.asBuyer ? t("inbox.withSeller", { name: thread.otherName ?? "—" }) : thread.otherName ? t("inbox.withBuyer", { name: thread.otherName }) : t("reviews.buyer")} ·{" "}
              {formatDateTime(new Date(thread.lastMessageAt), language)}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
