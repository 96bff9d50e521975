/**
 * Text a person types for others to read — names, shop names, titles,
 * descriptions, addresses, notes, reasons — made safe to show, in one place
 * (issue 13 §6, decision 0014). Pure: no database, no clock.
 *
 * What goes: control characters (a line keeps no line breaks, several lines
 * keep "\n"), bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E,
 * U+200F, U+061C: "\u202Egnp.exe" shows as "exe.png"), and every invisible or
 * format character (U+200B–U+200D, U+2060, U+FEFF, U+00AD, U+180E, the
 * Hangul fillers, tags…: Unicode's Cf and Default_Ignorable_Code_Point), so a
 * name cannot hide inside or look like another. Marks stacked past three on one
 * letter go too (a "Zalgo" name spills over its neighbours' lines). Odd spaces
 * become plain ones, and the rest is composed to NFC, so "е" + U+0308 and "ё"
 * are one name. Kazakh, Russian and English letters pass untouched.
 *
 * What stays: emoji sequences — a zero-width joiner between two pictographs
 * (👩‍🌾) and a variation selector after a pictograph (❤️) or in a keycap (1️⃣).
 *
 * Stripped rather than refused: a person cannot see an invisible character to
 * take it out, so an error about one would be an error they cannot fix. Text
 * that was nothing but such characters is empty afterwards, and the form's
 * "required" check refuses it with the field's own message.
 */
import { z } from "zod";

/** One line (a name, a title, an address) or several (a description, a note, a reason). */
export type TextShape = "line" | "lines";

/** Controls (but "\n"), format characters, default-ignorables, lone surrogates, noncharacters. */
const HIDDEN = /[^\P{Cc}\n]|\p{Cf}|\p{Default_Ignorable_Code_Point}|\p{Cs}|\p{Noncharacter_Code_Point}/gu;
/** A pictograph, perhaps with its presentation selector or skin tone, just before a joiner. */
const PICTOGRAPH_ENDS = /\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?$/u;
const PICTOGRAPH_STARTS = /^\p{Extended_Pictographic}/u;

/**
 * Whether a hidden character at `offset` is part of an emoji, and stays: a joiner
 * between two pictographs (👩‍🌾), a presentation selector after one (❤️), or the
 * selector of a keycap (1️⃣). Looked at around each match: lookbehinds in the
 * pattern itself, tried at every character, made cleaning about 1.6 times as slow.
 */
function isEmojiPart(char: string, offset: number, text: string): boolean {
  // Two code points before (a pictograph and its modifier) are at most four code units.
  const before = text.slice(Math.max(0, offset - 4), offset);
  const after = text.slice(offset + char.length, offset + char.length + 2);
  if (char === "\u200D") return PICTOGRAPH_ENDS.test(before) && PICTOGRAPH_STARTS.test(after);
  if (char === "\uFE0E" || char === "\uFE0F") return /\p{Extended_Pictographic}$/u.test(before) || (char === "\uFE0F" && /[#*0-9]$/.test(before) && after.startsWith("\u20E3"));
  return false;
}

const LINE_BREAKS = /\r\n|[\r\v\f\u0085\u2028\u2029]/g;
/** Spaces of every width, and the blank braille cell that passes for one. */
const SPACES = /[\p{Zs}\u2800]/gu;
const MAX_MARKS = 3;
const MARK_PILES = new RegExp(String.raw`([\p{Mn}\p{Me}]{${MAX_MARKS}})[\p{Mn}\p{Me}]+`, "gu");

/** The text as it may be stored and shown. */
export function cleanPersonText(value: string, shape: TextShape): string {
  const text = value
    .replace(LINE_BREAKS, "\n")
    .replace(/\t/g, " ")
    .replace(HIDDEN, (match: string, offset: number, whole: string) => (isEmojiPart(match, offset, whole) ? match : ""))
    .normalize("NFC")
    .replace(MARK_PILES, "$1")
    .replace(SPACES, " ");
  if (shape === "line") return text.replace(/[ \n]+/g, " ").trim();
  return text
    .replace(/ +\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** One line of person-entered text. */
export const cleanLine = (value: string): string => cleanPersonText(value, "line");
/** Several lines of person-entered text. */
export const cleanLines = (value: string): string => cleanPersonText(value, "lines");

/**
 * A zod field of person-entered text: cleaned first, then checked by `checks`
 * (so "required" and the length limit see what will be stored).
 */
export function personText<Checks extends z.ZodTypeAny>(shape: TextShape, checks: Checks, message?: string) {
  return z
    .string(message ? { message } : undefined)
    .transform((value) => cleanPersonText(value, shape))
    .pipe(checks);
}
