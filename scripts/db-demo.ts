/**
 * `npm run db:demo -- --villages 100 --sellers 10000 --listings 100000`:
 * fills a database with DESIGN §6's dataset for `npm run bench` and for trying
 * the storefront at scale. Everything it makes is demo: demo villages (marked
 * is_demo, with households and a story in three languages), sellers with
 * users and approved applications, and trilingual listings in the seeded
 * categories (furniture is heavy and often made to order).
 *
 * --orders <n> adds n finished orders over the 18 months before now, shaped by
 * the demo history's generator (db/seed/demo-history.ts: each village's line
 * of trade with its seasons and growth, the order machine's transitions with
 * their actors and times, disputes, returns, missed drop-offs, cash): a
 * checkout, the order, its line and its order events each, written one
 * transaction per month. The LEDGER IS LEFT OUT for this bench dataset (a
 * million orders' transfers would triple the time and the file, and no
 * dashboard reads them): refunds therefore count as 0 tiyn here, and
 * checkLedgerInvariants does not hold on it. Every order sent to another hub's
 * point rides a shipment (the hub's parcels for one point every three days,
 * carrier kind by point, expected two days after leaving; no lanes, so no
 * delivery fees), for the logistics figures. The rollups are then built by
 * rebuildRollups month by month — the real code path the dashboards read.
 * Never use such a database for money.
 *
 * Options: --database <file> (default DATABASE_PATH), --photos <n> synthetic
 * photos written to --photos-dir (default PHOTOS_DIR) and shared among the
 * listings, --seed <n> for a different but repeatable dataset. Refuses to
 * write into a database that already has listings.
 *
 * The goods, the villages' stories and the people's names are the demo
 * catalogue's (db/seed/demo-catalogue.ts): its country-wide goods per category.
 *
 * Fast on purpose: one transaction, prepared statements, no ORM per row.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase } from "../app/db.server";
import { processPhoto } from "../app/domain/catalog/photos.server";
import { foldForSearch } from "../app/domain/catalog/search-text";
import { addMonths, almatyDay, almatyDayStart, almatyMonth, monthsBetween } from "../app/domain/insights/calendar";
import { rebuildRollups } from "../app/domain/insights/rollups.server";
import {
  askingPrice,
  DELIVERY,
  GOODS_CATEGORIES,
  LINES,
  lineOfSpecialty,
  MATERIALS,
  personName,
  pick,
  seededRandom,
  TRADES,
  type Trilingual,
  whole,
} from "../db/seed/demo-catalogue";
import { HISTORY_MONTHS, demandOf, orderTimeline, pickFate, type StepActor } from "../db/seed/demo-history";
import { seedCategories, seedGeography } from "../db/seed/seed";

const { values: args } = parseArgs({
  options: {
    villages: { type: "string", default: "100" },
    sellers: { type: "string", default: "10000" },
    listings: { type: "string", default: "100000" },
    database: { type: "string" },
    photos: { type: "string", default: "0" },
    "photos-dir": { type: "string" },
    seed: { type: "string", default: "1" },
    orders: { type: "string", default: "0" },
  },
});

function count(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    console.error(`--${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const VILLAGES = count("villages", args.villages, 2000);
const SELLERS = count("sellers", args.sellers, 1_000_000);
const LISTINGS = count("listings", args.listings, 5_000_000);
const PHOTOS = count("photos", args.photos, 500);
const ORDERS = count("orders", args.orders, 10_000_000);
const DATABASE = args.database ?? process.env.DATABASE_PATH ?? "data/auyl.db";
const PHOTOS_DIR = args["photos-dir"] ?? process.env.PHOTOS_DIR ?? "data/photos";

// A repeatable random source, so two runs make the same data.
const random = seededRandom(count("seed", args.seed, 1_000_000) * 0x9e3779b9);

// ---------------------------------------------------------------------------
// Names: Kazakh first, Russian and English spellings derived from it.

const TO_RU: Record<string, string> = { ә: "а", ғ: "г", қ: "к", ң: "н", ө: "о", ұ: "у", ү: "у", і: "и", һ: "х" };
const TO_EN: Record<string, string> = {
  а: "a", ә: "a", б: "b", в: "v", г: "g", ғ: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "i",
  і: "i", к: "k", қ: "k", л: "l", м: "m", н: "n", ң: "n", о: "o", ө: "o", п: "p", р: "r", с: "s", т: "t",
  у: "u", ұ: "u", ү: "u", ф: "f", х: "kh", һ: "h", ц: "ts", ч: "ch", ш: "sh", щ: "sh", ъ: "", ы: "y",
  ь: "", э: "e", ю: "yu", я: "ya",
};
const mapLetters = (text: string, table: Record<string, string>) =>
  [...text]
    .map((char) => {
      const lower = char.toLowerCase();
      const mapped = table[lower];
      if (mapped === undefined) return char;
      return char === lower ? mapped : mapped.charAt(0).toUpperCase() + mapped.slice(1);
    })
    .join("");
const toRu = (kk: string) => mapLetters(kk, TO_RU);
const toEn = (kk: string) => mapLetters(kk, TO_EN);
const slugOf = (kk: string) => toEn(kk).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

const PLACE_HEADS = ["Ақ", "Қара", "Көк", "Сары", "Жаңа", "Үлкен", "Кіші", "Алтын", "Күміс", "Ескі", "Бес", "Үш", "Қызыл", "Жасыл"];
const PLACE_TAILS = ["бұлақ", "су", "төбе", "қайың", "тау", "көл", "жар", "арық", "терек", "өзек", "құдық", "қия", "ағаш", "шілік", "сай"];

// ---------------------------------------------------------------------------

async function makePhotos(n: number): Promise<{ hash: string; width: number; height: number }[]> {
  if (n === 0) return [];
  const sharp = (await import("sharp")).default;
  fs.mkdirSync(PHOTOS_DIR, { recursive: true });
  const photos: { hash: string; width: number; height: number }[] = [];
  const noise = (width: number, height: number, amplitude: number) => {
    const data = Buffer.alloc(width * height * 3);
    for (let p = 0; p < data.length; p++) data[p] = 128 + whole(random, -amplitude, amplitude);
    return sharp(data, { raw: { width, height, channels: 3 } });
  };
  for (let i = 0; i < n; i++) {
    // Coarse and finer detail upscaled on a warm tone: a 320 px WebP of it
    // weighs what a phone's photo of wood or felt does (about 14 KB), so the
    // bench's thumbnail sizes mean something.
    const width = 1600;
    const height = 1200;
    const coarse = await noise(24, 18, 120).resize(width, height, { kernel: "cubic" }).raw().toBuffer();
    const fine = await noise(96, 72, 40).resize(width, height, { kernel: "cubic" }).raw().toBuffer();
    const base = [whole(random, 110, 190), whole(random, 80, 130), whole(random, 40, 100)];
    const pixels = Buffer.alloc(width * height * 3);
    for (let p = 0; p < pixels.length; p++) {
      pixels[p] = Math.max(0, Math.min(255, (coarse[p] ?? 128) - 128 + (fine[p] ?? 128) - 128 + (base[p % 3] ?? 0)));
    }
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
    const result = await processPhoto(jpeg);
    if (!result.ok) throw new Error(`photo ${i}: ${result.reason}`);
    for (const variant of result.photo.variants) {
      fs.writeFileSync(path.join(PHOTOS_DIR, `${result.photo.hash}-${variant.width}.webp`), variant.data);
    }
    photos.push({ hash: result.photo.hash, width: result.photo.width, height: result.photo.height });
  }
  return photos;
}

type Sellable = Map<number, { id: number; priceTiyn: number; title: string; language: "kk" | "ru" | "en"; heavy: boolean }[]>;

/**
 * ORDERS finished orders over the HISTORY_MONTHS months before now (see the
 * module comment: no ledger). Villages sell by their line's season and the
 * history's growth; each month is one transaction, then its rollups (and the
 * month before's, now complete) are rebuilt by rebuildRollups.
 */
function writeOrders(sqlite: ReturnType<typeof openDatabase>["sqlite"], db: ReturnType<typeof openDatabase>["db"], sellerRows: { id: number; userId: number; villageId: number }[], sellable: Sellable, now: number) {
  const began = performance.now();
  // The orders' own generator. (The seller, the listing, the quantity and the point are drawn from the
  // dataset's, as they always were: the same seed makes the same orders.)
  const orderRandom = seededRandom(count("seed", args.seed, 1_000_000) * 31 + 7);
  const villages = sqlite.prepare("SELECT id, specialty FROM villages ORDER BY id").all() as { id: number; specialty: string | null }[];
  const points = sqlite.prepare("SELECT id, village_id AS villageId, storage_days AS storageDays, accepts_cash AS acceptsCash FROM pickup_points WHERE active = 1 ORDER BY id").all() as {
    id: number;
    villageId: number;
    storageDays: number;
    acceptsCash: number;
  }[];
  if (points.length === 0) throw new Error("no pickup points: the demo geography seeds them");
  const rates = { platformBp: 500, coopBp: 200 };
  // Buyers: one in twenty orders' worth of people, so many come back.
  const buyerCount = Math.max(100, Math.round(ORDERS / 20));
  const insertBuyer = sqlite.prepare("INSERT INTO users (phone, preferred_language, created_at) VALUES (?, 'kk', ?) RETURNING id");
  const buyers: number[] = [];
  sqlite.transaction(() => {
    for (let b = 0; b < buyerCount; b++) buyers.push((insertBuyer.get(`+7709${String(b).padStart(7, "0")}`, now - 600 * 86_400_000) as { id: number }).id);
  })();
  const byVillage = new Map<number, { id: number; userId: number; listings: NonNullable<ReturnType<Sellable["get"]>> }[]>();
  for (const seller of sellerRows) {
    const listings = sellable.get(seller.id);
    if (!listings?.length) continue;
    byVillage.set(seller.villageId, [...(byVillage.get(seller.villageId) ?? []), { id: seller.id, userId: seller.userId, listings }]);
  }
  const selling = villages.filter((v) => byVillage.has(v.id));
  const coordinator = new Map<number, number>();
  // The hub's steps need a person: the village's first seller stands in for its coordinator (no coordinators in this dataset).
  for (const v of selling) coordinator.set(v.id, byVillage.get(v.id)![0]!.userId);
  const st = {
    checkout: sqlite.prepare("INSERT INTO checkouts (buyer_user_id, pickup_point_id, payment_method, total_tiyn, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
    order: sqlite.prepare(
      `INSERT INTO orders (checkout_id, buyer_user_id, seller_id, seller_village_id, pickup_point_id, payment_method, status, total_tiyn, platform_rate_bp, coop_rate_bp,
         same_village, received_at_hub_at, cash_collected_tiyn, created_at, updated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    item: sqlite.prepare("INSERT INTO order_items (order_id, listing_id, title, language, price_tiyn, quantity, line_tiyn) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    event: sqlite.prepare("INSERT INTO order_events (order_id, at, actor_user_id, event, from_status, to_status) VALUES (?, ?, ?, ?, ?, ?)"),
    shipment: sqlite.prepare(
      `INSERT INTO shipments (from_village_id, to_pickup_point_id, status, carrier_kind, carrier_name, carrier_phone, created_at, departed_at, expected_arrival_at, arrived_at)
       VALUES (?, ?, 'arrived', ?, ?, '+77010000000', ?, ?, ?, ?) RETURNING id`,
    ),
    parcel: sqlite.prepare("INSERT INTO shipment_parcels (shipment_id, order_id, state, loaded_scan_at, arrived_scan_at) VALUES (?, ?, 'arrived', ?, ?)"),
  };
  const CARRIERS = ["coop_van", "bus_driver", "kazpost", "courier"] as const;
  let shipped = 0;
  const lastMonth = almatyMonth(new Date(now));
  const months = monthsBetween(addMonths(lastMonth, -(HISTORY_MONTHS - 1)), lastMonth);
  const weights = months.map((month, index) => selling.map((v) => demandOf(lineOfSpecialty(v.specialty), month, index)));
  const total = weights.flat().reduce((a, b) => a + b, 0);
  let orders = 0;
  let events = 0;
  let rollupSeconds = 0;
  months.forEach((month, index) => {
    const from = almatyDayStart(`${month}-01`).getTime();
    const end = Math.min(almatyDayStart(`${addMonths(month, 1)}-01`).getTime(), now);
    const villageWeights = weights[index]!;
    const monthTotal = villageWeights.reduce((a, b) => a + b, 0);
    const target = index === months.length - 1 ? ORDERS - orders : Math.round((ORDERS * monthTotal) / total);
    // The logistics figures (docs/metrics.md "Logistics"): a hub sends the parcels for one point together,
    // one shipment every three days, expected two days after it leaves (no lanes here, so no fees).
    const shipmentOf = new Map<string, number>();
    sqlite.transaction(() => {
      let written = 0;
      let guard = 0;
      while (written < target && guard++ < target * 3) {
        let roll = orderRandom() * monthTotal;
        const vIndex = villageWeights.findIndex((w) => (roll -= w) < 0);
        const village = selling[vIndex < 0 ? selling.length - 1 : vIndex]!;
        const seller = pick(random, byVillage.get(village.id)!);
        const listing = pick(random, seller.listings);
        const quantity = listing.heavy ? 1 : whole(random, 1, 3);
        const local = orderRandom() < 0.15;
        const point = local ? (points.find((p) => p.villageId === village.id) ?? pick(random, points)) : pick(random, points);
        const method = point.acceptsCash && orderRandom() < 0.2 ? "cash" : "online";
        // Orders still under way now are left out (the guard bounds the retries in the month that has just begun).
        const placedAt = from + orderRandom() * (end - from);
        const timeline = orderTimeline({
          placedAt, method, sameVillage: point.villageId === village.id, storageDays: point.storageDays, fate: pickFate(orderRandom, method), random: orderRandom,
        });
        if (timeline.finishedAt > now) continue;
        const buyer = buyers[Math.floor(buyers.length * orderRandom() ** 2.2)]!;
        const lineTiyn = listing.priceTiyn * quantity;
        const checkoutId = (st.checkout.get(buyer, point.id, method, lineTiyn, `bench:${month}:${written}`, placedAt) as { id: number }).id;
        const orderId = (
          st.order.get(
            checkoutId, buyer, seller.id, village.id, point.id, method, timeline.status, lineTiyn, rates.platformBp, rates.coopBp, point.villageId === village.id ? 1 : 0,
            timeline.receivedAtHubAt, method === "cash" && timeline.status === "completed" ? lineTiyn : null, placedAt, timeline.finishedAt, timeline.finishedAt,
          ) as { id: number }
        ).id;
        st.item.run(orderId, listing.id, listing.title, listing.language, listing.priceTiyn, quantity, lineTiyn);
        const actor = (a: StepActor) =>
          a === "buyer" ? buyer : a === "seller" ? seller.userId : a === "seller_hub" ? coordinator.get(village.id)! : a === "point_hub" ? (coordinator.get(point.villageId) ?? coordinator.get(village.id)!) : null;
        for (const s of timeline.steps) st.event.run(orderId, s.at, actor(s.actor), s.event, s.from, s.to);
        events += timeline.steps.length;
        const sent = timeline.steps.find((s) => s.event === "send");
        const arrived = sent && timeline.steps.find((s) => s.event === "arrive" && s.at >= sent.at);
        if (sent && arrived) {
          const trip = Math.floor(sent.at / (3 * 86_400_000));
          const key = `${village.id}|${point.id}|${trip}`;
          let shipmentId = shipmentOf.get(key);
          if (shipmentId === undefined) {
            const carrier = CARRIERS[point.id % CARRIERS.length]!;
            const expected = almatyDayStart(almatyDay(new Date(sent.at + 2 * 86_400_000))).getTime() + 18 * 3_600_000;
            shipmentId = (st.shipment.get(village.id, point.id, carrier, carrier, sent.at, sent.at, expected, arrived.at) as { id: number }).id;
            shipmentOf.set(key, shipmentId);
          }
          st.parcel.run(shipmentId, orderId, sent.at, arrived.at);
          shipped++;
        }
        written++;
      }
      orders += written;
    })();
    const rollupBegan = performance.now();
    const previous = addMonths(month, -1);
    rebuildRollups(db, { from: `${index === 0 ? month : previous}-01`, to: `${index === months.length - 1 ? month : previous}-01` });
    rollupSeconds += (performance.now() - rollupBegan) / 1000;
    console.log(`  ${month}: ${orders} orders so far, ${((performance.now() - began) / 1000).toFixed(0)} s`);
  });
  return { orders, events, shipped, seconds: (performance.now() - began) / 1000, rollupSeconds };
}

async function main(): Promise<void> {
  const began = performance.now();
  const { sqlite, db } = openDatabase(DATABASE);
  const existing = sqlite.prepare("SELECT count(*) AS n FROM listings").get() as { n: number };
  if (existing.n > 0) {
    console.error(`${DATABASE} already has ${existing.n} listings: use a new file (--database) or npm run db:reset.`);
    sqlite.close();
    process.exit(1);
  }
  seedGeography(db, { demo: true, classifier: true });
  seedCategories(db);
  const photos = await makePhotos(PHOTOS);

  const now = Date.now();
  const DAY = 86_400_000;
  const categoryId = new Map(
    (sqlite.prepare("SELECT id, slug FROM categories").all() as { id: number; slug: string }[]).map((c) => [c.slug, c.id]),
  );
  for (const kind of GOODS_CATEGORIES) if (!categoryId.has(kind.category)) throw new Error(`no category ${kind.category}`);

  const insert = {
    district: sqlite.prepare(
      "INSERT INTO districts (region_id, slug, name_kk, name_ru, name_en, is_demo) VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
    ),
    village: sqlite.prepare(
      `INSERT INTO villages (district_id, slug, name_kk, name_ru, name_en, households, specialty, story_kk, story_ru, story_en, is_demo)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
    ),
    story: sqlite.prepare("UPDATE villages SET story_kk = ?, story_ru = ?, story_en = ? WHERE id = ? AND story_kk IS NULL"),
    user: sqlite.prepare("INSERT INTO users (phone, display_name, preferred_language, created_at) VALUES (?, ?, ?, ?) RETURNING id"),
    application: sqlite.prepare(
      `INSERT INTO seller_applications (user_id, village_id, name, craft, status, created_at, decided_at)
       VALUES (?, ?, ?, ?, 'approved', ?, ?) RETURNING id`,
    ),
    seller: sqlite.prepare(
      "INSERT INTO sellers (user_id, village_id, application_id, name, approved_at, verified_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    ),
    grant: sqlite.prepare("INSERT INTO role_grants (user_id, role, village_id, granted_at) VALUES (?, 'seller', ?, ?)"),
    listing: sqlite.prepare(
      `INSERT INTO listings (seller_id, village_id, category_id, language, title_kk, title_ru, title_en,
         description_kk, description_ru, description_en, search_text, price_tiyn, unit, stock, weight_class,
         made_to_order, lead_days, status, created_at, updated_at, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    photo: sqlite.prepare(
      "INSERT INTO listing_photos (listing_id, hash, width, height, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    ),
  };

  const made = { districts: 0, villages: 0, users: 0, sellers: 0, listings: 0, photos: 0 };
  /** Active listings by seller, for the orders. */
  const sellable = new Map<number, { id: number; priceTiyn: number; title: string; language: "kk" | "ru" | "en"; heavy: boolean }[]>();
  let sellerRows: { id: number; userId: number; villageId: number }[] = [];
  sqlite.transaction(() => {
    // Villages: the seeded demo ones first, then new demo villages across the regions.
    const villages = sqlite.prepare("SELECT id, name_kk AS nameKk, specialty FROM villages ORDER BY id").all() as {
      id: number;
      nameKk: string;
      specialty: string | null;
    }[];
    for (const v of villages) {
      const { story } = TRADES[lineOfSpecialty(v.specialty)];
      insert.story.run(story.kk.replaceAll("{name}", v.nameKk), story.ru.replaceAll("{name}", toRu(v.nameKk)), story.en.replaceAll("{name}", toEn(v.nameKk)), v.id);
    }
    const regions = sqlite.prepare("SELECT id, iso_code AS isoCode FROM regions WHERE kind = 'region' ORDER BY iso_code").all() as {
      id: number;
      isoCode: string;
    }[];
    const usedSlugs = new Set((sqlite.prepare("SELECT slug FROM villages").all() as { slug: string }[]).map((r) => r.slug));
    const districtOf = new Map<number, number>();
    let attempt = 0;
    while (villages.length < VILLAGES) {
      const head = PLACE_HEADS[attempt % PLACE_HEADS.length] as string;
      const tail = PLACE_TAILS[Math.floor(attempt / PLACE_HEADS.length) % PLACE_TAILS.length] as string;
      const round = Math.floor(attempt / (PLACE_HEADS.length * PLACE_TAILS.length));
      attempt++;
      const nameKk = round === 0 ? `${head}${tail}` : `${head}${tail} ${round + 1}`;
      const slug = slugOf(nameKk);
      if (usedSlugs.has(slug)) continue;
      usedSlugs.add(slug);
      const region = regions[villages.length % regions.length] as { id: number; isoCode: string };
      let districtId = districtOf.get(region.id);
      if (districtId === undefined) {
        const dHead = pick(random, PLACE_HEADS);
        const dKk = `${dHead}${pick(random, PLACE_TAILS)}`;
        const row = insert.district.get(region.id, `demo-${slugOf(dKk)}-${region.isoCode.slice(3)}`, `${dKk} ауданы`, `${toRu(dKk)}ский район`, `${toEn(dKk)} District`) as { id: number };
        districtId = row.id;
        districtOf.set(region.id, districtId);
        made.districts++;
      }
      const specialty = pick(random, LINES);
      const { story } = TRADES[specialty];
      const nameRu = toRu(nameKk);
      const nameEn = toEn(nameKk);
      const row = insert.village.get(
        districtId, slug, nameKk, nameRu, nameEn, whole(random, 300, 6000), specialty,
        story.kk.replaceAll("{name}", nameKk), story.ru.replaceAll("{name}", nameRu), story.en.replaceAll("{name}", nameEn),
      ) as { id: number };
      villages.push({ id: row.id, nameKk, specialty });
      made.villages++;
    }

    // Sellers: a user, an approved application, the seller, the seller@village role.
    const sellers: { id: number; userId: number; villageId: number; language: "kk" | "ru" | "en" }[] = [];
    for (let i = 0; i < SELLERS; i++) {
      const village = villages[i % villages.length] as { id: number };
      const name = personName(random);
      const roll = random();
      const language = roll < 0.65 ? "kk" : roll < 0.95 ? "ru" : "en";
      const joined = now - whole(random, 30, 700) * DAY;
      const phone = `+7700${String(i).padStart(7, "0")}`;
      const user = insert.user.get(phone, name, language, joined) as { id: number };
      const application = insert.application.get(user.id, village.id, name, "demo", joined, joined + DAY) as { id: number };
      const seller = insert.seller.get(user.id, village.id, application.id, name, joined + DAY, random() < 0.4 ? joined + 7 * DAY : null) as { id: number };
      insert.grant.run(user.id, village.id, joined + DAY);
      sellers.push({ id: seller.id, userId: user.id, villageId: village.id, language });
      made.users++;
      made.sellers++;
    }
    sellerRows = sellers;

    // Listings: the seller's language is the original; some are translated.
    for (let i = 0; i < LISTINGS && sellers.length > 0; i++) {
      const seller = sellers[Math.floor(random() * sellers.length)] as (typeof sellers)[number];
      const kind = pick(random, GOODS_CATEGORIES);
      const item = pick(random, kind.goods);
      const material = kind.namesWood ? pick(random, MATERIALS) : undefined;
      const detail = pick(random, kind.details);
      const title: Trilingual = {
        kk: material ? `${item.title.kk}, ${material.kk}` : item.title.kk,
        ru: material ? `${item.title.ru}, ${material.ru}` : item.title.ru,
        en: material ? `${item.title.en}, ${material.en}` : item.title.en,
      };
      const description: Trilingual = {
        kk: `${detail.kk} ${DELIVERY.kk}`,
        ru: `${detail.ru} ${DELIVERY.ru}`,
        en: `${detail.en} ${DELIVERY.en}`,
      };
      const roll = random();
      const languages = new Set<"kk" | "ru" | "en">([seller.language]);
      if (roll < 0.5) ["kk", "ru", "en"].forEach((l) => languages.add(l as "kk" | "ru" | "en"));
      else if (roll < 0.7) languages.add(seller.language === "ru" ? "kk" : "ru");
      const text = (lang: "kk" | "ru" | "en", field: typeof title) => (languages.has(lang) ? field[lang] : null);
      const texts = [text("kk", title), text("ru", title), text("en", title), text("kk", description), text("ru", description), text("en", description)];
      const madeToOrder = random() < kind.madeToOrderShare;
      const statusRoll = random();
      const status = statusRoll < 0.9 ? "active" : statusRoll < 0.94 ? "paused" : statusRoll < 0.98 ? "sold_out" : "draft";
      const stock = madeToOrder || status === "sold_out" ? 0 : whole(random, 1, kind.unit === "kg" ? 300 : 20);
      const created = now - whole(random, 0, 365) * DAY - whole(random, 0, DAY);
      const priceTenge = askingPrice(whole(random, item.priceTiyn[0] / 100, item.priceTiyn[1] / 100));
      const listing = insert.listing.get(
        seller.id, seller.villageId, categoryId.get(kind.category), seller.language, ...texts,
        foldForSearch(texts.filter(Boolean).join(" ")), priceTenge * 100, kind.unit, stock, kind.weightClass,
        madeToOrder ? 1 : 0, madeToOrder ? whole(random, 5, 45) : null, status, created, created,
        status === "draft" ? null : created + whole(random, 0, 3600_000),
      ) as { id: number };
      made.listings++;
      if (status === "active") {
        const list = sellable.get(seller.id) ?? [];
        list.push({ id: listing.id, priceTiyn: priceTenge * 100, title: texts.find((t) => t !== null) ?? item.title.kk, language: seller.language, heavy: kind.unit !== "kg" });
        sellable.set(seller.id, list);
      }
      if (photos.length > 0) {
        const n = whole(random, 1, 3);
        for (let p = 0; p < n; p++) {
          const photo = photos[(listing.id + p) % photos.length] as (typeof photos)[number];
          insert.photo.run(listing.id, photo.hash, photo.width, photo.height, p, created);
          made.photos++;
        }
      }
    }
  })();
  const ordered = ORDERS > 0 ? writeOrders(sqlite, db, sellerRows, sellable, now) : null;

  // A live database's search index is merged bit by bit as it grows; a bulk
  // load leaves 100 000 small segments, so merge them once, and give the
  // query planner its statistics.
  sqlite.prepare("INSERT INTO listings_fts (listings_fts) VALUES ('optimize')").run();
  sqlite.exec("ANALYZE");
  sqlite.close();
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  console.log(
    `${DATABASE}: ${made.villages} new demo villages (${made.districts} districts), ${made.sellers} sellers with users, ` +
      `${made.listings} listings, ${made.photos} listing photos (${PHOTOS} files in ${PHOTOS_DIR})` +
      (ordered ? `, ${ordered.orders} orders with ${ordered.events} order events and ${ordered.shipped} parcels in shipments (${ordered.seconds.toFixed(1)} s, rollups ${ordered.rollupSeconds.toFixed(1)} s)` : "") +
      ` in ${seconds} s; ${(fs.statSync(DATABASE).size / 1_048_576).toFixed(0)} MB.`,
  );
}

await main();
