/**
 * Issue 15 §2's last gap through the route: the coordinator of an assisted
 * seller's own village records the seller's payout account, with the seller's
 * consent note (decision 0022). Stored (consent_recorded), audited with the
 * note and the IBAN masked, the seller sent the same SMS as when they change
 * it themselves; a wrong IBAN or a missing note is a translated 400 that
 * keeps what was typed; a seller who did not choose assisted selling is
 * refused (SEC-08), and the refused attempts store and send nothing.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as desk from "../../app/routes/coordinator_.$village";
import * as assisted from "../../app/routes/coordinator_.$village_.payout.$seller";
import * as sellerMoney from "../../app/routes/seller_.money";
import { auditLog, outboxMessages, payoutDestinations, sellers } from "../../db/schema";
import { get, post, testApp } from "../support/app";
import { approvedSeller } from "../support/catalog";
import { grant, signIn } from "../support/identity";

const IBAN = "KZ86125KZT5004100100";
const HOLDER = { holderName: "Гүлнар Сейітова", holderTaxId: "921029350851" };
const CONSENT = "Гүлнар 3 желтоқсанда хабқа келіп, Kaspi шотына аударуды сұрады";

async function world() {
  const app = testApp();
  const helped = await approvedSeller(app.db, app.sms, "+77011112233", "besagash", "Гүлнар");
  const self = await approvedSeller(app.db, app.sms, "+77011112244", "besagash", "Асқар");
  const shopOf = (userId: number) => app.db.select().from(sellers).where(eq(sellers.userId, userId)).get()!;
  app.db.update(sellers).set({ assistedOrders: true }).where(eq(sellers.userId, helped.userId)).run();
  grant(app.db, "+77015556677", "coordinator", "besagash");
  const coordinator = await signIn(app.db, app.sms, "+77015556677");
  return { ...app, helped: { ...helped, shop: shopOf(helped.userId) }, self: { ...self, shop: shopOf(self.userId) }, coordinator };
}

const path = (shop: number) => `/coordinator/besagash/payout/${shop}`;
const params = (shop: number) => ({ village: "besagash", seller: String(shop) });
const smsTo = (db: ReturnType<typeof testApp>["db"], userId: number) =>
  db.select().from(outboxMessages).where(and(eq(outboxMessages.kind, "payout_destination_changed"), eq(outboxMessages.userId, userId))).all();

describe("/coordinator/:village/payout/:seller (assisted seller's payout account)", () => {
  it("is linked from the desk for an assisted seller only", async () => {
    const w = await world();
    const page = (await get(desk.loader, "/coordinator/besagash", { cookie: w.coordinator.cookie, params: { village: "besagash" } })).data as Awaited<ReturnType<typeof desk.loader>>;
    expect(page.sellers.find((s) => s.id === w.helped.shop.id)?.assisted).toBe(true);
    expect(page.sellers.find((s) => s.id === w.self.shop.id)?.assisted).toBe(false);
  });

  it("stores it with the consent, audits the note with the IBAN masked, and sends the seller the same SMS as their own change", async () => {
    const w = await world();
    const saved = await post(assisted.action, path(w.helped.shop.id), { iban: "kz86 125k zt50 0410 0100", ...HOLDER, consent: CONSENT }, { cookie: w.coordinator.cookie, params: params(w.helped.shop.id) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${path(w.helped.shop.id)}?done=destination`);
    expect(w.db.select().from(payoutDestinations).where(eq(payoutDestinations.sellerId, w.helped.shop.id)).get()).toMatchObject({
      iban: IBAN,
      recordedBy: w.coordinator.userId,
      consentRecorded: true,
    });
    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, "payout.destination.changed")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: w.coordinator.userId, subjectUserId: w.helped.userId });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ sellerId: w.helped.shop.id, iban: "KZ86 •••• •••• ••••0100", consent: CONSENT });
    expect(audit[0]!.details).not.toContain(IBAN);
    // The page shows it masked, never in full.
    const page = await get(assisted.loader, `${path(w.helped.shop.id)}?done=destination`, { cookie: w.coordinator.cookie, params: params(w.helped.shop.id) });
    expect(page.data).toMatchObject({ done: "destination", destination: { ibanMasked: "KZ86 •••• •••• ••••0100" } });
    expect(JSON.stringify(page.data)).not.toContain(IBAN);
    // The same SMS, word for word, as a seller who records the same account themselves.
    await post(sellerMoney.action, "/seller/money", { shop: String(w.self.shop.id), iban: IBAN, ...HOLDER }, { cookie: w.self.cookie });
    const [helpedSms] = smsTo(w.db, w.helped.userId);
    const [selfSms] = smsTo(w.db, w.self.userId);
    expect(helpedSms).toMatchObject({ recipient: "+77011112233", body: expect.stringContaining("0100") });
    expect(helpedSms?.body).toBe(selfSms?.body);
    expect(w.db.select().from(payoutDestinations).where(eq(payoutDestinations.sellerId, w.self.shop.id)).get()?.consentRecorded).toBe(false);
  });

  it("answers a wrong IBAN and a missing consent note with a translated 400 keeping what was typed, storing and sending nothing", async () => {
    const w = await world();
    const typed = { iban: "KZ87 125K ZT50 0410 0100", ...HOLDER, consent: CONSENT };
    const wrong = await post(assisted.action, path(w.helped.shop.id), typed, { cookie: w.coordinator.cookie, params: params(w.helped.shop.id) });
    expect(wrong).toMatchObject({ status: 400, data: { shop: w.helped.shop.id, values: typed, errors: { iban: "money:payouts.errors.iban_checksum" } } });
    const unnoted = { iban: IBAN, ...HOLDER, consent: "   " };
    const noConsent = await post(assisted.action, path(w.helped.shop.id), unnoted, { cookie: w.coordinator.cookie, params: params(w.helped.shop.id) });
    expect(noConsent).toMatchObject({ status: 400, data: { values: unnoted, errors: { consent: "money:payouts.errors.consent_required" } } });
    expect(w.db.select().from(payoutDestinations).all()).toEqual([]);
    expect(smsTo(w.db, w.helped.userId)).toEqual([]);
  });

  it("refuses a seller who did not choose assisted selling, and the seller themselves", async () => {
    const w = await world();
    const form = { iban: IBAN, ...HOLDER, consent: CONSENT };
    expect((await post(assisted.action, path(w.self.shop.id), form, { cookie: w.coordinator.cookie, params: params(w.self.shop.id) })).status).toBe(403);
    expect((await post(assisted.action, path(w.helped.shop.id), form, { cookie: w.helped.cookie, params: params(w.helped.shop.id) })).status).toBe(403);
    expect(w.db.select().from(payoutDestinations).all()).toEqual([]);
    expect(smsTo(w.db, w.self.userId)).toEqual([]);
  });
});
