/**
 * The privacy walk (issue 6 §6): sellers and buyers with distinctive names,
 * phones and valid IINs complete real orders; then a national analyst and a
 * region's analyst request every analyst route — found by listing
 * app/routes/insights.* and api.v1.*, so a new route is walked without
 * touching this test — for every period, every CSV table and every area, and
 * no answer may contain a name, a phone in any spelling or an IIN. A village
 * of fewer than 5 sellers shows "<5".
 */
import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createApiToken } from "../../app/domain/insights/api-tokens.server";
import { BASE, context, testApp } from "../support/app";
import { analystWorld, type Person } from "../support/analyst-world";
import { signIn } from "../support/identity";

const ROUTES = "app/routes";
const ANALYST_ROUTE = /^(insights|api\.v1)\..+\.tsx?$/;
const PERIODS = [null, "3", "6", "12"] as const;
/** The tables an export may be asked for (app/domain/insights/csv.ts CSV_TABLES, and one it does not know). */
const CSV_TABLES = ["summary", "months", "children", "villages", "categories", "nonsense"];

/** The URL pattern of a flat-routes file name: "insights.regions.$region._index.tsx" → "/insights/regions/$region". */
function urlPattern(file: string): string {
  const base = file.replace(/\.tsx?$/, "");
  const segments = base
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replace(/\u0000/g, "."));
  return "/" + segments.join("/");
}

/** Every request of a route: its parameters from the world's areas (right and wrong pairs alike), periods, and CSV variants. */
function requestsFor(pattern: string): { url: string; params: Record<string, string> }[] {
  const values: Record<string, string[]> = {
    region: ["kz-19", "kz-33"],
    district: ["walk-one", "walk-far"],
    village: ["walk-big", "walk-small", "walk-far-village"],
  };
  let filled: { path: string; params: Record<string, string> }[] = [{ path: pattern, params: {} }];
  for (const name of pattern.match(/\$(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
    const options = values[name];
    if (!options) throw new Error(`the walk does not know parameter $${name} of ${pattern}: add its values`);
    filled = filled.flatMap((f) => options.map((v) => ({ path: f.path.replace(`$${name}`, v), params: { ...f.params, [name]: v } })));
  }
  const isExport = /csv|export/i.test(pattern);
  const areaQueries = isExport ? ["", "region=kz-19", "region=kz-33", "region=kz-19&district=walk-one", "region=kz-33&district=walk-far", "village=walk-big", "village=walk-small", "village=walk-far-village"] : [""];
  const tables = isExport ? CSV_TABLES : [null];
  const out: { url: string; params: Record<string, string> }[] = [];
  for (const f of filled)
    for (const area of areaQueries)
      for (const table of tables)
        for (const months of PERIODS) {
          const query = [area, table ? `table=${table}` : "", months ? `months=${months}` : ""].filter(Boolean).join("&");
          out.push({ url: f.path + (query ? `?${query}` : ""), params: f.params });
        }
  return out;
}

/** A loader's answer as text: a Response's body, or the data it returned or threw. */
async function answerText(run: () => unknown): Promise<{ status: number; text: string; type?: string | null }> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, text: await result.text(), type: result.headers.get("Content-Type") };
  if (result instanceof Error) throw result;
  const init = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (init && init.type === "DataWithResponseInit") return { status: init.init?.status ?? 200, text: JSON.stringify(init.data) };
  return { status: 200, text: JSON.stringify(result) };
}

/** Patterns that find a person's phone written any way (+7 7xx…, 87xx…, digits, with spaces, dashes or brackets) and IIN (with or without spaces). */
function leakPatterns(person: Person): { what: string; pattern: RegExp }[] {
  const digits = person.phone.replace(/^\+7/, "");
  const spaced = (s: string) => s.split("").join("[\\s\\-().]*");
  return [
    { what: `name ${person.name}`, pattern: new RegExp(person.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i") },
    ...person.name.split(" ").map((part) => ({ what: `name part ${part}`, pattern: new RegExp(`\\b${part}\\b`, "i") })),
    { what: `phone ${person.phone}`, pattern: new RegExp(`(?<!\\d)(?:\\+?\\s*7|8)?[\\s\\-()]*${spaced(digits)}(?!\\d)`) },
    { what: `IIN ${person.iin}`, pattern: new RegExp(`(?<!\\d)${spaced(person.iin)}(?!\\d)`) },
  ];
}

describe("no analyst route or API answer carries personal data", () => {
  it("walks every insights.* and api.v1.* route for a national and a region's analyst", { timeout: 120_000 }, async () => {
    const app = testApp();
    const w = analystWorld(app.db);
    // Real completed orders: two periods back and now, both buyers, every shop.
    for (const [i, shop] of [...w.bigShops, ...w.smallShops, ...w.farShops].entries()) {
      w.sell(shop, 2 + i, 1, w.buyers[i % 2]!);
      w.sell(shop, 100 + i, 2, w.buyers[(i + 1) % 2]!);
      w.sell(shop, 250 + i);
    }
    const people = w.people;
    expect(people.length).toBeGreaterThanOrEqual(10);

    const analysts = await Promise.all(
      [
        { label: "national", phone: "+77015550301", region: null },
        { label: "KZ-19", phone: "+77015550302", region: w.regions.kz19 },
      ].map(async (a) => {
        w.analyst(a.phone, a.region);
        const session = await signIn(app.db, app.sms, a.phone);
        const token = createApiToken(app.db, { userId: session.userId, label: `walk ${a.label}` }, new Date());
        if (!token.ok) throw new Error(token.reason);
        return { label: a.label, cookie: session.cookie, authorization: `Bearer ${token.token}` };
      }),
    );

    const files = fs.readdirSync(ROUTES).filter((f) => ANALYST_ROUTE.test(f));
    // The walk must at least see the screens and the API of this issue.
    expect(files).toEqual(expect.arrayContaining(["insights._index.tsx", "insights.villages.$village.tsx", "api.v1.country.ts", "api.v1.villages.$village.ts"]));
    const patterns = people.flatMap(leakPatterns);
    const leaks: string[] = [];
    let walked = 0;
    let allowed = 0;
    let csvAnswers = 0;
    for (const file of files) {
      const route = (await import(/* @vite-ignore */ path.resolve(ROUTES, file))) as { loader?: (args: LoaderFunctionArgs) => unknown };
      if (!route.loader) continue;
      const loader = route.loader;
      for (const { url, params } of requestsFor(urlPattern(file))) {
        for (const analyst of analysts) {
          const request = new Request(BASE + url, { headers: { Cookie: analyst.cookie, Authorization: analyst.authorization } });
          const { status, text, type } = await answerText(() => loader({ request, params, context: context() }));
          walked += 1;
          if (status === 200) allowed += 1;
          if (status === 200 && type?.startsWith("text/csv")) csvAnswers += 1;
          expect(status, `${analyst.label} ${url}`).toBeLessThan(500);
          for (const { what, pattern } of patterns) if (pattern.test(text)) leaks.push(`${analyst.label} ${url}: ${what}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(walked).toBeGreaterThan(100);
    expect(allowed).toBeGreaterThan(walked / 4);
    // Where an export route exists, its CSV files were read too.
    if (files.some((f) => /csv/i.test(f))) expect(csvAnswers).toBeGreaterThan(20);
  });

  it("finds a planted name, phone or IIN (the walk's patterns are not blind)", () => {
    const person: Person = { userId: 1, name: "Zhanar Qyzylordaeva", phone: "+77581234567", iin: "921029350851" };
    const found = (text: string) => leakPatterns(person).some(({ pattern }) => pattern.test(text));
    for (const text of ['{"n":"zhanar qyzylordaeva"}', "Qyzylordaeva", "+77581234567", "+7 758 123 45 67", "8 (758) 123-45-67", "87581234567", "7581234567", "9210 2935 0851", "921029350851"]) {
      expect(found(text), text).toBe(true);
    }
    for (const text of ['{"gmvTiyn":157581234567}', '{"gmvTiyn":75812345670}', "Zhanarbek", "9210293508512"]) expect(found(text), text).toBe(false);
  });

  it("sees the names and phones on a page that is meant to show them (the coordinator's desk), so the walk reads real answers", async () => {
    const app = testApp();
    const w = analystWorld(app.db);
    const { grant } = await import("../support/identity");
    grant(app.db, "+77015550401", "coordinator", "walk-big");
    const session = await signIn(app.db, app.sms, "+77015550401");
    const desk = (await import("../../app/routes/coordinator_.$village")).loader;
    const request = new Request(`${BASE}/coordinator/walk-big`, { headers: { Cookie: session.cookie } });
    const { status, text } = await answerText(() => desk({ request, params: { village: "walk-big" }, context: context() }));
    expect(status).toBe(200);
    const seen = w.bigShops.flatMap(leakPatterns).filter(({ pattern }) => pattern.test(text)).map(({ what }) => what.split(" ")[0]);
    expect(new Set(seen)).toEqual(new Set(["name", "phone", "IIN"]));
  });

  it("shows a village of fewer than 5 sellers as \"<5\" on the screen and in the API", async () => {
    const app = testApp();
    const w = analystWorld(app.db);
    w.sell(w.smallShops[0]!, 3);
    w.sell(w.smallShops[1]!, 4, 2);
    w.analyst("+77015550301", null);
    const session = await signIn(app.db, app.sms, "+77015550301");
    const token = createApiToken(app.db, { userId: session.userId, label: "walk" }, new Date());
    if (!token.ok) throw new Error(token.reason);
    const screen = (await import("../../app/routes/insights.villages.$village")).loader;
    const api = (await import("../../app/routes/api.v1.villages.$village")).loader;
    for (const months of ["3", "6", "12"]) {
      const request = () => new Request(`${BASE}/x?months=${months}`, { headers: { Cookie: session.cookie, Authorization: `Bearer ${token.token}` } });
      const page = JSON.parse((await answerText(() => screen({ request: request(), params: { village: "walk-small" }, context: context() }))).text) as { report: { totals: Record<string, unknown> } };
      const json = JSON.parse((await answerText(() => api({ request: request(), params: { village: "walk-small" }, context: context() }))).text) as { totals: Record<string, unknown> };
      for (const totals of [page.report.totals, json.totals]) {
        expect(totals.gmvTiyn).toBe("<5");
        expect(totals.ordersCompleted).toBe("<5");
        expect(totals.activeSellers).toBe("<5");
      }
    }
  });
});
