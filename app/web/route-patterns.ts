import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

/**
 * A request's route pattern (`/listings/:id`, `/coordinator/:village/hub`,
 * `/*` for an unknown address) from the app's own route table, matched the way
 * Remix matches. The request log and the metrics name routes this way: a path
 * can carry a phone or a code, a pattern never does, and patterns are few.
 */

interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteNode[];
}

export function routePatterns(routes: ServerBuild["routes"]): (pathname: string) => string {
  const nodes = new Map<string, RouteNode>();
  for (const route of Object.values(routes)) {
    nodes.set(route.id, { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive });
  }
  const top: RouteNode[] = [];
  for (const route of Object.values(routes)) {
    const node = nodes.get(route.id);
    const parent = route.parentId ? nodes.get(route.parentId) : undefined;
    if (!node) continue;
    if (parent) (parent.children ??= []).push(node);
    else top.push(node);
  }
  return (pathname) => {
    const matches = matchRoutes(top as Parameters<typeof matchRoutes>[0], pathname);
    if (!matches) return "(none)";
    const segments = matches.map((m) => (m.route as RouteNode).path).filter((p): p is string => Boolean(p));
    return `/${segments.join("/")}`.replace(/\/+/g, "/");
  };
}
