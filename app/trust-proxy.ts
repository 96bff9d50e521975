import net from "node:net";
import { z } from "zod";

/**
 * Which reverse proxies the server believes about the client (issue 13 §2).
 * X-Forwarded-For is a list every hop appends to, and its left end is written
 * by the client: only the entries added by proxies we run can be trusted. So
 * the setting names exactly those proxies — by count of hops or by address —
 * and never "everything" (decision 0016).
 */
export type TrustProxy =
  | { kind: "none" }
  /** This many proxies stand in front: the client is the entry the farthest of them appended. */
  | { kind: "hops"; hops: number }
  /** The proxies' own addresses (or ranges): the client is the nearest address not among them. */
  | { kind: "addresses"; addresses: string[] };

/** Ranges Express knows by name (proxy-addr). */
const NAMED_RANGES = ["loopback", "linklocal", "uniquelocal"];

const MAX_HOPS = 10;

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = "", prefix, extra] = entry.split("/");
  if (extra !== undefined) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY's text → the setting; a zod transform, so a bad value stops the start naming the variable. */
export function parseTrustProxy(value: string, ctx: z.RefinementCtx): TrustProxy {
  const text = value.trim();
  if (text === "" || text === "false" || text === "0") return { kind: "none" };
  if (text === "true") {
    ctx.addIssue({
      code: "custom",
      message:
        "true would believe every X-Forwarded-For entry, and the left-most is written by the client; set the number of proxies in front (1 for one nginx or Caddy) or their addresses (127.0.0.1)",
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_HOPS} proxy hops` });
      return z.NEVER;
    }
    return { kind: "hops", hops };
  }
  const addresses = text.split(",").map((entry) => entry.trim()).filter(Boolean);
  const bad = addresses.filter((entry) => !isAddressOrRange(entry));
  if (bad.length > 0) {
    ctx.addIssue({ code: "custom", message: `not a number of hops nor proxy addresses (IP, IP/prefix, loopback, linklocal, uniquelocal): ${bad.join(", ")}` });
    return z.NEVER;
  }
  return { kind: "addresses", addresses };
}

/** The value for Express's "trust proxy" setting, which computes req.ip and req.protocol from it. */
export function expressTrustSetting(trust: TrustProxy): false | number | string[] {
  if (trust.kind === "hops") return trust.hops;
  if (trust.kind === "addresses") return trust.addresses;
  return false;
}

/** For messages and the doctor: the setting as an operator wrote it. */
export function describeTrustProxy(trust: TrustProxy): string {
  if (trust.kind === "hops") return `${trust.hops} proxy hop${trust.hops === 1 ? "" : "s"}`;
  if (trust.kind === "addresses") return `proxies at ${trust.addresses.join(", ")}`;
  return "no proxy";
}
