import { isLanguage, type Language } from "../../../app/i18n/config";

/**
 * The arguments of order-world.ts and the scripts that build on its people
 * (offline-world.ts): the language, the test's number and the rest, and the
 * phone each role gets — +7 702 8LN Nrr 5: one number per language, test and role.
 */
export function worldArgs(usage: string): { language: Language; phone: (role: number) => string; rest: string[]; N: string; L: string } {
  const [language, n, ...rest] = process.argv.slice(2);
  if (!isLanguage(language) || !/^\d{1,2}$/.test(n ?? "")) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const L = { kk: "1", ru: "2", en: "3" }[language];
  const N = n!.padStart(2, "0");
  return { language, rest, N, L, phone: (role) => `+77028${L}${N}${String(role).padStart(2, "0")}5` };
}
