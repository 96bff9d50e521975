/**
 * The bank's files (issue 15 §3–4; docs/decisions/0022-money-rails.md): the
 * payout batch as a 1C "client–bank" exchange file (1CClientBankExchange,
 * one `СекцияДокумент=Платежное поручение` per payout, the requisites Kazakh
 * internet banking imports) and as CSV; and the bank statement read back, in
 * the same 1C format or CSV, as entries with our reference.
 *
 * Pure: the batch in, text out; the same batch gives the same text.
 */
import { parseTenge, tengeCsvText } from "../../i18n/money";
import { toCsv, BOM } from "../insights/csv";

export interface PayoutFileLine {
  /** payout_lines.id: the document number and, as `AUYL-P<id>`, the reference in the purpose. */
  lineId: number;
  amountTiyn: number;
  iban: string;
  bic: string;
  holderName: string;
  holderTaxId: string;
}

export interface PayoutFile {
  batchId: number;
  /** The first export's moment: written into the file, so a second export is the same bytes. */
  exportedAt: Date;
  payer: { name: string; bin: string; iban: string; bic: string };
  lines: readonly PayoutFileLine[];
}

/** Our reference of a payout line, in the purpose of payment and in every file. */
export const lineReference = (lineId: number) => `AUYL-P${lineId}`;
const REFERENCE = /AUYL-P(\d{1,12})/;

/** КНП 859 ("other transfers") and КОд/КБе 17 → 19 (a legal entity pays a person or sole trader): see the decision. */
export const PAYOUT_KNP = "859";
export const PAYER_CODE = "17";
export const BENEFICIARY_CODE = "19";

/** dd.mm.yyyy and hh:mm:ss in Kazakhstan time (UTC+5), as 1C writes them. */
function kzDateTime(at: Date): { date: string; time: string } {
  const local = new Date(at.getTime() + 5 * 3_600_000).toISOString();
  return { date: `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)}`, time: local.slice(11, 19) };
}

function purposeOf(file: PayoutFile, line: PayoutFileLine): string {
  return `Выплата продавцу по договору агентирования Auyl Hub, ${lineReference(line.lineId)}, пакет ${file.batchId}. Без НДС`;
}

/** One line of the exchange file: no line breaks or `=` confusion can come in from a name. */
const value = (text: string) => text.replace(/[\r\n]+/g, " ").trim();

/** The batch as a 1CClientBankExchange text (before encoding: see encodeWindows1251). */
export function payoutFile1C(file: PayoutFile): string {
  const { date, time } = kzDateTime(file.exportedAt);
  const total = file.lines.reduce((sum, l) => sum + l.amountTiyn, 0);
  const out = [
    "1CClientBankExchange",
    "ВерсияФормата=1.02",
    "Кодировка=Windows",
    "Отправитель=Auyl Hub",
    "Получатель=",
    `ДатаСоздания=${date}`,
    `ВремяСоздания=${time}`,
    `ДатаНачала=${date}`,
    `ДатаКонца=${date}`,
    `РасчСчет=${file.payer.iban}`,
    "Документ=Платежное поручение",
  ];
  for (const line of file.lines) {
    out.push(
      "СекцияДокумент=Платежное поручение",
      `Номер=${line.lineId}`,
      `Дата=${date}`,
      `Сумма=${tengeCsvText(line.amountTiyn)}`,
      "Валюта=KZT",
      `ПлательщикИИК=${file.payer.iban}`,
      `ПлательщикСчет=${file.payer.iban}`,
      `Плательщик=${value(file.payer.name)}`,
      `ПлательщикБИН_ИИН=${file.payer.bin}`,
      `ПлательщикБИК=${file.payer.bic}`,
      `ПлательщикКод=${PAYER_CODE}`,
      `ПолучательИИК=${line.iban}`,
      `ПолучательСчет=${line.iban}`,
      `Получатель=${value(line.holderName)}`,
      `ПолучательБИН_ИИН=${line.holderTaxId}`,
      `ПолучательБИК=${line.bic}`,
      `ПолучательКбе=${BENEFICIARY_CODE}`,
      `КодНазначенияПлатежа=${PAYOUT_KNP}`,
      `НазначениеПлатежа=${value(purposeOf(file, line))}`,
      "КонецДокумента",
    );
  }
  out.push(`КоличествоДокументов=${file.lines.length}`, `ОбщаяСумма=${tengeCsvText(total)}`, "КонецФайла");
  return out.map((l) => `${l}\r\n`).join("");
}

/** The batch as CSV (UTF-8 with BOM, CRLF): one row per payout. */
export function payoutFileCsv(file: PayoutFile): string {
  return toCsv(
    ["reference", "date", "amount", "currency", "beneficiary", "beneficiary_iin_bin", "iban", "bic", "kbe", "knp", "purpose"],
    file.lines.map((l) => [
      lineReference(l.lineId),
      kzDateTime(file.exportedAt).date,
      tengeCsvText(l.amountTiyn),
      "KZT",
      l.holderName,
      l.holderTaxId,
      l.iban,
      l.bic,
      BENEFICIARY_CODE,
      PAYOUT_KNP,
      purposeOf(file, l),
    ]),
  );
}

// ---------------------------------------------------------------------------
// Windows-1251, which "Кодировка=Windows" names

/** Kazakh letters cp1251 lacks, written as the Russian letters banks' 1C imports expect. */
const KAZAKH_TO_RUSSIAN: Record<string, string> = { ә: "а", Ә: "А", ғ: "г", Ғ: "Г", қ: "к", Қ: "К", ң: "н", Ң: "Н", ө: "о", Ө: "О", ұ: "у", Ұ: "У", ү: "у", Ү: "У", һ: "х", Һ: "Х", і: "и", І: "И" };

export function encodeWindows1251(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const original of text) {
    const ch = KAZAKH_TO_RUSSIAN[original] ?? original;
    const code = ch.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (ch === "Ё") bytes.push(0xa8);
    else if (ch === "ё") bytes.push(0xb8);
    else if (ch === "№") bytes.push(0xb9);
    else bytes.push(0x3f);
  }
  return Uint8Array.from(bytes);
}

/** A file as uploaded: UTF-8 (with or without BOM) when it decodes cleanly, else Windows-1251. */
export function decodeBankFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1251").decode(bytes);
  }
}

// ---------------------------------------------------------------------------
// Reading a statement back

export interface StatementEntry {
  /** Our payout line (from AUYL-P<id> in the purpose or the reference column), or null. */
  lineId: number | null;
  /** The text the bank gave as reference (number or our reference), for the admin. */
  reference: string;
  amountTiyn: number;
  /** debit: money left the account (a payout went out); credit: money came in (a payout came back, a deposit). */
  direction: "debit" | "credit";
  /** A CSV row may say the bank refused the payment. */
  failed: boolean;
}

export type StatementRefusal = "payouts.statement_format" | "payouts.statement_empty";

/** Tenge as a statement writes it ("1 234,56", "1234.56") → tiyn, or null. */
export function statementAmountTiyn(text: string): number | null {
  return parseTenge(text) ?? null;
}

function parse1C(text: string): StatementEntry[] {
  const entries: StatementEntry[] = [];
  let doc: Record<string, string> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("СекцияДокумент=")) doc = {};
    else if (line === "КонецДокумента" && doc) {
      const amountTiyn = statementAmountTiyn(doc["Сумма"] ?? "");
      const purpose = doc["НазначениеПлатежа"] ?? "";
      const match = REFERENCE.exec(purpose);
      if (amountTiyn !== null) {
        entries.push({
          lineId: match ? Number(match[1]) : null,
          reference: match ? match[0] : (doc["Номер"] ?? "—"),
          amountTiyn,
          direction: doc["ДатаПоступило"] && !doc["ДатаСписано"] ? "credit" : "debit",
          failed: false,
        });
      }
      doc = null;
    } else if (doc) {
      const at = line.indexOf("=");
      if (at > 0) doc[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return entries;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === "," || ch === ";")) {
      cells.push(cell);
      cell = "";
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells.map((c) => c.trim().replace(/^'/, ""));
}

const FAILED_WORDS = /^(failed|rejected|returned|отклонен|отклонено|возврат|қайтарылды|error)/i;

/** CSV with a header naming `reference` and `amount`, optionally `status` and `direction`. */
function parseCsv(text: string): StatementEntry[] | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.toLowerCase());
  const ref = header.indexOf("reference");
  const amount = header.indexOf("amount");
  if (ref < 0 || amount < 0) return null;
  const status = header.indexOf("status");
  const direction = header.indexOf("direction");
  const entries: StatementEntry[] = [];
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const amountTiyn = statementAmountTiyn(cells[amount] ?? "");
    if (amountTiyn === null) continue;
    const reference = cells[ref] ?? "";
    const match = REFERENCE.exec(reference);
    entries.push({
      lineId: match ? Number(match[1]) : null,
      reference: reference || "—",
      amountTiyn,
      direction: direction >= 0 && /^(credit|in|приход)/i.test(cells[direction] ?? "") ? "credit" : "debit",
      failed: status >= 0 && FAILED_WORDS.test(cells[status] ?? ""),
    });
  }
  return entries;
}

/** Reads a statement in the 1C exchange format or CSV. */
export function parseBankStatement(text: string): { ok: true; entries: StatementEntry[] } | { ok: false; reason: StatementRefusal } {
  const clean = text.replace(/^\uFEFF/, "").replace(BOM, "");
  const entries = clean.trimStart().startsWith("1CClientBankExchange") ? parse1C(clean) : parseCsv(clean);
  if (entries === null) return { ok: false, reason: "payouts.statement_format" };
  if (entries.length === 0) return { ok: false, reason: "payouts.statement_empty" };
  return { ok: true, entries };
}
