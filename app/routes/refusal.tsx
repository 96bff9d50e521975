import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getEnv } from "~/env.server";

/**
 * The HTTP server turns a request it refuses (cross-site POST, body too large,
 * a path whose percent-encoding does not decode) into a GET of this route, so the refusal is shown as the app's own
 * translated error page. Visited directly, it does not exist.
 */
export function loader({ context }: LoaderFunctionArgs) {
  const status = context.refusal ?? 404;
  const limit = `${Math.floor(getEnv().MAX_BODY_BYTES / 1024)} KB`;
  throw data({ limit }, { status });
}

/** Never rendered: the loader always throws to the shared error page. */
export default function Refusal() {
  return null;
}
