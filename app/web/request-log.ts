/**
 * The request log (issue 12 §6): one JSON line per request on stdout, which
 * journald keeps and rotates. It names the route pattern, never the path or
 * the query: `/admin?phone=…`, `/signin/code?code=…` or a token in a URL would
 * otherwise put a phone, a code or a token into every log and backup of it.
 */

export interface RequestRecord {
  time: Date;
  requestId: string;
  method: string;
  /** The route pattern (route-patterns.ts), `static` for a file, `(bad path)` for one that cannot be decoded. */
  route: string;
  status: number;
  durationMs: number;
  /** The client's address as the trusted-proxy setting sees it (server.ts clientAddress). */
  ip: string;
  /** The client went away before the answer was sent. */
  aborted?: boolean;
  /** Why the server answered on its own, e.g. `bad_path_encoding`. */
  problem?: string;
}

/** Methods a browser or a scraper sends; anything else is logged as OTHER (the method is the client's text). */
const METHODS = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/;

export function requestLogLine(record: RequestRecord): string {
  return JSON.stringify({
    time: record.time.toISOString(),
    level: record.status >= 500 ? "error" : "info",
    msg: "request",
    requestId: record.requestId,
    method: METHODS.test(record.method) ? record.method : "OTHER",
    route: record.route,
    status: record.status,
    durationMs: Math.round(record.durationMs * 10) / 10,
    ip: record.ip,
    ...(record.aborted ? { aborted: true } : {}),
    ...(record.problem ? { problem: record.problem } : {}),
  });
}

/** A path whose percent-encoding does not decode (`/listings/%FF`): no route can read it. */
export function hasBadPercentEncoding(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
