import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { publicOrigin } from "~/web/public-url.server";
import { sitemapIndexResponse } from "~/web/sitemap.server";

/** The sitemap index (issue 19 §2): public, like the pages it names. */
export function loader({ request }: LoaderFunctionArgs) {
  return sitemapIndexResponse(getDb(), publicOrigin(request));
}
