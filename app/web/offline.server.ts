/**
 * The answers a work-area phone's queue gets when it sends what was done
 * offline (issue 20): JSON with a translated message instead of a page, so
 * the screen can say which queued step the server refused and why.
 */
import fs from "node:fs";
import path from "node:path";
import { getDb } from "../db.server";
import { deliverSoon } from "../domain/notify/outbox.server";
import { getOrder } from "../domain/orders/order-views.server";
import { payPendingRefunds } from "../domain/payments/payments.server";
import { refusalKey } from "../i18n/refusals";
import type { Actor } from "../domain/identity/can";
import { getT } from "./language.server";
import { submitOrderForm, type OrderResource } from "./order-actions.server";

function queuedReply(reply: { ok: true } | { ok: false; message: string }, status = reply.ok ? 200 : 409): Response {
  return Response.json(reply, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * An order step the phone queued offline (POST /orders/:id/queued): the same
 * form, the same checks (can(), the state machine, the key) as the order
 * page's, answered as JSON — on a refusal, the reason in the person's
 * language with the order's status now ("Order #12 is now Cancelled: …").
 */
export async function submitQueuedOrderStep(request: Request, form: FormData, actor: NonNullable<Actor>, resource: OrderResource): Promise<Response> {
  const id = resource.id;
  const outcome = submitOrderForm(form, actor, resource, new Date());
  if (outcome.ok) {
    deliverSoon();
    payPendingRefunds(getDb()).catch((error: unknown) => console.warn("Refund run failed", error));
    return queuedReply({ ok: true });
  }
  const { t } = await getT(request, "offline");
  const reason = t(refusalKey(outcome.error));
  const status = getOrder(getDb(), id)?.status;
  const message = status ? t("refused.order", { id, status: t(`orders:status.${status}`), reason }) : reason;
  return queuedReply({ ok: false, message }, outcome.status);
}

const WORK_AREA = /^\/(seller|coordinator|operator)(\/|$)/;
/** A village's sales dashboard sits under /coordinator but is a report, read online and script-free like the analysts' pages. */
const REPORT = /\/insights(\/|$)/;

/** The signed-in work areas: the only pages with the offline script and the web app manifest. */
export function isWorkAreaPath(pathname: string): boolean {
  return WORK_AREA.test(pathname) && !REPORT.test(pathname);
}

let built: { script: string; camera?: string } | null | undefined;

function builtScripts(): { script: string; camera?: string } | null {
  if (built === undefined) {
    try {
      built = JSON.parse(fs.readFileSync(path.join("build", "client", "offline.json"), "utf8")) as { script: string; camera?: string };
    } catch {
      built = null;
    }
  }
  return built;
}

/**
 * The offline script's URL (hashed), written by scripts/build-offline.ts next
 * to the client build; none in development, where the work areas go without.
 */
export function offlineScript(): string | undefined {
  if (process.env.NODE_ENV !== "production") return undefined;
  return builtScripts()?.script;
}

/** The parcel-code forms' camera script (decision 0031), built the same way; none in development. */
export function cameraScript(): string | undefined {
  if (process.env.NODE_ENV !== "production") return undefined;
  return builtScripts()?.camera;
}
