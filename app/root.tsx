import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { commitCsrfToken } from "./csrf.server";
import { isLanguage, type Language } from "./i18n/config";
import { CsrfContext } from "./ui/csrf";
import { ErrorPage } from "./ui/error-page";
import { Shell } from "./ui/shell";
import { useNonce } from "./ui/nonce";
import stylesheet from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Auyl Hub" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [csrf, csrfCookie] = await commitCsrfToken(request);
  const url = new URL(request.url);
  return data(
    { csrf, path: url.pathname + url.search },
    { headers: csrfCookie ? { "Set-Cookie": csrfCookie } : undefined },
  );
}

/** A route opts in to JavaScript with `export const handle = { hydrate: true }` (DESIGN §6). */
export interface RouteHandle {
  hydrate?: boolean;
}

function useHydrates(): boolean {
  return useMatches().some((match) => (match.handle as RouteHandle | undefined)?.hydrate === true);
}

export function Layout({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "kk";
  const rootData = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const hydrate = useHydrates();
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <CsrfContext.Provider value={rootData?.csrf}>
          <Shell language={language} path={rootData?.path ?? "/"}>
            {children}
          </Shell>
        </CsrfContext.Provider>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
