/**
 * The answers a work-area phone's queue gets when it sends what was done
 * offline (issue 20): JSON with a translated message instead of a page, so
 * the screen can say which queued step the server refused and why.
 */
import fs from "node:fs";
import path from "node:path";
import { refusalKey } from "../i18n/refusals";
import { getT } from "./language.server";
import type { Outcome } from "./listing-actions.server";

/** The header the queue's script sends its requests with. */
export const QUEUE_HEADER = "X-Offline-Queue";

export function isQueuedSend(request: Request): boolean {
  return request.headers.get(QUEUE_HEADER) === "1";
}

export function queuedReply(reply: { ok: true; listingId?: number } | { ok: false; message: string }, status = reply.ok ? 200 : 409): Response {
  return Response.json(reply, { status, headers: { "Cache-Control": "no-store" } });
}

const WORK_AREA = /^\/(seller|coordinator|operator)(\/|$)/;

/** The signed-in work areas: the only pages with the offline script and the web app manifest. */
export function isWorkAreaPath(pathname: string): boolean {
  return WORK_AREA.test(pathname);
}

/** The service worker's scope for a work-area page: `/seller/`, `/coordinator/` or `/operator/`. */
export function workAreaScope(pathname: string): string | undefined {
  const area = WORK_AREA.exec(pathname)?.[1];
  return area ? `/${area}/` : undefined;
}

let built: { script: string } | null | undefined;

/**
 * The offline script's URL (hashed), written by scripts/build-offline.ts next
 * to the client build; none in development, where the work areas go without.
 */
export function offlineScript(): string | undefined {
  if (process.env.NODE_ENV !== "production") return undefined;
  if (built === undefined) {
    try {
      built = JSON.parse(fs.readFileSync(path.join("build", "client", "offline.json"), "utf8")) as { script: string };
    } catch {
      built = null;
    }
  }
  return built?.script;
}

/** A draft a phone queued offline, answered as JSON: what the server refused, in words (issue 20). */
export async function queuedListingReply(request: Request, outcome: Outcome) {
  if (outcome.ok) return queuedReply({ ok: true, listingId: outcome.listingId });
  const { t } = await getT(request, "offline");
  const problems = [
    ...(outcome.formError ? [t(outcome.formError)] : []),
    ...Object.values(outcome.errors).flatMap((key) => (key ? [t(key)] : [])),
    ...outcome.photoProblems.map((problem) => `${problem.name}: ${t(refusalKey(problem.reason))}`),
  ];
  const reason = problems.join(" ") || t("refused.generic");
  return queuedReply({ ok: false, message: t("refused.listing", { title: outcome.values.title ?? "", reason }) }, outcome.status);
}
