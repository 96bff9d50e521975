import { getEnv } from "../env.server";

/**
 * The origin people reach the hub at, for addresses that leave the page: link
 * previews, canonical URLs, the sitemap, QR codes. PUBLIC_URL when set, else
 * the request's own origin (its scheme from X-Forwarded-Proto only through a
 * trusted proxy, decision 0016).
 */
export function publicOrigin(request: Request): string {
  return getEnv().PUBLIC_URL ?? new URL(request.url).origin;
}
