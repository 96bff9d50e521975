/**
 * The page walk's machinery (tests/e2e/page-walk.spec.ts): the app's pages as
 * its route files declare them, and a walk that follows a page's links the way
 * a reader would, checking the bytes of everything it is served.
 */
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import type { Language } from "../fixtures";

export interface RouteFile {
  /** The file's name without its extension, as Remix names the route: `coordinator_.$village_.hub`. */
  id: string;
  pattern: RegExp;
  staticSegments: number;
  splat: boolean;
}

const DOT = "\u0001";

/** Every route file in app/routes, with the URL paths it answers (Remix flat routes). */
export function routeFiles(dir = path.join("app", "routes")): RouteFile[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => {
      const id = file.replace(/\.tsx?$/, "");
      let staticSegments = 0;
      let splat = false;
      const parts = id
        .replace(/\[\.\]/g, DOT)
        .split(".")
        .filter((segment) => segment !== "_index")
        // `seller_` is `seller` without nesting under seller.tsx's layout.
        .map((segment) => segment.replace(/_$/, "").replaceAll(DOT, "."))
        .map((segment) => {
          if (segment === "$") {
            splat = true;
            return ".*";
          }
          if (segment.startsWith("$")) return "[^/]+";
          staticSegments += 1;
          return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        });
      return { id, pattern: new RegExp(`^/${parts.join("/")}$`), staticSegments, splat };
    });
}

/** The route file that answers a path: the most specific match, the catch-all last. */
export function routeOf(routes: RouteFile[], pathname: string): string {
  const matches = routes
    .filter((route) => route.pattern.test(pathname))
    .sort((a, b) => Number(a.splat) - Number(b.splat) || b.staticSegments - a.staticSegments);
  const found = matches[0];
  if (!found) throw new Error(`no route file answers ${pathname}`);
  return found.id;
}

/** The `lng` cookie the language switcher sets (a Remix cookie: base64 JSON, unsigned). */
export function languageCookieValue(language: Language): string {
  return encodeURIComponent(Buffer.from(JSON.stringify(language)).toString("base64"));
}

export interface Visit {
  path: string;
  route: string;
  status: number;
  contentType: string;
  /** NUL bytes, U+FFFD, bytes that are not UTF-8, a 5xx, a page in the wrong language. */
  problems: string[];
}

/** What is wrong with a response's bytes, if anything. */
export function byteProblems(body: Buffer, contentType: string, language: Language): string[] {
  if (!/^(text\/|application\/json)/.test(contentType)) return [];
  const problems: string[] = [];
  for (let at = body.indexOf(0); at !== -1; at = body.indexOf(0, at + 1)) {
    problems.push(`NUL at byte ${at} (byte ${at % 2048} of a 2 KB view)`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return [...problems, "bytes that are not UTF-8"];
  }
  for (const match of text.matchAll(/\uFFFD/g)) {
    problems.push(`U+FFFD at character ${match.index}: …${text.slice(Math.max(0, match.index - 20), match.index + 20)}…`);
  }
  if (contentType.startsWith("text/html") && !text.includes(`<html lang="${language}"`)) problems.push(`not in ${language}`);
  return problems;
}

/** The same-site links of a page, in its order, without fragments. */
export function linksOf(html: string, base: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*?\shref="([^"]+)"/g)) {
    const href = (match[1] ?? "").replaceAll("&amp;", "&");
    const url = new URL(href, base);
    if (url.origin !== new URL(base).origin) continue;
    links.push(url.pathname + url.search);
  }
  return links;
}

/** Served by the web server, not Remix, or not text: the walk never follows these. */
const NOT_WALKED = [/^\/assets\//, /^\/photos\//, /^\/favicon\.svg$/];

/**
 * Starts at the seeds and follows every link a page offers, breadth first,
 * until each route file has been seen `perRoute` times (one listing is like
 * the next; a route's first few stand for it). Seeds are always walked.
 */
export async function walk(
  api: APIRequestContext,
  input: { seeds: string[]; routes: RouteFile[]; language: Language; perRoute: number; baseURL: string },
): Promise<Visit[]> {
  const visits: Visit[] = [];
  const seen = new Set<string>();
  const perRoute = new Map<string, number>();
  const queue = input.seeds.map((seed) => ({ path: seed, seed: true }));
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next || seen.has(next.path) || NOT_WALKED.some((pattern) => pattern.test(next.path))) continue;
    seen.add(next.path);
    const route = routeOf(input.routes, new URL(next.path, input.baseURL).pathname);
    if (!next.seed && (perRoute.get(route) ?? 0) >= input.perRoute) continue;
    perRoute.set(route, (perRoute.get(route) ?? 0) + 1);

    const response = await api.get(next.path, { maxRedirects: 0 });
    const status = response.status();
    const contentType = response.headers()["content-type"] ?? "";
    const body = await response.body();
    const problems = byteProblems(body, contentType, input.language);
    if (status >= 500) problems.push(`answered ${status}`);
    visits.push({ path: next.path, route, status, contentType, problems });

    const location = response.headers()["location"];
    if (status >= 300 && status < 400 && location) {
      const target = new URL(location, input.baseURL);
      queue.unshift({ path: target.pathname + target.search, seed: next.seed });
    } else if (contentType.startsWith("text/html")) {
      for (const link of linksOf(body.toString("utf8"), input.baseURL)) queue.push({ path: link, seed: false });
    }
  }
  return visits;
}
