/**
 * The money screens of issue 15 through their loaders and actions: the
 * seller's payout account form (a wrong check digit is a translated 400 that
 * keeps what was typed; shown masked once saved), and the admin's batch
 * export (a file, the same bytes twice), the bank statement upload and the
 * reconciliation upload.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { writeTransaction } from "../../app/db.server";
import { captureEscrow, releaseEscrow } from "../../app/domain/escrow/ledger-posting.server";
import { sellerMoney } from "../../app/domain/escrow/ledger-reads.server";
import * as adminMoney from "../../app/routes/admin_.money";
import * as exportRoute from "../../app/routes/admin_.money.batches.$batch.export";
import * as reconciliation from "../../app/routes/admin_.money.reconciliation";
import * as sellerMoneyRoute from "../../app/routes/seller_.money";
import * as statementRoute from "../../app/routes/seller_.money.statement";
import { almatyMonth } from "../../app/domain/insights/calendar";
import { sellers } from "../../db/schema";
import { BASE, context, cookieHeader, csrfPair, get, post, testApp } from "../support/app";
import { approvedSeller } from "../support/catalog";
import { grant, signIn } from "../support/identity";
import { T0, makeOrder, makePickupPoint, setOrderStatus } from "../support/ledger";

const IBAN = "KZ86125KZT5004100100";

async function world() {
  const app = testApp();
  const seller = await approvedSeller(app.db, app.sms, "+77011112233", "besagash", "Асқар");
  const shop = app.db.select().from(sellers).where(eq(sellers.userId, seller.userId)).get()!;
  grant(app.db, "+77014445566", "admin");
  const admin = await signIn(app.db, app.sms, "+77014445566");
  const buyer = await signIn(app.db, app.sms, "+77013334455");
  const order = makeOrder(app.db, { buyerUserId: buyer.userId, seller: { sellerId: shop.id, villageId: shop.villageId }, pickupPointId: makePickupPoint(app.db, shop.villageId), totalTiyn: 1_000_000 });
  writeTransaction(app.db, (tx) => {
    captureEscrow(tx, { key: "capture", orderId: order.orderId, amountTiyn: 1_000_000, at: T0 });
    releaseEscrow(tx, { key: "release", orderId: order.orderId, sellerId: shop.id, sellerVillageId: shop.villageId, platformRateBp: 300, coopRateBp: 200, at: T0 });
  });
  setOrderStatus(app.db, order.orderId, "completed");
  return { ...app, seller, shop, admin, buyer };
}

/** A multipart POST with a file, as a browser sends the upload forms. */
async function upload(action: (args: ActionFunctionArgs) => unknown, path: string, fields: Record<string, string>, file: { name: string; field: string; text: string }, cookie: string) {
  const csrf = await csrfPair();
  const form = new FormData();
  form.set("csrf", csrf.token);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(file.field, new File([file.text], file.name, { type: "text/plain" }));
  const request = new Request(BASE + path, { method: "POST", headers: { Cookie: cookieHeader(csrf.cookie, cookie) }, body: form });
  try {
    return (await action({ request, params: {}, context: context() })) as unknown;
  } catch (thrown) {
    return thrown;
  }
}

describe("/seller/money payout account", () => {
  it("refuses a wrong check digit with a translated 400 keeping what was typed; saves a right one, shown masked, with an SMS", async () => {
    const w = await world();
    const wrong = await post(sellerMoneyRoute.action, "/seller/money", { shop: String(w.shop.id), iban: "KZ87 125K ZT50 0410 0100", holderName: "Асқар", holderTaxId: "921029350851" }, { cookie: w.seller.cookie });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toEqual({
      shop: w.shop.id,
      values: { iban: "KZ87 125K ZT50 0410 0100", holderName: "Асқар", holderTaxId: "921029350851" },
      errors: { iban: "money:payouts.errors.iban_checksum" },
    });
    const good = await post(sellerMoneyRoute.action, "/seller/money", { shop: String(w.shop.id), iban: "kz86 125k zt50 0410 0100", holderName: "Асқар", holderTaxId: "921029350851" }, { cookie: w.seller.cookie });
    expect(good.status).toBe(303);
    expect(good.headers.get("Location")).toBe(`/seller/money?done=destination#destination-${w.shop.id}`);
    const page = (await get(sellerMoneyRoute.loader, "/seller/money?done=destination", { cookie: w.seller.cookie })).data as Awaited<ReturnType<typeof sellerMoneyRoute.loader>>;
    expect(page.shops[0]!.destination).toMatchObject({ ibanMasked: "KZ86 •••• •••• ••••0100", bic: "NBRKKZKX", holderTaxIdMasked: expect.not.stringContaining("921029350851") });
    expect(JSON.stringify(page)).not.toContain(IBAN);
    // The same again changes nothing and sends nothing more.
    const again = await post(sellerMoneyRoute.action, "/seller/money", { shop: String(w.shop.id), iban: IBAN, holderName: "Асқар", holderTaxId: "921029350851" }, { cookie: w.seller.cookie });
    expect(again.headers.get("Location")).toContain("done=unchanged");
  });
});

describe("/admin/money payouts", () => {
  it("exports a batch as a file (the same bytes twice), imports the bank's statement and books the payout", async () => {
    const w = await world();
    await post(sellerMoneyRoute.action, "/seller/money", { shop: String(w.shop.id), iban: IBAN, holderName: "Асқар", holderTaxId: "921029350851" }, { cookie: w.seller.cookie });
    const badEntity = await post(adminMoney.action, "/admin/money", { intent: "entity", name: "Auyl Hub LLP", bin: "180540000013", iban: IBAN }, { cookie: w.admin.cookie });
    expect(badEntity).toMatchObject({ status: 400, data: { values: { bin: "180540000013" }, errors: { bin: "money:payouts.errors.entity_bin" } } });
    expect((await post(adminMoney.action, "/admin/money", { intent: "entity", name: "Auyl Hub LLP", bin: "180540000012", iban: IBAN }, { cookie: w.admin.cookie })).status).toBe(303);

    const page = (await get(adminMoney.loader, "/admin/money", { cookie: w.admin.cookie })).data as Awaited<ReturnType<typeof adminMoney.loader>>;
    const created = await post(adminMoney.action, "/admin/money", { intent: "payout", key: page.payoutKey, minimum: "" }, { cookie: w.admin.cookie });
    const batchId = Number(/batch=(\d+)/.exec(created.headers.get("Location") ?? "")?.[1]);
    const exportOnce = async () => {
      const csrf = await csrfPair();
      const request = new Request(`${BASE}/admin/money/batches/${batchId}/export`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(csrf.cookie, w.admin.cookie) },
        body: new URLSearchParams({ csrf: csrf.token, format: "1c" }),
      });
      return (await exportRoute.action({ request, params: { batch: String(batchId) }, context: context() })) as Response;
    };
    const first = await exportOnce();
    expect(first.headers.get("Content-Disposition")).toBe(`attachment; filename="auyl-payouts-${batchId}.txt"`);
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(Buffer.from(await (await exportOnce()).arrayBuffer()).equals(bytes)).toBe(true);
    const text = new TextDecoder("windows-1251").decode(bytes);
    expect(text).toContain(`ПолучательИИК=${IBAN}`);
    expect(sellerMoney(w.db, w.shop.id)).toMatchObject({ paidOutTiyn: 0, inFlightTiyn: 950_000 });

    const statement = text.replace("СекцияДокумент=Платежное поручение\r\n", "СекцияДокумент=Платежное поручение\r\nДатаСписано=05.12.2026\r\n");
    const imported = await upload(adminMoney.action, "/admin/money", { intent: "import" }, { field: "statement", name: "statement.txt", text: statement }, w.admin.cookie);
    expect(imported).toMatchObject({ data: { intent: "import", outcome: { confirmed: 1, failed: 0, unmatched: [] } } });
    expect(sellerMoney(w.db, w.shop.id)).toMatchObject({ paidOutTiyn: 950_000, inFlightTiyn: 0 });
    const after = (await get(adminMoney.loader, `/admin/money?batch=${batchId}`, { cookie: w.admin.cookie })).data as Awaited<ReturnType<typeof adminMoney.loader>>;
    expect(after.batch).toMatchObject({ status: "confirmed", lines: [{ status: "confirmed", ibanMasked: "KZ86 •••• •••• ••••0100" }] });

    const noFile = await upload(adminMoney.action, "/admin/money", { intent: "import" }, { field: "other", name: "x.txt", text: "" }, w.admin.cookie);
    expect(noFile).toMatchObject({ init: { status: 400 }, data: { error: "money:admin.payout.import.noFile" } });
  });
});

describe("/admin/money/reconciliation", () => {
  it("compares an uploaded bank statement and shows the run; a file of neither format is a 400", async () => {
    const w = await world();
    const bad = await upload(reconciliation.action, "/admin/money/reconciliation", { intent: "upload", source: "bank", day: "" }, { field: "file", name: "x.txt", text: "hello" }, w.admin.cookie);
    expect(bad).toMatchObject({ init: { status: 400 }, data: { error: "money:payouts.errors.statement_format" } });
    const csv = "reference,amount\r\nBANK-FEE-1,50.00\r\n";
    const ok = await upload(reconciliation.action, "/admin/money/reconciliation", { intent: "upload", source: "bank", day: "" }, { field: "file", name: "may.csv", text: csv }, w.admin.cookie);
    expect((ok as Response).status).toBe(303);
    const page = (await get(reconciliation.loader, "/admin/money/reconciliation", { cookie: w.admin.cookie })).data as Awaited<ReturnType<typeof reconciliation.loader>>;
    expect(page.runs[0]).toMatchObject({ source: "bank", label: "may.csv", items: [expect.objectContaining({ reference: "BANK-FEE-1", result: "missing_ours", theirsTiyn: 5_000 })] });
  });
});

describe("/seller/money/statement", () => {
  it("shows one shop's month from the ledger: sales, fees, net, refunds, payouts; nobody else's", async () => {
    const w = await world();
    const month = almatyMonth(T0);
    const page = await get(statementRoute.loader, `/seller/money/statement?shop=${w.shop.id}&month=${month}`, { cookie: w.seller.cookie });
    expect(page.status).toBe(200);
    expect((page.data as Awaited<ReturnType<typeof statementRoute.loader>>).statement).toEqual({
      month,
      salesTiyn: 1_000_000,
      platformFeesTiyn: 30_000,
      coopFeesTiyn: 20_000,
      refundsTiyn: 0,
      netTiyn: 950_000,
      paidOutTiyn: 0,
      returnedTiyn: 0,
    });
    expect((await get(statementRoute.loader, `/seller/money/statement?shop=${w.shop.id}&month=${month}`, { cookie: w.buyer.cookie })).status).toBe(404);
  });
});
