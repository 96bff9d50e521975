/** `npm run db:seed`: writes the regions and, unless DEMO_DATA=false, the demo villages. Safe to repeat. */
import { demoSignInHint, seedDemoShops } from "../db/seed/demo-shops";
import { countGeography, seedGeography } from "../db/seed/seed";
import { getConnection } from "../app/db.server";
import { getEnv } from "../app/env.server";

const env = getEnv();
const { sqlite, db } = getConnection();
seedGeography(db, { demo: env.DEMO_DATA });
if (env.DEMO_DATA) console.log(demoSignInHint(await seedDemoShops(db)));
const counts = countGeography(db);
console.log(`${env.DATABASE_PATH}: ${counts.regions} regions, ${counts.districts} districts, ${counts.villages} villages`);
sqlite.close();
