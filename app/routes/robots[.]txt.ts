import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicOrigin } from "~/web/public-url.server";

/**
 * Work areas, sign-in, the cart, development pages and the data API are no
 * place for a search engine (issue 19 §2); the buyer's pages are, and the
 * sitemap lists them.
 */
export const DISALLOWED = [
  "/seller",
  "/coordinator",
  "/operator",
  "/admin",
  "/analyst",
  "/insights",
  "/orders",
  "/cart",
  "/checkout",
  "/profile",
  "/signin",
  "/signout",
  "/language",
  "/refusal",
  "/dev",
  "/api",
  "/webhooks",
  "/metrics",
  "/ready",
  "/hello",
];

export function loader({ request }: LoaderFunctionArgs) {
  // An area and what is under it, never a prefix of a buyer's page ("/seller" would take "/sellers/7" too).
  const rules = DISALLOWED.flatMap((path) => [`Disallow: ${path}$`, `Disallow: ${path}/`]);
  const lines = ["User-agent: *", ...rules, "", `Sitemap: ${publicOrigin(request)}/sitemap.xml`, ""];
  return new Response(lines.join("\n"), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
