/**
 * Reports and removals: the form a buyer sends, the reason a coordinator
 * gives. Pure: plain data in, plain data or a locale key out.
 */
import { z } from "zod";
import { personText } from "../identity/person-text";
import { REPORT_REASONS, type ReportReason } from "./vocabulary";


export const NOTE_MAX_LENGTH = 500;

const note = personText("lines", z.string().max(NOTE_MAX_LENGTH, { message: "storefront.note_long" }))
  .optional()
  .transform((v) => (v ? v : undefined));

/** What anyone reporting a listing sends. */
export const reportInput = z.object({
  reason: z.enum(REPORT_REASONS, { message: "storefront.report_reason" }),
  note,
});

/** The coordinator's removal: one of the report reasons, and a note the seller reads. */
export const removalInput = z.object({
  reason: z.enum(REPORT_REASONS, { message: "storefront.report_reason" }),
  note,
});

/**
 * `listings.removed_reason` holds the reason's code, then the coordinator's
 * note after ": " — a code every page can translate, words only the note has.
 */
export function formatRemovedReason(reason: ReportReason, note?: string): string {
  return note ? `${reason}: ${note}` : reason;
}

export function parseRemovedReason(stored: string | null): { reason: ReportReason | null; note: string | null } {
  if (!stored) return { reason: null, note: null };
  const [code, ...rest] = stored.split(": ");
  const reason = (REPORT_REASONS as readonly string[]).includes(code ?? "") ? (code as ReportReason) : null;
  return reason ? { reason, note: rest.join(": ") || null } : { reason: null, note: stored };
}

/** A fixed window per key: reports from one address, so the queue cannot be flooded. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

export const REPORT_LIMIT: RateWindow = { max: 10, windowMs: 60 * 60_000 };

/** Pure: given the times of earlier hits, may one more happen now? */
export function withinLimit(hits: readonly number[], now: number, limit: RateWindow): boolean {
  return hits.filter((at) => at > now - limit.windowMs).length < limit.max;
}
