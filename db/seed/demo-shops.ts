/**
 * Demo sellers and their goods in the demo villages, so that a newcomer who
 * runs `npm start` on an empty database finds something to browse, search and
 * order. Everything goes through the real use cases — a coordinator per
 * village approves each seller's application (and verifies some, "verified by
 * the cooperative"), each seller publishes listings with photos processed and
 * stored as uploads are — so the demo shows what the rules allow, nothing else.
 *
 * Listings are written in Kazakh first (one seller writes in Russian, with a
 * Kazakh translation); most carry Russian and English translations, a few do
 * not, so a reader in another language sees the "original language" mark.
 * Their texts, prices and units are the demo catalogue's (demo-catalogue.ts).
 */
import { and, eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { writeTransaction, type Db } from "../../app/db.server";
import { countCategories } from "../../app/domain/catalog/categories.server";
import { listingInput } from "../../app/domain/catalog/listing-rules";
import { createListing, type PhotoRef } from "../../app/domain/catalog/listings.server";
import { findStoredPhoto, storePhoto } from "../../app/domain/catalog/photo-store.server";
import { stagePhotos } from "../../app/domain/catalog/photo-staging.server";
import { processPhoto } from "../../app/domain/catalog/photos.server";
import { formatPhone } from "../../app/domain/identity/phone";
import { applyToSell, decideApplication, verifySeller } from "../../app/domain/identity/sellers.server";
import { findOrCreateUser, grantRole, updateProfile } from "../../app/domain/identity/users.server";
import { isDevOutboxActive } from "../../app/domain/notify/outbox.server";
import type { Language } from "../../app/i18n/config";
import { categories, outboxMessages, regions, sellers, users, villages } from "../schema";
import { DEMO_SHOP_LISTINGS, seededRandom, type ShopListing } from "./demo-catalogue";
import { seedCategories } from "./seed";

/**
 * Demo phones: +7 700 000 00 01–06 are the villages' coordinators, 07 and 08
 * analysts (the whole country; the Almaty region), 11–19 the sellers. They are made up — no test uses the +7 700 range — and nobody's
 * SMS reaches them: with no gateway configured their sign-in codes appear at
 * /dev/sms like everyone's, which is how a newcomer signs in as one of them.
 */
const COORDINATORS: { village: string; phone: string; name: string }[] = [
  { village: "besagash", phone: "+77000000001", name: "Гүлнар Сәрсенбаева" },
  { village: "turgen", phone: "+77000000002", name: "Дәулет Ахметов" },
  { village: "karabulak", phone: "+77000000003", name: "Нұржан Әбдірахманов" },
  { village: "ulken-naryn", phone: "+77000000004", name: "Серік Жақыпов" },
  { village: "shyngystai", phone: "+77000000005", name: "Анна Смирнова" },
  { village: "katarkol", phone: "+77000000006", name: "Әсел Қасымова" },
];

/** Demo analysts of the insights (issue 6): one national, one of the Almaty region (KZ-19). */
const ANALYSTS: { phone: string; name: string; region: string | null; language: Language }[] = [
  { phone: "+77000000007", name: "Айгерім Нұрланова", region: null, language: "kk" },
  { phone: "+77000000008", name: "Ольга Ким", region: "KZ-19", language: "ru" },
];

type Theme = "wood" | "felt" | "carpet" | "honey" | "fruit" | "dairy";

interface DemoListing {
  /** What the seller lists, in the seller's language and the translations they wrote. */
  goods: ShopListing;
  stock: number;
  photo: { theme: Theme; variant: number };
}

interface DemoSeller {
  phone: string;
  village: string;
  person: string;
  language: Language;
  shop: string;
  craft: string;
  verified: boolean;
  listings: DemoListing[];
}

const SELLERS: DemoSeller[] = [
  {
    phone: "+77000000011",
    village: "besagash",
    person: "Ерлан Тоқтаров",
    language: "kk",
    shop: "Тоқтаровтар шеберханасы",
    craft: "Ағаш шебері: орындық, үстел, ұлттық жиһаз",
    verified: true,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.birchChair, stock: 8, photo: { theme: "wood", variant: 0 } },
      { goods: DEMO_SHOP_LISTINGS.oakDiningTable, stock: 0, photo: { theme: "wood", variant: 1 } },
      { goods: DEMO_SHOP_LISTINGS.dastarkhanTable, stock: 4, photo: { theme: "wood", variant: 2 } },
    ],
  },
  {
    phone: "+77000000012",
    village: "besagash",
    person: "Нұрлан Сейітов",
    language: "kk",
    shop: "Сейітов жиһазы",
    craft: "Кебеже, шкаф, төсек",
    verified: false,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.kebezhe, stock: 2, photo: { theme: "wood", variant: 3 } },
      { goods: DEMO_SHOP_LISTINGS.wardrobe, stock: 0, photo: { theme: "wood", variant: 4 } },
    ],
  },
  {
    phone: "+77000000013",
    village: "besagash",
    person: "Қанат Жұмабаев",
    language: "kk",
    shop: "Қанаттың домбыралары",
    craft: "Домбыра шебері, ағаш ыдыс",
    verified: true,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.dombra, stock: 3, photo: { theme: "wood", variant: 5 } },
      { goods: DEMO_SHOP_LISTINGS.ladleAndSpoons, stock: 10, photo: { theme: "wood", variant: 6 } },
    ],
  },
  {
    phone: "+77000000014",
    village: "karabulak",
    person: "Айгүл Мырзахметова",
    language: "kk",
    shop: "Айгүлдің сырмақтары",
    craft: "Сырмақ пен текемет басамын",
    verified: true,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.syrmak, stock: 2, photo: { theme: "carpet", variant: 0 } },
      { goods: DEMO_SHOP_LISTINGS.tekemet, stock: 3, photo: { theme: "felt", variant: 0 } },
      { goods: DEMO_SHOP_LISTINGS.feltSlippers, stock: 25, photo: { theme: "felt", variant: 1 } },
    ],
  },
  {
    phone: "+77000000015",
    village: "karabulak",
    person: "Зейнеп Әлиева",
    language: "kk",
    shop: "Зейнеп апаның кілемдері",
    craft: "Кілем тоқимын, тұскиіз кестелеймін",
    verified: true,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.tuskiiz, stock: 0, photo: { theme: "carpet", variant: 1 } },
      { goods: DEMO_SHOP_LISTINGS.alasha, stock: 1, photo: { theme: "carpet", variant: 2 } },
    ],
  },
  {
    phone: "+77000000016",
    village: "ulken-naryn",
    person: "Марат Бекішев",
    language: "kk",
    shop: "Бекішев омартасы",
    craft: "Омарташы, тау балы",
    verified: true,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.altaiHoney, stock: 120, photo: { theme: "honey", variant: 0 } },
      { goods: DEMO_SHOP_LISTINGS.combHoney, stock: 30, photo: { theme: "honey", variant: 1 } },
    ],
  },
  {
    phone: "+77000000017",
    village: "shyngystai",
    person: "Сергей Кузнецов",
    language: "ru",
    shop: "Пасека Кузнецовых",
    craft: "Пасечник",
    verified: false,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.sweetCloverHoney, stock: 80, photo: { theme: "honey", variant: 2 } },
      { goods: DEMO_SHOP_LISTINGS.propolis, stock: 40, photo: { theme: "honey", variant: 3 } },
    ],
  },
  {
    phone: "+77000000018",
    village: "turgen",
    person: "Гүлмира Оспанова",
    language: "kk",
    shop: "Гүлмира апайдың бауы",
    craft: "Кептірілген жеміс",
    verified: false,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.sunDriedApricots, stock: 60, photo: { theme: "fruit", variant: 0 } },
      { goods: DEMO_SHOP_LISTINGS.driedAport, stock: 25, photo: { theme: "fruit", variant: 1 } },
    ],
  },
  {
    phone: "+77000000019",
    village: "katarkol",
    person: "Бақыт Жүнісов",
    language: "kk",
    shop: "Бақыт шаруа қожалығы",
    craft: "Қымыз, құрт, ірімшік",
    verified: true,
    listings: [
      { goods: DEMO_SHOP_LISTINGS.kurt, stock: 40, photo: { theme: "dairy", variant: 0 } },
      { goods: DEMO_SHOP_LISTINGS.kumys, stock: 50, photo: { theme: "dairy", variant: 1 } },
      { goods: DEMO_SHOP_LISTINGS.irimshik, stock: 15, photo: { theme: "dairy", variant: 2 } },
    ],
  },
];

/** The coordinator a newcomer signs in as first: Besagash's. */
export const DEMO_COORDINATOR = COORDINATORS[0]!;
export const DEMO_SELLER_PHONES = SELLERS.map((s) => s.phone);

// ---------------------------------------------------------------- photos

const PALETTES: Record<Theme, [string, string, string, string][]> = {
  // background from, background to, pattern, second pattern colour
  wood: [
    ["#d9a86c", "#9c6433", "#7a4a22", "#f1c98f"],
    ["#b98352", "#6f4423", "#4f2f16", "#d7a978"],
    ["#e2b77f", "#b07a45", "#8a5a2f", "#f5d6a8"],
    ["#a8693a", "#5e3418", "#3f220f", "#c98f5d"],
    ["#eac89a", "#c09260", "#9a6b3d", "#fbe6c4"],
    ["#c7895a", "#7d4b2a", "#5a3219", "#e8b688"],
    ["#f0d2a5", "#cfa06b", "#a8773f", "#fff1d9"],
  ],
  felt: [
    ["#f3ead8", "#d9c7a4", "#b5482e", "#2f5d8a"],
    ["#ece4d6", "#cbbba0", "#8a6d4b", "#c9a227"],
  ],
  carpet: [
    ["#9e1f2a", "#5c0f18", "#f0d9a8", "#1f4e79"],
    ["#1f3f6e", "#10223f", "#e8c15a", "#b3263a"],
    ["#7a2e1d", "#3e150c", "#e9d3a1", "#2f6b4f"],
  ],
  honey: [
    ["#f7c548", "#d98e04", "#a66300", "#ffe9a3"],
    ["#f2b134", "#c06c00", "#8f4d00", "#ffd978"],
    ["#fbe29a", "#e8b84a", "#c38b1d", "#fff4cf"],
    ["#b8761c", "#6e4108", "#4d2c03", "#e0a847"],
  ],
  fruit: [
    ["#f6b26b", "#d9652b", "#a8431a", "#ffd9a8"],
    ["#f8e3b0", "#e2a65a", "#b9472f", "#fff1d0"],
  ],
  dairy: [
    ["#f7f4ec", "#dfe7ee", "#c9b99a", "#ffffff"],
    ["#fbf8f1", "#e6ddc8", "#b9c7d6", "#ffffff"],
    ["#fff6e0", "#ead9b0", "#d2b47a", "#fffdf5"],
  ],
};

/** The drawing's coordinates; it is rendered smaller (see makePhoto). */
const WIDTH = 1280;
const HEIGHT = 960;
/**
 * Rendered at 960×720: encoding is what makes start-up wait, and a 960 px
 * picture is sharp on any phone (the 1280 slot then holds it at 960 px, as it
 * would a small upload's).
 */
const RENDER_WIDTH = 960;

/** A simple picture per kind of goods: wood grain, felt ornament, a carpet's medallion, honeycomb, fruit, dairy. */
function pictureSvg(theme: Theme, variant: number): string {
  const palettes = PALETTES[theme];
  const [from, to, ink, light] = palettes[variant % palettes.length]!;
  // Repeatable, so the same listing always gets the same picture.
  const random = seededRandom((variant + 1 + theme.length * 31) * 0x9e3779b9);
  let art = "";
  if (theme === "wood") {
    for (let y = -20; y < HEIGHT + 40; y += 22 + Math.floor(random() * 14)) {
      const a = Math.round((random() - 0.5) * 60);
      const b = Math.round((random() - 0.5) * 60);
      const width = (1 + random() * 3).toFixed(1);
      art += `<path d="M0 ${y} C ${WIDTH * 0.3} ${y + a}, ${WIDTH * 0.6} ${y - b}, ${WIDTH} ${y + a / 2}" stroke="${ink}" stroke-width="${width}" fill="none" opacity="0.5"/>`;
    }
    const knotX = 300 + Math.round(random() * 680);
    const knotY = 200 + Math.round(random() * 560);
    for (let r = 10; r < 90; r += 14) art += `<ellipse cx="${knotX}" cy="${knotY}" rx="${r * 1.8}" ry="${r}" stroke="${ink}" stroke-width="3" fill="none" opacity="0.3"/>`;
  } else if (theme === "felt" || theme === "carpet") {
    const size = theme === "felt" ? 160 : 120;
    art += `<defs><pattern id="p" width="${size}" height="${size}" patternUnits="userSpaceOnUse">
      <path d="M${size / 2} 8 L${size - 8} ${size / 2} L${size / 2} ${size - 8} L8 ${size / 2} Z" fill="none" stroke="${ink}" stroke-width="10"/>
      <path d="M${size / 2} ${size * 0.3} L${size * 0.7} ${size / 2} L${size / 2} ${size * 0.7} L${size * 0.3} ${size / 2} Z" fill="${light}"/>
      <path d="M${size / 2 - 20} ${size / 2} q -20 -30 -40 -6 M${size / 2 + 20} ${size / 2} q 20 -30 40 -6" stroke="${ink}" stroke-width="6" fill="none"/>
    </pattern></defs>`;
    art += `<rect x="60" y="60" width="${WIDTH - 120}" height="${HEIGHT - 120}" fill="url(#p)" opacity="0.85"/>`;
    art += `<rect x="60" y="60" width="${WIDTH - 120}" height="${HEIGHT - 120}" fill="none" stroke="${light}" stroke-width="26"/>`;
    art += `<rect x="100" y="100" width="${WIDTH - 200}" height="${HEIGHT - 200}" fill="none" stroke="${ink}" stroke-width="10"/>`;
    if (theme === "carpet") {
      art += `<path d="M${WIDTH / 2} 230 L${WIDTH / 2 + 260} ${HEIGHT / 2} L${WIDTH / 2} ${HEIGHT - 230} L${WIDTH / 2 - 260} ${HEIGHT / 2} Z" fill="${to}" stroke="${light}" stroke-width="14"/>`;
      art += `<circle cx="${WIDTH / 2}" cy="${HEIGHT / 2}" r="70" fill="${light}"/>`;
    }
  } else if (theme === "honey") {
    const r = 58;
    const w = Math.sqrt(3) * r;
    for (let row = -1; row * r * 1.5 < HEIGHT + r; row++) {
      for (let col = -1; col * w < WIDTH + w; col++) {
        const cx = col * w + (row % 2 ? w / 2 : 0);
        const cy = row * r * 1.5;
        const points = Array.from({ length: 6 }, (_, k) => {
          const angle = (Math.PI / 3) * k + Math.PI / 6;
          return `${(cx + r * 0.94 * Math.cos(angle)).toFixed(1)},${(cy + r * 0.94 * Math.sin(angle)).toFixed(1)}`;
        }).join(" ");
        const filled = random() < 0.55;
        art += `<polygon points="${points}" fill="${filled ? light : "none"}" fill-opacity="${filled ? (0.25 + random() * 0.35).toFixed(2) : 0}" stroke="${ink}" stroke-width="6" opacity="0.8"/>`;
      }
    }
  } else if (theme === "fruit") {
    art += `<defs><radialGradient id="f" cx="35%" cy="35%" r="65%"><stop offset="0" stop-color="${light}"/><stop offset="0.6" stop-color="${from}"/><stop offset="1" stop-color="${ink}"/></radialGradient></defs>`;
    for (let i = 0; i < 34; i++) {
      const cx = Math.round(random() * WIDTH);
      const cy = Math.round(random() * HEIGHT);
      const rx = 60 + Math.round(random() * 50);
      art += `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${Math.round(rx * (0.7 + random() * 0.2))}" transform="rotate(${Math.round(random() * 180)} ${cx} ${cy})" fill="url(#f)" stroke="${ink}" stroke-opacity="0.4" stroke-width="3"/>`;
    }
  } else {
    art += `<circle cx="${WIDTH * 0.42}" cy="${HEIGHT * 0.55}" r="300" fill="${ink}" opacity="0.25"/>`;
    art += `<circle cx="${WIDTH * 0.42}" cy="${HEIGHT * 0.52}" r="270" fill="${light}"/>`;
    art += `<circle cx="${WIDTH * 0.42}" cy="${HEIGHT * 0.52}" r="210" fill="none" stroke="${ink}" stroke-width="8" opacity="0.5"/>`;
    for (let i = 0; i < 14; i++) {
      const angle = random() * Math.PI * 2;
      const distance = random() * 150;
      art += `<circle cx="${(WIDTH * 0.42 + Math.cos(angle) * distance).toFixed(0)}" cy="${(HEIGHT * 0.52 + Math.sin(angle) * distance).toFixed(0)}" r="${28 + Math.round(random() * 16)}" fill="${from}" stroke="${ink}" stroke-opacity="0.35" stroke-width="3"/>`;
    }
    art += `<circle cx="${WIDTH * 0.8}" cy="${HEIGHT * 0.3}" r="120" fill="${light}" stroke="${ink}" stroke-width="6" opacity="0.8"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${RENDER_WIDTH}" height="${(RENDER_WIDTH * HEIGHT) / WIDTH}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
    <defs>
      <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>
      <radialGradient id="light" cx="30%" cy="25%" r="85%"><stop offset="0" stop-color="#ffffff" stop-opacity="0.28"/><stop offset="1" stop-color="#000000" stop-opacity="0.22"/></radialGradient>
    </defs>
    <rect width="${WIDTH}" height="${HEIGHT}" fill="url(#bg)"/>
    ${art}
    <rect width="${WIDTH}" height="${HEIGHT}" fill="url(#light)"/>
  </svg>`;
}

/**
 * Draws the listing's picture as a camera JPEG would arrive, then processes
 * and stores it exactly as the seller's upload does (processPhoto → storePhoto).
 */
async function makePhoto(theme: Theme, variant: number): Promise<PhotoRef> {
  // The same picture always encodes to the same files: within one process
  // (the tests seed many databases) it is made once while its files remain.
  const key = `${theme}/${variant}`;
  const known = madePhotos.get(key);
  if (known && (await findStoredPhoto(known.hash))) return known;
  const jpeg = await sharp(Buffer.from(pictureSvg(theme, variant))).jpeg({ quality: 85 }).toBuffer();
  const result = await processPhoto(jpeg);
  if (!result.ok) throw new Error(`demo photo ${theme}/${variant}: ${result.reason}`);
  await storePhoto(result.photo);
  const ref = { hash: result.photo.hash, width: result.photo.width, height: result.photo.height };
  madePhotos.set(key, ref);
  return ref;
}

const madePhotos = new Map<string, PhotoRef>();

// ---------------------------------------------------------------- seeding

export interface DemoShopsResult {
  /** False when the demo sellers were already there (or no demo village exists): nothing was written. */
  created: boolean;
  sellers: number;
  listings: number;
  milliseconds: number;
  /** Of which making the photos took. */
  photoMilliseconds: number;
}

const DAY = 86_400_000;
const IP = "demo seed";

function demoSellersExist(db: Db): boolean {
  const row = db
    .select({ id: sellers.id })
    .from(sellers)
    .innerJoin(users, eq(users.id, sellers.userId))
    .where(inArray(users.phone, DEMO_SELLER_PHONES))
    .limit(1)
    .get();
  return row !== undefined;
}

function assertOk<T extends { ok: boolean }>(result: T, what: string): asserts result is Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`demo shops: ${what} refused: ${(result as { reason?: string }).reason}`);
}

/**
 * Seeds the demo coordinators, sellers and listings into the demo villages
 * that exist. Idempotent: when any demo seller exists, it writes nothing.
 * Photos are made first (asynchronously); then every row is written in one
 * transaction, so nobody ever sees half a demo. Dates lie in the
 * weeks before `now`, as if the shops had opened over the last month, so
 * anything listed afterwards is newer than every demo listing.
 */
export async function seedDemoShops(db: Db, now = new Date()): Promise<DemoShopsResult> {
  const began = performance.now();
  const none = (): DemoShopsResult => ({ created: false, sellers: 0, listings: 0, milliseconds: Math.round(performance.now() - began), photoMilliseconds: 0 });
  if (demoSellersExist(db)) return none();
  // The shops need the category tree; an empty one is seeded, as start-up does.
  if (countCategories(db) === 0) seedCategories(db);

  const villageIds = new Map(db.select({ id: villages.id, slug: villages.slug }).from(villages).all().map((v) => [v.slug, v.id]));
  const categoryIds = new Map(db.select({ id: categories.id, slug: categories.slug }).from(categories).all().map((c) => [c.slug, c.id]));
  const shops = SELLERS.filter((s) => villageIds.has(s.village));
  if (shops.length === 0) return none();

  const photos = new Map<DemoListing, PhotoRef>();
  await Promise.all(shops.flatMap((s) => s.listings).map(async (l) => photos.set(l, await makePhoto(l.photo.theme, l.photo.variant))));
  const photosReady = performance.now();

  // One outer transaction: each use case's own becomes a savepoint inside it,
  // so the demo appears whole or not at all, with one sync to disk instead of
  // a hundred. Checked again inside: another process may have seeded while
  // the photos were made.
  const written = writeTransaction(db, () => {
    if (demoSellersExist(db)) return undefined;
    // Staged like an upload, so the listings may take them (photo-staging).
    stagePhotos(db, [...photos.values()].map((p) => p.hash), null, now);
    return writeShops(db, shops, photos, villageIds, categoryIds, now);
  });
  if (!written) return none();
  const milliseconds = Math.round(performance.now() - began);
  return { created: true, ...written, milliseconds, photoMilliseconds: Math.round(photosReady - began) };
}

function writeShops(
  db: Db,
  shops: DemoSeller[],
  photos: Map<DemoListing, PhotoRef>,
  villageIds: Map<string, number>,
  categoryIds: Map<string, number>,
  now: Date,
): { sellers: number; listings: number } {
  const at = (daysAgo: number, minutes = 0) => new Date(now.getTime() - daysAgo * DAY + minutes * 60_000);
  const coordinatorIds = new Map<string, number>();
  for (const c of COORDINATORS) {
    const villageId = villageIds.get(c.village);
    if (villageId === undefined) continue;
    const user = findOrCreateUser(db, c.phone, at(60));
    updateProfile(db, { userId: user.id, displayName: c.name, preferredLanguage: c.village === "shyngystai" ? "ru" : "kk", ip: IP }, at(60));
    const granted = grantRole(db, { actorUserId: null, userId: user.id, role: "coordinator", villageId, ip: IP }, at(60));
    if (!granted.ok && granted.reason !== "identity.role_exists") assertOk(granted, `coordinator of ${c.village}`);
    coordinatorIds.set(c.village, user.id);
  }
  for (const a of ANALYSTS) {
    const regionId = a.region === null ? null : db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, a.region)).get()?.id;
    if (regionId === undefined) continue;
    const user = findOrCreateUser(db, a.phone, at(60));
    updateProfile(db, { userId: user.id, displayName: a.name, preferredLanguage: a.language, ip: IP }, at(60));
    const granted = grantRole(db, { actorUserId: null, userId: user.id, role: "analyst", regionId, ip: IP }, at(60));
    if (!granted.ok && granted.reason !== "identity.role_exists") assertOk(granted, `analyst ${a.phone}`);
  }

  let listingCount = 0;
  shops.forEach((s, index) => {
    const villageId = villageIds.get(s.village)!;
    const coordinatorId = coordinatorIds.get(s.village)!;
    const user = findOrCreateUser(db, s.phone, at(50, index));
    updateProfile(db, { userId: user.id, displayName: s.person, preferredLanguage: s.language, ip: IP }, at(50, index));
    const applied = applyToSell(db, { userId: user.id, villageSlug: s.village, name: s.shop, craft: s.craft, taxId: null, ip: IP }, at(45, index));
    assertOk(applied, `application of ${s.phone}`);
    const decided = decideApplication(
      db,
      { actorUserId: coordinatorId, villageId, applicationId: applied.applicationId, approve: true, reason: "", ip: IP },
      at(44, index),
    );
    assertOk(decided, `approval of ${s.phone}`);
    // The approval SMS would go to a made-up number (through a real gateway,
    // if one is configured): demo accounts get none. Marked in the same
    // transaction, so no delivery run ever sees it pending.
    db.update(outboxMessages)
      .set({ status: "failed", lastError: "demo account: not sent" })
      .where(and(eq(outboxMessages.userId, user.id), eq(outboxMessages.status, "pending")))
      .run();
    const seller = db.select({ id: sellers.id }).from(sellers).where(and(eq(sellers.userId, user.id), eq(sellers.villageId, villageId))).get();
    if (!seller) throw new Error(`demo shops: no seller row for ${s.phone}`);
    if (s.verified) assertOk(verifySeller(db, { actorUserId: coordinatorId, villageId, sellerId: seller.id, ip: IP }, at(40, index)), `verification of ${s.phone}`);

    s.listings.forEach((l, position) => {
      const { goods } = l;
      const categoryId = categoryIds.get(goods.category);
      if (categoryId === undefined) return; // an admin re-keyed the tree: leave that listing out
      const { [s.language]: own, ...translations } = goods.texts;
      if (!own) throw new Error(`demo shops: a listing of ${s.phone} has no text in ${s.language}`);
      // Through the form's own schema, as a seller's typed values would go.
      const listing = listingInput.parse({
        language: s.language,
        title: own.title,
        description: own.description,
        translations,
        categoryId,
        price: String(goods.priceTiyn / 100),
        unit: goods.unit,
        stock: l.stock,
        weightClass: goods.weightClass,
        madeToOrder: goods.leadDays !== undefined,
        leadDays: goods.leadDays,
      });
      const created = createListing(
        db,
        { sellerId: seller.id, listing, photos: [photos.get(l)!], publish: true, by: { userId: user.id } },
        at(30 - index * 3 - position, 10 * position),
      );
      assertOk(created, `listing "${own.title}"`);
      listingCount++;
    });
  });
  return { sellers: shops.length, listings: listingCount };
}

/** The line start-up prints after seeding, so a newcomer knows whom to sign in as. */
export function demoSignInHint(result: DemoShopsResult): string {
  if (!result.created) return "Demo: the demo sellers are already there; nothing seeded.";
  const seeded = `Demo: ${result.sellers} sellers and ${result.listings} listings seeded in ${result.milliseconds} ms (photos ${result.photoMilliseconds} ms).`;
  const who = `${formatPhone(DEMO_COORDINATOR.phone)} (coordinator of Besagash), ${formatPhone(SELLERS[0]!.phone)} (a seller there) or ${formatPhone(ANALYSTS[0]!.phone)} (an analyst: /insights)`;
  return isDevOutboxActive()
    ? `${seeded} Sign in as ${who} — codes arrive at /dev/sms`
    : `${seeded} Their phones (${who}) are made up: with an SMS gateway configured, nobody receives their codes.`;
}
