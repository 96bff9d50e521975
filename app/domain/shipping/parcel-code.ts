/**
 * A parcel's short code (issue 17 §3): six characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V), shown grouped "KX7-M4P" so it reads well aloud. Pure.
 */
export const PARCEL_CODE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY";
export const PARCEL_CODE_LENGTH = 6;

/** A code from random bytes (the caller passes crypto's bytes; a collision is retried by the use case). */
export function parcelCodeFrom(bytes: Uint8Array): string {
  let code = "";
  for (let i = 0; i < PARCEL_CODE_LENGTH; i++) code += PARCEL_CODE_ALPHABET[(bytes[i] ?? 0) % PARCEL_CODE_ALPHABET.length];
  return code;
}

/** "KX7M4P" → "KX7-M4P". */
export function formatParcelCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * What a person typed or the camera read → the stored code, or null. Spaces, dashes and case do
 * not matter; the label's QR holds a URL ending in the code, which reads too; the look-alikes a
 * person may type for a letter (O for 0 …) are not in the alphabet, so they are refused, not guessed.
 */
export function readParcelCode(typed: string): string | null {
  const last = typed.trim().split("/").at(-1) ?? "";
  const code = last.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== PARCEL_CODE_LENGTH) return null;
  for (const c of code) if (!PARCEL_CODE_ALPHABET.includes(c)) return null;
  return code;
}
