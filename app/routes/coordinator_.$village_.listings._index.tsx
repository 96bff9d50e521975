import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { submitQuickEdit, type Done } from "~/web/listing-actions.server";
import { getListingOwner, listVillageListings, listVillageSellers } from "~/domain/catalog/listings.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { FormMessage } from "~/ui/form";
import { ListingRows } from "~/ui/listing-rows";
import { tengeInputText } from "~/i18n/money";
import { requireAssistedVillage } from "~/web/village.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = requireAssistedVillage(request, params.village);
  const { language, t } = await getT(request, "catalog");
  const db = getDb();
  return {
    title: t("coordinator.title", { village: localized(village, "name", language) }),
    language,
    village,
    hasSellers: listVillageSellers(db, village.id).length > 0,
    done: new URL(request.url).searchParams.get("done") as Done | null,
    listings: listVillageListings(db, village.id).map((l) => ({ ...l, priceText: tengeInputText(l.priceTiyn) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Price and stock changed for a seller, with the seller's consent note. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { village } = requireAssistedVillage(request, params.village);
  const form = await readForm(request);
  const id = Number(form.get("id"));
  const owner = Number.isSafeInteger(id) && id > 0 ? getListingOwner(getDb(), id) : undefined;
  if (!owner || owner.villageId !== village.id) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "listing.assist", () => ({ type: "listing", sellerUserId: owner.sellerUserId, villageId: owner.villageId }));
  const outcome = submitQuickEdit(form, { listingId: id, by: { userId: actor.userId }, assisted: true }, new Date());
  if (!outcome.ok) return data(outcome, { status: 400 });
  return redirect(`/coordinator/${village.slug}/listings?done=quick_saved#listing-${id}`, 303);
}

export default function VillageListings() {
  const { title, language, village, hasSellers, done, listings } = useLoaderData<typeof loader>();
  const quick = useActionData<typeof action>();
  const { t } = useTranslation("catalog");
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}`}>← {localized(village, "name", language)}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t("coordinator.intro")}</p>
      {done ? <FormMessage tone="ok">{t(`done.${done}`)}</FormMessage> : null}
      {hasSellers ? (
        <p>
          <Link to={`/coordinator/${village.slug}/listings/new`} className="button">
            {t("coordinator.new")}
          </Link>
        </p>
      ) : (
        <p className="muted">{t("coordinator.noSellers")}</p>
      )}
      <ListingRows
        listings={listings}
        language={language}
        quick={quick && !quick.ok ? quick : undefined}
        editPath={(id) => `/coordinator/${village.slug}/listings/${id}`}
        assisted
      />
    </>
  );
}
