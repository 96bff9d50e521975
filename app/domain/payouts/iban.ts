/**
 * A Kazakh IBAN (ISO 13616; the National Bank's account number standard):
 * 20 characters, `KZ`, two check digits (mod 97 = 1), a 3-digit bank code and
 * a 13-character account. The bank code names the bank and its BIC (SWIFT
 * code) from KZ_BANKS. Pure: no database, no clock.
 */

export interface KzBank {
  code: string;
  bic: string;
  name: string;
}

/**
 * Second-tier banks and other account holders by the IBAN's bank code
 * (positions 5–7). A code not listed is refused: a payout must reach a bank
 * we can name. Checked against the banks' published requisites; see
 * docs/decisions/0022-money-rails.md for what to do when a bank is missing.
 */
export const KZ_BANKS: readonly KzBank[] = [
  { code: "070", bic: "KKMFKZ2A", name: "Комитет казначейства МФ РК" },
  { code: "125", bic: "NBRKKZKX", name: "Национальный Банк РК" },
  { code: "250", bic: "HCSKKZKA", name: "Отбасы банк" },
  { code: "551", bic: "KSNVKZKA", name: "Freedom Bank Kazakhstan" },
  { code: "563", bic: "KPSTKZKA", name: "Казпочта" },
  { code: "601", bic: "HSBKKZKX", name: "Халык Банк" },
  { code: "722", bic: "CASPKZKA", name: "Kaspi Bank" },
  { code: "821", bic: "KINCKZKA", name: "Bank RBK" },
  { code: "849", bic: "NURSKZKX", name: "Нурбанк" },
  { code: "856", bic: "KCJBKZKX", name: "Банк ЦентрКредит" },
  { code: "886", bic: "INLMKZKA", name: "Home Credit Bank" },
  { code: "948", bic: "EURIKZKA", name: "Евразийский банк" },
  { code: "965", bic: "IRTYKZKA", name: "ForteBank" },
  { code: "998", bic: "TSESKZKA", name: "Jusan Bank" },
];

export type IbanRefusal = "payouts.iban_format" | "payouts.iban_checksum" | "payouts.iban_bank";

export type IbanResult = { ok: true; iban: string; bank: KzBank } | { ok: false; reason: IbanRefusal };

/** The ISO 13616 remainder: the first four characters moved to the end, letters as 10–35, mod 97. */
export function ibanRemainder(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder;
}

/** The two check digits an IBAN with this country and BBAN must carry. */
export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - ibanRemainder(`${country}00${bban}`)).padStart(2, "0");
}

export function bankOfCode(code: string): KzBank | undefined {
  return KZ_BANKS.find((b) => b.code === code);
}

/** Checks what was typed (spaces and lower case allowed): format, check digits, then a known bank code. */
export function parseKzIban(input: string): IbanResult {
  const iban = input.replace(/[\s-]/g, "").toUpperCase();
  if (!/^KZ\d{2}\d{3}[0-9A-Z]{13}$/.test(iban)) return { ok: false, reason: "payouts.iban_format" };
  if (ibanRemainder(iban) !== 1) return { ok: false, reason: "payouts.iban_checksum" };
  const bank = bankOfCode(iban.slice(4, 7));
  if (!bank) return { ok: false, reason: "payouts.iban_bank" };
  return { ok: true, iban, bank };
}

/** Shown masked, as on a card: `KZ86 •••• •••• ••••0100`, the country, check digits and the last four. */
export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} •••• •••• ••••${iban.slice(-4)}`;
}
