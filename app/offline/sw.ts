/**
 * The work areas' service worker (issue 20, decision "offline work areas"):
 * registered by the offline script with the scope of one area only —
 * `/seller/`, `/coordinator/` or `/operator/` — so buyer pages are never
 * controlled. Built by scripts/build-offline.ts into build/client/sw.js.
 *
 * Pages: network first; a page that does not answer within NETWORK_WAIT
 * seconds (2G) or at all (offline) comes from the last copy seen, marked
 * `data-copy="saved"` so the page shows when it was fetched. Scripts, styles
 * and photos: from the cache once seen (their names carry a hash).
 */
import { registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";
import { ExpirationPlugin } from "workbox-expiration";
import type { WorkboxPlugin } from "workbox-core/types.js";

interface WorkerScope {
  registration: { scope: string };
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: { waitUntil(promise: Promise<unknown>): void }) => void): void;
}
const worker = self as unknown as WorkerScope;

/** How long a page may take before the saved copy is shown instead (the fresh one still fills the cache). */
const NETWORK_WAIT_SECONDS = 0.8;
const DAY_SECONDS = 24 * 60 * 60;
/** One-off flash parameters (`?done=…`, `?saved=1`) do not make another page. */
const FLASH_PARAMS = ["done", "saved"];

const scope = new URL(worker.registration.scope).pathname;

/** Only a whole page the person was shown: not a redirect to sign-in, not an error. */
const pagesOnly: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) =>
    response.status === 200 && !response.redirected && (response.headers.get("Content-Type") ?? "").startsWith("text/html") ? response : null,
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    for (const name of FLASH_PARAMS) url.searchParams.delete(name);
    return url.href;
  },
  // The saved copy says so: the page's banner (hidden on a live page) appears.
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return cachedResponse;
    const html = (await cachedResponse.text()).replace('data-copy="live"', 'data-copy="saved"');
    return new Response(html, { status: cachedResponse.status, headers: cachedResponse.headers });
  },
};

registerRoute(
  ({ url, request }) => request.method === "GET" && url.origin === worker.location.origin && url.pathname.startsWith(scope),
  new NetworkFirst({
    cacheName: "work-pages",
    networkTimeoutSeconds: NETWORK_WAIT_SECONDS,
    matchOptions: { ignoreVary: true },
    plugins: [pagesOnly, new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: 14 * DAY_SECONDS })],
  }),
);

registerRoute(
  ({ url }) => url.origin === worker.location.origin && (url.pathname.startsWith("/assets/") || /^\/offline-[\w-]+\.js$/.test(url.pathname)),
  new CacheFirst({ cacheName: "work-assets", matchOptions: { ignoreVary: true }, plugins: [new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: 60 * DAY_SECONDS })] }),
);

registerRoute(
  ({ url }) => url.origin === worker.location.origin && (url.pathname.startsWith("/photos/") || url.pathname === "/favicon.svg"),
  new CacheFirst({ cacheName: "work-photos", matchOptions: { ignoreVary: true }, plugins: [new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 30 * DAY_SECONDS })] }),
);

// A new version takes over at once: the pages it caches are the server's, never the worker's own.
worker.addEventListener("install", (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener("activate", (event) => event.waitUntil(worker.clients.claim()));
