import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { sellerAssistedChoices, sellerCashChoices, setSellerAcceptsCash } from "~/domain/orders/seller-settings.server";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { getSellerArea } from "~/domain/identity/sellers.server";
import { getT } from "~/web/language.server";
import { formatDate } from "~/i18n/format";
import { localized } from "~/i18n/localized";
import { ShareBlock } from "~/ui/share";
import { shopShare } from "~/web/share.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "seller.area", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "identity");
  const saved = new URL(request.url).searchParams.get("saved") === "1";
  const area = getSellerArea(getDb(), actor.userId);
  // A shop whose village still has the person as its seller has a public page to share.
  const shares = Object.fromEntries(await Promise.all(area.shops.filter((shop) => shop.active && shop.name).map(async (shop) => [shop.id, await shopShare(request, language, shop)] as const)));
  return { title: t("seller.title"), language, saved, cash: sellerCashChoices(getDb(), actor.userId), assisted: sellerAssistedChoices(getDb(), actor.userId), ...area, shares };
}

/** A shop's settings: whether buyers may pay it cash at the pickup point; whether its coordinator may handle its orders. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const actor = requireActor(request, "seller.area", (a) => ({ type: "user", userId: a.userId }));
  const sellerId = Number(form.get("sellerId"));
  if (!Number.isSafeInteger(sellerId) || sellerId <= 0) throw new Response(null, { status: 400 });
  // Only one's own shop; another's is answered as missing.
  if (!setSellerAcceptsCash(getDb(), { userId: actor.userId, sellerId, acceptsCash: form.get("acceptsCash") === "on", assistedOrders: form.get("assistedOrders") === "on" })) {
    throw new Response(null, { status: 404 });
  }
  return redirect("/seller?saved=1", 303);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** The seller area: where the person sells, their standing, and their applications. */
export default function SellerArea() {
  const { language, shops, applications, cash, assisted, saved, shares } = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("seller.title")}</h1>
      {shops.length === 0 ? <p>{t("seller.notYet")}</p> : null}
      {saved ? <FormMessage tone="ok">{t("orders:sellerSettings.cash.saved")}</FormMessage> : null}
      {shops.map((shop) => (
        <section key={shop.id} className="panel" aria-labelledby={`shop-${shop.id}`}>
          <h2 id={`shop-${shop.id}`}>
            {shop.name}{" "}
            {shop.verifiedAt ? <span className="badge verified">{t("seller.verified")}</span> : null}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t("seller.village")}</dt>
              <dd>
                <Link to={`/villages/${shop.village.slug}`}>{localized(shop.village, "name", language)}</Link>
              </dd>
            </div>
            <div>
              <dt>{t("seller.status")}</dt>
              <dd>{shop.active ? t("seller.statusApproved", { date: formatDate(shop.approvedAt, language) }) : t("seller.statusSuspended")}</dd>
            </div>
            <div>
              <dt>{t("seller.verification")}</dt>
              <dd>{shop.verifiedAt ? t("seller.verifiedOn", { date: formatDate(shop.verifiedAt, language) }) : t("seller.notVerified")}</dd>
            </div>
          </dl>
          <Form method="post" className="actions">
            <CsrfInput />
            <input type="hidden" name="sellerId" value={shop.id} />
            <label className="check">
              <input type="checkbox" name="acceptsCash" defaultChecked={cash[shop.id] ?? true} />
              {t("orders:sellerSettings.cash.label")}
            </label>
            <label className="check">
              <input type="checkbox" name="assistedOrders" defaultChecked={assisted[shop.id] ?? false} />
              {t("orders:sellerSettings.assisted")}
            </label>
            <button type="submit" className="button secondary small">
              {t("orders:sellerSettings.cash.save")}
            </button>
          </Form>
          {shares[shop.id] ? <ShareBlock id={`share-${shop.id}`} share={shares[shop.id]!} heading={t("storefront:share.shopHeading")} level={3} /> : null}
        </section>
      ))}
      {shops.length > 0 ? (
        <p>
          <Link to="/seller/listings" className="button">
            {t("catalog:list.title")}
          </Link>
          {" "}<Link to="/seller/orders" className="button">{t("orders:sellerOrders.title")}</Link>
          {" "}<Link to="/seller/money" className="button">{t("money:seller.link")}</Link>
          {" "}<Link to="/seller/sales" className="button">{t("insights:seller.link")}</Link>
          {" "}<Link to="/seller/evidence" className="button">{t("evidence:seller.link")}</Link>
          {" "}<Link to="/seller/quality" className="button">{t("quality:seller.link")}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/seller/apply" className="button">
          {shops.length === 0 ? t("seller.applyFirst") : t("seller.applyAnother")}
        </Link>
      </p>
      <h2>{t("seller.applications")}</h2>
      {applications.length === 0 ? (
        <p className="muted">{t("seller.noApplications")}</p>
      ) : (
        <ul className="list">
          {applications.map((application) => (
            <li key={application.id}>
              <strong>{localized(application.village, "name", language)}</strong> · {formatDate(application.createdAt, language)} ·{" "}
              <span className={`status status-${application.status}`}>{t(`application.status.${application.status}`)}</span>
              {application.taxIdMasked ? <span className="muted"> · {application.taxIdMasked}</span> : null}
              {application.reason ? <p className="muted">{t("application.reason", { reason: application.reason })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
