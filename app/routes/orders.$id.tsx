import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor, safeRedirectPath } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getPickupPointPlace } from "~/domain/logistics/pickup-points.server";
import { listOrderLegs } from "~/domain/logistics/lanes.server";
import { deliverSoon } from "~/domain/notify/outbox.server";
import { orderButtons, orderPowers, orderResource, submitOrderForm } from "~/web/order-actions.server";
import { machineOrder } from "~/domain/orders/order-machine";
import { readyDayText } from "~/domain/orders/deadlines";
import { orderPage } from "~/domain/orders/order-views.server";
import { buyerPickupCode } from "~/domain/orders/handover.server";
import { orderReturnRefusal, returnOpenUntil, storageExtended } from "~/domain/orders/returns.server";
import { payPendingRefunds } from "~/domain/payments/payments.server";
import { formatDate, formatDateTime } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { OrderButtons } from "~/ui/order-actions";
import { refusalKey } from "~/i18n/refusals";
import { formatMoney } from "~/i18n/money";
import { orderTrustLinks } from "~/web/order-trust.server";
import { OrderTrustLinks } from "~/ui/order-trust-links";
import { can, type Actor, type Resource } from "~/domain/identity/can";
import { custodyChain, ensureParcelCode } from "~/domain/shipping/custody.server";
import { Journey } from "~/ui/journey";
import { hasDisputeFile } from "~/domain/trust/dispute-reads.server";

function orderIdOf(param: string | undefined): number {
  const id = Number(param);
  if (!/^\d{1,9}$/.test(param ?? "") || id <= 0) throw new Response(null, { status: 404 });
  return id;
}

function resourceOrNotFound(id: number) {
  const resource = orderResource(id);
  if (!resource) throw new Response(null, { status: 404 });
  return resource;
}

/**
 * Sign-in comes before the lookup: an anonymous visitor is sent to sign in
 * whether the order exists or not, so ids cannot be probed without an account.
 */
function requireOrderViewer(request: Request, id: number) {
  requireActor(request, "checkout");
  const resource = resourceOrNotFound(id);
  return { resource, actor: requireActor(request, "order.view", () => resource) };
}

function journeyOf(actor: NonNullable<Actor>, resource: Resource, order: { id: number; status: string; receivedAtHubAt: Date | null }, now: Date) {
  const preDrop = (order.status === "accepted" || order.status === "handed_over") && !order.receivedAtHubAt;
  const labels = resource.type === "order" && (resource.sellerUserId === actor.userId || can(actor, "order.hub_receive_send", resource).ok);
  if (preDrop && labels) ensureParcelCode(getDb(), order.id, now);
  const chain = custodyChain(getDb(), order.id);
  return { code: labels || chain.steps.length > 0 ? chain.code : null, steps: chain.steps };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = orderIdOf(params.id);
  const { resource, actor } = requireOrderViewer(request, id);
  const { language, t } = await getT(request, "orders");
  const page = orderPage(getDb(), id, language);
  if (!page) throw new Response(null, { status: 404 });
  const { order } = page;
  const disputeFile = hasDisputeFile(getDb(), id);
  const powers = orderPowers(actor, resource);
  const isBuyer = order.buyerUserId === actor.userId;
  const now = new Date();
  // What the rule alone does not know (issue 14 §5–6): storage extends once; a return needs returnable goods within 14 days.
  const collected = isBuyer && (order.status === "picked_up" || order.status === "completed") && order.paymentMethod === "online";
  const returnRefusal = collected ? orderReturnRefusal(getDb(), id, now) : null;
  const extended = order.status === "ready_for_pickup" && storageExtended(getDb(), id);
  const buttons = orderButtons(actor, resource, machineOrder(order)).filter(
    (b) => !(b.event === "return_request" && returnRefusal !== null) && !(b.event === "extend_storage" && extended),
  );
  return {
    title: t("order.title", { id }),
    language,
    order: {
      id: order.id,
      checkoutId: order.checkoutId,
      status: order.status,
      paymentMethod: order.paymentMethod,
      totalTiyn: order.totalTiyn,
      deliveryTiyn: order.deliveryTiyn,
      sameVillage: order.sameVillage,
      expectedArrivalAt: order.expectedArrivalAt,
      createdAt: order.createdAt,
      deadlineKind: order.deadlineKind,
      deadlineAt: order.deadlineAt,
      locked: order.pickupLockedAt !== null,
      attemptsLeft: 5 - order.pickupAttempts,
      receivedAtHub: order.receivedAtHubAt !== null,
      promisedReadyAt: order.promisedReadyAt,
      proposedReadyAt: order.proposedReadyAt,
      flaggedAt: order.flaggedAt,
    },
    readyDefault: order.promisedReadyAt ? readyDayText(order.promisedReadyAt) : null,
    items: page.items,
    events: page.events,
    seller: page.seller,
    buyerName: isBuyer ? null : page.buyerName,
    paymentStatus: page.paymentStatus,
    refundedTiyn: page.refundedTiyn,
    point: getPickupPointPlace(getDb(), language, order.pickupPointId) ?? null,
    legs: listOrderLegs(getDb(), order.id).map((l) => ({ carrier: `${t(`logistics:carrier.${l.carrierKind}`)} «${l.carrierName}»`, feeTiyn: l.feeTiyn })),
    pickupCode: isBuyer ? buyerPickupCode(getDb(), order) : null,
    isBuyer,
    buttons,
    returnUntil: collected ? returnOpenUntil(getDb(), id, now) : null,
    returnRefusal,
    extended,
    canHandOver: powers.handOver && order.status === "ready_for_pickup",
    canTakeReturn: powers.takeReturn && order.status === "return_approved" && !order.pickupLockedAt,
    // A dispute with a file is decided on its page (the ladder, decision 0033); only an older one here.
    canResolve: powers.resolve && order.status === "disputed" && !disputeFile,
    /** The dispute file: the buyer may open one after pickup; anyone who may see the order sees an open one. */
    dispute: disputeFile ? ("file" as const) : isBuyer && order.status === "picked_up" ? ("open" as const) : null,
    canUnlock: powers.unlock && order.pickupLockedAt !== null,
    path: new URL(request.url).pathname,
    trust: orderTrustLinks(actor, resource, new Date()),
    // The parcel's journey (issue 17 §4–5); before the drop-off its seller and hub get the code to label it with.
    journey: journeyOf(actor, resource, order, now),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const id = orderIdOf(params.id);
  const { resource, actor } = requireOrderViewer(request, id);
  const outcome = submitOrderForm(form, actor, resource, new Date());
  if (!outcome.ok) {
    if (outcome.status === 403 || outcome.status === 404) throw new Response(null, { status: outcome.status });
    return data(
      { error: outcome.error, attemptsLeft: outcome.attemptsLeft, intent: String(form.get("intent") ?? ""), reason: String(form.get("reason") ?? ""), refund: String(form.get("refund") ?? ""), cash: String(form.get("cash") ?? "") },
      { status: outcome.status },
    );
  }
  deliverSoon();
  payPendingRefunds(getDb()).catch((error: unknown) => console.warn("Refund run failed", error));
  return redirect(safeRedirectPath(form.get("back"), `/orders/${id}`), 303);
}

export default function OrderPage() {
  const {
    language,
    order,
    items,
    events,
    seller,
    buyerName,
    paymentStatus,
    refundedTiyn,
    point,
    pickupCode,
    isBuyer,
    buttons,
    returnUntil,
    returnRefusal,
    extended,
    canHandOver,
    canTakeReturn,
    canResolve,
    canUnlock,
    path,
    readyDefault,
    trust,
    journey,
    legs,
    dispute,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  // The counter's form: hand the parcel over, or take an approved return back (never both: different states).
  const counter = canHandOver ? "handover" : canTakeReturn ? "return_take" : null;
  return (
    <>
      <h1>{t("order.title", { id: order.id })}</h1>
      <p>
        <span className={`badge status-${order.status}`}>{t(`status.${order.status}`)}</span>{" "}
        <span className="muted small">{formatDateTime(new Date(order.createdAt), language)}</span>
      </p>
      {isBuyer ? (
        <p>
          <Link to="/orders">← {t("orders.title")}</Link>
        </p>
      ) : null}
      {actionData ? (
        <FormMessage>
          {t(refusalKey(actionData.error))}
          {actionData.attemptsLeft !== undefined && actionData.attemptsLeft > 0 ? ` ${t("handover.attemptsLeft", { count: actionData.attemptsLeft })}` : null}
        </FormMessage>
      ) : null}
      {pickupCode ? (
        <section className="panel code-panel" aria-labelledby="code-title">
          <h2 id="code-title">{t(order.status === "return_approved" ? "returns.codeTitle" : "order.codeTitle")}</h2>
          <p className="pickup-code">{pickupCode}</p>
          <p className="small">{order.status === "return_approved" ? t("returns.codeHint", { point: point?.name ?? "" }) : t("order.codeHint")}</p>
        </section>
      ) : null}
      {returnUntil ? <p className="small">{t("returns.openUntil", { date: formatDateTime(new Date(returnUntil), language) })}</p> : null}
      {returnRefusal && returnRefusal !== "orders.not_allowed_now" ? <p className="small muted">{t(refusalKey(returnRefusal))}</p> : null}
      {extended ? <p className="small muted">{t("returns.extended")}</p> : null}
      {order.deadlineKind && order.deadlineAt ? (
        <p className="notice">{t(`deadline.${order.deadlineKind}`, { date: formatDateTime(new Date(order.deadlineAt), language) })}</p>
      ) : null}
      {order.proposedReadyAt && (order.status === "paid" || order.status === "accepted") ? (
        <p className="notice proposed-date">
          {t(isBuyer ? "order.asked" : "order.askedSeller", { date: formatDate(new Date(order.proposedReadyAt), language) })}
        </p>
      ) : null}
      {order.flaggedAt ? <p className="notice">{t("order.flagged", { date: formatDateTime(new Date(order.flaggedAt), language) })}</p> : null}
      {order.locked ? <p className="notice">{t("order.locked")}</p> : null}

      <dl className="facts">
        {seller ? (
          <div>
            <dt>{t("order.seller")}</dt>
            <dd>
              <Link to={`/sellers/${seller.id}`}>{seller.name}</Link> · <Link to={`/villages/${seller.villageSlug}`}>{seller.villageName}</Link>
            </dd>
          </div>
        ) : null}
        {buyerName ? (
          <div>
            <dt>{t("order.buyer")}</dt>
            <dd>{buyerName}</dd>
          </div>
        ) : null}
        {point ? (
          <div>
            <dt>{t("order.pickupPoint")}</dt>
            <dd>
              <strong>{point.name}</strong> — {point.village.name}, {point.region.name}
              <br />
              {point.address} · {point.openingHours}
            </dd>
          </div>
        ) : null}
        {order.promisedReadyAt ? (
          <div>
            <dt>{t("order.readyBy")}</dt>
            <dd className="ready-by">{formatDate(new Date(order.promisedReadyAt), language)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("order.payment")}</dt>
          <dd>
            {t(`payment.${order.paymentMethod}`)}
            {paymentStatus ? ` · ${t(`paymentStatus.${paymentStatus}`)}` : null}
          </dd>
        </div>
        <div>
          <dt>{t("order.total")}</dt>
          <dd>
            <strong>{formatMoney(order.totalTiyn, language)}</strong>
          </dd>
        </div>
        {refundedTiyn > 0 ? (
          <div>
            <dt>{t("order.refunded")}</dt>
            <dd className="refunded">{formatMoney(refundedTiyn, language)}</dd>
          </div>
        ) : null}
      </dl>
      <OrderTrustLinks orderId={order.id} links={trust} />
      {dispute ? (
        <p className="dispute-link">
          <Link to={`/orders/${order.id}/dispute`} className={dispute === "open" ? "button secondary" : undefined}>
            {t(dispute === "open" ? "disputes:link.open" : "disputes:link.file")}
          </Link>
        </p>
      ) : null}

      <h2>{t("order.items")}</h2>
      <div className="scroll">
        <table className="table">
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Link to={`/listings/${item.listingId}`} lang={item.language === language ? undefined : item.language}>
                    {item.title}
                  </Link>
                </td>
                <td>
                  {formatMoney(item.priceTiyn, language)} × {item.quantity}
                </td>
                <td>{formatMoney(item.lineTiyn, language)}</td>
              </tr>
            ))}
            {order.sameVillage ? null : (
              <tr className="delivery-line">
                <td>
                  {t("order.delivery")}
                  {legs.length > 0 ? <span className="muted small"> · {legs.map((l) => l.carrier).join(" → ")}</span> : null}
                </td>
                <td>{order.expectedArrivalAt ? t("order.expectedArrival", { date: formatDate(new Date(order.expectedArrivalAt), language) }) : null}</td>
                <td>{order.deliveryTiyn === 0 ? t("checkout.deliveryFree") : formatMoney(order.deliveryTiyn, language)}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      {buttons.some((b) => b.assisted) ? (
        <section className="panel" aria-labelledby="assist-title">
          <h2 id="assist-title">{t("order.assistTitle")}</h2>
          <p className="small">{t("order.assistHint")}</p>
          <OrderButtons orderId={order.id} buttons={buttons.filter((b) => b.assisted)} back={path} readyDefault={readyDefault} />
        </section>
      ) : null}
      <OrderButtons orderId={order.id} buttons={buttons.filter((b) => !b.assisted)} back={path} readyDefault={readyDefault} />

      {counter ? (
        <Form method="post" className="form panel">
          <h2>{t(counter === "handover" ? "handover.title" : "returns.takeTitle")}</h2>
          {counter === "return_take" ? <p className="small">{t("returns.takeHint")}</p> : null}
          <CsrfInput />
          <input type="hidden" name="back" value={path} />
          <div className="field">
            <label htmlFor="code">{t(counter === "handover" ? "handover.code" : "returns.code")}</label>
            <input id="code" name="code" inputMode="numeric" autoComplete="off" maxLength={7} required aria-invalid={actionData?.intent === counter ? true : undefined} />
          </div>
          {counter === "handover" && order.paymentMethod === "cash" ? (
            <div className="field">
              <label htmlFor="cash">{t("handover.cash", { total: formatMoney(order.totalTiyn, language) })}</label>
              <input id="cash" name="cash" inputMode="decimal" required defaultValue={actionData?.cash ?? ""} />
            </div>
          ) : null}
          <button type="submit" name="intent" value={counter} className="button">
            {t(counter === "handover" ? "handover.submit" : "returns.take")}
          </button>
        </Form>
      ) : null}

      {canResolve ? (
        <Form method="post" className="form panel">
          <h2>{t("resolve.title")}</h2>
          <p className="small">{t("resolve.hint")}</p>
          <CsrfInput />
          <input type="hidden" name="back" value={path} />
          <div className="field">
            <label htmlFor="resolve-reason">{t("resolve.reason")}</label>
            <textarea id="resolve-reason" name="reason" rows={2} maxLength={500} defaultValue={actionData?.reason ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="refund">{t("resolve.refund")}</label>
            <input id="refund" name="refund" inputMode="decimal" defaultValue={actionData?.refund ?? ""} aria-invalid={actionData?.error === "orders.refund_invalid" ? true : undefined} />
          </div>
          <div className="actions">
            <button type="submit" name="intent" value="resolve_partial" className="button">
              {t("button.resolve_partial")}
            </button>
            <button type="submit" name="intent" value="resolve_release" className="button secondary">
              {t("button.resolve_release")}
            </button>
            <button type="submit" name="intent" value="resolve_refund" className="button secondary">
              {t("button.resolve_refund")}
            </button>
          </div>
        </Form>
      ) : null}

      {canUnlock ? (
        <Form method="post" className="form panel">
          <h2>{t("unlock.title")}</h2>
          <CsrfInput />
          <input type="hidden" name="back" value={path} />
          <div className="field">
            <label htmlFor="unlock-reason">{t("unlock.reason")}</label>
            <textarea id="unlock-reason" name="reason" rows={2} maxLength={500} required />
          </div>
          <button type="submit" name="intent" value="unlock" className="button">
            {t("unlock.submit")}
          </button>
        </Form>
      ) : null}

      <Journey code={journey.code} steps={journey.steps} language={language} />

      <h2>{t("order.timeline")}</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <span className="muted small">{formatDateTime(new Date(e.at), language)}</span> — {t(`event.${e.event}`)}
            {e.toStatus !== e.fromStatus ? ` → ${t(`status.${e.toStatus}`)}` : null}
            {e.reason ? <q className="small"> {e.reason}</q> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
