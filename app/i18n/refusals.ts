/**
 * The one way from a refusal code to text. The domain refuses with codes
 * `module.reason` ("orders.not_found", "logistics.storage_days") and never
 * with locale keys; the web floor and the pages turn a code into the locale
 * key here and translate that. tests/unit/refusals.test.ts proves that every
 * code the domain can return has text in kk, ru and en.
 */

interface Home {
  /** The locale namespace that words this module's refusals. */
  namespace: string;
  /** The object inside it that holds them. */
  group: string;
  /** Whether the module's name stays in the key ("orders:errors.orders.not_found"). */
  keepModule?: boolean;
}

/** Where each module's refusals are worded. A module missing here has no refusal a person reads. */
export const REFUSAL_HOMES: Readonly<Record<string, Home>> = {
  orders: { namespace: "orders", group: "errors", keepModule: true },
  listing: { namespace: "catalog", group: "errors", keepModule: true },
  photo: { namespace: "catalog", group: "errors", keepModule: true },
  catalog: { namespace: "catalog", group: "errors" },
  category: { namespace: "catalog", group: "errors.category_admin" },
  storefront: { namespace: "storefront", group: "errors" },
  report: { namespace: "storefront", group: "errors", keepModule: true },
  moderation: { namespace: "storefront", group: "errors", keepModule: true },
  identity: { namespace: "identity", group: "identity" },
  logistics: { namespace: "logistics", group: "errors" },
  shipping: { namespace: "logistics", group: "shipping.errors" },
  evidence: { namespace: "evidence", group: "errors" },
  api: { namespace: "api", group: "errors" },
  money: { namespace: "money", group: "errors" },
  payouts: { namespace: "money", group: "payouts.errors" },
  backup: { namespace: "money", group: "backups.errors" },
  thresholds: { namespace: "analytics", group: "thresholds.errors" },
  geo: { namespace: "geo", group: "errors" },
  offline: { namespace: "offline", group: "errors" },
  review: { namespace: "trust", group: "errors", keepModule: true },
  message: { namespace: "trust", group: "errors", keepModule: true },
  quality: { namespace: "quality", group: "errors", keepModule: true },
  flags: { namespace: "quality", group: "errors", keepModule: true },
  dispute: { namespace: "disputes", group: "errors", keepModule: true },
};

/** A refusal code's locale key, with its namespace: `refusalKey("orders.not_found")` → "orders:errors.orders.not_found". */
export function refusalKey(code: string): string {
  const dot = code.indexOf(".");
  const module = dot > 0 ? code.slice(0, dot) : "";
  const home = REFUSAL_HOMES[module];
  if (!home) return `common:errors.refused`;
  const rest = home.keepModule ? code : code.slice(dot + 1);
  return `${home.namespace}:${home.group}.${rest}`;
}

/** A form's field refusals as locale keys, field by field. */
export function refusalKeys<Field extends string>(codes: Partial<Record<Field, string>>): Partial<Record<Field, string>> {
  const keys: Partial<Record<Field, string>> = {};
  for (const [field, code] of Object.entries(codes) as [Field, string | undefined][]) if (code) keys[field] = refusalKey(code);
  return keys;
}
