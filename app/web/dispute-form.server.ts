/**
 * The dispute file's forms (issue 16 §4): each intent is checked by can() on the order's file, its
 * fields first (a mistake costs no photo decoding), then up to three photos through the listing
 * photo pipeline (checked, re-encoded, staged; the same as reviews), then one use case. On a
 * refusal everything typed comes back, with the photos already taken kept.
 */
import { getDb } from "../db.server";
import { can, type Action, type Actor, type Resource } from "../domain/identity/can";
import { decisionInput, MAX_DISPUTE_PHOTOS, openInput, sideInput } from "../domain/trust/dispute-rules";
import { answerDispute, appealDispute, decideDispute, openDispute, reviewDispute, type DisputeResult } from "../domain/trust/disputes.server";
import { parseTenge } from "../i18n/money";
import { refusalKey } from "../i18n/refusals";
import { collectPhotos, keptPhotos, LISTING_UPLOADS, unreadFiles } from "./listing-form.server";
import type { UploadLimits } from "./uploads.server";

export const DISPUTE_UPLOADS: UploadLimits = { ...LISTING_UPLOADS, maxFiles: MAX_DISPUTE_PHOTOS };

export const DISPUTE_INTENTS = ["open", "answer", "decide", "appeal", "review"] as const;
export type DisputeIntent = (typeof DISPUTE_INTENTS)[number];

const ACTIONS: Record<DisputeIntent, Action> = {
  open: "dispute.open",
  answer: "dispute.answer",
  decide: "dispute.decide",
  appeal: "dispute.appeal",
  review: "dispute.review",
};

export interface DisputeFormValues {
  reason: string;
  text: string;
  bypass: string;
  outcome: string;
  refund: string;
}

export type DisputeFormOutcome =
  | { ok: true; intent: DisputeIntent }
  | { ok: false; status: 400 | 403 | 404 | 409; intent: string; values: DisputeFormValues; errors: Record<string, string>; kept: { hash: string; width: number; height: number }[] };

const field = (form: FormData, name: string, max: number) => String(form.get(name) ?? "").slice(0, max);

const CONFLICTS = new Set(["dispute.not_now", "dispute.already_open", "orders.not_allowed_now", "orders.changed_meanwhile"]);

export async function submitDisputeForm(form: FormData, actor: NonNullable<Actor>, resource: Extract<Resource, { type: "dispute" }>, orderId: number, now: Date): Promise<DisputeFormOutcome> {
  const intent = field(form, "intent", 20);
  const values: DisputeFormValues = {
    reason: field(form, "reason", 40),
    text: field(form, "text", 4000),
    bypass: field(form, "bypass", 3),
    outcome: field(form, "outcome", 20),
    refund: field(form, "refund", 20),
  };
  const refuse = (status: 400 | 403 | 404 | 409, errors: Record<string, string>, kept: { hash: string; width: number; height: number }[] = []) =>
    ({ ok: false, status, intent, values, errors, kept }) as const;
  if (!(DISPUTE_INTENTS as readonly string[]).includes(intent)) return refuse(400, { form: refusalKey("dispute.not_now") });
  const chosen = intent as DisputeIntent;
  const allowed = can(actor, ACTIONS[chosen], resource);
  if (!allowed.ok) return refuse(allowed.reason === "auth.not_found" ? 404 : 403, { form: "common:errors.refused" });
  const fieldErrors = (issues: { path: (string | number)[]; message: string }[]) => {
    const errors: Record<string, string> = {};
    for (const issue of issues) errors[String(issue.path[0])] ??= refusalKey(issue.message);
    return errors;
  };
  const finish = (result: DisputeResult, kept: { hash: string; width: number; height: number }[] = []): DisputeFormOutcome => {
    if (result.ok) return { ok: true, intent: chosen };
    const status = CONFLICTS.has(result.reason) ? 409 : 400;
    const name = result.reason === "dispute.refund_invalid" ? "refund" : result.reason.includes("photo") ? "photos" : "form";
    return refuse(status, { [name]: refusalKey(result.reason) }, status === 400 ? kept : []);
  };

  if (chosen === "decide" || chosen === "review") {
    const parsed = decisionInput.safeParse({ outcome: values.outcome, reason: values.text });
    const refundTiyn = values.outcome === "partial" ? (parseTenge(values.refund) ?? null) : null;
    const errors = parsed.success ? {} : fieldErrors(parsed.error.issues.map((i) => ({ ...i, path: i.path[0] === "reason" ? ["text"] : i.path })));
    if (values.outcome === "partial" && refundTiyn === null) errors.refund = refusalKey("dispute.refund_invalid");
    if (!parsed.success || Object.keys(errors).length > 0) return refuse(400, errors);
    const input = { orderId, outcome: parsed.data.outcome, refundTiyn, reason: parsed.data.reason };
    return finish(chosen === "decide" ? decideDispute(getDb(), { ...input, deciderUserId: actor.userId }, now) : reviewDispute(getDb(), { ...input, reviewerUserId: actor.userId }, now));
  }
  if (chosen === "appeal") {
    const parsed = sideInput.safeParse({ text: values.text });
    if (!parsed.success) return refuse(400, fieldErrors(parsed.error.issues));
    return finish(appealDispute(getDb(), { orderId, userId: actor.userId, text: parsed.data.text }, now));
  }
  // Opening and answering carry photos.
  const parsed = chosen === "open" ? openInput.safeParse({ reason: values.reason, text: values.text, bypass: values.bypass === "yes" }) : sideInput.extend({ reason: openInput.shape.reason.optional(), bypass: openInput.shape.bypass.optional() }).safeParse({ text: values.text });
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    if (unreadFiles(form).length > 0) errors.photos = refusalKey("dispute.photos_again");
    return refuse(400, errors, (await keptPhotos(form, MAX_DISPUTE_PHOTOS)).photos);
  }
  const collected = await collectPhotos(form, await keptPhotos(form, MAX_DISPUTE_PHOTOS), MAX_DISPUTE_PHOTOS, actor.userId, now);
  const problem = collected.problems[0];
  if (problem) return refuse(400, { photos: refusalKey(problem.reason === "photo.too_many_files" ? "dispute.too_many_photos" : problem.reason) }, collected.photos);
  const photoHashes = collected.photos.map((p) => p.hash);
  const result =
    chosen === "open" && parsed.data.reason
      ? openDispute(getDb(), { reason: parsed.data.reason, text: parsed.data.text, bypass: parsed.data.bypass === true, orderId, buyerUserId: actor.userId, photoHashes }, now)
      : answerDispute(getDb(), { orderId, sellerUserId: actor.userId, text: parsed.data.text, photoHashes }, now);
  return finish(result, collected.photos);
}
