import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getActor, requireAllowed } from "~/web/auth.server";
import { cartKeyForWrite, currentCartKey } from "~/web/cart.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { MAX_CART_QUANTITY } from "~/domain/orders/cart-limits";
import { putInCart, readCart, removeFromCart } from "~/domain/orders/cart.server";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { photoUrl } from "~/ui/photo";
import { refusalKey } from "~/i18n/refusals";
import { formatMoney } from "~/i18n/money";

export async function loader({ request }: LoaderFunctionArgs) {
  requireAllowed(request, "cart.use");
  const { language, t } = await getT(request, "orders");
  const key = await currentCartKey(request);
  const groups = key ? readCart(getDb(), key, language) : [];
  const added = new URL(request.url).searchParams.get("added") === "1";
  return {
    title: t("cart.title"),
    language,
    groups,
    added,
    signedIn: getActor(request) !== null,
    totalTiyn: groups.reduce((sum, g) => sum + g.totalTiyn, 0),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** add (from a listing page), set (a line's quantity), remove. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireAllowed(request, "cart.use");
  const intent = String(form.get("intent") ?? "add");
  const listingId = Number(form.get("listingId"));
  if (!Number.isSafeInteger(listingId) || listingId <= 0) throw new Response(null, { status: 400 });
  const { key, setCookie } = await cartKeyForWrite(request);
  const headers = setCookie ? { "Set-Cookie": setCookie } : undefined;
  if (intent === "remove") {
    removeFromCart(getDb(), key, listingId);
    return redirect("/cart", { status: 303, headers });
  }
  if (intent !== "add" && intent !== "set") throw new Response(null, { status: 400 });
  const typed = String(form.get("quantity") ?? "1").trim();
  const quantity = /^\d{1,4}$/.test(typed) ? Number(typed) : Number.NaN;
  const result = putInCart(getDb(), { cartKey: key, listingId, quantity, replace: intent === "set" }, new Date());
  if (!result.ok) {
    const status = result.reason === "orders.listing_unavailable" ? 409 : 400;
    return data({ listingId, error: result.reason, typed }, { status, headers });
  }
  return redirect(intent === "add" ? "/cart?added=1" : "/cart", { status: 303, headers });
}

export default function Cart() {
  const { language, groups, added, signedIn, totalTiyn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  return (
    <>
      <h1>{t("cart.title")}</h1>
      {added ? <FormMessage tone="ok">{t("cart.added")}</FormMessage> : null}
      {actionData && !groups.some((g) => g.lines.some((l) => l.listingId === actionData.listingId)) ? (
        <FormMessage>{t(refusalKey(actionData.error))}</FormMessage>
      ) : null}
      {groups.length === 0 ? (
        <p>
          {t("cart.empty")} <Link to="/catalog">{t("cart.browse")}</Link>
        </p>
      ) : null}
      {groups.map((group) => (
        <section key={group.sellerId} className="panel" aria-labelledby={`seller-${group.sellerId}`}>
          <h2 id={`seller-${group.sellerId}`}>
            <Link to={`/sellers/${group.sellerId}`}>{group.sellerName}</Link>
            <span className="muted small"> · {group.villageName}</span>
          </h2>
          <ul className="cart-lines">
            {group.lines.map((line) => {
              const error = actionData?.listingId === line.listingId ? actionData.error : null;
              return (
                <li key={line.listingId} className="cart-line">
                  {line.photoHash ? <img src={photoUrl(line.photoHash, 320)} width={64} height={64} alt="" loading="lazy" /> : null}
                  <div>
                    <Link to={`/listings/${line.listingId}`} lang={line.titleLanguage === language ? undefined : line.titleLanguage}>
                      {line.title}
                    </Link>
                    <p className="small">
                      {formatMoney(line.priceTiyn, language)} × {line.quantity} = <strong>{formatMoney(line.lineTiyn, language)}</strong>
                    </p>
                    {line.problem ? <FormMessage>{t(refusalKey(line.problem))}</FormMessage> : null}
                    {error ? <FormMessage>{t(refusalKey(error))}</FormMessage> : null}
                    <Form method="post" className="actions">
                      <CsrfInput />
                      <input type="hidden" name="listingId" value={line.listingId} />
                      <label htmlFor={`qty-${line.listingId}`} className="visually-hidden">
                        {t("cart.quantity")}
                      </label>
                      <input
                        id={`qty-${line.listingId}`}
                        name="quantity"
                        inputMode="numeric"
                        className="qty"
                        defaultValue={error ? actionData?.typed : String(line.quantity)}
                        maxLength={String(MAX_CART_QUANTITY).length}
                        aria-invalid={error ? true : undefined}
                      />
                      <button type="submit" name="intent" value="set" className="button secondary">
                        {t("cart.update")}
                      </button>
                      <button type="submit" name="intent" value="remove" className="button secondary">
                        {t("cart.remove")}
                      </button>
                    </Form>
                  </div>
                </li>
              );
            })}
          </ul>
          <p>
            {t("cart.sellerTotal")}: <strong>{formatMoney(group.totalTiyn, language)}</strong>
          </p>
        </section>
      ))}
      {groups.length > 0 ? (
        <>
          <p className="lead">
            {t("cart.total")}: <strong>{formatMoney(totalTiyn, language)}</strong>
          </p>
          {groups.length > 1 ? <p className="muted">{t("cart.splitNote", { count: groups.length })}</p> : null}
          <p>
            <Link to="/checkout" className="button">
              {signedIn ? t("cart.checkout") : t("cart.signInToCheckout")}
            </Link>
          </p>
        </>
      ) : null}
    </>
  );
}
