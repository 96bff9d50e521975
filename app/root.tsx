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
import { getActor, getSession, refreshSessionCookie } from "./web/auth.server";
import { commitCsrfToken } from "./web/csrf.server";
import { areasFor } from "./domain/identity/can";
import { formatPhone } from "./domain/identity/phone";
import { isLanguage, type Language } from "./i18n/config";
import { getLanguage } from "./web/language.server";
import { publicOrigin } from "./web/public-url.server";
import { searchWithoutLanguage } from "./i18n/addressed";
import { oncePerLanguage, translator } from "./i18n/translate.server";
import { CsrfContext } from "./ui/csrf";
import { ErrorPage, errorTitles, shownStatus } from "./ui/error-page";
import { Shell, type ShellUser } from "./ui/shell";
import { useNonce } from "./ui/nonce";
import { OfflinePanel, type WorkAreaOffline } from "./ui/offline";
import { cameraScript, isWorkAreaPath, offlineScript } from "./web/offline.server";
import { formatDateTime } from "./i18n/format";
import stylesheet from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// Pages set their own titles; an error page gets its status's title here.
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const title = error ? data?.errorTitles[shownStatus(error)] : undefined;
  return [{ title: title ? `${title} · Auyl Hub` : "Auyl Hub" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [csrf, csrfCookie] = await commitCsrfToken(request);
  const url = new URL(request.url);
  const headers = new Headers();
  if (csrfCookie) headers.append("Set-Cookie", csrfCookie);
  // A new session id after a role change, the 30-day expiry rolled forward.
  const sessionCookie = refreshSessionCookie(request);
  if (sessionCookie) headers.append("Set-Cookie", sessionCookie);
  const session = getSession(request);
  const actor = getActor(request);
  const user: ShellUser | null = session
    ? { name: session.user.displayName || (session.user.phone ? formatPhone(session.user.phone) : ""), ...areasFor(actor) }
    : null;
  const language = await getLanguage(request);
  const titles = oncePerLanguage("errorTitles", language, () => errorTitles(translator(language, "common")));
  // The switcher goes back to the page without `?lang=`, or the address would overrule the choice.
  const path = url.pathname + searchWithoutLanguage(url.search);
  // Signed-in work areas only (issue 20): the manifest, the offline script, the saved-copy banner.
  const workArea: WorkAreaOffline | null =
    session && isWorkAreaPath(url.pathname)
      ? { area: url.pathname.split("/")[1] ?? "seller", fetchedAt: formatDateTime(new Date(), language), script: offlineScript() }
      : null;
  return data({ csrf, path, user, errorTitles: titles, origin: publicOrigin(request), language, workArea, camera: session ? cameraScript() : undefined }, { headers });
}

/** A route opts in to JavaScript with `export const handle = { hydrate: true }` (DESIGN §6). */
export interface RouteHandle {
  hydrate?: boolean;
  /** The page has parcel-code forms: load the camera-scan script (decision 0031). */
  camera?: boolean;
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
  const camera = useMatches().some((match) => (match.handle as RouteHandle | undefined)?.camera === true) ? rootData?.camera : undefined;
  const workArea = rootData?.workArea;
  return (
    <html lang={language} data-copy={workArea ? "live" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {workArea ? <link rel="manifest" href={`/manifests/${workArea.area}.${language}.webmanifest`} /> : null}
      </head>
      <body>
        <CsrfContext.Provider value={rootData?.csrf}>
          <Shell language={language} path={rootData?.path ?? "/"} user={rootData?.user ?? null}>
            {workArea ? <OfflinePanel fetchedAt={workArea.fetchedAt} path={rootData?.path ?? "/"} /> : null}
            {children}
          </Shell>
        </CsrfContext.Provider>
        {workArea?.script ? <script type="module" src={workArea.script} nonce={nonce} /> : null}
        {camera ? <script type="module" src={camera} nonce={nonce} /> : null}
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
