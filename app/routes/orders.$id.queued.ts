import type { ActionFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { orderResource } from "~/web/order-actions.server";
import { submitQueuedOrderStep } from "~/web/offline.server";

/**
 * Where the work areas' offline queue sends an order step taken without a
 * connection (issue 20): the order page's form, key and checks — its viewer
 * first, then can() for the step itself — answered as JSON.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const id = Number(params.id);
  if (!/^\d{1,9}$/.test(params.id ?? "") || id <= 0) throw new Response(null, { status: 404 });
  requireActor(request, "checkout");
  const resource = orderResource(id);
  if (!resource) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "order.view", () => resource);
  return submitQueuedOrderStep(request, form, actor, resource);
}
