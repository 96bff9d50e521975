/**
 * Folds text in any of the ways Kazakh and Russian are typed into one search
 * key, so that a listing written "орындық" is found by "орындық", by
 * "орындык" (a Russian keyboard without Kazakh letters), by the 2021 Latin
 * "oryndyq" and by the informal "oryndyk" (research/kazakhstan-facts.md §5).
 *
 * The key is lower-case Latin in which letters people swap are merged:
 * қ/к/q → k, ғ/г/ğ → g, ң/н/ñ → n, ә/а/ä → a, ө/о/ö → o, ұ/ү/у/ū/ü → u,
 * і/ы/и/й/ı/y → i, ш/ş/sh → sh, ж/j/zh → j. It is for matching only and is
 * never shown. Recall is favoured over precision: merged words are rare, and
 * ranking still prefers better matches.
 */
const CYRILLIC: Record<string, string> = {
  а: "a", ә: "a", б: "b", в: "v", г: "g", ғ: "g", д: "d", е: "e", ё: "e", ж: "j", з: "z",
  и: "i", й: "i", і: "i", к: "k", қ: "k", л: "l", м: "m", н: "n", ң: "n", о: "o", ө: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ұ: "u", ү: "u", ф: "f", х: "h", һ: "h", ц: "ts",
  ч: "ch", ш: "sh", щ: "sh", ъ: "", ы: "i", ь: "", э: "e", ю: "iu", я: "ia",
};

const LATIN: Record<string, string> = {
  ä: "a", á: "a", ğ: "g", ı: "i", i: "i", y: "i", ñ: "n", ń: "n", ö: "o", ó: "o", q: "k",
  ş: "sh", ū: "u", ü: "u", ú: "u", j: "j", ç: "ch", w: "u", c: "ts", x: "h",
};

/** Each character's folding, worked out once (the place names of the whole classifier are folded at start). */
const folded = new Map<string, string>();

function foldChar(char: string): string {
  let out = folded.get(char);
  if (out === undefined) {
    out = CYRILLIC[char] ?? LATIN[char] ?? (/[\p{L}\p{N}]/u.test(char) ? char.normalize("NFD").replace(/\p{M}/gu, "") : " ");
    // Bounded: text from anywhere could name any of Unicode's characters.
    if (folded.size < 4096) folded.set(char, out);
  }
  return out;
}

export function foldForSearch(text: string): string {
  // Turkish-style casing keeps İ/ı apart from I/i; the merge makes them equal anyway.
  const lower = text.toLocaleLowerCase("tr").normalize("NFC");
  let out = "";
  for (const char of lower) out += foldChar(char);
  return out.replace(/zh/g, "j").replace(/\s+/g, " ").trim();
}

/**
 * A search box's words as an FTS5 MATCH expression over folded text: every
 * word must match, each as a prefix ("стол" finds "столы" and "столик").
 * Returns undefined when nothing searchable was typed.
 */
export function searchQuery(input: string): string | undefined {
  const words = foldForSearch(input)
    .split(" ")
    .filter((word) => word.length > 0)
    .slice(0, 8);
  if (words.length === 0) return undefined;
  return words.map((word) => `"${word}"*`).join(" ");
}
