import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../app/i18n/config";
import { REFUSAL_HOMES, refusalKey, refusalKeys } from "../../app/i18n/refusals";

/** can()'s actions and the audit log's event names share the modules' names but are no refusals. */
const NAME_LISTS = [path.join("identity", "can.ts"), path.join("identity", "audit.server.ts")];

/** Every `module.reason` string literal of a module that words its refusals, in the domain's sources. */
function domainRefusalCodes(): Map<string, string> {
  const modules = Object.keys(REFUSAL_HOMES).join("|");
  const literal = new RegExp(`["'\`]((?:${modules})\\.[a-z][a-zA-Z_]*)["'\`]`, "g");
  const notRefusals = new Set<string>();
  const found = new Map<string, string>();
  const files = fs.readdirSync("app/domain", { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f));
  for (const file of files) {
    const source = fs.readFileSync(path.join("app/domain", file), "utf8");
    if (NAME_LISTS.includes(file)) {
      for (const match of source.matchAll(literal)) notRefusals.add(match[1]!);
      continue;
    }
    for (const line of source.split("\n")) {
      if (/\baction: ["']/.test(line)) continue;
      for (const match of line.matchAll(literal)) found.set(match[1]!, file);
    }
  }
  for (const code of notRefusals) found.delete(code);
  return found;
}

function lookup(language: string, key: string): unknown {
  const [namespace, rest] = key.split(":") as [string, string];
  let node: unknown = JSON.parse(fs.readFileSync(path.join("locales", language, `${namespace}.json`), "utf8"));
  for (const part of rest.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

describe("refusal codes", () => {
  it("turn into locale keys by their module", () => {
    expect(refusalKey("orders.not_found")).toBe("orders:errors.orders.not_found");
    expect(refusalKey("logistics.storage_days")).toBe("logistics:errors.storage_days");
    expect(refusalKey("identity.phone_invalid")).toBe("identity:identity.phone_invalid");
    expect(refusalKey("category.slug_taken")).toBe("catalog:errors.category_admin.slug_taken");
    expect(refusalKey("thresholds.rate")).toBe("analytics:thresholds.errors.rate");
    expect(refusalKey("nonsense")).toBe("common:errors.refused");
    expect(refusalKeys({ price: "catalog.price", stock: undefined })).toEqual({ price: "catalog:errors.price" });
  });

  it("the fallback for a code of no known module has text", () => {
    for (const language of LANGUAGES) expect(typeof lookup(language, refusalKey("nowhere.at_all"))).toBe("string");
  });

  it("every code the domain can return has text in kk, ru and en", () => {
    const codes = domainRefusalCodes();
    // The scan must see the codes it is meant to check, or this test proves nothing.
    expect(codes.has("orders.not_found")).toBe(true);
    expect(codes.has("logistics.storage_days")).toBe(true);
    expect(codes.has("catalog.price")).toBe(true);
    expect(codes.size).toBeGreaterThan(80);
    const missing: string[] = [];
    for (const [code, file] of codes) {
      for (const language of LANGUAGES) {
        const text = lookup(language, refusalKey(code));
        if (typeof text !== "string" || text.trim() === "") missing.push(`${language} ${code} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
