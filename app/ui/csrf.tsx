import { createContext, useContext } from "react";

/** The page's CSRF token (from the root loader), for every POST form. */
export const CsrfContext = createContext<string | undefined>(undefined);

export function useCsrfToken(): string | undefined {
  return useContext(CsrfContext);
}

/** The hidden field every POST form carries; the action checks it (SEC-04). */
export function CsrfInput() {
  return <input type="hidden" name="csrf" value={useCsrfToken() ?? ""} />;
}
