import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "~/db.server";
import { exportPayoutBatch } from "~/domain/payouts/payout-batches.server";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { fileResponse } from "~/web/money-forms.server";

/**
 * The bank file of a payout batch (POST from /admin/money): a download, 1C
 * exchange or CSV. A resource route, so the file is the answer itself; a
 * refusal goes back to the batch with its code for the page to word.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireActor(request, "money.admin");
  const form = await readForm(request);
  const batchId = Number(params.batch);
  if (!Number.isSafeInteger(batchId) || batchId <= 0) throw new Response(null, { status: 404 });
  const format = form.get("format") === "csv" ? "csv" : "1c";
  const result = exportPayoutBatch(getDb(), { batchId, format, actorUserId: actor.userId, ip: context.clientIp }, new Date());
  if (!result.ok) {
    if (result.reason === "payouts.batch_not_found") throw new Response(null, { status: 404 });
    return redirect(`/admin/money?batch=${batchId}&problem=${result.reason}#batch`, 303);
  }
  return fileResponse(result.bytes, result.filename, result.contentType);
}

export function loader() {
  return new Response(null, { status: 405 });
}
