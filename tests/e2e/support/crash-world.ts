/**
 * For the server-crash spec (MONEY-11 against the real HTTP server), in the
 * crash server's database (DATABASE_PATH), through the real use cases:
 *
 *   tsx tests/e2e/support/crash-world.ts setup <buyers>
 *     two approved sellers (Besagash, Karabulak) with a listing each of large
 *     stock, <buyers> buyers with session tokens, a pickup point that takes
 *     cash, and the development provider's webhook secret. Prints JSON.
 *
 *   tsx tests/e2e/support/crash-world.ts verify <file.json>
 *     checks the database against what the spec saw acknowledged (the file:
 *     CrashAcks below): integrity, the ledger's invariants, every acknowledged
 *     checkout with its orders, every acknowledged capture captured with each
 *     order's escrow equal to its total, and stock conserved. Prints JSON
 *     { problems, counts }; an empty `problems` is a pass.
 */
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { categories, checkouts, listings, orderItems, orders, payments, pickupPoints } from "../../../db/schema";
import { getConnection, writeTransaction } from "../../../app/db.server";
import { createListing } from "../../../app/domain/catalog/listings.server";
import { listingInput } from "../../../app/domain/catalog/listing-rules";
import { checkLedgerInvariants } from "../../../app/domain/escrow/ledger-invariants.server";
import { orderEscrowTiyn } from "../../../app/domain/escrow/ledger-reads.server";
import { applyToSell, decideApplication } from "../../../app/domain/identity/sellers.server";
import { createSession } from "../../../app/domain/identity/sessions.server";
import { findOrCreateUser, grantRole, setPreferredLanguage } from "../../../app/domain/identity/users.server";
import { devWebhookSecret } from "../../../app/domain/payments/payments.server";
import { getVillage } from "../../../app/domain/geo/geo.server";

export interface CrashWorldSetup {
  tokens: string[];
  listings: { id: number; priceTiyn: number; stock: number }[];
  pickupPointId: number;
  webhookSecret: string;
}

/** What the spec saw acknowledged by the server. `orders`: how many orders the checkout page announced. */
export interface CrashAcks {
  cash: { checkoutId: number; orders: number }[];
  online: { reference: string; orders: number }[];
  captures: { reference: string; amountTiyn: number }[];
  listings: { id: number; stock: number }[];
}

const STOCK = 90_000;
const PRICES = ["12345", "6780.50"];

const { sqlite, db } = getConnection();
const now = new Date();

function village(slug: string) {
  const found = getVillage(db, slug);
  if (!found) throw new Error(`no village ${slug} (the server seeds the demo villages on start)`);
  return found;
}

function categoryId(slug: string): number {
  const row = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).get();
  if (!row) throw new Error(`no category ${slug}`);
  return row.id;
}

/** +7 702 990 ii r 5: the crash test's own numbers. */
const phone = (i: number, role: number) => `+7702990${String(i).padStart(2, "0")}${role}5`;

function setup(buyerCount: number): CrashWorldSetup {
  const person = (i: number, role: number) => {
    const user = findOrCreateUser(db, phone(i, role), now);
    setPreferredLanguage(db, user.id, "kk");
    return user;
  };
  const token = (userId: number) => writeTransaction(db, (tx) => createSession(tx, userId, now));

  const besagash = village("besagash");
  const karabulak = village("karabulak");
  const made: CrashWorldSetup["listings"] = [];
  for (const [i, place] of [besagash, karabulak].entries()) {
    const coordinator = person(i, 1);
    grantRole(db, { actorUserId: null, userId: coordinator.id, role: "coordinator", villageId: place.id, ip: "e2e" }, now);
    const user = person(i, 2);
    const applied = applyToSell(db, { userId: user.id, villageSlug: place.slug, name: `Crash Seller ${i}`, craft: "шебер", taxId: null, ip: "e2e" }, now);
    if (!applied.ok) throw new Error(applied.reason);
    const decided = decideApplication(db, { actorUserId: coordinator.id, villageId: place.id, applicationId: applied.applicationId, approve: true, reason: "", ip: "e2e" }, now);
    if (!decided.ok) throw new Error(decided.reason);
    const seller = sqlite.prepare("SELECT id FROM sellers WHERE user_id = ?").get(user.id) as { id: number } | undefined;
    if (!seller) throw new Error("seller missing");
    const parsed = listingInput.parse({
      language: "kk",
      title: `Crash goods ${i}`,
      description: "Қолдан жасалған.",
      translations: {},
      categoryId: String(categoryId(i === 0 ? "tables-chairs" : "felt")),
      price: PRICES[i],
      unit: "piece",
      stock: String(STOCK),
      weightClass: "upTo15kg",
    });
    const created = createListing(db, { sellerId: seller.id, listing: parsed, photos: [], publish: true, by: { userId: user.id } }, now);
    if (!created.ok) throw new Error(created.reason);
    const row = db.select({ priceTiyn: listings.priceTiyn, stock: listings.stock }).from(listings).where(eq(listings.id, created.listingId)).get();
    if (!row) throw new Error("listing missing");
    made.push({ id: created.listingId, ...row });
  }

  const point = db
    .select({ id: pickupPoints.id })
    .from(pickupPoints)
    .where(and(eq(pickupPoints.villageId, besagash.id), eq(pickupPoints.active, true), eq(pickupPoints.acceptsCash, true)))
    .get();
  if (!point) throw new Error("Besagash has no active pickup point that takes cash (demo pickup points)");

  const tokens: string[] = [];
  for (let i = 0; i < buyerCount; i++) tokens.push(token(person(i, 9).id));
  return { tokens, listings: made, pickupPointId: point.id, webhookSecret: devWebhookSecret() };
}

function verify(acks: CrashAcks) {
  const problems: string[] = [];
  const integrity = sqlite.pragma("integrity_check", { simple: true });
  if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
  const foreignKeys = sqlite.pragma("foreign_key_check") as unknown[];
  if (foreignKeys.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys.slice(0, 5))}`);
  for (const broken of checkLedgerInvariants(db)) problems.push(`ledger: ${broken}`);

  const ordersOf = (checkoutId: number) => db.select().from(orders).where(eq(orders.checkoutId, checkoutId)).all();
  const checkCheckout = (what: string, checkoutId: number, method: "cash" | "online", expected: number) => {
    const row = db.select().from(checkouts).where(eq(checkouts.id, checkoutId)).get();
    if (!row) return problems.push(`${what}: checkout ${checkoutId} missing`);
    if (row.paymentMethod !== method) problems.push(`${what}: paid by ${row.paymentMethod}, not ${method}`);
    const list = ordersOf(checkoutId);
    if (list.length !== expected) problems.push(`${what}: ${list.length} orders, the checkout page announced ${expected}`);
    const sum = list.reduce((s, o) => s + o.totalTiyn, 0);
    if (sum !== row.totalTiyn) problems.push(`${what}: orders sum to ${sum}, checkout total ${row.totalTiyn}`);
    if (method === "cash" && list.some((o) => o.status !== "accepted")) problems.push(`${what}: statuses ${list.map((o) => o.status).join(",")}`);
  };

  for (const ack of acks.cash) checkCheckout(`cash checkout ${ack.checkoutId}`, ack.checkoutId, "cash", ack.orders);
  for (const ack of acks.online) {
    const payment = db.select().from(payments).where(eq(payments.providerRef, ack.reference)).get();
    if (!payment) {
      problems.push(`online checkout ${ack.reference}: payment missing`);
      continue;
    }
    checkCheckout(`online checkout ${ack.reference} (#${payment.checkoutId})`, payment.checkoutId, "online", ack.orders);
    const row = db.select({ totalTiyn: checkouts.totalTiyn }).from(checkouts).where(eq(checkouts.id, payment.checkoutId)).get();
    if (row && row.totalTiyn !== payment.amountTiyn) problems.push(`online checkout ${ack.reference}: payment ${payment.amountTiyn} ≠ total ${row.totalTiyn}`);
  }
  for (const ack of acks.captures) {
    const payment = db.select().from(payments).where(eq(payments.providerRef, ack.reference)).get();
    if (!payment) {
      problems.push(`capture ${ack.reference}: payment missing`);
      continue;
    }
    if (payment.status !== "captured") problems.push(`capture ${ack.reference}: payment ${payment.status}`);
    if (payment.amountTiyn !== ack.amountTiyn) problems.push(`capture ${ack.reference}: amount ${payment.amountTiyn}, webhook said ${ack.amountTiyn}`);
  }

  // Every payment of this test's goods, acknowledged or not: captured means each order paid and its escrow
  // full; pending means none. (The demo history's payments in the same file are finished orders of other goods.)
  const ours = new Set(
    (
      sqlite
        .prepare(
          `SELECT DISTINCT o.checkout_id AS id FROM orders o JOIN order_items i ON i.order_id = o.id
            WHERE i.listing_id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(acks.listings.map((l) => l.id))) as { id: number }[]
    ).map((r) => r.id),
  );
  let capturedCount = 0;
  for (const payment of db.select().from(payments).all().filter((p) => ours.has(p.checkoutId))) {
    for (const order of ordersOf(payment.checkoutId)) {
      const escrow = orderEscrowTiyn(db, order.id);
      if (payment.status === "captured") {
        if (order.status !== "paid") problems.push(`order ${order.id} of captured ${payment.providerRef}: ${order.status}`);
        if (escrow !== order.totalTiyn) problems.push(`order ${order.id} of captured ${payment.providerRef}: escrow ${escrow} ≠ total ${order.totalTiyn}`);
      } else if (payment.status === "pending") {
        if (order.status !== "pending_payment") problems.push(`order ${order.id} of pending ${payment.providerRef}: ${order.status}`);
        if (escrow !== 0) problems.push(`order ${order.id} of pending ${payment.providerRef}: escrow ${escrow}`);
      }
    }
    if (payment.status === "captured") capturedCount += 1;
  }

  // Nothing is cancelled in this test: what left the stock is exactly what the orders hold.
  for (const listing of acks.listings) {
    const now = db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, listing.id)).get()?.stock ?? Number.NaN;
    const sold = db
      .select({ quantity: orderItems.quantity })
      .from(orderItems)
      .where(eq(orderItems.listingId, listing.id))
      .all()
      .reduce((s, r) => s + r.quantity, 0);
    if (now + sold !== listing.stock) problems.push(`listing ${listing.id}: stock ${now} + sold ${sold} ≠ ${listing.stock}`);
  }

  const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    problems,
    counts: { checkouts: count("checkouts"), orders: count("orders"), payments: count("payments"), captured: capturedCount },
  };
}

const [mode, arg] = process.argv.slice(2);
if (mode === "setup" && /^\d{1,2}$/.test(arg ?? "")) {
  console.log(JSON.stringify(setup(Number(arg))));
} else if (mode === "verify" && arg) {
  console.log(JSON.stringify(verify(JSON.parse(fs.readFileSync(arg, "utf8")) as CrashAcks)));
} else {
  console.error("usage: crash-world.ts setup <buyers> | verify <acks.json>");
  process.exit(2);
}
sqlite.close();
