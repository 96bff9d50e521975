/**
 * Where a shop's payouts go (issue 15 §2): a Kazakh IBAN, the account
 * holder's name and IIN/BIN. Changing it is the classic fraud, so every
 * change is audited (masked) and announced to the seller by SMS in the same
 * transaction; it is only ever shown masked.
 */
import { eq } from "drizzle-orm";
import { payoutDestinations, sellers, users } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { translator } from "../../i18n/translate.server";
import { recordAudit } from "../identity/audit.server";
import { cleanLine } from "../identity/person-text";
import { maskTaxId, parseTaxId, type TaxIdRefusal } from "../identity/tax-id";
import { enqueueSms } from "../notify/outbox.server";
import { bankOfCode, maskIban, parseKzIban, type IbanRefusal } from "./iban";

export interface PayoutDestinationView {
  ibanMasked: string;
  bankName: string;
  bic: string;
  holderName: string;
  holderTaxIdMasked: string;
  updatedAt: Date;
}

export function getPayoutDestination(db: Db, sellerId: number): PayoutDestinationView | null {
  const row = db.select().from(payoutDestinations).where(eq(payoutDestinations.sellerId, sellerId)).get();
  if (!row) return null;
  const bank = bankOfCode(row.iban.slice(4, 7));
  return {
    ibanMasked: maskIban(row.iban),
    bankName: bank?.name ?? "—",
    bic: bank?.bic ?? "—",
    holderName: row.holderName,
    holderTaxIdMasked: maskTaxId(row.holderTaxId),
    updatedAt: row.updatedAt,
  };
}

export type DestinationErrors = {
  iban?: IbanRefusal;
  holderName?: "payouts.holder_name";
  holderTaxId?: TaxIdRefusal;
  /** A coordinator acting for an assisted seller: the seller's consent note, and the seller's choice. */
  consent?: "payouts.consent_required" | "payouts.not_assisted";
};

export type DestinationResult = { ok: true; changed: boolean } | { ok: false; errors: DestinationErrors };

export type AccountErrors = Pick<DestinationErrors, "iban" | "holderName" | "holderTaxId">;

/** A bank account as typed: a Kazakh IBAN of a known bank, the holder's name as the bank knows it, their IIN/BIN. */
export function parseAccount(input: { iban: string; holderName: string; holderTaxId: string }):
  | { ok: true; iban: string; bic: string; bankName: string; holderName: string; holderTaxId: string }
  | { ok: false; errors: AccountErrors } {
  const errors: AccountErrors = {};
  const iban = parseKzIban(input.iban);
  if (!iban.ok) errors.iban = iban.reason;
  const holderName = cleanLine(input.holderName);
  if (holderName.length < 2 || holderName.length > 120) errors.holderName = "payouts.holder_name";
  const taxId = parseTaxId(input.holderTaxId);
  if (!taxId.ok) errors.holderTaxId = taxId.reason;
  if (!iban.ok || !taxId.ok || errors.holderName) return { ok: false, errors };
  return { ok: true, iban: iban.iban, bic: iban.bank.bic, bankName: iban.bank.name, holderName, holderTaxId: taxId.value };
}

/**
 * Records the shop's payout destination. The caller has checked that the
 * actor may: the shop's own seller, or (can("payout.destination.assist")) the
 * coordinator of the seller's village for a seller who chose assisted selling,
 * who passes the seller's consent note (what they said, when). The note is
 * kept in the audit log; the seller's choice is checked again here. Either
 * way the seller hears of it by the same SMS.
 */
export function setPayoutDestination(
  db: Db,
  input: { sellerId: number; actorUserId: number; iban: string; holderName: string; holderTaxId: string; ip: string | null; consentNote?: string },
  now: Date,
): DestinationResult {
  const consent = input.consentNote?.trim();
  const account = parseAccount(input);
  const errors: DestinationErrors = account.ok ? {} : { ...account.errors };
  if (consent === "") errors.consent = "payouts.consent_required";
  if (!account.ok || errors.consent) return { ok: false, errors };
  const iban = { iban: account.iban, bank: { bic: account.bic, name: account.bankName } };
  const holderName = account.holderName;
  const taxId = { value: account.holderTaxId };
  return writeTransaction(db, (tx): DestinationResult => {
    if (consent !== undefined && !tx.select({ assisted: sellers.assistedOrders }).from(sellers).where(eq(sellers.id, input.sellerId)).get()?.assisted) {
      return { ok: false, errors: { consent: "payouts.not_assisted" } };
    }
    const before = tx.select().from(payoutDestinations).where(eq(payoutDestinations.sellerId, input.sellerId)).get();
    if (before && before.iban === iban.iban && before.holderName === holderName && before.holderTaxId === taxId.value) return { ok: true, changed: false };
    const values = { iban: iban.iban, holderName, holderTaxId: taxId.value, recordedBy: input.actorUserId, consentRecorded: consent !== undefined, updatedAt: now };
    tx.insert(payoutDestinations)
      .values({ sellerId: input.sellerId, ...values })
      .onConflictDoUpdate({ target: payoutDestinations.sellerId, set: values })
      .run();
    const owner = tx
      .select({ userId: users.id, phone: users.phone, language: users.preferredLanguage })
      .from(sellers)
      .innerJoin(users, eq(users.id, sellers.userId))
      .where(eq(sellers.id, input.sellerId))
      .get();
    recordAudit(
      tx,
      {
        action: "payout.destination.changed",
        actorUserId: input.actorUserId,
        subjectUserId: owner?.userId ?? null,
        ip: input.ip,
        details: { sellerId: input.sellerId, iban: maskIban(iban.iban), bic: iban.bank.bic, previous: before ? maskIban(before.iban) : null, ...(consent !== undefined ? { consent } : {}) },
      },
      now,
    );
    if (owner?.phone) {
      const t = translator(owner.language, "money");
      enqueueSms(
        tx,
        { kind: "payout_destination_changed", userId: owner.userId, to: owner.phone, language: owner.language, text: t("sms.destinationChanged", { iban: maskIban(iban.iban), bank: iban.bank.name }) },
        now,
      );
    }
    return { ok: true, changed: true };
  });
}
