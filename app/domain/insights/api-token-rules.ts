/** API tokens' pure rules (issue 6 §5): their form and their label. No database: the tokens page uses them too. */
import { cleanLine } from "../identity/person-text";

export const TOKEN_PREFIX = "auyl_";
/** "auyl_" and 32 random bytes in base64url (43 characters). */
export const TOKEN_PATTERN = /^auyl_[A-Za-z0-9_-]{43}$/;
export const LABEL_MAX_LENGTH = 80;
/** Enough for every program an analyst runs; a runaway script cannot fill the table. */
export const MAX_LIVE_TOKENS = 20;
export type TokenRefusal = "api.label_required" | "api.label_too_long" | "api.too_many_tokens";

export function checkTokenLabel(value: string): { ok: true; label: string } | { ok: false; reason: TokenRefusal } {
  const label = cleanLine(value);
  if (label.length === 0) return { ok: false, reason: "api.label_required" };
  if (label.length > LABEL_MAX_LENGTH) return { ok: false, reason: "api.label_too_long" };
  return { ok: true, label };
}
