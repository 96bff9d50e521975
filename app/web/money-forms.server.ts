/**
 * The admin's money forms (/admin/money): typed percentages and tenge in,
 * the ledger's use cases called in one transaction, and what the page shows
 * back: a refusal code per field and the HTTP status to answer with.
 */
import { writeTransaction, type Db } from "../db.server";
import { isValidRateBp, setCommissionRates } from "../domain/escrow/commission.server";
import { IdempotencyConflictError } from "../domain/escrow/ledger-operations.server";
import { preparePayoutBatch } from "../domain/payouts/payout-batches.server";
import { decodeBankFile } from "../domain/payouts/bank-files";
import { parseTenge } from "../i18n/money";
import { parsePercentToBp } from "../i18n/money";

export type RatesFormResult =
  | { ok: true }
  | { ok: false; errors: Partial<Record<"platform" | "coop", "money:admin.rates.invalid">> };

/** The admin's rates form: two percentages → basis points (0–50 %), saved and audited in one transaction. */
export function submitCommissionRates(db: Db, input: { platform: string; coop: string; actorUserId: number; ip: string | null }, now: Date): RatesFormResult {
  const platformBp = parsePercentToBp(input.platform);
  const coopBp = parsePercentToBp(input.coop);
  const errors: Partial<Record<"platform" | "coop", "money:admin.rates.invalid">> = {};
  if (platformBp === undefined || !isValidRateBp(platformBp)) errors.platform = "money:admin.rates.invalid";
  if (coopBp === undefined || !isValidRateBp(coopBp)) errors.coop = "money:admin.rates.invalid";
  if (platformBp === undefined || coopBp === undefined || errors.platform || errors.coop) return { ok: false, errors };
  const result = writeTransaction(db, (tx) => setCommissionRates(tx, { platformBp, coopBp, actorUserId: input.actorUserId, ip: input.ip, at: now }));
  if (!result.ok) return { ok: false, errors: { [result.field === "platformBp" ? "platform" : "coop"]: "money:admin.rates.invalid" } };
  return { ok: true };
}

/** A form's idempotency key: what the page generated (a UUID), nothing else. */
const FORM_KEY = /^[A-Za-z0-9-]{8,64}$/;

export type PayoutFormResult =
  | { ok: true; batchId: number | null; replayed: boolean }
  | { ok: false; status: 400; errors: { minimum?: "money:admin.payout.minimumInvalid"; form?: "money:admin.payout.badKey" } }
  | { ok: false; status: 409; errors: { form: "money:admin.payout.conflict" } };

/** The "Create payout batch" form: its hidden key makes a repeated submit show the same batch. */
export function submitPayoutBatch(db: Db, input: { formKey: string; minimum: string; actorUserId: number }, now: Date): PayoutFormResult {
  if (!FORM_KEY.test(input.formKey)) return { ok: false, status: 400, errors: { form: "money:admin.payout.badKey" } };
  const minimumTiyn = input.minimum.trim() === "" ? 1 : parseTenge(input.minimum);
  if (minimumTiyn === undefined || minimumTiyn < 1) return { ok: false, status: 400, errors: { minimum: "money:admin.payout.minimumInvalid" } };
  try {
    const { batchId, replayed } = preparePayoutBatch(db, { key: `admin-payout:${input.formKey}`, minimumTiyn, actorUserId: input.actorUserId }, now);
    return { ok: true, batchId, replayed };
  } catch (error) {
    if (error instanceof IdempotencyConflictError) return { ok: false, status: 409, errors: { form: "money:admin.payout.conflict" } };
    throw error;
  }
}

/** An uploaded statement (a file field, under the server's body cap) as text, or null when none was chosen. */
export async function uploadedText(form: FormData, name: string): Promise<{ text: string; filename: string } | null> {
  const file = form.get(name);
  if (!(file instanceof File) || file.size === 0) return null;
  return { text: decodeBankFile(new Uint8Array(await file.arrayBuffer())), filename: file.name.slice(0, 100) };
}

/** A file download answer: the bytes as they are, never cached. */
export function fileResponse(bytes: Uint8Array, filename: string, contentType: string): Response {
  return new Response(Buffer.from(bytes), {
    headers: { "Content-Type": contentType, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
