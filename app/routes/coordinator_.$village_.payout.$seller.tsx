import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getSeller } from "~/domain/catalog/listings.server";
import { getPayoutDestination, setPayoutDestination } from "~/domain/payouts/destinations.server";
import { refusalKeys } from "~/i18n/refusals";
import { localized } from "~/i18n/localized";
import { FormMessage } from "~/ui/form";
import { PayoutDestinationForm, type DestinationFailure } from "~/ui/payout-destination-form";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getT } from "~/web/language.server";
import { villageOrNotFound } from "~/web/village.server";

/**
 * The coordinator records where an assisted seller's payouts go (issue 15 §2,
 * decision 0022), with the seller's consent note: the coordinator of the
 * seller's own village, for a seller who chose assisted selling, and no one
 * else (can "payout.destination.assist"). The IBAN is only shown masked.
 */
function assistedShop(request: Request, slug: string | undefined, param: string | undefined) {
  const village = villageOrNotFound(slug);
  const sellerId = Number(param);
  const seller = /^\d{1,12}$/.test(param ?? "") && Number.isSafeInteger(sellerId) ? getSeller(getDb(), sellerId) : undefined;
  if (!seller || seller.villageId !== village.id) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "payout.destination.assist", () => ({ type: "shop", sellerUserId: seller.userId, villageId: seller.villageId, assisted: seller.assisted }));
  return { actor, village, seller };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village, seller } = assistedShop(request, params.village, params.seller);
  const { language, t } = await getT(request, "money");
  const shop = seller.name ?? t("seller.shop");
  return {
    title: t("seller.destination.assist.title", { shop }),
    language,
    village,
    sellerId: seller.id,
    destination: getPayoutDestination(getDb(), seller.id),
    done: new URL(request.url).searchParams.get("done"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, village, seller } = assistedShop(request, params.village, params.seller);
  const form = await readForm(request);
  const text = (name: string, max = 100) => String(form.get(name) ?? "").slice(0, max);
  const values = { iban: text("iban", 60), holderName: text("holderName", 200), holderTaxId: text("holderTaxId", 30), consent: text("consent", 500) };
  const { consent, ...destination } = values;
  const result = setPayoutDestination(getDb(), { sellerId: seller.id, actorUserId: actor.userId, ...destination, consentNote: consent, ip: context.clientIp }, new Date());
  if (!result.ok) return data({ shop: seller.id, values, errors: refusalKeys(result.errors) } satisfies DestinationFailure, { status: 400 });
  return redirect(`/coordinator/${village.slug}/payout/${seller.id}?done=${result.changed ? "destination" : "unchanged"}`, 303);
}

export default function AssistedPayoutDestination() {
  const { title, language, village, sellerId, destination, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("money");
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}`}>← {localized(village, "name", language)}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("seller.destination.assist.intro")}</p>
      {destination ? (
        <p>
          <strong>{t("seller.destination.current", { iban: destination.ibanMasked, bank: destination.bankName, holder: destination.holderName })}</strong>
        </p>
      ) : (
        <p>{t("seller.destination.assist.none")}</p>
      )}
      {done === "destination" ? <FormMessage tone="ok">{t("seller.destination.assist.saved")}</FormMessage> : null}
      {done === "unchanged" ? <FormMessage tone="ok">{t("seller.destination.unchanged")}</FormMessage> : null}
      <PayoutDestinationForm shopId={sellerId} failure={failure} withConsent />
    </>
  );
}
