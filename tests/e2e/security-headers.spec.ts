import type { APIResponse } from "@playwright/test";
import { expect, test } from "./fixtures";

/** The CSP as a map from directive to its sources. */
function policy(response: APIResponse): Map<string, string[]> {
  const header = response.headers()["content-security-policy"] ?? "";
  return new Map(
    header
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts): parts is [string, ...string[]] => parts[0] !== undefined && parts[0] !== "")
      .map(([name, ...sources]) => [name, sources]),
  );
}

const ROUTES = [
  { path: "/", status: 200 },
  { path: "/villages/besagash", status: 200 },
  { path: "/regions/kz-63/katonkaragay", status: 200 },
  { path: "/no-such-page", status: 404 },
];

for (const { path, status } of ROUTES) {
  test(`${path} is served with the security headers`, async ({ request }) => {
    const response = await request.get(path);
    expect(response.status()).toBe(status);
    const headers = response.headers();

    const csp = policy(response);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toContain("'self'");
    expect(csp.get("script-src")?.some((source) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(source))).toBe(true);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
    expect(csp.get("style-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);

    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]).toContain(headers["referrer-policy"]);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-powered-by"]).toBeUndefined();
  });
}

test("every response gets a new CSP nonce", async ({ request }) => {
  const nonces = new Set<string | undefined>();
  for (let i = 0; i < 3; i++) {
    const response = await request.get("/villages/besagash");
    nonces.add(policy(response).get("script-src")?.find((source) => source.startsWith("'nonce-")));
  }
  expect(nonces.size).toBe(3);
  expect(nonces.has(undefined)).toBe(false);
});

test("the stylesheet and the icon every page links exist and get the security headers", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
  const icon = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
  expect(stylesheet).toMatch(/^\/assets\/.+\.css$/);
  expect(icon, "a page without an icon makes the browser log a 404 for /favicon.ico").toBeTruthy();

  const css = await request.get(stylesheet ?? "");
  expect(css.status()).toBe(200);
  expect(css.headers()["content-type"]).toContain("text/css");
  expect(css.headers()["cache-control"]).toContain("immutable");
  expect(css.headers()["x-content-type-options"]).toBe("nosniff");

  if (icon?.startsWith("data:")) return;
  const image = await request.get(icon ?? "");
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toMatch(/^image\//);
  expect(image.headers()["x-content-type-options"]).toBe("nosniff");
});
