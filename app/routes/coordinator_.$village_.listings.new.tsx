import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { withUploads } from "~/web/uploads.server";
import { getDb } from "~/db.server";
import { submitNewListing } from "~/web/listing-actions.server";
import { LISTING_UPLOADS, readListingValues } from "~/web/listing-form.server";
import { MAX_LISTING_PHOTOS } from "~/domain/catalog/listing-rules";
import { listCategoryChoices, listVillageSellers } from "~/domain/catalog/listings.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { ListingForm } from "~/ui/listing-form";
import { requireAssistedVillage } from "~/web/village.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = requireAssistedVillage(request, params.village);
  const { language, t } = await getT(request, "catalog");
  const db = getDb();
  return {
    title: t("coordinator.newTitle"),
    language,
    village,
    sellers: listVillageSellers(db, village.id).map((s) => ({ id: s.id, name: s.name ?? `#${s.id}` })),
    categories: listCategoryChoices(db).map((c) => ({ id: c.id, depth: c.depth, name: localized(c, "name", language) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** A listing made by the coordinator for a seller of the village, with the seller's consent note. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { village, actor: coordinator } = requireAssistedVillage(request, params.village);
  return withUploads(request, LISTING_UPLOADS, coordinator.userId, async (form) => {
    const sellers = listVillageSellers(getDb(), village.id);
    const chosen = sellers.find((s) => String(s.id) === form.get("seller"));
    if (!chosen) {
      // Nothing else can be checked without the seller: show the form again with the choice marked.
      return data(
        { ok: false as const, status: 400 as const, values: readListingValues(form), errors: { seller: "catalog:errors.seller" }, photoProblems: [], kept: [], formError: undefined, seller: "" },
        { status: 400 },
      );
    }
    const actor = requireActor(request, "listing.assist", () => ({ type: "listing", sellerUserId: chosen.userId, villageId: village.id }));
    const outcome = await submitNewListing(form, { sellerId: chosen.id, by: { userId: actor.userId }, assisted: true }, new Date());
    if (!outcome.ok) return data({ ...outcome, seller: String(chosen.id) }, { status: outcome.status });
    return redirect(`/coordinator/${village.slug}/listings?done=created#listing-${outcome.listingId}`, 303);
  });
}

export default function AssistedNewListing() {
  const { title, language, village, sellers, categories } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("catalog");
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}/listings`}>← {t("coordinator.title", { village: localized(village, "name", language) })}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t("coordinator.intro")}</p>
      {sellers.length === 0 ? (
        <p className="muted">{t("coordinator.noSellers")}</p>
      ) : (
        <ListingForm
          mode="new"
          values={{ ...failed?.values, seller: failed?.seller }}
          errors={failed?.errors ?? {}}
          formError={failed?.formError ? t(failed.formError) : undefined}
          categories={categories}
          kept={failed?.kept ?? []}
          photoProblems={failed?.photoProblems ?? []}
          photoRoom={MAX_LISTING_PHOTOS}
          assisted
          sellerChoices={sellers}
          sellerLabel={t("form.seller")}
          uploadUrl="/seller/listings/photos"
          readerLanguage={language}
        />
      )}
    </>
  );
}
