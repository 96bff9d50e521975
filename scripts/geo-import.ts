/**
 * `npm run geo:import -- <kato.csv>`: applies an edition of the KATO classifier
 * (the format of db/seed/kato/kato.csv, see PROVENANCE.md there) to
 * DATABASE_PATH, idempotently, by code: new units added, renamed units
 * renamed (their village hubs too), moved units moved, units the edition no
 * longer lists removed — or kept, marked abolished, while a hub refers to
 * them. Prints what changed. A file that fails the checks changes nothing.
 * Safe while the server runs (one write transaction).
 */
import { getConnection } from "../app/db.server";
import { getEnv } from "../app/env.server";
import { KatoFormatError } from "../app/domain/geo/kato-csv";
import { applyKatoEdition, type KatoChange, type KatoReport } from "../app/domain/geo/kato-import.server";
import { readKatoFile } from "../db/seed/kato";
import { countGeography, seedGeography } from "../db/seed/seed";

const SHOWN = 40;

function changes(title: string, list: KatoChange[], was?: string): string[] {
  const lines = [`  ${title}: ${list.length}`];
  for (const change of list.slice(0, SHOWN)) lines.push(`    ${change.code} ${change.name}${change.was && was ? ` (${was} ${change.was})` : ""}`);
  if (list.length > SHOWN) lines.push(`    … and ${list.length - SHOWN} more`);
  return lines;
}

function describe(report: KatoReport): string {
  const n = (value: number) => value.toLocaleString("en");
  return [
    `  added: ${n(report.added.districts)} districts, ${n(report.added.okrugs)} okrugs, ${n(report.added.settlements)} settlements`,
    ...changes("renamed", report.renamed, "was"),
    ...changes("moved", report.moved, "was under"),
    ...changes("removed (no longer listed, nothing refers to them)", report.removed),
    ...changes("kept and marked abolished (a village hub refers to them)", report.kept),
    ...changes("listed again", report.restored),
    `  village hubs renamed or moved with their settlement: ${report.hubsUpdated.length ? report.hubsUpdated.join(", ") : "none"}`,
    `  unchanged: ${n(report.unchanged)}`,
  ].join("\n");
}

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("Usage: npm run geo:import -- <kato.csv>   (for example db/seed/kato/kato.csv)");
  process.exit(2);
}
let rows;
try {
  rows = readKatoFile(file);
} catch (error) {
  console.error(error instanceof KatoFormatError ? `${file}: ${error.message}` : `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const { sqlite, db } = getConnection();
// The regions are the project's own (ISO codes, English names): written first on a new database.
if (countGeography(db).regions === 0) seedGeography(db, { demo: false });
const started = performance.now();
const report = applyKatoEdition(db, rows, new Date());
const ms = Math.round(performance.now() - started);
console.log(`${getEnv().DATABASE_PATH}: KATO edition ${file}, ${rows.length.toLocaleString("en")} rows, applied in ${ms} ms\n${describe(report)}`);
sqlite.close();
