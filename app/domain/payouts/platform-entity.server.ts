/**
 * The platform's legal entity (issue 15 §5): its name, BIN and the IBAN of
 * its account at the bank, where the commission stays and from which payouts
 * leave. Kept in `settings` like the commission rates, set by the admin at
 * /admin/money, audited. The payer of every payout file.
 */
import { inArray } from "drizzle-orm";
import { settings } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { recordAudit } from "../identity/audit.server";
import { cleanLine } from "../identity/person-text";
import { parseTaxId } from "../identity/tax-id";
import { maskIban, parseKzIban, type IbanRefusal } from "./iban";

const KEYS = { name: "platform.legal_name", bin: "platform.bin", iban: "platform.iban" } as const;

export interface PlatformEntity {
  name: string;
  bin: string;
  iban: string;
  bic: string;
}

/** The entity as set, or null while any part is missing (no payout file can be made then). */
export function getPlatformEntity(db: Db): PlatformEntity | null {
  const rows = db.select().from(settings).where(inArray(settings.key, Object.values(KEYS))).all();
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const name = value(KEYS.name);
  const bin = value(KEYS.bin);
  const iban = parseKzIban(value(KEYS.iban) ?? "");
  if (!name || !bin || !iban.ok) return null;
  return { name, bin, iban: iban.iban, bic: iban.bank.bic };
}

export type EntityErrors = { name?: "payouts.entity_name"; bin?: "payouts.entity_bin"; iban?: IbanRefusal };

export function setPlatformEntity(
  db: Db,
  input: { name: string; bin: string; iban: string; actorUserId: number; ip: string | null },
  now: Date,
): { ok: true } | { ok: false; errors: EntityErrors } {
  const errors: EntityErrors = {};
  const name = cleanLine(input.name);
  if (name.length < 2 || name.length > 200) errors.name = "payouts.entity_name";
  const bin = parseTaxId(input.bin);
  if (!bin.ok || bin.kind !== "bin") errors.bin = "payouts.entity_bin";
  const iban = parseKzIban(input.iban);
  if (!iban.ok) errors.iban = iban.reason;
  if (errors.name || !bin.ok || errors.bin || !iban.ok) return { ok: false, errors };
  writeTransaction(db, (tx) => {
    for (const [key, value] of [
      [KEYS.name, name],
      [KEYS.bin, bin.value],
      [KEYS.iban, iban.iban],
    ] as const) {
      tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    }
    recordAudit(tx, { action: "platform.entity.changed", actorUserId: input.actorUserId, ip: input.ip, details: { name, bin: bin.value, iban: maskIban(iban.iban) } }, now);
  });
  return { ok: true };
}
