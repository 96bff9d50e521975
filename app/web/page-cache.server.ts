/**
 * Pages rendered for visitors who are not signed in, given again to the next
 * such visitor of the same address and language while the database has not
 * changed (issue 18, decision 0029). Rendering was most of a buyer page's CPU;
 * a page given again costs what the bare /hello page does.
 *
 * - Who: a GET whose cookies are at most the CSRF token's and the language
 *   choice's. A signed-in person (a session cookie), a cart, anything else:
 *   always rendered, never kept.
 * - What: a 200 HTML page that loads no JavaScript, says no Cache-Control
 *   no-store or private, whose only Set-Cookie is
 *   a new CSRF token and whose markup holds no CSP nonce. The visitor's CSRF
 *   token is taken out of the kept markup and each later visitor's own token
 *   (and cookie, when new) is put in.
 * - How long: until the database's public change stamp moves (a commit, by
 *   any process, to a table a buyer page could read — decision 0034; the
 *   stamp the remembered reads use), and at most PAGE_CACHE_SECONDS. The stamp is
 *   taken when the request arrives, before its loaders read, so a page is
 *   never kept under a stamp newer than its data.
 * - Where: in each server process's memory, at most MAX_KEPT_BYTES.
 *
 * Prices and stock on a kept page are as fresh as the last write; checkout
 * re-checks both in its own transaction whatever a page said.
 */
import { getDb } from "../db.server";
import { databaseStamp } from "../domain/catalog/unchanged-reads.server";
import { getEnv } from "../env.server";
import { commitCsrfToken } from "./csrf.server";
import { getLanguage } from "./language.server";

/** Where the visitor's CSRF token was in a kept page. No HTML text or attribute holds a NUL. */
const TOKEN_PLACE = "\u0000csrf\u0000";
/** Memory a process may spend on kept pages (a buyer page is 20–60 KB of HTML). */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;
/** Cookies that change nothing on a page but the token and the language, both handled here. */
const NEUTRAL_COOKIES = new Set(["csrf", "lng"]);
/** Response headers not kept: each answer gets its own. */
const OWN_HEADERS = new Set(["set-cookie", "content-length"]);

interface KeptPage {
  stamp: string;
  keptAt: number;
  status: number;
  headers: [string, string][];
  body: string;
}

const kept = new Map<string, KeptPage>();
let keptBytes = 0;

/** What the server sends for a page given again: the kept markup with this visitor's token. */
export interface PageAgain {
  status: number;
  headers: [string, string][];
  body: string;
}

/** A request a kept page may answer, and that may leave its page kept: a GET with no cookie but the neutral ones. */
export function isAnonymousRequest(request: Request): boolean {
  if (request.method !== "GET") return false;
  const cookies = request.headers.get("Cookie");
  if (!cookies) return true;
  return cookies.split(";").every((pair) => {
    const name = pair.split("=", 1)[0]?.trim() ?? "";
    return name === "" || NEUTRAL_COOKIES.has(name);
  });
}

function maxAgeMs(): number {
  return getEnv().PAGE_CACHE_SECONDS * 1000;
}

async function keyOf(request: Request): Promise<string> {
  return `${await getLanguage(request)} ${request.url}`;
}

function forget(key: string): void {
  const page = kept.get(key);
  if (!page) return;
  keptBytes -= page.body.length;
  kept.delete(key);
}

/**
 * A kept page for this request (with the visitor's own CSRF token and cookie), or the database's
 * stamp now, which the render passes back to `keepPage` (`undefined` when the request may not be
 * answered from memory at all).
 */
export async function pageAgain(request: Request): Promise<{ page: PageAgain } | { stamp: string | undefined }> {
  if (maxAgeMs() === 0 || !isAnonymousRequest(request)) return { stamp: undefined };
  const stamp = databaseStamp(getDb());
  if (stamp === undefined) return { stamp };
  const key = await keyOf(request);
  const page = kept.get(key);
  if (!page) return { stamp };
  if (page.stamp !== stamp || Date.now() - page.keptAt > maxAgeMs()) {
    forget(key);
    return { stamp };
  }
  const [token, cookie] = await commitCsrfToken(request);
  const headers = cookie ? [...page.headers, ["Set-Cookie", cookie] as [string, string]] : page.headers;
  return { page: { status: page.status, headers, body: page.body.replaceAll(TOKEN_PLACE, token) } };
}

/**
 * Keeps a page just rendered without JavaScript, if it may be given to the next visitor: see the file's comment.
 * `stamp` is what `pageAgain` said when the request arrived; `csrfToken` the token the page's
 * forms carry; `nonce` this response's CSP nonce.
 */
export async function keepPage(
  request: Request,
  page: { status: number; headers: Headers; html: string },
  by: { stamp: string | undefined; csrfToken: string | undefined; nonce: string | undefined },
): Promise<void> {
  if (by.stamp === undefined || maxAgeMs() === 0 || page.status !== 200 || !isAnonymousRequest(request)) return;
  if (!(page.headers.get("Content-Type") ?? "").startsWith("text/html")) return;
  // A page that asks not to be stored (the development outbox, whose next code must show at once) is not kept.
  if (/no-store|private/i.test(page.headers.get("Cache-Control") ?? "")) return;
  // A page that varies on anything but the encoding could be the wrong one for the next visitor.
  const vary = page.headers.get("Vary");
  if (vary && vary.split(",").some((name) => name.trim().toLowerCase() !== "accept-encoding")) return;
  if (page.headers.getSetCookie().some((cookie) => !cookie.startsWith("csrf="))) return;
  if (by.nonce && page.html.includes(by.nonce)) return;
  const body = by.csrfToken ? page.html.replaceAll(by.csrfToken, TOKEN_PLACE) : page.html;
  const headers = [...page.headers].filter(([name]) => !OWN_HEADERS.has(name.toLowerCase()));
  const key = await keyOf(request);
  forget(key);
  // Oldest first out, by insertion order, until the new page fits.
  for (const oldest of kept.keys()) {
    if (keptBytes + body.length <= MAX_KEPT_BYTES) break;
    forget(oldest);
  }
  if (body.length > MAX_KEPT_BYTES) return;
  kept.set(key, { stamp: by.stamp, keptAt: Date.now(), status: page.status, headers, body });
  keptBytes += body.length;
}

/** Forgets every kept page (tests). */
export function forgetKeptPages(): void {
  kept.clear();
  keptBytes = 0;
}
