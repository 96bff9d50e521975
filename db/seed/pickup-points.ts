import { eq, sql } from "drizzle-orm";
import type { Db } from "../../app/db.server";
import { writeTransaction } from "../../app/db.server";
import type { PickupPointKind } from "../../app/domain/logistics/pickup-point-kinds";
import { pickupPoints, villages } from "../schema";

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
      const village = tx.select({ id: villages.id }).from(villages).where(eq(villages.slug, slug)).get();
      if (!village) continue;
      const existing = tx.select({ n: sql<number>`count(*)` }).from(pickupPoints).where(eq(pickupPoints.villageId, village.id)).get();
      if ((existing?.n ?? 0) > 0) continue;
      for (const point of points) tx.insert(pickupPoints).values({ ...point, villageId: village.id, active: true, createdAt: now }).run();
    }
  });
}
