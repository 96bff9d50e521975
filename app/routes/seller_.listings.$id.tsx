import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/web/auth.server";
import { withUploads } from "~/web/uploads.server";
import { getDb } from "~/db.server";
import { getEditorData, submitListingEdit } from "~/web/listing-actions.server";
import { LISTING_UPLOADS } from "~/web/listing-form.server";
import { getListingOwner } from "~/domain/catalog/listings.server";
import { getT } from "~/web/language.server";
import type { RouteHandle } from "~/root";
import { ListingEditor } from "~/ui/listing-editor";
import { ShareBlock } from "~/ui/share";
import { listingShare } from "~/web/share.server";

/** The share block's copy button needs React; the photo uploads are the work areas' script's (app/offline/photo-upload.ts). */
export const handle: RouteHandle = { hydrate: true };

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The listing, if the signed-in seller owns it; anyone else's is answered as missing. */
function requireOwnListing(request: Request, id: string | undefined) {
  const parsed = idParam.safeParse(id);
  const owner = parsed.success ? getListingOwner(getDb(), parsed.data) : undefined;
  if (!owner) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "listing.edit", () => ({ type: "listing", sellerUserId: owner.sellerUserId, villageId: owner.villageId }));
  return { actor, listingId: owner.id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { listingId } = requireOwnListing(request, params.id);
  const { language, t } = await getT(request, "catalog");
  const editor = getEditorData(listingId, language, new URL(request.url).searchParams.get("done"));
  return { ...editor, pageTitle: `${t("edit.title")}: ${editor.title}`, share: await listingShare(request, language, listingId) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pageTitle} · Auyl Hub` }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, listingId } = requireOwnListing(request, params.id);
  return withUploads(request, LISTING_UPLOADS, actor.userId, async (form) => {
    const outcome = await submitListingEdit(form, { listingId, by: { userId: actor.userId }, assisted: false }, new Date());
    if (!outcome.ok) return data({ ...outcome, intent: String(form.get("intent") ?? "") }, { status: outcome.status });
    return redirect(`/seller/listings/${listingId}?done=${outcome.done}`, 303);
  });
}

export default function EditListing() {
  const editor = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("catalog");
  return (
    <>
      <p>
        <Link to="/seller/listings">← {t("list.title")}</Link>
      </p>
      <h1>{editor.title}</h1>
      <ListingEditor data={editor} failed={failed} intent={failed?.intent} assisted={false} uploadUrl="/seller/listings/photos" />
      {editor.share ? (
        <ShareBlock id="share" share={editor.share} heading={t("storefront:share.listingHeading")} printHref={`/seller/listings/${editor.listingId}/card`} />
      ) : null}
    </>
  );
}
