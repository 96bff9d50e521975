/**
 * Reading an edition of the KATO classifier (db/seed/kato/PROVENANCE.md) from
 * its CSV text: pure, no database. Every row is checked as the provenance
 * note's validation says (nine-digit codes, unique, parents that exist and lie
 * above); a file that fails is refused whole, with the line of each problem,
 * so a broken edition never half-replaces a good one.
 */

export const KATO_HEADER = ["code", "parent_code", "level", "type_ru", "name_kk", "name_ru"] as const;

export interface KatoRow {
  /** Nine digits, AB CD EF HIJ; kept as text. */
  code: string;
  /** The nearest code above that the classifier lists (sometimes two levels up); null at level 1. */
  parentCode: string | null;
  level: 1 | 2 | 3 | 4;
  /** The kind of place, from the Russian name's abbreviation; null when the name carries none. */
  typeRu: string | null;
  /** The official names, abbreviations included ("Бесағаш а.", "с.Бесагаш"). */
  nameKk: string;
  nameRu: string;
}

export class KatoFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(`Not a KATO edition this program reads:\n${problems.slice(0, 20).map((p) => `  ${p}`).join("\n")}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ""}`);
  }
}

/** One field (quoted, with doubled quotes inside, or bare) and what ends it. */
const FIELD = /(?:"((?:[^"]|"")*)"|([^,"\r\n]*))(,|\r?\n|$)/y;

/**
 * RFC 4180 rows: quoted fields may hold commas, doubled quotes and line
 * breaks. Throws on a quote where a bare field cannot have one.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (position < text.length) {
    FIELD.lastIndex = position;
    const match = FIELD.exec(text);
    if (!match) throw new KatoFormatError([`line ${rows.length + 1}: a quote inside an unquoted field`]);
    row.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? ""));
    position = FIELD.lastIndex;
    if (match[3] !== ",") {
      rows.push(row);
      row = [];
      if (match[3] === "") break;
    } else if (position === text.length) row.push("");
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

const CODE = /^\d{9}$/;

/** The rows of an edition, checked; throws KatoFormatError naming every problem. */
export function readKatoEdition(text: string): KatoRow[] {
  const [header, ...lines] = parseCsv(text);
  const problems: string[] = [];
  if (!header || header.join(",") !== KATO_HEADER.join(",")) {
    throw new KatoFormatError([`line 1: the header must be ${KATO_HEADER.join(",")}`]);
  }
  const rows: KatoRow[] = [];
  const seen = new Map<string, KatoRow>();
  lines.forEach((cells, index) => {
    const line = index + 2;
    if (cells.length === 1 && cells[0] === "") return;
    if (cells.length !== KATO_HEADER.length) {
      problems.push(`line ${line}: ${cells.length} fields, expected ${KATO_HEADER.length}`);
      return;
    }
    const [code, parent, level, type, nameKk, nameRu] = cells.map((c) => c.trim()) as [string, string, string, string, string, string];
    if (!CODE.test(code)) problems.push(`line ${line}: code "${code}" is not nine digits`);
    else if (seen.has(code)) problems.push(`line ${line}: code ${code} appears twice`);
    if (!/^[1-4]$/.test(level)) problems.push(`line ${line}: level "${level}" is not 1–4`);
    if (parent !== "" && !CODE.test(parent)) problems.push(`line ${line}: parent "${parent}" is not nine digits`);
    if ((level === "1") !== (parent === "")) problems.push(`line ${line}: only a level-1 row has no parent`);
    if (!nameKk || !nameRu) problems.push(`line ${line}: a name is empty`);
    const row: KatoRow = { code, parentCode: parent || null, level: Number(level) as KatoRow["level"], typeRu: type || null, nameKk, nameRu };
    rows.push(row);
    seen.set(code, row);
  });
  for (const row of rows) {
    if (row.parentCode === null) continue;
    const parent = seen.get(row.parentCode);
    if (!parent) problems.push(`code ${row.code}: its parent ${row.parentCode} is not in the file`);
    else if (parent.level >= row.level) problems.push(`code ${row.code}: its parent ${row.parentCode} is not above it`);
    else if (parent.code.slice(0, 2) !== row.code.slice(0, 2)) problems.push(`code ${row.code}: its parent ${row.parentCode} is in another region`);
  }
  if (rows.length === 0) problems.push("the file has no rows");
  if (problems.length > 0) throw new KatoFormatError(problems);
  return rows;
}
