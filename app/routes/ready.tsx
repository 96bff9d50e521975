import { isReady } from "~/readiness.server";

/** Readiness probe: 200 once start-up's background work is done, 503 before (app/readiness.server.ts). */
export function loader() {
  const ready = isReady();
  return new Response(ready ? "ready\n" : "seeding demo data\n", {
    status: ready ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) },
  });
}
