import crypto from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb, writeTransaction } from "~/db.server";
import { IdempotencyConflictError, LedgerError } from "~/domain/escrow/ledger-operations.server";
import { settlePointCash } from "~/domain/escrow/ledger-posting.server";
import { pointCashOwed } from "~/domain/escrow/ledger-reads.server";
import { hubParcels } from "~/domain/orders/order-views.server";
import { listedOrderButtons, type ListedOrder } from "~/web/order-actions.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { OrderList, type OrderListItem } from "~/ui/order-list";
import { villageOrNotFound } from "~/web/village.server";
import { refusalKey } from "~/i18n/refusals";
import { formatMoney } from "~/i18n/money";
import { parseTenge } from "~/i18n/money";
import { hubShipping, shippingFigures } from "~/domain/shipping/shipment-views.server";
import { lanesToPoints } from "~/domain/shipping/shipment-lanes.server";
import { HubShipping, type HubShippingAnswer } from "~/ui/hub-shipping";
import { submitHubShipping } from "~/web/shipping-actions.server";
import type { RouteHandle } from "~/root";

/** The steps the hub's lists offer as buttons. */
const HUB_EVENTS = ["receive", "send", "arrive", "return_approve", "return_refuse", "return_send", "return_arrive"] as const;

/**
 * The village hub: parcels to receive from sellers, to send out, to put on a
 * point's shelf; locked parcels; disputes; and the cash each point owes.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const village = villageOrNotFound(params.village);
  const actor = requireActor(request, "hub.view", () => ({ type: "village", villageId: village.id }));
  const { language, t } = await getT(request, "orders");
  const parcels = hubParcels(getDb(), village.id);
  const shipping = hubShipping(getDb(), village.id);
  // Each destination's new-shipment form offers the hub's open lanes to it, the first pre-selected.
  const lanes = lanesToPoints(getDb(), village.id, shipping.groups.map((g) => g.pickupPointId));
  // Each button is one can() allows this coordinator on that order (issue 13 §3): a
  // village's hub receives and sends its sellers' parcels and shelves those for its
  // points, never another hub's step. The people's user ids stay on the server.
  const shown = <T extends ListedOrder>({ buyerUserId: _buyer, sellerUserId: _seller, ...row }: T) => row;
  const withButtons = <T extends ListedOrder>(list: T[]) =>
    list.map((o) => ({ ...shown(o), buttons: listedOrderButtons(actor, o, HUB_EVENTS) }));
  return {
    title: t("hub.title", { village: localized(village, "name", language) }),
    language,
    slug: village.slug,
    toReceive: withButtons(parcels.toReceive),
    toSend: withButtons(parcels.toSend),
    toShelve: withButtons(parcels.toShelve),
    locked: parcels.locked.map(shown),
    disputes: parcels.disputes.map(shown),
    // The coordinator acts for these sellers on each order's page, with the seller's consent note.
    assisted: parcels.assisted.map(shown),
    returnRequests: withButtons(parcels.returnRequests),
    toSendBack: withButtons(parcels.toSendBack),
    comingBack: withButtons(parcels.comingBack),
    cash: pointCashOwed(getDb(), village.id),
    villageId: village.id,
    shipping: { ...shipping, groups: shipping.groups.map((g) => ({ ...g, lanes: lanes.get(g.pickupPointId) ?? [] })), figures: shippingFigures(getDb(), village.id, new Date(Date.now() - 30 * 86_400_000)) },
    settleKey: crypto.randomUUID(),
    done: new URL(request.url).searchParams.get("done") === "banked",
    received: new URL(request.url).searchParams.get("done") === "received" ? Number(new URL(request.url).searchParams.get("order")) || null : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** The parcel-code forms get the "Scan with camera" button with JavaScript on (decision 0031). */
export const handle: RouteHandle = { camera: true };

export const headers = () => ({ "Cache-Control": "no-store" });

/** The cooperative collected a point's cash and banked it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const village = villageOrNotFound(params.village);
  const actor = requireActor(request, "hub.view", () => ({ type: "village", villageId: village.id }));
  // Shipping (issue 17 §3–4): the drop-off scan and a new shipment; otherwise the cash form below.
  const shipped = submitHubShipping(form, village, actor);
  if (shipped) return shipped;
  const pointId = Number(form.get("pickupPointId"));
  const amountText = String(form.get("amount") ?? "");
  const key = String(form.get("key") ?? "");
  const points = pointCashOwed(getDb(), village.id);
  if (!points.some((p) => p.pickupPointId === pointId) || !/^[0-9a-f-]{36}$/.test(key)) throw new Response(null, { status: 404 });
  const amountTiyn = parseTenge(amountText);
  if (!amountTiyn) return data({ pointId, error: "orders.amount_invalid", amount: amountText }, { status: 400 });
  try {
    writeTransaction(getDb(), (tx) => settlePointCash(tx, { key: `cash:${pointId}:${key}`, pickupPointId: pointId, amountTiyn, at: new Date(), actorUserId: actor.userId }));
  } catch (error) {
    if (error instanceof IdempotencyConflictError) return data({ pointId, error: "orders.already_submitted", amount: amountText }, { status: 409 });
    if (error instanceof LedgerError) return data({ pointId, error: "orders.cash_exceeds_owed", amount: amountText }, { status: 400 });
    throw error;
  }
  return redirect(`/coordinator/${village.slug}/hub?done=banked`, 303);
}

export default function Hub() {
  const { title, language, slug, toReceive, toSend, toShelve, locked, disputes, assisted, returnRequests, toSendBack, comingBack, cash, settleKey, done, villageId, shipping, received } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const actionData = answer && "pointId" in answer ? answer : undefined;
  const shippingAnswer = answer && "form" in answer ? (answer as HubShippingAnswer) : null;
  const { t } = useTranslation("orders");
  const back = `/coordinator/${slug}/hub`;
  const section = (key: string, list: OrderListItem[]) => (
    <section aria-labelledby={`hub-${key}`}>
      <h2 id={`hub-${key}`}>
        {t(`hub.${key}`)} ({list.length})
      </h2>
      {list.length === 0 ? <p className="muted">{t("hub.none")}</p> : <OrderList orders={list} language={language} back={back} show="both" />}
    </section>
  );
  return (
    <>
      <h1>{title}</h1>
      <p>
        <Link to={`/coordinator/${slug}`}>← {t("hub.back")}</Link>
      </p>
      {done ? <FormMessage tone="ok">{t("hub.banked")}</FormMessage> : null}
      {assisted.length > 0 ? section("assisted", assisted) : null}
      {section("toReceive", toReceive)}
      {received ? <FormMessage tone="ok">{t("logistics:shipping.done.received", { id: received })}</FormMessage> : null}
      {section("toSend", toSend)}
      <HubShipping slug={slug} villageId={villageId} language={language} shipping={shipping} answer={shippingAnswer} />
      {section("toShelve", toShelve)}
      {section("locked", locked)}
      {section("disputes", disputes)}
      {section("returnRequests", returnRequests)}
      {section("toSendBack", toSendBack)}
      {section("comingBack", comingBack)}
      <section aria-labelledby="hub-cash">
        <h2 id="hub-cash">{t("hub.cash")}</h2>
        <p className="muted small">{t("hub.cashHint")}</p>
        {cash.length === 0 ? <p className="muted">{t("hub.none")}</p> : null}
        {cash.map((p) => (
          <div key={p.pickupPointId} className="panel">
            <p>
              <strong>{p.name}</strong>: {t("hub.owes", { amount: formatMoney(p.owedTiyn, language) })}
            </p>
            {p.owedTiyn > 0 ? (
              <Form method="post" className="actions">
                <CsrfInput />
                <input type="hidden" name="pickupPointId" value={p.pickupPointId} />
                <input type="hidden" name="key" value={settleKey} />
                <label htmlFor={`amount-${p.pickupPointId}`} className="visually-hidden">
                  {t("hub.amount")}
                </label>
                <input
                  id={`amount-${p.pickupPointId}`}
                  name="amount"
                  inputMode="decimal"
                  className="qty"
                  defaultValue={actionData?.pointId === p.pickupPointId ? actionData.amount : String(p.owedTiyn / 100)}
                />
                <button type="submit" className="button secondary">
                  {t("hub.bank")}
                </button>
              </Form>
            ) : null}
            {actionData?.pointId === p.pickupPointId ? <FormMessage>{t(refusalKey(actionData.error))}</FormMessage> : null}
          </div>
        ))}
      </section>
    </>
  );
}
