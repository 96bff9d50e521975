/**
 * English names of places, from their Kazakh names: a romanisation an English
 * reader can type on any keyboard (Besagash, not Besağaş; Shyngystay, not
 * Şyñğystai). Decision 0018-kato-settlements-and-hubs.md records the table and why.
 *
 * Plain ASCII, one letter or a fixed digraph per Cyrillic letter. Kazakh
 * letters take the plain letter they are closest to on an English keyboard
 * (ә → a, ғ → g, қ → k, ң → n, ө → o, ұ/ү → u, і → i); the Russian letters
 * follow the common English spellings of Kazakh place names (ж → zh as in
 * Zhezkazgan, х → kh, ц → ts, ы → y as in Kyzylorda, й → y as in Semey and Burabay).
 * Search folds every one of these back together (catalog/search-text.ts), so a
 * reader who types "Besağaş", "Бесагаш" or "besagash" finds the same place.
 *
 * Quotation marks « » become ", and № becomes "No.".
 *
 * A dozen official names were typed with letters of other Cyrillic alphabets
 * in place of Kazakh ones (db/seed/kato/PROVENANCE.md): they are read as the
 * Kazakh letters they stand for (ќ қ, ў ұ, ї ү, ј ә).
 */
export const KAZAKH_LATIN: Readonly<Record<string, string>> = {
  а: "a", ә: "a", б: "b", в: "v", г: "g", ғ: "g", д: "d", е: "e", ё: "yo", ж: "zh", з: "z",
  и: "i", й: "y", і: "i", к: "k", қ: "k", л: "l", м: "m", н: "n", ң: "n", о: "o", ө: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ұ: "u", ү: "u", ф: "f", х: "kh", һ: "h", ц: "ts",
  ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
  // Letters of other alphabets found in official names, for the Kazakh letters they replace.
  ќ: "k", ў: "u", ї: "u", ј: "a",
};

/** The few other signs of official names that an English keyboard lacks. */
const SIGNS: Readonly<Record<string, string>> = { "«": '"', "»": '"', "№": "No." };

const isUpper = (char: string | undefined) => char !== undefined && char !== char.toLowerCase() && char === char.toUpperCase();

/**
 * The text with every Cyrillic letter romanised; anything else (digits,
 * spaces, punctuation, Latin) is kept. A capital becomes a capitalised
 * digraph ("Ш" → "Sh"), or an all-capital one inside a word in capitals
 * ("ШҚО" → "SHKO").
 */
export function romanize(text: string): string {
  const chars = [...text.normalize("NFC")];
  let out = "";
  chars.forEach((char, index) => {
    const lower = char.toLowerCase();
    const latin = KAZAKH_LATIN[lower];
    if (latin === undefined) {
      out += SIGNS[char] ?? char;
      return;
    }
    if (!isUpper(char)) {
      out += latin;
      return;
    }
    const next = chars[index + 1];
    const previous = chars[index - 1];
    const inCapitals = isUpper(next) || (isUpper(previous) && !(next !== undefined && next !== next.toUpperCase()));
    out += inCapitals ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
  });
  return out;
}

/** A URL part from a name: romanised, lower case, words joined by "-", at most 64 characters. */
export function slugify(text: string): string {
  return romanize(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 64)
    .replace(/^-+|-+$/g, "");
}
