/** `npm run db:seed`: writes the regions and, unless DEMO_DATA=false, the demo villages, shops and their 18 months of orders. Safe to repeat (finishes an interrupted history). */
import { demoHistoryHint, seedDemoHistory } from "../db/seed/demo-history";
import { demoSignInHint, seedDemoShops } from "../db/seed/demo-shops";
import { countGeography, seedGeography } from "../db/seed/seed";
import { getConnection } from "../app/db.server";
import { getEnv } from "../app/env.server";

const env = getEnv();
const { sqlite, db } = getConnection();
seedGeography(db, { demo: env.DEMO_DATA, classifier: true });
if (env.DEMO_DATA) {
  console.log(demoSignInHint(await seedDemoShops(db)));
  console.log(demoHistoryHint(await seedDemoHistory(db)));
}
const counts = countGeography(db);
console.log(`${env.DATABASE_PATH}: ${counts.regions} regions, ${counts.districts} districts, ${counts.villages} villages`);
sqlite.close();
