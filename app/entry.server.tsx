import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// Not react-dom/server (renderToPipeableStream): in React 18.3.1 that Node
// renderer sends a whole 2 KB block when a short text ends with a two-byte
// letter it could not fit, and the block's unwritten last byte goes out as a
// NUL (decision 0017). The web-stream renderer of the same version encodes
// each text whole and copies bytes, so nothing is padded.
import { renderToReadableStream } from "react-dom/server.browser";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getLanguage } from "./web/language.server";
import { rendererFor } from "./i18n/translate.server";
import { NonceContext } from "./ui/nonce";
import { keepPage } from "./web/page-cache.server";
import type { RouteHandle } from "./root";

export { prepare, startup } from "./startup.server";
// The HTTP server asks it before Remix routes a GET: a page kept for anonymous visitors (decision 0029).
export { pageAgain } from "./web/page-cache.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const language = await getLanguage(request);
  const i18n = rendererFor(language);
  const nonce = loadContext.cspNonce;
  const page = (
    <I18nextProvider i18n={i18n}>
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>
    </I18nextProvider>
  );

  // A page that loads no JavaScript (every buyer page, DESIGN §6) has no loader data in scripts to
  // wait for: it is rendered to one string. The web-stream renderer encoded every piece of text
  // separately (TextEncoder), about a seventh of a buyer page's CPU and as much again in garbage
  // collection (issue 18); renderToString builds the string and it is encoded once. It writes no
  // 2 KB blocks, so no NUL either (decision 0017).
  const hydrates = remixContext.staticHandlerContext.matches.some(
    (match) => (remixContext.routeModules[match.route.id]?.handle as RouteHandle | undefined)?.hydrate === true,
  );
  if (!hydrates) {
    const html = `<!DOCTYPE html>${renderToString(page)}`;
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Content-Language", language);
    const rootData = remixContext.staticHandlerContext.loaderData.root as { csrf?: string } | undefined;
    await keepPage(
      request,
      { status: responseStatusCode, headers: responseHeaders, html },
      { stamp: loadContext.pageStamp, csrfToken: rootData?.csrf, nonce },
    );
    return new Response(html, { headers: responseHeaders, status: responseStatusCode });
  }

  // Pages render whole before the first byte (no streaming): buyer pages load
  // no JavaScript, so nothing could fill in a streamed fallback later. The
  // rendered page is sent as one buffer: React writes it in small pieces, and
  // each piece through the compression stream cost a round of zlib work.
  // Hydrating pages still need the stream's Suspense: Remix's single fetch
  // writes their loader data in scripts that suspend until it is read.
  let shellRendered = false;
  const abort = new AbortController();
  // Cleared once rendered, so a finished page is not kept alive for ABORT_DELAY.
  const timeout = setTimeout(() => abort.abort(), ABORT_DELAY);
  try {
    const stream = await renderToReadableStream(page, {
      nonce,
      signal: abort.signal,
      onError(error: unknown) {
        responseStatusCode = 500;
        // A shell error rejects the render below and reaches Remix's error handling.
        if (shellRendered) console.error(error);
      },
    });
    shellRendered = true;
    await stream.allReady;
    const body = await new Response(stream).arrayBuffer();
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Content-Language", language);
    return new Response(body, { headers: responseHeaders, status: responseStatusCode });
  } finally {
    clearTimeout(timeout);
  }
}
