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
import { getListingOwner, getSeller } from "~/domain/catalog/listings.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import type { RouteHandle } from "~/root";
import { ListingEditor } from "~/ui/listing-editor";
import { requireAssistedVillage } from "~/web/village.server";

export const handle: RouteHandle = { hydrate: true };

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A listing of a seller of this village, if the signed-in person coordinates it. */
function requireAssistedListing(request: Request, slug: string | undefined, id: string | undefined) {
  const { village } = requireAssistedVillage(request, slug);
  const parsed = idParam.safeParse(id);
  const owner = parsed.success ? getListingOwner(getDb(), parsed.data) : undefined;
  if (!owner || owner.villageId !== village.id) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "listing.assist", () => ({ type: "listing", sellerUserId: owner.sellerUserId, villageId: owner.villageId }));
  return { actor, village, owner };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village, owner } = requireAssistedListing(request, params.village, params.id);
  const { language, t } = await getT(request, "catalog");
  const editor = getEditorData(owner.id, language, new URL(request.url).searchParams.get("done"));
  const seller = getSeller(getDb(), owner.sellerId);
  return { ...editor, village, sellerName: seller?.name ?? "", pageTitle: `${t("edit.title")}: ${editor.title}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pageTitle} · Auyl Hub` }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, village, owner } = requireAssistedListing(request, params.village, params.id);
  return withUploads(request, LISTING_UPLOADS, actor.userId, async (form) => {
    const outcome = await submitListingEdit(form, { listingId: owner.id, by: { userId: actor.userId }, assisted: true }, new Date());
    if (!outcome.ok) return data({ ...outcome, intent: String(form.get("intent") ?? "") }, { status: outcome.status });
    return redirect(`/coordinator/${village.slug}/listings/${owner.id}?done=${outcome.done}`, 303);
  });
}

export default function AssistedEditListing() {
  const editor = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("catalog");
  return (
    <>
      <p>
        <Link to={`/coordinator/${editor.village.slug}/listings`}>← {t("coordinator.title", { village: localized(editor.village, "name", editor.language) })}</Link>
      </p>
      <h1>{editor.title}</h1>
      <p className="muted">{t("coordinator.sellerOf", { name: editor.sellerName })}</p>
      <ListingEditor data={editor} failed={failed} intent={failed?.intent} assisted uploadUrl="/seller/listings/photos" />
    </>
  );
}
