import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/domain/identity/can";
import { getActor } from "~/web/auth.server";
import { bearerToken, isMetricsToken, operationalMetrics } from "~/web/metrics.server";
import { PROMETHEUS_CONTENT_TYPE } from "~/web/prometheus";

/**
 * Prometheus metrics for the operator: a scraper with METRICS_TOKEN as its
 * bearer token, or an admin's session in a browser. A wrong token or another
 * signed-in person: 403; anyone else does not learn the address exists (404).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = bearerToken(request);
  if (token !== null) {
    if (!isMetricsToken(token)) throw new Response(null, { status: 403 });
  } else {
    const allowed = can(getActor(request), "metrics.view");
    if (!allowed.ok) throw new Response(null, { status: allowed.reason === "auth.sign_in_required" ? 404 : 403 });
  }
  return new Response(operationalMetrics((await context.serverMetrics?.()) ?? "", new Date()), {
    headers: { "Content-Type": PROMETHEUS_CONTENT_TYPE, "Cache-Control": "no-store" },
  });
}
