import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES, NAMESPACES } from "../../app/i18n/config";
import { ORDER_EVENTS } from "../../app/domain/orders/order-machine";
import { DEADLINE_KINDS, ORDER_STATUSES } from "../../app/domain/orders/order-status";

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const REQUIRED_FORMS = { kk: ["one", "other"], ru: ["one", "few", "many", "other"], en: ["one", "other"] } as const;

function flatten(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (child && typeof child === "object") for (const [k, v] of flatten(child, name)) out.set(k, v);
    else out.set(name, String(child));
  }
  return out;
}

function load(language: string, namespace: string): Map<string, string> {
  return flatten(JSON.parse(fs.readFileSync(path.join("locales", language, `${namespace}.json`), "utf8")));
}

describe("locales", () => {
  it("has exactly the registered namespaces in every language", () => {
    for (const language of LANGUAGES) {
      const files = fs.readdirSync(path.join("locales", language)).map((f) => f.replace(/\.json$/, ""));
      expect(files.sort()).toEqual([...NAMESPACES].sort());
    }
  });

  // Every status, event and deadline the order machine knows is shown somewhere by name (issue 14 added the way back's).
  it("names every order status (order screens and the seller's money), event and deadline", () => {
    const orders = load("kk", "orders");
    const money = load("kk", "money");
    for (const status of ORDER_STATUSES) {
      expect(orders.has(`status.${status}`), `orders:status.${status}`).toBe(true);
      expect(money.has(`status.${status}`), `money:status.${status}`).toBe(true);
    }
    for (const event of ORDER_EVENTS) expect(orders.has(`event.${event}`), `orders:event.${event}`).toBe(true);
    for (const kind of DEADLINE_KINDS) expect(orders.has(`deadline.${kind}`), `orders:deadline.${kind}`).toBe(true);
  });

  for (const namespace of NAMESPACES) {
    it(`${namespace}: kk, ru and en have the same keys (plural forms aside)`, () => {
      const base = (language: string) => new Set([...load(language, namespace).keys()].map((k) => k.replace(PLURAL_SUFFIX, "")));
      const kk = base("kk");
      expect([...base("ru")].sort()).toEqual([...kk].sort());
      expect([...base("en")].sort()).toEqual([...kk].sort());
    });

    it(`${namespace}: every plural has the forms its language needs`, () => {
      for (const language of LANGUAGES) {
        const keys = [...load(language, namespace).keys()];
        const plurals = new Set(keys.filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, "")));
        for (const plural of plurals) {
          for (const form of REQUIRED_FORMS[language]) expect(keys, `${language} ${plural}`).toContain(`${plural}_${form}`);
        }
      }
    });

    it(`${namespace}: no empty strings, and the same {{placeholders}} in every language`, () => {
      const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
      const kk = load("kk", namespace);
      for (const language of LANGUAGES) {
        for (const [key, text] of load(language, namespace)) {
          expect(text.trim(), `${language} ${key}`).not.toBe("");
          const kkText = kk.get(key) ?? kk.get(key.replace(PLURAL_SUFFIX, "_other"));
          if (kkText !== undefined) expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(kkText));
        }
      }
    });
  }
});
