import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getLanguage } from "./web/language.server";
import { rendererFor } from "./i18n/translate.server";
import { NonceContext } from "./ui/nonce";

export { startup } from "./startup.server";

const ABORT_DELAY = 5_000;

/** Collects what React writes, so the page leaves as one buffer. */
class PageBuffer extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
    this.chunks.push(chunk);
    callback();
  }
}

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
  // rendered page is sent as one buffer: React writes it in 2 KB pieces, and
  // each piece through the compression stream cost a round of zlib work.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let abortRender = () => {};
    // Cleared once rendered, so a finished page is not kept alive for ABORT_DELAY.
    const timeout = setTimeout(() => abortRender(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <NonceContext.Provider value={nonce}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </NonceContext.Provider>
      </I18nextProvider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          clearTimeout(timeout);
          const page = new PageBuffer();
          page.on("finish", () => {
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            responseHeaders.set("Content-Language", language);
            resolve(new Response(Buffer.concat(page.chunks), { headers: responseHeaders, status: responseStatusCode }));
          });
          page.on("error", reject);
          pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    abortRender = abort;
  });
}
