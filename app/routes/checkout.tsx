import crypto from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { currentCartKey } from "~/web/cart.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { pickupPointFilterChoices, pickupPointsFor, resolvePickupPointFilter } from "~/domain/logistics/pickup-points.server";
import { readCart } from "~/domain/orders/cart.server";
import { checkout } from "~/domain/orders/checkout.server";
import { PAYMENT_METHODS, type PaymentMethod } from "~/domain/orders/order-status";
import { onlinePaymentAvailable, startCheckoutPayment } from "~/domain/payments/payments.server";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { villageRegionCode } from "~/domain/orders/places.server";
import { refusalKey } from "~/i18n/refusals";
import { formatMoney } from "~/i18n/money";
import { formatDate } from "~/i18n/format";
import { quoteCartDelivery } from "~/domain/orders/delivery-quotes.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "checkout");
  const { language, t } = await getT(request, "orders");
  const key = await currentCartKey(request);
  const groups = key ? readCart(getDb(), key, language) : [];
  if (groups.length === 0) throw redirect("/cart");
  const url = new URL(request.url);
  // The points near the goods' first village, until the buyer picks another region.
  const region = url.searchParams.get("region") ?? villageRegionCode(getDb(), groups[0]?.villageId ?? 0) ?? "";
  const filter = resolvePickupPointFilter(getDb(), { region });
  const points = pickupPointsFor(getDb(), language, filter.ok ? { regionId: filter.regionId } : {});
  const now = new Date();
  // Issue 17: what each seller's parcel costs to reach each point and when it arrives, or why it cannot.
  const deliveries = points.map((p) => {
    const quote = quoteCartDelivery(getDb(), groups, p, now);
    return {
      pointId: p.id,
      feeTiyn: quote.feeTiyn,
      refusal: quote.refusal,
      groups: quote.groups.map((g) => (g.ok ? { sellerId: g.sellerId, ok: true as const, feeTiyn: g.feeTiyn, arrives: g.arrivesAt ? formatDate(g.arrivesAt, language) : null, sameVillage: g.sameVillage } : { sellerId: g.sellerId, ok: false as const, reason: g.reason })),
    };
  });
  return {
    title: t("checkout.title"),
    language,
    groups,
    totalTiyn: groups.reduce((sum, g) => sum + g.totalTiyn, 0),
    region: region.toLowerCase(),
    regions: pickupPointFilterChoices(getDb(), language).regions,
    points,
    deliveries,
    // Without a payment provider (PAYMENT_PROVIDER=none) the hub takes cash at pickup only.
    methods: onlinePaymentAvailable() ? PAYMENT_METHODS : (["cash"] as const),
    // A new key per visit: submitting the same form twice makes one checkout (MONEY-07).
    idempotencyKey: `checkout:${actor.userId}:${crypto.randomUUID()}`,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const actor = requireActor(request, "checkout");
  const { language } = await getT(request, "orders");
  const pointText = String(form.get("pickupPointId") ?? "");
  const method = String(form.get("paymentMethod") ?? "");
  const idempotencyKey = String(form.get("idempotencyKey") ?? "");
  const values = { pickupPointId: pointText, paymentMethod: method, idempotencyKey };
  if (!/^checkout:\d+:[0-9a-f-]{36}$/.test(idempotencyKey)) throw new Response(null, { status: 400 });
  if (!/^\d{1,9}$/.test(pointText)) return data({ error: "orders.pickup_point_required", values }, { status: 400 });
  if (!(PAYMENT_METHODS as readonly string[]).includes(method)) return data({ error: "orders.payment_method_required", values }, { status: 400 });
  if (method === "online" && !onlinePaymentAvailable()) return data({ error: "orders.online_payment_unavailable", values }, { status: 400 });
  const key = await currentCartKey(request);
  if (!key) throw redirect("/cart", 303);
  const now = new Date();
  const result = checkout(
    getDb(),
    { buyerUserId: actor.userId, cartKey: key, pickupPointId: Number(pointText), paymentMethod: method as PaymentMethod, idempotencyKey, language },
    now,
  );
  if (!result.ok) {
    const conflict = result.reason === "orders.not_enough_stock" || result.reason === "orders.cart_has_problems" || result.reason === "orders.checkout_key_reused";
    const status = conflict ? 409 : 400;
    return data({ error: result.reason, values }, { status });
  }
  deliverSoon();
  if (result.paymentMethod === "online") {
    return redirect(await startCheckoutPayment(getDb(), result.checkoutId, now), 303);
  }
  return redirect(`/orders/checkout/${result.checkoutId}`, 303);
}

export default function Checkout() {
  const { language, groups, totalTiyn, region, regions, points, deliveries, methods, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  const chosenPoint = actionData?.values.pickupPointId ?? (points.length === 1 ? String(points[0]?.id) : "");
  const chosenMethod = actionData?.values.paymentMethod ?? methods[0];
  const cashOnly = !methods.some((m) => m === "online");
  return (
    <>
      <h1>{t("checkout.title")}</h1>
      <p>
        <Link to="/cart">← {t("checkout.backToCart")}</Link>
      </p>
      <section className="panel">
        <h2>{t("checkout.summary")}</h2>
        <ul className="list">
          {groups.map((g) => (
            <li key={g.sellerId}>
              {t("checkout.orderFrom", { seller: g.sellerName, village: g.villageName })}: {formatMoney(g.totalTiyn, language)} (
              {t("checkout.items", { count: g.lines.reduce((n, l) => n + l.quantity, 0) })})
            </li>
          ))}
        </ul>
        <p className="lead">
          {t("cart.total")}: <strong>{formatMoney(totalTiyn, language)}</strong>
        </p>
        {groups.length > 1 ? <p className="muted small">{t("cart.splitNote", { count: groups.length })}</p> : null}
        <p className="muted small">{t("checkout.deliveryNote")}</p>
        {groups.some((g) => !g.acceptsCash) ? (
          <p className="muted small">
            {t(cashOnly ? "checkout.noCashSellersCashOnly" : "checkout.noCashSellers", { sellers: groups.filter((g) => !g.acceptsCash).map((g) => g.sellerName).join(", ") })}
          </p>
        ) : null}
      </section>

      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="region">{t("checkout.region")}</label>
          <select id="region" name="region" defaultValue={region}>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("checkout.showPoints")}
        </button>
      </Form>

      {actionData ? <FormMessage>{t(refusalKey(actionData.error))}</FormMessage> : null}
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="idempotencyKey" value={actionData?.values.idempotencyKey ?? idempotencyKey} />
        <fieldset className="choices">
          <legend>{t("checkout.pickupPoint")}</legend>
          {points.length === 0 ? <p className="muted">{t("checkout.noPoints")}</p> : null}
          {points.map((p) => (
            <label key={p.id} className="choice">
              <input type="radio" name="pickupPointId" value={p.id} defaultChecked={chosenPoint === String(p.id)} required />
              <span>
                <strong>{p.name}</strong> — {p.locality.name}
                <br />
                <span className="small">
                  {p.address} · {p.openingHours} · {t("checkout.storage", { count: p.storageDays })}
                  {p.acceptsCash ? ` · ${t("checkout.cashHere")}` : ""}
                </span>
                <DeliveryLines delivery={deliveries.find((d) => d.pointId === p.id)} groups={groups} />
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="choices">
          <legend>{t("checkout.payment")}</legend>
          {cashOnly ? <p className="muted small">{t("checkout.cashOnly")}</p> : null}
          {methods.map((m) => (
            <label key={m} className="choice">
              <input type="radio" name="paymentMethod" value={m} defaultChecked={chosenMethod === m} />
              <span>
                <strong>{t(`payment.${m}`)}</strong>
                <br />
                <span className="small">{t(`payment.${m}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("checkout.place", { total: formatMoney(totalTiyn, language) })}
        </button>
      </Form>
    </>
  );
}

type Delivery = ReturnType<typeof useLoaderData<typeof loader>>["deliveries"][number];

/** Under a point: each seller's delivery price and expected arrival, or why the point cannot take the cart. */
function DeliveryLines({ delivery, groups }: { delivery: Delivery | undefined; groups: { sellerId: number; sellerName: string; totalTiyn: number }[] }) {
  const { t, i18n } = useTranslation("orders");
  if (!delivery) return null;
  const language = i18n.language as Parameters<typeof formatMoney>[1];
  const sellerName = (sellerId: number) => groups.find((g) => g.sellerId === sellerId)?.sellerName ?? "";
  return (
    <span className="small delivery">
      {delivery.groups.map((g) => (
        <span key={g.sellerId} className="delivery-line">
          <br />
          {g.ok
            ? t(g.arrives ? "checkout.deliveryBy" : "checkout.deliveryNoDate", {
                seller: sellerName(g.sellerId),
                price: g.feeTiyn === 0 ? t("checkout.deliveryFree") : formatMoney(g.feeTiyn, language),
                date: g.arrives ?? "",
              })
            : `${sellerName(g.sellerId)}: ${t(refusalKey(g.reason))}`}
        </span>
      ))}
      {delivery.refusal === "orders.point_full" ? (
        <>
          <br />
          {t(refusalKey(delivery.refusal))}
        </>
      ) : null}
    </span>
  );
}
