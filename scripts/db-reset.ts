/** `npm run db:reset`: deletes the database file, then migrates and seeds a new one. */
import fs from "node:fs";
import { demoHistoryHint, seedDemoHistory } from "../db/seed/demo-history";
import { demoSignInHint, seedDemoShops } from "../db/seed/demo-shops";
import { countGeography, seedGeography } from "../db/seed/seed";
import { openDatabase } from "../app/db.server";
import { getEnv } from "../app/env.server";

const env = getEnv();
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${env.DATABASE_PATH}${suffix}`, { force: true });
const { sqlite, db } = openDatabase(env.DATABASE_PATH);
seedGeography(db, { demo: env.DEMO_DATA, classifier: true });
if (env.DEMO_DATA) {
  console.log(demoSignInHint(await seedDemoShops(db)));
  console.log(demoHistoryHint(await seedDemoHistory(db)));
}
const counts = countGeography(db);
console.log(`${env.DATABASE_PATH}: new database, ${counts.regions} regions, ${counts.villages} villages`);
sqlite.close();
