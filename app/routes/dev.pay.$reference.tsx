import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getCheckout } from "~/domain/orders/order-views.server";
import { devWebhookBody, DEV_SIGNATURE_HEADER, signDevWebhook } from "~/domain/payments/dev-provider.server";
import { devWebhookSecret, getPaymentByReference, getPaymentProvider } from "~/domain/payments/payments.server";
import { getT } from "~/web/language.server";
import { devPageAllowed } from "~/env-check";
import { getEnv } from "~/env.server";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { refusalKey } from "~/i18n/refusals";
import { formatMoney } from "~/i18n/money";

/**
 * The development payment provider's page: a test, clearly marked, where the
 * buyer approves or declines. Only while the development provider is in use
 * (in production mode only on a staging box with ALLOW_DEV_PAYMENTS), and
 * only for the buyer whose payment it is.
 */
function paymentOf(request: Request, reference: string | undefined) {
  if (getPaymentProvider()?.name !== "dev" || !devPageAllowed(getEnv(), "payments") || !reference) throw new Response(null, { status: 404 });
  const payment = getPaymentByReference(getDb(), reference);
  const checkout = payment ? getCheckout(getDb(), payment.checkoutId) : undefined;
  const actor = requireActor(request, "checkout");
  if (!payment || !checkout || checkout.buyerUserId !== actor.userId) throw new Response(null, { status: 404 });
  return { payment, checkout };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { payment, checkout } = paymentOf(request, params.reference);
  const { language, t } = await getT(request, "orders");
  return {
    title: t("devPay.title"),
    amount: formatMoney(payment.amountTiyn, language),
    status: payment.status,
    checkoutId: checkout.id,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }, { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "no-store" });

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { payment, checkout } = paymentOf(request, params.reference);
  const decision = String(form.get("decision") ?? "");
  if (decision !== "approve" && decision !== "decline") throw new Response(null, { status: 400 });
  if (payment.status === "pending") {
    // Exactly what a real provider does: a signed POST to our webhook, server to server.
    const now = new Date();
    const body = devWebhookBody({ reference: payment.providerRef, type: decision === "approve" ? "captured" : "declined", amountTiyn: payment.amountTiyn, at: now });
    const url = new URL("/webhooks/payments/dev", request.url);
    const answer = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", [DEV_SIGNATURE_HEADER]: signDevWebhook(devWebhookSecret(), body, now) },
      body,
    }).catch(() => null);
    if (!answer?.ok) return data({ error: "orders.webhook_unreachable" }, { status: 502 });
  }
  return redirect(`/orders/checkout/${checkout.id}`, 303);
}

export default function DevPayment() {
  const { amount, status } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  return (
    <>
      <h1>{t("devPay.title")}</h1>
      <p className="notice dev">{t("devPay.warning")}</p>
      <p className="lead">
        {t("devPay.amount")}: <strong>{amount}</strong>
      </p>
      {actionData ? <FormMessage>{t(refusalKey(actionData.error))}</FormMessage> : null}
      {status === "pending" ? (
        <Form method="post" className="actions">
          <CsrfInput />
          <button type="submit" name="decision" value="approve" className="button">
            {t("devPay.approve")}
          </button>
          <button type="submit" name="decision" value="decline" className="button secondary">
            {t("devPay.decline")}
          </button>
        </Form>
      ) : (
        <p>{t(`paymentStatus.${status}`)}</p>
      )}
    </>
  );
}
