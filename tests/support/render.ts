import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import * as entry from "../../app/entry.server";
import * as root from "../../app/root";
import { BASE, context } from "./app";

export type RouteModule = Record<string, unknown>;
export interface PageRoute {
  id: string;
  path: string;
  module: RouteModule;
}

/** A server build of the real entry, the real root and the given real pages, as `remix vite:build` would make it. */
export function serverBuild(pages: readonly PageRoute[]): ServerBuild {
  const all = [{ id: "root", path: "", parentId: undefined, module: root as RouteModule }, ...pages.map((page) => ({ ...page, parentId: "root" }))];
  const manifestRoutes = Object.fromEntries(
    all.map(({ id, path, parentId, module }) => [
      id,
      {
        id,
        parentId,
        path,
        hasAction: "action" in module,
        hasLoader: "loader" in module,
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: "ErrorBoundary" in module,
        module: `/assets/${id}.js`,
        imports: [],
        css: [],
      },
    ]),
  );
  return {
    mode: "production",
    entry: { module: entry },
    routes: Object.fromEntries(all.map(({ id, path, parentId, module }) => [id, { id, path, parentId, module }])),
    assets: { entry: { module: "/assets/entry.client.js", imports: [] }, routes: manifestRoutes, url: "/assets/manifest.js", version: "test" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    basename: undefined,
    isSpaMode: false,
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
  } as unknown as ServerBuild;
}

/** A page rendered through the real handleRequest: the bytes that would be on the wire, and their text. */
export async function renderedPage(
  pages: readonly PageRoute[],
  path: string,
  cookie = "",
  headers: Record<string, string> = {},
  loadContext: Partial<AppLoadContext> = {},
): Promise<{ status: number; bytes: Uint8Array; html: string; headers: Headers }> {
  const handle = createRequestHandler(serverBuild(pages), "production");
  const response = await handle(new Request(BASE + path, { headers: { Cookie: cookie, Accept: "text/html", ...headers } }), { ...context(), ...loadContext });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, bytes, html: new TextDecoder("utf-8", { fatal: true }).decode(bytes), headers: response.headers };
}
