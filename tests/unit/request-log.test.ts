import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import { describe, expect, it } from "vitest";
import { family, HttpMetrics } from "../../app/web/prometheus";
import { hasBadPercentEncoding, requestLogLine } from "../../app/web/request-log";
import { routePatterns } from "../../app/web/route-patterns";

/** The shape of Remix's route manifest, as flat routes make it (every route a child of root). */
function manifest(routes: { id: string; path?: string; index?: boolean; parentId?: string }[]): ServerBuild["routes"] {
  return Object.fromEntries(routes.map((r) => [r.id, { ...r, module: {} }])) as unknown as ServerBuild["routes"];
}

const ROUTES = manifest([
  { id: "root", path: "" },
  { id: "routes/_index", index: true, parentId: "root" },
  { id: "routes/$", path: "*", parentId: "root" },
  { id: "routes/listings.$id", path: "listings/:id", parentId: "root" },
  { id: "routes/signin", path: "signin", parentId: "root" },
  { id: "routes/signin_.code", path: "signin/code", parentId: "root" },
  { id: "routes/coordinator_.$village_.hub", path: "coordinator/:village/hub", parentId: "root" },
  { id: "routes/coordinator_.$village_.listings.new", path: "coordinator/:village/listings/new", parentId: "root" },
  { id: "routes/coordinator_.$village_.listings.$id", path: "coordinator/:village/listings/:id", parentId: "root" },
]);

/** The pattern Remix itself would match, through React Router's matchRoutes: the oracle. */
function remixPattern(path: string): string {
  const nodes = Object.values(ROUTES).map((r) => ({ id: r.id, path: r.path, index: r.index, parentId: r.parentId }));
  const tree = (parentId: string | undefined): Parameters<typeof matchRoutes>[0] =>
    nodes.filter((n) => n.parentId === parentId).map((n) => (n.index ? { id: n.id, path: n.path, index: true } : { id: n.id, path: n.path, children: tree(n.id) }));
  const matches = matchRoutes(tree(undefined), path) ?? [];
  return `/${matches.map((m) => m.route.path).filter(Boolean).join("/")}`;
}

describe("route patterns name a request without its values", () => {
  const pattern = routePatterns(ROUTES);
  it.each([
    ["/", "/"],
    ["/listings/42", "/listings/:id"],
    ["/signin/code", "/signin/code"],
    ["/coordinator/besagash/hub", "/coordinator/:village/hub"],
    // A static segment wins over a dynamic one, as Remix ranks them.
    ["/coordinator/besagash/listings/new", "/coordinator/:village/listings/new"],
    ["/coordinator/besagash/listings/7", "/coordinator/:village/listings/:id"],
    // An unknown address (where a mistyped phone or code could sit) is the splat.
    ["/+77011234567/123456", "/*"],
    ["/LISTINGS/42/", "/listings/:id"],
    ["/signin/code/extra", "/*"],
  ])("%s → %s, as Remix matches it", (path, expected) => {
    expect(pattern(path)).toBe(expected);
    expect(remixPattern(path)).toBe(expected);
  });
});

describe("the request log", () => {
  const record = {
    time: new Date("2026-12-01T10:00:00.000Z"),
    requestId: "0f8c1d9e-1111-4222-8333-944455556666",
    method: "POST",
    route: "/signin",
    status: 303,
    durationMs: 12.345,
    ip: "203.0.113.7",
  };

  it("is one JSON line with time, method, route, status, duration, request id and address", () => {
    const line = requestLogLine(record);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      time: "2026-12-01T10:00:00.000Z",
      level: "info",
      msg: "request",
      requestId: record.requestId,
      method: "POST",
      route: "/signin",
      status: 303,
      durationMs: 12.3,
      ip: "203.0.113.7",
    });
  });

  it("marks server errors, aborted requests and the server's own refusals", () => {
    expect(JSON.parse(requestLogLine({ ...record, status: 500 })).level).toBe("error");
    expect(JSON.parse(requestLogLine({ ...record, aborted: true }))).toMatchObject({ aborted: true });
    expect(JSON.parse(requestLogLine({ ...record, route: "(bad path)", status: 400, problem: "bad_path_encoding" }))).toMatchObject({ route: "(bad path)", problem: "bad_path_encoding" });
  });

  it("does not let a client write an arbitrary method into the log", () => {
    expect(JSON.parse(requestLogLine({ ...record, method: "+77011234567" })).method).toBe("OTHER");
  });
});

describe("bad percent-encoding in a path (issue 13 §7)", () => {
  it.each(["/listings/%FF", "/listings/%E0%A4%A", "/%", "/catalog/%zz"])("%s cannot be decoded", (path) => {
    expect(hasBadPercentEncoding(path)).toBe(true);
  });
  it.each(["/listings/12", "/villages/%D0%B1%D0%B5%D1%81%D0%B0%D2%93%D0%B0%D1%88", "/a%20b"])("%s is fine", (path) => {
    expect(hasBadPercentEncoding(path)).toBe(false);
  });
});

describe("the Prometheus text format", () => {
  it("writes HELP, TYPE and escaped labels", () => {
    expect(family("auyl_x", "gauge", "An example.", [{ labels: { route: 'a"b\\c' }, value: 3 }, { value: 0.5 }])).toBe(
      '# HELP auyl_x An example.\n# TYPE auyl_x gauge\nauyl_x{route="a\\"b\\\\c"} 3\nauyl_x 0.5\n',
    );
  });

  it("counts requests by route, method and status, and sorts latencies into cumulative buckets", () => {
    const metrics = new HttpMetrics();
    metrics.record("/listings/:id", "GET", 200, 0.004);
    metrics.record("/listings/:id", "GET", 200, 0.02);
    metrics.record("/listings/:id", "GET", 404, 3);
    metrics.record("/signin", "BREW", 405, 0.001);
    const text = metrics.render();
    expect(text).toContain('auyl_http_requests_total{route="/listings/:id",method="GET",status="200"} 2\n');
    expect(text).toContain('auyl_http_requests_total{route="/listings/:id",method="GET",status="404"} 1\n');
    expect(text).toContain('auyl_http_requests_total{route="/signin",method="OTHER",status="405"} 1\n');
    expect(text).toContain('auyl_http_request_duration_seconds_bucket{route="/listings/:id",method="GET",le="0.005"} 1\n');
    expect(text).toContain('auyl_http_request_duration_seconds_bucket{route="/listings/:id",method="GET",le="0.025"} 2\n');
    expect(text).toContain('auyl_http_request_duration_seconds_bucket{route="/listings/:id",method="GET",le="2.5"} 2\n');
    expect(text).toContain('auyl_http_request_duration_seconds_bucket{route="/listings/:id",method="GET",le="+Inf"} 3\n');
    expect(text).toContain('auyl_http_request_duration_seconds_count{route="/listings/:id",method="GET"} 3\n');
    expect(text).toMatch(/# TYPE auyl_http_request_duration_seconds histogram\n/);
  });
});
