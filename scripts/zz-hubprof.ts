import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../db/schema";
import { hubParcels } from "../app/domain/orders/order-views.server";
import { hubShipping, shippingFigures } from "../app/domain/shipping/shipment-views.server";
import { pointCashOwed } from "../app/domain/escrow/ledger-reads.server";
const sqlite = new Database(process.argv[2]!, { readonly: true });
const db = drizzle(sqlite, { schema }) as any;
const v = (sqlite.prepare("SELECT id FROM villages WHERE slug = 'besagash'").get() as { id: number }).id;
function time(name: string, f: () => unknown) {
  f();
  const t = performance.now();
  for (let i = 0; i < 5; i++) f();
  console.log(name, ((performance.now() - t) / 5).toFixed(1), "ms");
}
time("hubParcels", () => hubParcels(db, v));
time("hubShipping", () => hubShipping(db, v));
time("shippingFigures", () => shippingFigures(db, v, new Date(Date.now() - 30 * 86400000)));
time("pointCashOwed", () => pointCashOwed(db, v));
