import { createContext, useContext } from "react";

/** The per-response CSP nonce, for the few inline scripts Remix writes. */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
