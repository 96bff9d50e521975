import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { writeTransaction } from "../../app/db.server";
import type { CarrierKind, PickupPointKind } from "../../app/domain/logistics/pickup-point-kinds";
import { weekdayMask } from "../../app/domain/logistics/delivery-route";
import { lanes, pickupPoints, villages } from "../schema";

interface DemoPoint {
  kind: PickupPointKind;
  name: string;
  address: string;
  openingHours: string;
  storageDays: number;
  acceptsCash: boolean;
}

/**
 * One or two pickup points per demo village, written as a village coordinator
 * would: in their own words, in Kazakh (the schema keeps one language).
 */
const DEMO_POINTS: Record<string, DemoPoint[]> = {
  besagash: [
    { kind: "coop_warehouse", name: "Бесағаш кооперативінің қоймасы", address: "Бесағаш ауылы, Абай көшесі, 12", openingHours: "Дс–Жм 09:00–18:00, Сб 10:00–14:00", storageDays: 7, acceptsCash: true },
    { kind: "post_office", name: "Қазпошта, Бесағаш бөлімшесі", address: "Бесағаш ауылы, Рысқұлов көшесі, 3", openingHours: "Дс–Жм 09:00–17:00", storageDays: 10, acceptsCash: false },
  ],
  turgen: [
    { kind: "hub_shop", name: "«Түрген» дүкені", address: "Түрген ауылы, Жібек жолы көшесі, 45", openingHours: "Күн сайын 08:00–21:00", storageDays: 7, acceptsCash: true },
  ],
  karabulak: [
    { kind: "coop_warehouse", name: "Қарабұлақ кілем кооперативі", address: "Қарабұлақ ауылы, Төле би көшесі, 28", openingHours: "Дс–Сб 09:00–18:00", storageDays: 7, acceptsCash: true },
    { kind: "locker", name: "Постамат, орталық базар", address: "Қарабұлақ ауылы, базар алаңы", openingHours: "Тәулік бойы", storageDays: 3, acceptsCash: false },
  ],
  "ulken-naryn": [
    { kind: "hub_shop", name: "«Бал-Нарын» дүкені", address: "Үлкен Нарын ауылы, Бейбітшілік көшесі, 7", openingHours: "Дс–Сб 09:00–19:00", storageDays: 7, acceptsCash: true },
  ],
  shyngystai: [
    { kind: "post_office", name: "Қазпошта, Шыңғыстай бөлімшесі", address: "Шыңғыстай ауылы, Орталық көше, 1", openingHours: "Дс, Ср, Жм 10:00–16:00", storageDays: 14, acceptsCash: false },
  ],
  katarkol: [
    { kind: "hub_shop", name: "Қатаркөл ауыл дүкені", address: "Қатаркөл ауылы, Көл жағасы көшесі, 5", openingHours: "Күн сайын 08:00–20:00", storageDays: 7, acceptsCash: true },
  ],
};

/**
 * Gives each demo village its demo pickup points, so checkout has somewhere
 * to collect from. A village that already has points (a coordinator's, or
 * an earlier run's) is left as it is: running it again changes nothing.
 */
export function seedDemoPickupPoints(db: Db, now = new Date()): void {
  writeTransaction(db, (tx) => {
    for (const [slug, points] of Object.entries(DEMO_POINTS)) {
      const village = tx.select({ id: villages.id, katoCode: villages.katoCode }).from(villages).where(eq(villages.slug, slug)).get();
      if (!village) continue;
      const existing = tx.select({ n: sql<number>`count(*)` }).from(pickupPoints).where(eq(pickupPoints.villageId, village.id)).get();
      if ((existing?.n ?? 0) > 0) continue;
          for (const point of points) tx.insert(pickupPoints).values({ ...point, villageId: village.id, settlementCode: village.katoCode, active: true, createdAt: now }).run();
    }
  });
  seedDemoCityPoints(db, now);
}

/**
 * Almaly district of Almaty and Esil district of Astana (KATO lists a republican city's districts, not the city, as its places),
 * and the town of Talgar, the district centre where the demo's regional sorting hub stands.
 */
export const DEMO_CITY_CODES = ["751110000", "711210000", "196220100"] as const;

interface DemoCityPoint extends DemoPoint {
  settlementCode: (typeof DEMO_CITY_CODES)[number];
  /** The village hub that answers for it. */
  hub: string;
  capacityParcels: number | null;
  maxWeightClass: "upTo15kg" | "15to50kg" | "over50kg";
}

/** The demo's city pickup points: a partner shop and a parcel locker in Almaty, a partner shop in Astana. */
export const DEMO_CITY_POINTS: DemoCityPoint[] = [
  {
    settlementCode: "751110000",
    hub: "besagash",
    kind: "partner_shop",
    name: "«Ауыл дәмі» серіктес дүкені, Алматы",
    address: "Алматы қ., Алмалы ауданы, Абылай хан даңғылы, 90",
    openingHours: "Күн сайын 09:00–21:00",
    storageDays: 7,
    acceptsCash: true,
    capacityParcels: 60,
    maxWeightClass: "over50kg",
  },
  {
    settlementCode: "751110000",
    hub: "besagash",
    kind: "locker",
    name: "Постамат, Алмалы базары",
    address: "Алматы қ., Алмалы ауданы, Жібек жолы көшесі, 53",
    openingHours: "Тәулік бойы",
    storageDays: 3,
    acceptsCash: false,
    capacityParcels: 40,
    maxWeightClass: "upTo15kg",
  },
  {
    settlementCode: "711210000",
    hub: "karabulak",
    kind: "partner_shop",
    name: "«Дала» серіктес дүкені, Астана",
    address: "Астана қ., Есіл ауданы, Қабанбай батыр даңғылы, 11",
    openingHours: "Дс–Сб 10:00–20:00",
    storageDays: 7,
    acceptsCash: true,
    capacityParcels: 30,
    maxWeightClass: "over50kg",
  },
  // A regional sorting hub (decision chained-shipments): Karabulak's parcels for the Zhetisu shop ride to it, then on to Almaty.
  {
    settlementCode: "196220100",
    hub: "besagash",
    kind: "sorting_hub",
    name: "Талғар аудандық сұрыптау хабы",
    address: "Талғар қ., Тәуелсіздік көшесі, 40",
    openingHours: "Дс–Сб 08:00–20:00",
    storageDays: 7,
    acceptsCash: false,
    capacityParcels: 200,
    maxWeightClass: "over50kg",
  },
  {
    settlementCode: "751110000",
    hub: "besagash",
    kind: "partner_shop",
    name: "«Жетісу» серіктес дүкені, Алматы",
    address: "Алматы қ., Алмалы ауданы, Төле би көшесі, 73",
    openingHours: "Күн сайын 10:00–20:00",
    storageDays: 7,
    acceptsCash: true,
    capacityParcels: 40,
    maxWeightClass: "over50kg",
  },
];

interface DemoLane {
  /** A village hub's slug, or (with `fromPoint`) nothing: the lane leaves a sorting hub. */
  from: string;
  fromPoint?: string;
  to: string;
  carrierKind: CarrierKind;
  carrierName: string;
  weekdays: string[];
  transitDays: number;
  tariffsTenge: [number | null, number | null, number | null];
}

/** Besagash's own van and Kazpost from Karabulak to Almaty, and Karabulak's two legs via Talgar (tariffs near Kaspi's by weight class; Astana has no lane yet). */
const DEMO_LANES: DemoLane[] = [
  { from: "besagash", to: "«Ауыл дәмі» серіктес дүкені, Алматы", carrierKind: "own_van", carrierName: "Бесағаш кооперативінің фургоны", weekdays: ["tue", "fri"], transitDays: 1, tariffsTenge: [1000, 2000, 4000] },
  { from: "besagash", to: "Постамат, Алмалы базары", carrierKind: "own_van", carrierName: "Бесағаш кооперативінің фургоны", weekdays: ["tue", "fri"], transitDays: 1, tariffsTenge: [800, null, null] },
  { from: "karabulak", to: "«Ауыл дәмі» серіктес дүкені, Алматы", carrierKind: "kazpost", carrierName: "Қазпошта", weekdays: ["mon", "wed", "fri"], transitDays: 3, tariffsTenge: [1500, 3000, 6000] },
  // Two legs through Talgar's sorting hub: the only way from Karabulak to the Zhetisu shop.
  { from: "karabulak", to: "Талғар аудандық сұрыптау хабы", carrierKind: "bus_driver", carrierName: "Қарабұлақ–Талғар автобусы", weekdays: ["mon", "tue", "wed", "thu", "fri", "sat"], transitDays: 1, tariffsTenge: [700, 1200, 2500] },
  { from: "", fromPoint: "Талғар аудандық сұрыптау хабы", to: "«Жетісу» серіктес дүкені, Алматы", carrierKind: "courier", carrierName: "Талғар курьері", weekdays: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], transitDays: 1, tariffsTenge: [800, 1300, 2500] },
];

/** The city points and the lanes to them, once: a point or lane already there (by name) is left as it is. */
function seedDemoCityPoints(db: Db, now: Date): void {
  writeTransaction(db, (tx) => {
    const villageId = (slug: string) => tx.select({ id: villages.id }).from(villages).where(eq(villages.slug, slug)).get()?.id;
    const pointId = (name: string) => tx.select({ id: pickupPoints.id }).from(pickupPoints).where(eq(pickupPoints.name, name)).get()?.id;
    for (const { hub, ...point } of DEMO_CITY_POINTS) {
      const hubId = villageId(hub);
      if (hubId === undefined || pointId(point.name) !== undefined) continue;
      tx.insert(pickupPoints).values({ ...point, villageId: hubId, active: true, createdAt: now }).run();
    }
    for (const lane of DEMO_LANES) {
      const from = lane.fromPoint ? undefined : villageId(lane.from);
      const fromPoint = lane.fromPoint ? pointId(lane.fromPoint) : undefined;
      const to = pointId(lane.to);
      if ((from === undefined && fromPoint === undefined) || to === undefined) continue;
      const origin = fromPoint === undefined ? eq(lanes.fromVillageId, from!) : eq(lanes.fromPointId, fromPoint);
      const existing = tx.select({ id: lanes.id }).from(lanes).where(and(origin, eq(lanes.toPointId, to))).get();
      if (existing) continue;
      const [upTo15kg, from15to50kg, over50kg] = lane.tariffsTenge.map((tenge) => (tenge === null ? null : tenge * 100));
      tx.insert(lanes)
        .values({
          fromVillageId: from ?? null,
          fromPointId: fromPoint ?? null,
          toPointId: to,
          carrierKind: lane.carrierKind,
          carrierName: lane.carrierName,
          weekdays: weekdayMask(lane.weekdays),
          transitDays: lane.transitDays,
          upTo15kgTiyn: upTo15kg ?? null,
          from15to50kgTiyn: from15to50kg ?? null,
          over50kgTiyn: over50kg ?? null,
          createdAt: now,
        })
        .run();
    }
  });
}
