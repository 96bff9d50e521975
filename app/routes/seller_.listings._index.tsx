import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { submitQuickEdit, type Done } from "~/web/listing-actions.server";
import { getListingOwner, listSellerListings, listShopsOf } from "~/domain/catalog/listings.server";
import { getT } from "~/web/language.server";
import { FormMessage } from "~/ui/form";
import { ListingRows } from "~/ui/listing-rows";
import { tengeInputText } from "~/i18n/money";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "seller.area", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "catalog");
  const db = getDb();
  return {
    title: t("list.title"),
    language,
    hasShop: listShopsOf(db, actor.userId).length > 0,
    done: new URL(request.url).searchParams.get("done") as Done | null,
    listings: listSellerListings(db, actor.userId).map((l) => ({ ...l, priceText: tengeInputText(l.priceTiyn) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** The in-place price and stock edit of one listing; another seller's listing is a 404. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const id = Number(form.get("id"));
  const owner = Number.isSafeInteger(id) && id > 0 ? getListingOwner(getDb(), id) : undefined;
  if (!owner) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "listing.edit", () => ({ type: "listing", sellerUserId: owner.sellerUserId, villageId: owner.villageId }));
  const outcome = submitQuickEdit(form, { listingId: id, by: { userId: actor.userId }, assisted: false }, new Date());
  if (!outcome.ok) return data(outcome, { status: 400 });
  return redirect(`/seller/listings?done=quick_saved#listing-${id}`, 303);
}

export default function SellerListings() {
  const { language, hasShop, done, listings } = useLoaderData<typeof loader>();
  const quick = useActionData<typeof action>();
  const { t } = useTranslation("catalog");
  return (
    <>
      <h1>{t("list.title")}</h1>
      {done ? <FormMessage tone="ok">{t(`done.${done}`)}</FormMessage> : null}
      {hasShop ? (
        <p>
          <Link to="/seller/listings/new" className="button">
            {t("list.new")}
          </Link>
        </p>
      ) : (
        <p>
          {t("list.noShop")} <Link to="/seller/apply">{t("list.apply")}</Link>
        </p>
      )}
      {hasShop && listings.length === 0 ? <p className="muted">{t("list.empty")}</p> : null}
      <ListingRows listings={listings} language={language} quick={quick && !quick.ok ? quick : undefined} editPath={(id) => `/seller/listings/${id}`} />
    </>
  );
}
