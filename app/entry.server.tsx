import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// Not react-dom/server (renderToPipeableStream): in React 18.3.1 that Node
// renderer sends a whole 2 KB block when a short text ends with a two-byte
// letter it could not fit, and the block's unwritten last byte goes out as a
// NUL (decision 0017). The web-stream renderer of the same version encodes
// each text whole and copies bytes, so nothing is padded.
import { renderToReadableStream } from "react-dom/server.browser";
import { I18nextProvider } from "react-i18next";
import { getLanguage } from "./web/language.server";
import { rendererFor } from "./i18n/translate.server";
import { NonceContext } from "./ui/nonce";

export { prepare, startup } from "./startup.server";

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
    const stream = await renderToReadableStream(
      <I18nextProvider i18n={i18n}>
        <NonceContext.Provider value={nonce}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </NonceContext.Provider>
      </I18nextProvider>,
      {
        nonce,
        signal: abort.signal,
        onError(error: unknown) {
          responseStatusCode = 500;
          // A shell error rejects the render below and reaches Remix's error handling.
          if (shellRendered) console.error(error);
        },
      },
    );
    shellRendered = true;
    await stream.allReady;
    const page = await new Response(stream).arrayBuffer();
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Content-Language", language);
    return new Response(page, { headers: responseHeaders, status: responseStatusCode });
  } finally {
    clearTimeout(timeout);
  }
}
