import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getLanguage } from "./web/language.server";
import { rendererFor } from "./i18n/translate.server";
import { NonceContext } from "./ui/nonce";

export { startup } from "./startup.server";

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

  // A page renders whole before its first byte: buyer pages load no
  // JavaScript, so nothing could fill in a streamed fallback later, and no
  // page suspends (no defer, no <Suspense>). renderToString makes the page as
  // one string, encoded once by the Response. Not renderToPipeableStream:
  // React 18.3.1's stream encoder sends a whole 2 KB view when a short text
  // ends inside a multi-byte letter, a NUL byte or two in about one page in
  // three (decision 0012, tests/integration/page-bytes.test.ts).
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>
    </I18nextProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Language", language);
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}
