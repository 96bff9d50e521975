import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { listingText } from "~/domain/catalog/listing-text";
import { getListingPage } from "~/domain/catalog/storefront.server";
import { listingSubject, threadResource } from "~/domain/trust/messages.server";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getT } from "~/web/language.server";
import { submitMessage } from "~/web/message-form.server";
import { parseOrNotFound } from "~/web/params";
import { MessageForm, type MessageFailure } from "~/ui/message-form";

const idParam = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);

/** A signed-in buyer asks the seller about a listing; the question starts (or continues) their thread. */
function requireAsker(request: Request, param: string | undefined) {
  const signedIn = requireActor(request, "checkout");
  const listingId = parseOrNotFound(idParam, param);
  const subject = listingSubject(getDb(), listingId, signedIn.userId);
  if (!subject) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "message.write", () => threadResource(subject));
  return { listingId, subject, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { listingId, subject } = requireAsker(request, params.id);
  if (subject.threadId !== null) throw redirect(`/inbox/${subject.threadId}`);
  const { language, t } = await getT(request, "trust");
  const listing = getListingPage(getDb(), listingId);
  if (!listing) throw new Response(null, { status: 404 });
  const title = listingText(listing, "title", language);
  return { title: t("messages.askTitle"), listingId, listingTitle: title.text, listingLanguage: title.language, language };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { subject, actor } = requireAsker(request, params.id);
  return submitMessage(form, subject, actor.userId);
}

export default function AskSeller() {
  const { listingId, listingTitle, listingLanguage, language } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as MessageFailure | undefined;
  const { t } = useTranslation("trust");
  return (
    <>
      <h1>{t("messages.askTitle")}</h1>
      <p>
        <Link to={`/listings/${listingId}`} lang={listingLanguage === language ? undefined : listingLanguage}>
          ← {listingTitle}
        </Link>
      </p>
      <p className="muted small">{t("messages.askHint")}</p>
      <MessageForm failed={failed} label={t("messages.question")} />
    </>
  );
}
