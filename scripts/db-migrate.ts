/** `npm run db:migrate`: applies the migrations to DATABASE_PATH (the server also does this at start). */
import { getConnection } from "../app/db.server";
import { getEnv } from "../app/env.server";

const { sqlite } = getConnection();
const applied = sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
console.log(`${getEnv().DATABASE_PATH}: ${applied.n} migrations applied`);
sqlite.close();
