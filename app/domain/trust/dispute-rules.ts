/**
 * What each step of the dispute ladder holds, checked (issue 16 §4, decision 0033). Pure: the
 * messages are refusal codes (`dispute.*`), worded in locales/<language>/disputes.json.
 */
import { z } from "zod";
import { personText } from "../identity/person-text";
import { DISPUTE_OUTCOMES, DISPUTE_REASONS, type DisputeOutcome, type DisputeStep } from "./vocabulary";

export const DISPUTE_TEXT_MAX = 2000;
export const MAX_DISPUTE_PHOTOS = 3;

const text = (required: string) => personText("lines", z.string().min(1, { message: required }).max(DISPUTE_TEXT_MAX, { message: "dispute.text_long" }));

export const openInput = z.object({
  reason: z.enum(DISPUTE_REASONS, { message: "dispute.reason_required" }),
  text: text("dispute.text_required"),
  bypass: z.boolean(),
});
export type OpenInput = z.infer<typeof openInput>;

export const sideInput = z.object({ text: text("dispute.text_required") });

export const decisionInput = z.object({
  outcome: z.enum(DISPUTE_OUTCOMES, { message: "dispute.outcome_required" }),
  reason: text("dispute.reason_text_required"),
});

/** Which order event carries out a final decision (order-machine.ts). */
export const OUTCOME_EVENTS = {
  release: "resolve_release",
  partial: "resolve_partial",
  refund: "resolve_refund",
  return_first: "resolve_return",
} as const satisfies Record<DisputeOutcome, string>;

export type AmountRefusal = "dispute.refund_invalid" | "dispute.return_cash";

/**
 * A decision against the money held: a partial refund is more than nothing and less than what is
 * held (all of it is a full refund); the goods of a cash sale cannot come back for an online refund.
 */
export function decisionRefusal(input: { outcome: DisputeOutcome; refundTiyn: number | null; heldTiyn: number; cash: boolean }): AmountRefusal | null {
  if (input.outcome === "partial") {
    const r = input.refundTiyn;
    if (r === null || !Number.isSafeInteger(r) || r <= 0 || r >= input.heldTiyn) return "dispute.refund_invalid";
  }
  if (input.outcome === "return_first" && input.cash) return "dispute.return_cash";
  return null;
}

/** The cooperative of the seller's village earns a fee on the sale: its coordinator may be passed by. */
export const isConflicted = (order: { coopRateBp: number }) => order.coopRateBp > 0;

/** Who must act at a step: the seller, the village coordinator, either side, the neutral reviewer. */
export function actorOfStep(step: DisputeStep): "seller" | "coordinator" | "sides" | "reviewer" | null {
  return ({ answer: "seller", decide: "coordinator", appeal: "sides", review: "reviewer", closed: null } as const)[step];
}

/** Whole days between two moments, rounded down (negative when `to` is before `from`). */
export const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 86_400_000);
