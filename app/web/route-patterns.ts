import type { ServerBuild } from "@remix-run/node";

/**
 * A request's route pattern (`/listings/:id`, `/coordinator/:village/hub`,
 * `/*` for an unknown address) from the app's own route table. The request log
 * and the metrics name routes this way: a path can carry a phone or a code, a
 * pattern never does, and patterns are few.
 *
 * Ranked as React Router ranks them (static segment 10, dynamic 3, empty 1,
 * index route +2, splat −2; the higher score wins, then the earlier route),
 * but computed once: React Router's matchRoutes flattens and ranks the whole
 * table on every call, about half a millisecond per request here. Optional
 * segments (`:lang?`) are not used by this app and not supported.
 */

/** A segment of a pattern: `*`, `:name` (any one segment), or a word to equal. */
type Segment = { kind: "splat" } | { kind: "dynamic" } | { kind: "static"; text: string };

interface Branch {
  pattern: string;
  segments: Segment[];
  score: number;
  caseSensitive: boolean;
}

const DYNAMIC = /^:[\w-]+$/;

/** React Router's computeScore, on the full pattern (`/listings/:id`). */
function score(pattern: string, index: boolean): number {
  const segments = pattern.split("/");
  let total = segments.length + (segments.includes("*") ? -2 : 0) + (index ? 2 : 0);
  for (const segment of segments) {
    if (segment === "*") continue;
    total += DYNAMIC.test(segment) ? 3 : segment === "" ? 1 : 10;
  }
  return total;
}

function matches(branch: Branch, parts: string[], lowerParts: string[]): boolean {
  for (let i = 0; i < branch.segments.length; i++) {
    const segment = branch.segments[i]!;
    if (segment.kind === "splat") return true;
    if (i >= parts.length) return false;
    if (segment.kind === "static" && (branch.caseSensitive ? parts[i] : lowerParts[i]) !== segment.text) return false;
  }
  return parts.length === branch.segments.length;
}

export function routePatterns(routes: ServerBuild["routes"]): (pathname: string) => string {
  const fullPath = (id: string | undefined): string[] => {
    const route = id ? routes[id] : undefined;
    if (!route) return [];
    return [...fullPath(route.parentId), ...(route.path ?? "").split("/").filter(Boolean)];
  };
  const branches = Object.values(routes)
    // A pathless layout never matches by itself.
    .filter((route) => route.path !== undefined || route.index)
    .map((route, order) => {
      const words = fullPath(route.id);
      const pattern = `/${words.join("/")}`;
      const caseSensitive = route.caseSensitive === true;
      const segments: Segment[] = words.map((word) =>
        word === "*" ? { kind: "splat" } : DYNAMIC.test(word) ? { kind: "dynamic" } : { kind: "static", text: caseSensitive ? word : word.toLowerCase() },
      );
      return { pattern, segments, score: score(pattern, route.index === true), caseSensitive, order };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order);
  return (pathname) => {
    const parts = pathname.split("/").filter(Boolean);
    const lowerParts = parts.map((part) => part.toLowerCase());
    return branches.find((branch) => matches(branch, parts, lowerParts))?.pattern ?? "(none)";
  };
}
