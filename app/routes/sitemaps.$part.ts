import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { publicOrigin } from "~/web/public-url.server";
import { sitemapPartResponse } from "~/web/sitemap.server";

/** One part of the sitemap (`/sitemaps/listings-1.xml`): public pages only. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return sitemapPartResponse(getDb(), publicOrigin(request), params.part ?? "");
}
