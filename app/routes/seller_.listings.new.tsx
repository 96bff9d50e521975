import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { withUploads } from "~/web/uploads.server";
import { getDb } from "~/db.server";
import { submitNewListing } from "~/web/listing-actions.server";
import { LISTING_UPLOADS } from "~/web/listing-form.server";
import { MAX_LISTING_PHOTOS } from "~/domain/catalog/listing-rules";
import { listCategoryChoices, listShopsOf } from "~/domain/catalog/listings.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { ListingForm } from "~/ui/listing-form";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "seller.area", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "catalog");
  const db = getDb();
  const shops = listShopsOf(db, actor.userId).map((s) => ({ id: s.id, name: `${s.name ?? ""} · ${localized(s.village, "name", language)}` }));
  return {
    title: t("list.new"),
    language,
    shops,
    categories: listCategoryChoices(db).map((c) => ({ id: c.id, depth: c.depth, name: localized(c, "name", language) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request }: ActionFunctionArgs) {
  // Who is asking is known before the (large) body is read.
  const signedIn = requireActor(request, "seller.area", (a) => ({ type: "user", userId: a.userId }));
  const shops = listShopsOf(getDb(), signedIn.userId);
  if (shops.length === 0) throw new Response(null, { status: 404 });
  return withUploads(request, LISTING_UPLOADS, signedIn.userId, async (form) => {
    const chosen = shops.length === 1 ? shops[0] : shops.find((s) => String(s.id) === form.get("seller"));
    if (!chosen) throw new Response(null, { status: 404 });
    const actor = requireActor(request, "listing.create", () => ({ type: "listing", sellerUserId: signedIn.userId, villageId: chosen.villageId }));
    const outcome = await submitNewListing(form, { sellerId: chosen.id, by: { userId: actor.userId }, assisted: false }, new Date());
    if (!outcome.ok) return data({ ...outcome, seller: String(chosen.id) }, { status: outcome.status });
    return redirect(`/seller/listings?done=created#listing-${outcome.listingId}`, 303);
  });
}

export default function NewListing() {
  const { language, shops, categories } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("catalog");
  if (shops.length === 0) {
    return (
      <>
        <h1>{t("list.new")}</h1>
        <p>
          {t("list.noShop")} <Link to="/seller/apply">{t("list.apply")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="/seller/listings">← {t("list.title")}</Link>
      </p>
      <h1>{t("list.new")}</h1>
      <ListingForm
        mode="new"
        values={{ ...failed?.values, seller: failed?.seller }}
        errors={failed?.errors ?? {}}
        formError={failed?.formError ? t(failed.formError) : undefined}
        categories={categories}
        kept={failed?.kept ?? []}
        photoProblems={failed?.photoProblems ?? []}
        photoRoom={MAX_LISTING_PHOTOS}
        assisted={false}
        sellerChoices={shops.length > 1 ? shops : undefined}
        sellerLabel={t("form.shop")}
        uploadUrl="/seller/listings/photos"
        readerLanguage={language}
      />
    </>
  );
}
