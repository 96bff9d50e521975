/**
 * The classifier edition the repository carries (db/seed/kato/kato.csv, see
 * PROVENANCE.md beside it).
 */
import fs from "node:fs";
import path from "node:path";
import { readKatoEdition, type KatoRow } from "../../app/domain/geo/kato-csv";

/** Resolved against the working directory, as DATABASE_PATH is: `npm start` runs from the project root. */
export const KATO_CSV = "db/seed/kato/kato.csv";

/** An edition's rows, checked (KatoFormatError otherwise). Not kept: a server reads it once, at its first start. */
export function readKatoFile(file: string = KATO_CSV): KatoRow[] {
  return readKatoEdition(fs.readFileSync(path.resolve(file), "utf8"));
}

/** The rows of these codes and of every unit above them, in the edition's order. */
export function withAncestors(rows: readonly KatoRow[], codes: readonly string[]): KatoRow[] {
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const wanted = new Set<string>();
  for (const code of codes) {
    for (let row = byCode.get(code); row && !wanted.has(row.code); row = row.parentCode ? byCode.get(row.parentCode) : undefined) wanted.add(row.code);
  }
  return rows.filter((row) => wanted.has(row.code));
}
