import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as poster from "../../app/routes/coordinator_.$village_.poster";
import * as sellerArea from "../../app/routes/seller";
import * as editListing from "../../app/routes/seller_.listings.$id";
import * as card from "../../app/routes/seller_.listings.$id_.card";
import { shareLinks } from "../../app/ui/share";
import { pickupPoints } from "../../db/schema";
import { seedCategories } from "../../db/seed/seed";
import { BASE, get, testApp } from "../support/app";
import { grant, signIn, villageId } from "../support/identity";
import { makePickupPoint } from "../support/ledger";
import { approvedSellerOf, insertListing } from "../support/storefront";

/**
 * Issue 19 §3–4: what the seller's screens hand on (the listing's and the
 * shop's address, a sentence, a QR code) and what the poster and the card
 * print, in the language chosen for them.
 */
async function world() {
  const app = testApp();
  const { db, sms } = app;
  seedCategories(db);
  // Signed in first: the seller's approval and the coordinator's grant then come to their sessions.
  const sellerCookie = (await signIn(db, sms, "+77011110001")).cookie;
  const coordinatorCookie = (await signIn(db, sms, "+77770000001")).cookie;
  const coordinatorUserId = grant(db, "+77770000001", "coordinator", "besagash");
  const seller = approvedSellerOf(db, { phone: "+77011110001", village: "besagash", name: "Ольга Ким", language: "ru", coordinatorUserId });
  const listing = (status: "active" | "paused") =>
    insertListing(db, { ...seller, category: "tables-chairs", language: "ru", title: { ru: "Стол из карагача", en: "Elm table" }, priceTenge: 85_000, stock: 2, status });
  return {
    ...app,
    seller,
    active: listing("active"),
    paused: listing("paused"),
    sellerCookie,
    coordinatorCookie,
  };
}

type Share = { url: string; text: string; qrSvg: string } | null;

describe("sharing from the seller's screens (issue 19 §3)", () => {
  it("a listing on sale: its public address, a sentence with title, price and village, and a QR code; none while buyers cannot see it", async () => {
    const w = await world();
    const shown = await get(editListing.loader, `/seller/listings/${w.active}`, { cookie: w.sellerCookie, params: { id: String(w.active) } });
    const share = (shown.data as { share: Share }).share!;
    expect(share.url).toBe(`${BASE}/listings/${w.active}`);
    expect(share.text).toMatch(/^Стол из карагача — 85\s000\s₸, Бесагаш, на Auyl Hub$/);
    expect(share.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
    const paused = await get(editListing.loader, `/seller/listings/${w.paused}`, { cookie: w.sellerCookie, params: { id: String(w.paused) } });
    expect((paused.data as { share: Share }).share).toBeNull();
  });

  it("the shop's share is its public page", async () => {
    const w = await world();
    const area = await get(sellerArea.loader, "/seller", { cookie: w.sellerCookie });
    const shares = (area.data as { shares: Record<string, Share> }).shares;
    expect(shares[w.seller.sellerId]?.url).toBe(`${BASE}/sellers/${w.seller.sellerId}`);
    expect(shares[w.seller.sellerId]?.text).toContain("Ольга Ким");
  });

  it("WhatsApp and Telegram get plain links to their own share pages, the text and address encoded", () => {
    const links = shareLinks({ url: "https://auyl.example.kz/listings/7", text: "Стол & стул — 85 000 ₸" });
    expect(links.whatsapp).toBe(`https://wa.me/?text=${encodeURIComponent("Стол & стул — 85 000 ₸ https://auyl.example.kz/listings/7")}`);
    expect(new URL(links.telegram).searchParams.get("url")).toBe("https://auyl.example.kz/listings/7");
    expect(new URL(links.telegram).searchParams.get("text")).toBe("Стол & стул — 85 000 ₸");
    expect(new URL(links.telegram).origin + new URL(links.telegram).pathname).toBe("https://t.me/share/url");
  });
});

describe("printing (issue 19 §4)", () => {
  it("the seller's card is in the language chosen for it, and only for a listing buyers can see", async () => {
    const w = await world();
    const en = await get(card.loader, `/seller/listings/${w.active}/card?language=en`, { cookie: w.sellerCookie, params: { id: String(w.active) } });
    const printed = (en.data as { card: { title: string; price: string; village: string; url: string } | null; language: string });
    expect(printed.language).toBe("en");
    expect(printed.card).toMatchObject({ title: "Elm table", url: `${BASE}/listings/${w.active}` });
    expect(printed.card?.price).toMatch(/^₸85,000/);
    expect(printed.card?.village).toMatch(/^Besagash, /);
    const paused = await get(card.loader, `/seller/listings/${w.paused}/card`, { cookie: w.sellerCookie, params: { id: String(w.paused) } });
    expect((paused.data as { card: unknown }).card).toBeNull();
  });

  it("the poster names the chosen pickup point (else the first open one, never a closed one), the village page's address, in the chosen language", async () => {
    const w = await world();
    const besagash = villageId(w.db, "besagash");
    const open = makePickupPoint(w.db, besagash, "A shop");
    const closed = makePickupPoint(w.db, besagash, "B closed");
    const chosen = makePickupPoint(w.db, besagash, "C hub");
    w.db.update(pickupPoints).set({ active: false }).where(eq(pickupPoints.id, closed)).run();
    w.db.update(pickupPoints).set({ address: "Абай көшесі, 12", openingHours: "Дс–Жм 09:00–18:00" }).where(eq(pickupPoints.id, chosen)).run();
    type Poster = { points: { id: number }[]; pointId: number; poster: { language: string; name: string; url: string; makes: string | null; point: { name: string; address: string; hours: string } | null } };
    const read = async (search: string) => (await get(poster.loader, `/coordinator/besagash/poster${search}`, { cookie: w.coordinatorCookie, params: { village: "besagash" } })).data as Poster;
    const ru = await read(`?language=ru&point=${chosen}`);
    expect(ru.poster).toMatchObject({ language: "ru", name: "Бесагаш", url: `${BASE}/villages/besagash` });
    expect(ru.poster.point).toMatchObject({ name: "C hub", address: "Абай көшесі, 12" });
    expect(ru.poster.point?.hours).toContain("Дс–Жм 09:00–18:00");
    expect(ru.points.map((p) => p.id)).not.toContain(closed);
    expect((await read(`?point=${closed}`)).pointId).toBe(open);
    expect((await read("?language=xx")).poster.language).toBe("kk");
  });
});
